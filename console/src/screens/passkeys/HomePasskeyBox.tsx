/**
 * Home's passkey box: after an MFA reset, a link to review passkeys; otherwise, for a person
 * with no passkey who has not said "No thanks", the offer to create one (first sign-in's offer,
 * back on a later visit). Cognito is asked for the person's passkeys only when an offer may show.
 */
import { useState } from "react";

import { Link } from "../../app/router";
import { useMe } from "../../app/session";
import { passkeysSupported } from "../../auth/cognito";
import { useT } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button } from "../../ui/fields";
import { LiveNotice } from "../common/LiveNotice";
import { CreatePasskey } from "../settings/PasskeysSection";
import { dismissOffer, mayOffer } from "./offerMemory";
import { usePasskeys } from "./usePasskeys";

export function HomePasskeyBox() {
  const t = useT();
  const me = useMe();
  const { passkey: on, passkey_review: review } = me.mfa;
  const [dismissed, setDismissed] = useState(false);
  if (review) {
    return (
      <section className="passkey-box" aria-labelledby="passkey-box-title">
        <h2 id="passkey-box-title" className="passkey-box__title">
          {t("passkeys.review.title")}
        </h2>
        <p>{t("passkeys.review.notice")}</p>
        <p>
          <Link to="/passkeys/review">{t("passkeys.review.link")}</Link>
        </p>
      </section>
    );
  }
  if (dismissed) return <LiveNotice message={t("passkeys.offer.dismissed")} tone="info" />;
  if (on || !passkeysSupported() || !mayOffer(me.user_id)) return null;
  return (
    <Offer
      onDismiss={() => {
        dismissOffer(me.user_id);
        setDismissed(true);
      }}
    />
  );
}

function Offer({ onDismiss }: { onDismiss: () => void }) {
  const t = useT();
  const model = usePasskeys();
  if (model.passkeys === null) return null; // not known yet, or Cognito could not say: no offer
  const created = model.passkeys.length > 0 && model.notice !== null;
  if (model.passkeys.length > 0 && !created) return null; // has one already
  return (
    <section className="passkey-box" aria-labelledby="passkey-box-title">
      <h2 id="passkey-box-title" className="passkey-box__title">
        {t("passkeys.offer.homeTitle")}
      </h2>
      <LiveNotice message={model.notice} />
      <ErrorSummary message={model.problem} />
      {created ? null : (
        <>
          <p>{t("passkeys.why")}</p>
          <CreatePasskey
            model={model}
            beside={
              <Button type="button" variant="secondary" onClick={onDismiss}>
                {t("passkeys.offer.dismiss")}
              </Button>
            }
          />
        </>
      )}
    </section>
  );
}
