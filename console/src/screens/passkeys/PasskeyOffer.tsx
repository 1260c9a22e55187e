/**
 * Right after MFA set-up at first sign-in: an offer to create a passkey now. "Not now" goes Home;
 * Home offers it again on a later visit, until the person has a passkey or says "No thanks".
 */
import { useEffect } from "react";

import { Link, navigate } from "../../app/router";
import { useMe } from "../../app/session";
import { useT } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button } from "../../ui/fields";
import { Page } from "../../ui/Page";
import { LiveNotice } from "../common/LiveNotice";
import { CreatePasskey } from "../settings/PasskeysSection";
import { skipOfferThisVisit } from "./offerMemory";
import { usePasskeys } from "./usePasskeys";

export default function PasskeyOffer() {
  const t = useT();
  const me = useMe();
  const model = usePasskeys();
  const has = model.passkeys !== null && model.passkeys.length > 0;
  const created = has && model.notice !== null;
  useEffect(() => {
    // Someone who already has a passkey has nothing to be offered.
    if (has && !created) navigate("/", { replace: true });
  }, [has, created]);
  return (
    <Page title={t("passkeys.offer.title")}>
      <p className="lead">{t("passkeys.why")}</p>
      <LiveNotice message={model.notice} />
      <ErrorSummary message={model.problem} />
      {created ? (
        <p className="step__links">
          <Link to="/">{t("passkeys.toHome")}</Link>
        </p>
      ) : (
        <>
          <CreatePasskey
            model={model}
            beside={
              <Button
                type="button"
                variant="secondary"
                onClick={() => {
                  skipOfferThisVisit(me.user_id);
                  navigate("/");
                }}
              >
                {t("passkeys.offer.skip")}
              </Button>
            }
          />
          <p>{t("passkeys.offer.skipHint")}</p>
        </>
      )}
    </Page>
  );
}
