/**
 * First sign-in's MFA set-up: the choice of method, then the authenticator app (QR code and the
 * secret as text, then a code), email, or text message; "Back to MFA selection" at each step.
 */
import { useEffect, useState } from "react";

import * as cognito from "../../auth/cognito";
import type { MfaMethod } from "../../auth/signInMachine";
import { useT } from "../../i18n/i18n";
import { Button, Checkbox, RadioGroup } from "../../ui/fields";
import { CodeField, cleanCode } from "./codeSteps";
import type { StepProps } from "./SignIn";
import { fieldError, StepForm } from "./StepForm";

export function BackToMfaSelection({ dispatch }: { dispatch: StepProps<"code">["dispatch"] }) {
  const t = useT();
  return (
    <p className="step__links">
      <button type="button" className="button button--link" onClick={() => dispatch({ type: "backToMfaSelection" })}>
        <span aria-hidden="true">← </span>
        {t("mfaSetup.back")}
      </button>
    </p>
  );
}

/** The methods a person can choose at first sign-in: text messages ride on email (SmsSetupStep). */
export function offeredMethods(setup: MfaMethod[]): MfaMethod[] {
  const offered: MfaMethod[] = [];
  if (setup.includes("TOTP")) offered.push("TOTP");
  if (setup.includes("SMS") || setup.includes("EMAIL")) offered.push("SMS");
  if (setup.includes("EMAIL")) offered.push("EMAIL");
  return offered;
}

export function MfaSetupChoiceStep({ state, busy, error, run, dispatch, fail }: StepProps<"mfaSetupChoice">) {
  const t = useT();
  const [method, setMethod] = useState<MfaMethod | null>(null);
  const labels = {
    TOTP: { label: t("mfaSetup.totp"), hint: t("mfaSetup.totpHint") },
    SMS: { label: t("mfaSetup.sms"), hint: t("mfaSetup.smsHint") },
    EMAIL: { label: t("mfaSetup.email"), hint: t("mfaSetup.emailHint") },
  };
  const submit = () => {
    if (!method) return fail({ key: "mfaSetup.chooseRequired", field: "method" });
    if (method === "SMS") return dispatch({ type: "chooseSetup", method });
    run(() => cognito.answer(method), "method");
  };
  return (
    <StepForm title={t("mfaSetup.title")} error={error} onSubmit={submit}>
      <p className="lead">{t("mfaSetup.intro")}</p>
      <RadioGroup
        id="method"
        legend={t("mfaSetup.method")}
        choices={offeredMethods(state.setup).map((value) => ({ value, ...labels[value] }))}
        value={method}
        onChange={setMethod}
        error={fieldError(error, "method", t)}
      />
      <Button busy={busy}>{t("action.continue")}</Button>
    </StepForm>
  );
}

/** The secret in groups of four, as authenticator apps show keys. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, "$1 ");
}

export function useQrCode(uri: string): string | null {
  const [image, setImage] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import("qrcode").then(({ toDataURL }) =>
      toDataURL(uri, { margin: 1, width: 208, errorCorrectionLevel: "M" }).then((url) => {
        if (live) setImage(url);
      }),
    );
    return () => {
      live = false;
    };
  }, [uri]);
  return image;
}

/** The QR code and, for those who cannot scan, the secret as text. */
export function TotpSecret({ secret, uri }: { secret: string; uri: string }) {
  const t = useT();
  const qr = useQrCode(uri);
  return (
    <>
      <div className="qr">
        {qr ? <img src={qr} alt={t("totp.qr")} width={208} height={208} /> : <span>{t("app.loading")}</span>}
      </div>
      <p>{t("totp.cantScan")}</p>
      <p>
        <code className="secret" data-testid="totp-secret">
          {groupSecret(secret)}
        </code>
      </p>
    </>
  );
}

export function TotpSetupStep({ state, busy, error, run, dispatch, fail }: StepProps<"totpSetup">) {
  const t = useT();
  const [code, setCode] = useState("");
  const submit = () => {
    const digits = cleanCode(code);
    if (!digits) return fail({ key: "code.required", field: "code" });
    run(() => cognito.answer(digits), "code");
  };
  return (
    <StepForm title={t("totp.title")} error={error} onSubmit={submit} after={<BackToMfaSelection dispatch={dispatch} />}>
      <ol className="steps">
        <li>{t("totp.step1")}</li>
        <li>
          {t("totp.step2")}
          <TotpSecret secret={state.secret} uri={state.uri} />
        </li>
        <li>{t("totp.step3")}</li>
      </ol>
      <CodeField value={code} onChange={setCode} error={fieldError(error, "code", t)} />
      <Button busy={busy}>{t("action.verify")}</Button>
    </StepForm>
  );
}

export function EmailSetupStep({ state, busy, error, run, dispatch, fail }: StepProps<"emailSetup">) {
  const t = useT();
  const [confirmed, setConfirmed] = useState(false);
  const submit = () => {
    if (!confirmed) return fail({ key: "emailMfa.confirmRequired", field: "confirm-email" });
    run(() => cognito.answer(state.email), "confirm-email");
  };
  return (
    <StepForm
      title={t("emailMfa.title")}
      error={error}
      onSubmit={submit}
      after={<BackToMfaSelection dispatch={dispatch} />}
    >
      {state.thenSms ? <p className="lead">{t("sms.atFirstSignIn")}</p> : null}
      <p className="lead">{t("emailMfa.intro", { email: state.email })}</p>
      <Checkbox
        id="confirm-email"
        label={t("emailMfa.confirm")}
        checked={confirmed}
        onChange={setConfirmed}
        error={fieldError(error, "confirm-email", t)}
      />
      <Button busy={busy}>{t("action.verify")}</Button>
    </StepForm>
  );
}

/**
 * Text message at first sign-in. Cognito sends SMS codes only to a phone number it holds, and the
 * deployed app client may not write one; Amplify sets up only the app or email at this point.
 * So the person confirms email first, and the console then saves and verifies their phone
 * (Settings' text-message set-up) straight after signing in.
 */
export function SmsSetupStep({ state, busy, error, run, dispatch }: StepProps<"smsSetup">) {
  const t = useT();
  return (
    <StepForm
      title={t("sms.title")}
      error={error}
      onSubmit={() => run(() => cognito.answer("EMAIL"))}
      after={<BackToMfaSelection dispatch={dispatch} />}
    >
      <p className="lead">{t("sms.atFirstSignIn")}</p>
      <p>{t("emailMfa.intro", { email: state.email })}</p>
      <Button busy={busy}>{t("action.continue")}</Button>
    </StepForm>
  );
}
