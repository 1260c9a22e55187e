/**
 * The first sign-in after the helpdesk reset the person's MFA (GET /me `mfa.passkey_review`):
 * their passkeys, to remove any on a lost or stolen device, then passkey sign-in back on, or off.
 */
import { Link } from "../../app/router";
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
  const none = model.passkeys !== null && model.passkeys.length === 0;
  return (
    <Page title={t("passkeys.review.title")} wide>
      {model.review ? <p className="lead measure">{t("passkeys.review.notice")}</p> : null}
      <p className="measure">{t("passkeys.review.intro")}</p>
      <LiveNotice message={model.notice} />
      <ErrorSummary message={model.problem} />
      <PasskeyList model={model} />
      {model.review && none ? (
        // Nothing to review: saying so ends the review.
        <Button type="button" busy={model.busy === "turnOff"} onClick={() => void model.setSignIn(false)}>
          {t("action.continue")}
        </Button>
      ) : (
        <ReviewChoice model={model} />
      )}
      {!model.review ? (
        <p className="step__links">
          <Link to="/">{t("passkeys.toHome")}</Link>
        </p>
      ) : null}
    </Page>
  );
}
