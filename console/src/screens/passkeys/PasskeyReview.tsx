/**
 * The first sign-in after the helpdesk reset the person's MFA (GET /me `mfa.passkey_review`):
 * their passkeys, to remove any on a lost or stolen device, then passkey sign-in back on, or off.
 * With no passkey there is nothing to review: one button ends the review and goes on.
 */
import { Link, navigate } from "../../app/router";
import { useT } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button } from "../../ui/fields";
import { Page } from "../../ui/Page";
import { LiveNotice } from "../common/LiveNotice";
import { PasskeyList } from "./PasskeyList";
import { ReviewChoice } from "./ReviewChoice";
import { usePasskeys } from "./usePasskeys";

export default function PasskeyReview() {
  const t = useT();
  const model = usePasskeys();
  const nothing = model.review && model.passkeys !== null && model.passkeys.length === 0;
  return (
    <Page title={t("passkeys.review.title")} wide>
      {model.review ? <p className="lead measure">{t("passkeys.review.notice")}</p> : null}
      <ErrorSummary message={model.problem} />
      {nothing ? (
        <>
          <p>{t("passkeys.review.none")}</p>
          <Button
            type="button"
            busy={model.busy === "turnOff"}
            onClick={() => void model.setSignIn(false).then((done) => done && navigate("/"))}
          >
            {t("action.continue")}
          </Button>
        </>
      ) : (
        <>
          <p className="measure">{t("passkeys.review.intro")}</p>
          <LiveNotice message={model.notice} />
          <PasskeyList model={model} />
          <ReviewChoice model={model} />
          {!model.review ? (
            <p className="step__links">
              <Link to="/">{t("passkeys.toHome")}</Link>
            </p>
          ) : null}
        </>
      )}
    </Page>
  );
}
