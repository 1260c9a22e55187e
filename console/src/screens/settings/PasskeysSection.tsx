/**
 * Settings → Passkeys: why a passkey is the safest way in, the person's passkeys, creating one
 * (the browser's own dialog) and removing one (after a question), and passkey sign-in on or off.
 */
import type { ReactNode } from "react";

import { passkeysSupported } from "../../auth/cognito";
import { useT } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button } from "../../ui/fields";
import { LiveNotice } from "../common/LiveNotice";
import { PasskeyList } from "../passkeys/PasskeyList";
import { ReviewChoice } from "../passkeys/ReviewChoice";
import { usePasskeys, type Passkeys } from "../passkeys/usePasskeys";

export function PasskeysSection() {
  const t = useT();
  const model = usePasskeys();
  return (
    <section aria-labelledby="passkeys-heading">
      <h3 id="passkeys-heading">{t("passkeys.title")}</h3>
      <p className="measure">{t("passkeys.why")}</p>
      <LiveNotice message={model.notice} />
      <ErrorSummary message={model.problem} />
      <SignInStatus model={model} />
      <PasskeyList model={model} />
      <CreatePasskey model={model} />
    </section>
  );
}

function SignInStatus({ model }: { model: Passkeys }) {
  const t = useT();
  if (!model.passkeys || model.passkeys.length === 0) return null;
  if (model.review) {
    return (
      <div className="passkey-status">
        <p className="measure">
          <strong>{t("passkeys.review.notice")}</strong> {t("passkeys.review.intro")}
        </p>
        <ReviewChoice model={model} />
      </div>
    );
  }
  if (model.on) return <p>{t("passkeys.statusOn")}</p>;
  return (
    <div className="passkey-status">
      <p>{t("passkeys.statusOff")}</p>
      <Button type="button" variant="secondary" busy={model.busy === "turnOn"} onClick={() => void model.setSignIn(true)}>
        {t("passkeys.turnOn")}
      </Button>
    </div>
  );
}

/** The create button (and any `beside` it), or in a browser without WebAuthn, why there is none. */
export function CreatePasskey({ model, beside }: { model: Passkeys; beside?: ReactNode }) {
  const t = useT();
  if (!passkeysSupported()) return <p className="step__help">{t("passkeys.unsupported")}</p>;
  return (
    <div className="passkey-create">
      <div className="button-row">
        <Button
          type="button"
          busy={model.busy === "create"}
          aria-describedby="passkey-create-hint"
          onClick={() => void model.create()}
        >
          {t("passkeys.create")}
        </Button>
        {beside}
      </div>
      <p className="field__hint" id="passkey-create-hint">
        {t("passkeys.createHint")}
      </p>
    </div>
  );
}
