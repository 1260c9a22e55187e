/** The code for the person's MFA method, and the choice of method when several are set up. */
import { useState } from "react";

import * as cognito from "../../auth/cognito";
import type { MfaMethod } from "../../auth/signInMachine";
import type { MessageKey } from "../../i18n/catalogue";
import { useT } from "../../i18n/i18n";
import { Button, RadioGroup, TextField } from "../../ui/fields";
import type { StepProps } from "./SignIn";
import { fieldError, StepForm } from "./StepForm";
import { BackToMfaSelection } from "./setupSteps";

export const METHOD_LABEL: Record<MfaMethod, MessageKey> = {
  TOTP: "mfaSetup.totp",
  SMS: "mfaSetup.sms",
  EMAIL: "mfaSetup.email",
};

/** Six digits, whatever spaces or dashes were typed or pasted with them. */
export function cleanCode(code: string): string | null {
  const digits = code.replace(/[\s-]/g, "");
  return /^\d{6}$/.test(digits) ? digits : null;
}

/** What the code step asks for: the app's code, or the one sent by text or email to `destination`. */
export function codeTitle(t: ReturnType<typeof useT>, method: MfaMethod, destination: string): string {
  if (method === "TOTP") return t("code.totpTitle");
  return t(method === "SMS" ? "code.smsTitle" : "code.emailTitle", { destination });
}

/** The 6-digit code field, used by every step that asks for one (`id` for a second one on a page). */
export function CodeField({
  value,
  onChange,
  error,
  hint,
  id = "code",
}: {
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  hint?: string;
  id?: string;
}) {
  const t = useT();
  return (
    <TextField
      id={id}
      label={t("code.label")}
      hint={hint}
      inputMode="numeric"
      autoComplete="one-time-code"
      className="field__input field__input--code"
      maxLength={12}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
    />
  );
}

export function CodeStep({ state, busy, error, run, dispatch, fail }: StepProps<"code">) {
  const t = useT();
  const [code, setCode] = useState("");
  const title = codeTitle(t, state.method, state.destination ?? state.email);
  const submit = () => {
    const digits = cleanCode(code);
    if (!digits) return fail({ key: "code.required", field: "code" });
    run(() => cognito.answer(digits), "code");
  };
  return (
    <StepForm
      title={title}
      error={error}
      onSubmit={submit}
      after={
        <>
          {state.setup ? <BackToMfaSelection dispatch={dispatch} /> : null}
          <p className="step__help">{t("code.lostDevice")}</p>
        </>
      }
    >
      <CodeField value={code} onChange={setCode} error={fieldError(error, "code", t)} />
      <Button busy={busy}>{t("action.verify")}</Button>
    </StepForm>
  );
}

export function MfaChoiceStep({ state, busy, error, run, fail }: StepProps<"mfaChoice">) {
  const t = useT();
  const [method, setMethod] = useState<MfaMethod | null>(null);
  const submit = () => {
    if (!method) return fail({ key: "mfaSetup.chooseRequired", field: "method" });
    run(() => cognito.answer(method), "method");
  };
  return (
    <StepForm title={t("mfaChoice.title")} error={error} onSubmit={submit}>
      <RadioGroup
        id="method"
        legend={t("mfaChoice.title")}
        choices={state.methods.map((value) => ({ value, label: t(METHOD_LABEL[value]) }))}
        value={method}
        onChange={setMethod}
        error={fieldError(error, "method", t)}
      />
      <Button busy={busy}>{t("action.continue")}</Button>
    </StepForm>
  );
}
