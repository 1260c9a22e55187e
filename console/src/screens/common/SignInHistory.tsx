/**
 * "Recent sign-ins": each attempt to sign in to one account, newest first (GET /me/sign-ins, or
 * the helpdesk's GET /users/{user_id}/sign-ins): when, whether it worked, how, and, where Cognito
 * says, the risk it saw and whether the device was new. Never an address or a place.
 */
import type { PageQuery, SignIn, SignInList } from "../../api/portal";
import { errorSentence } from "../../api/errors";
import { useLanguage } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Pager, usePaged } from "./paging";
import { when } from "./when";

const PAGE_SIZE = 10;

export function SignInHistory({
  load,
  owner,
  intro,
  headingLevel = 2,
}: {
  load: (page: PageQuery) => Promise<SignInList>;
  /** Whose sign-ins: the list starts again from its first page when this changes. */
  owner: string;
  intro: "own" | "helpdesk";
  headingLevel?: 2 | 3;
}) {
  const { t, language } = useLanguage();
  const paged = usePaged<SignIn>((cursor) => load({ limit: PAGE_SIZE, cursor }), owner);
  const items = paged.items;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const withRisk = items?.some((item) => item.risk !== null) ?? false;
  const withDevice = items?.some((item) => item.new_device !== null) ?? false;
  const method = (name: string) =>
    name === "password" ? t("signIns.method.password") : name === "passkey" ? t("signIns.method.passkey") : name;
  return (
    <section aria-labelledby="sign-ins-heading" className="sign-ins">
      <Heading id="sign-ins-heading" className={headingLevel === 2 ? "section-title" : undefined}>
        {t("signIns.title")}
      </Heading>
      <p>{intro === "own" ? t("signIns.intro") : t("signIns.introHelpdesk")}</p>
      <ErrorSummary message={paged.error ? errorSentence(paged.error, t) : null} items={[]} />
      {items === null ? (
        paged.error ? null : (
          <p role="status">{t("signIns.loading")}</p>
        )
      ) : items.length === 0 ? (
        <p>{t("signIns.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("signIns.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("signIns.when")}</th>
                <th scope="col">{t("signIns.outcome")}</th>
                <th scope="col">{t("signIns.method")}</th>
                {withRisk ? <th scope="col">{t("signIns.risk")}</th> : null}
                {withDevice ? <th scope="col">{t("signIns.newDevice")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((item, index) => (
                <tr key={`${item.at}-${index}`}>
                  <th scope="row">{when(item.at, language)}</th>
                  <td>
                    <span className={`status status--${item.outcome === "success" ? "active" : "failed"}`}>
                      {item.outcome === "success" ? t("signIns.success") : t("signIns.failure")}
                    </span>
                  </td>
                  <td>{method(item.method)}</td>
                  {withRisk ? <td>{item.risk ? t(`signIns.risk.${item.risk}`) : t("signIns.unknown")}</td> : null}
                  {withDevice ? (
                    <td>
                      {item.new_device === null
                        ? t("signIns.unknown")
                        : item.new_device
                          ? t("signIns.yes")
                          : t("signIns.no")}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager paged={paged} label={t("signIns.pages")} />
    </section>
  );
}
