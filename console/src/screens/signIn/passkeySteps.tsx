/**
 * Passkey sign-in: "Sign in with a passkey" on the password step (after the email), and the step
 * that waits for the browser's dialog. Any failure returns to the password step with a sentence
 * saying why (auth/signInMachine.ts, `passkeyFailed`): never a dead end.
 */
import { useEffect, useRef } from "react";

import * as cognito from "../../auth/cognito";
import type { PasskeyProblem } from "../../auth/signInMachine";
import type { MessageKey } from "../../i18n/catalogue";
import { useT } from "../../i18n/i18n";
import { Button } from "../../ui/fields";
import { Page } from "../../ui/Page";
import type { StepError, StepProps } from "./SignIn";

const PROBLEM_KEY: Record<PasskeyProblem, MessageKey> = {
  cancelled: "passkeys.signIn.cancelled",
  unavailable: "passkeys.signIn.unavailable",
  unsupported: "passkeys.signIn.unsupported",
  network: "error.network",
};

/** The password step's sentence after a passkey sign-in that did not happen, if any. */
export function passkeyProblemError(problem: PasskeyProblem | undefined): StepError | null {
  return problem ? { key: PROBLEM_KEY[problem] } : null;
}

/** Below the password form: the passkey way, or, in a browser without WebAuthn, why there is none. */
export function PasskeyWay({ busy, dispatch }: Pick<StepProps<"password">, "busy" | "dispatch">) {
  const t = useT();
  if (!cognito.passkeysSupported()) {
    return <p className="step__help">{t("passkeys.signIn.unsupported")}</p>;
  }
  return (
    <div className="passkey-way">
      <p className="passkey-way__or">{t("passkeys.signIn.or")}</p>
      <Button
        type="button"
        variant="secondary"
        aria-describedby="passkey-way-hint"
        aria-disabled={busy ? true : undefined}
        onClick={() => {
          if (!busy) dispatch({ type: "passkeyChosen" }); // not while the password is being checked
        }}
      >
        {t("passkeys.signIn.button")}
      </Button>
      <p className="field__hint" id="passkey-way-hint">
        {t("passkeys.signIn.hint")}
      </p>
    </div>
  );
}

/** While the browser's passkey dialog is open: Amplify asks Cognito, the browser, then Cognito again. */
export function PasskeyStep({ state, run }: StepProps<"passkey">) {
  const t = useT();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    run(() => cognito.startPasskeySignIn(state.email));
  }, [run, state.email]);
  return (
    <Page title={t("passkeys.signIn.title")}>
      <p className="step__who">{t("signIn.as", { email: state.email })}</p>
      <p className="lead" role="status">
        {t("passkeys.signIn.waiting")}
      </p>
    </Page>
  );
}
