/**
 * One centre, for the helpdesk: its members by account type and status, the Admin places left,
 * the ways to its users and audit log, and appointing its Exams Officer, or replacing them (the
 * previous Exams Officer's membership ends in the same step).
 */
import { useState, type FormEvent } from "react";

import { errorSentence, fieldMessages } from "../../api/errors";
import { appointExamsOfficer, type AccountType, type ExamsOfficerRequest } from "../../api/portal";
import { Link } from "../../app/router";
import type { ScreenProps } from "../../app/routes";
import { useSession } from "../../app/session";
import { useT } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button } from "../../ui/fields";
import { Page } from "../../ui/Page";
import { useIdempotencyKey } from "../common/idempotency";
import { LiveNotice, useFlash } from "../common/LiveNotice";
import { CentreLine, useCentre } from "../users/centre";
import { PersonFields, type PersonDraft } from "../users/PersonFields";
import { HelpdeskNav } from "./HelpdeskNav";

const TYPES: AccountType[] = ["exams_officer", "admin", "user"];
const EMPTY: PersonDraft = { email: "", title: "", given_name: "", family_name: "" };

export default function HelpdeskCentre({ params }: ScreenProps) {
  const centreId = params["centreId"] ?? "";
  const t = useT();
  const { api } = useSession();
  const { centre, error: centreError, reload } = useCentre(centreId);
  const [flash, setNotice] = useFlash();
  const [draft, setDraft] = useState<PersonDraft>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const attempts = useIdempotencyKey();

  const eoCount = centre
    ? centre.counts.exams_officer.active + centre.counts.exams_officer.invited + centre.counts.exams_officer.expired
    : 0;

  const appoint = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const officer: ExamsOfficerRequest = {
      email: draft.email.trim(),
      given_name: draft.given_name.trim(),
      family_name: draft.family_name.trim(),
      title: draft.title || null,
    };
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const member = await appointExamsOfficer(api, centreId, officer, attempts.keyFor(officer));
      attempts.done();
      setDraft(EMPTY);
      setNotice(
        t(member.status === "active" ? "helpdesk.eoAdded" : "helpdesk.eoInvited", { email: member.email, id: centreId }),
      );
      reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const fields = fieldMessages(error, t);
  return (
    <Page title={t("helpdesk.centreTitle", { id: centreId })} wide>
      <HelpdeskNav />
      <CentreLine centreId={centreId} centre={centre} error={centreError} />
      <LiveNotice message={flash} />
      <ul className="actions" aria-label={t("users.actions")}>
        <li>
          <Link className="button button--secondary" to={`/centres/${centreId}/users`}>
            {t("nav.manageUsers")}
          </Link>
        </li>
        <li>
          <Link className="button button--secondary" to={`/centres/${centreId}/audit`}>
            {t("audit.title")}
          </Link>
        </li>
      </ul>
      {centre ? (
        <div className="table-wrap">
          <table className="table table--counts">
            <caption>{t("helpdesk.counts")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("users.accountType")}</th>
                <th scope="col">{t("status.active")}</th>
                <th scope="col">{t("status.invited")}</th>
                <th scope="col">{t("status.expired")}</th>
              </tr>
            </thead>
            <tbody>
              {TYPES.map((type) => (
                <tr key={type}>
                  <th scope="row">{t(`accountType.${type}`)}</th>
                  <td>{centre.counts[type].active}</td>
                  <td>{centre.counts[type].invited}</td>
                  <td>{centre.counts[type].expired}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <section aria-labelledby="officer-heading">
        <h2 id="officer-heading">{eoCount > 0 ? t("helpdesk.replaceEo") : t("helpdesk.appointEo")}</h2>
        <p>{eoCount > 0 ? t("helpdesk.replaceEoIntro") : t("helpdesk.appointEoIntro")}</p>
        <ErrorSummary
          message={error ? errorSentence(error, t) : null}
          items={Object.entries(fields).map(([field, message]) => ({ id: `eo-${field}`, message }))}
        />
        <form className="form" noValidate onSubmit={(event) => void appoint(event)}>
          <PersonFields prefix="eo-" value={draft} onChange={setDraft} errors={fields} />
          <Button busy={busy}>{eoCount > 0 ? t("helpdesk.replaceEoButton") : t("helpdesk.appointEoButton")}</Button>
        </form>
      </section>
    </Page>
  );
}
