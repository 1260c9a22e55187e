/**
 * Forgotten password: an email address, then the code Portal emails and a new password. The
 * page says the same whether or not the address has an account, and so do its errors.
 */
import { useState } from "react";

import { Link, navigate } from "../app/router";
import { authErrorKey, completePasswordReset, requestPasswordReset } from "../auth/cognito";
import { looksLikeEmail, normalisePassword } from "../auth/signInMachine";
import { useT } from "../i18n/i18n";
import { Button, TextField } from "../ui/fields";
import { Notice } from "../ui/Page";
import { cleanCode } from "./signIn/codeSteps";
import { NewPasswordFields, newPasswordProblem } from "./signIn/passwordSteps";
import type { StepError } from "./signIn/SignIn";
import { fieldError, StepForm } from "./signIn/StepForm";

export default function ForgotPassword() {
  const t = useT();
  const [email, setEmail] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<StepError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const send = async () => {
    const value = email.trim();
    if (!value) return setError({ key: "signIn.emailRequired", field: "email" });
    if (!looksLikeEmail(value)) return setError({ key: "signIn.emailInvalid", field: "email" });
    setBusy(true);
    setError(null);
    try {
      await requestPasswordReset(value);
      setSentTo(value);
    } catch (caught) {
      // Every answer Cognito can give here reads the same: an unknown address, an invited person
      // ("cannot be reset in the current state"), a disabled one, a person with no channel for a
      // code (email MFA: InvalidParameterException), a throttled one. Only a network failure,
      // which says nothing of the address, is told as such.
      if (authErrorKey(caught) === "error.network") setError({ key: "error.network" });
      else setSentTo(value);
    } finally {
      setBusy(false);
    }
  };

  const reset = async () => {
    const digits = cleanCode(code);
    if (!digits) return setError({ key: "code.required", field: "code" });
    const chosen = normalisePassword(password);
    const problem = newPasswordProblem(chosen, confirm);
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await completePasswordReset(sentTo ?? email, digits, chosen);
      setDone(true);
    } catch (caught) {
      const key = authErrorKey(caught);
      if (key === "newPassword.rejected") setError({ key, field: "new-password" });
      else if (key === "signIn.tooMany") setError({ key });
      else setError({ key: "code.wrong", field: "code" }); // unknown address: a wrong code, as for anyone
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <StepForm title={t("forgot.title")} error={null} onSubmit={() => navigate("/")}>
        <Notice tone="success">{t("forgot.done")}</Notice>
        <Button>{t("action.signIn")}</Button>
      </StepForm>
    );
  }

  const back = (
    <p className="step__links">
      <Link to="/">{t("forgot.backToSignIn")}</Link>
    </p>
  );

  if (sentTo === null) {
    return (
      <StepForm title={t("forgot.title")} error={error} onSubmit={() => void send()} after={back}>
        <p className="lead">{t("forgot.intro")}</p>
        <TextField
          id="email"
          label={t("signIn.email")}
          type="email"
          autoComplete="username"
          spellCheck={false}
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={fieldError(error, "email", t)}
        />
        <Button busy={busy}>{t("forgot.send")}</Button>
      </StepForm>
    );
  }

  return (
    <StepForm title={t("forgot.title")} error={error} onSubmit={() => void reset()} after={back}>
      <Notice>
        <p>{t("forgot.sent", { email: sentTo })}</p>
        <p>{t("forgot.noCode")}</p>
      </Notice>
      <TextField
        id="code"
        label={t("forgot.code")}
        inputMode="numeric"
        autoComplete="one-time-code"
        className="field__input field__input--code"
        value={code}
        onChange={(event) => setCode(event.target.value)}
        error={fieldError(error, "code", t)}
      />
      <NewPasswordFields
        password={password}
        confirm={confirm}
        onPassword={setPassword}
        onConfirm={setConfirm}
        errorFor={(field) => fieldError(error, field, t)}
      />
      <Button busy={busy}>{t("action.update")}</Button>
    </StepForm>
  );
}
