/** Email, then password, then (first sign-in) a new password with its rule said before it is typed. */
import { useState } from "react";

import { Link } from "../../app/router";
import * as cognito from "../../auth/cognito";
import { looksLikeEmail, normalisePassword } from "../../auth/signInMachine";
import { useT } from "../../i18n/i18n";
import { Button, TextField } from "../../ui/fields";
import type { StepError, StepProps } from "./SignIn";
import { passkeyProblemError, PasskeyWay } from "./passkeySteps";
import { fieldError, StepForm } from "./StepForm";

export const MIN_PASSWORD_LENGTH = 10;

/** Where a new password's rule and its two fields are on a page (Settings has its own ids). */
export interface NewPasswordIds {
  rule: string;
  password: string;
  confirm: string;
}

const NEW_PASSWORD_IDS: NewPasswordIds = { rule: "password-rule", password: "new-password", confirm: "confirm-password" };

/** What is wrong with a new password typed twice (`chosen` already normalised), or null: one rule
 * for first sign-in, a forgotten password and Settings. */
export function newPasswordProblem(chosen: string, confirm: string, ids = NEW_PASSWORD_IDS): StepError | null {
  if (chosen.length < MIN_PASSWORD_LENGTH) return { key: "newPassword.tooShort", field: ids.password };
  if (normalisePassword(confirm) !== chosen) return { key: "newPassword.mismatch", field: ids.confirm };
  return null;
}

/** The rule, said before the password is typed, then the password and its confirmation. */
export function NewPasswordFields({
  ids = NEW_PASSWORD_IDS,
  ruleClassName = "lead",
  password,
  confirm,
  onPassword,
  onConfirm,
  errorFor,
}: {
  ids?: NewPasswordIds;
  ruleClassName?: string;
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  errorFor: (field: string) => string | null;
}) {
  const t = useT();
  return (
    <>
      <p className={ruleClassName} id={ids.rule}>
        {t("newPassword.rule")}
      </p>
      <TextField
        id={ids.password}
        label={t("newPassword.label")}
        type="password"
        autoComplete="new-password"
        aria-describedby={ids.rule}
        value={password}
        onChange={(event) => onPassword(event.target.value)}
        error={errorFor(ids.password)}
      />
      <TextField
        id={ids.confirm}
        label={t("newPassword.confirm")}
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(event) => onConfirm(event.target.value)}
        error={errorFor(ids.confirm)}
      />
    </>
  );
}

export function EmailStep({ state, error, dispatch, fail }: StepProps<"email">) {
  const t = useT();
  const [email, setEmail] = useState(state.email);
  const submit = () => {
    const value = email.trim();
    if (!value) return fail({ key: "signIn.emailRequired", field: "email" });
    if (!looksLikeEmail(value)) return fail({ key: "signIn.emailInvalid", field: "email" });
    dispatch({ type: "emailEntered", email: value });
  };
  return (
    <StepForm
      title={t("signIn.title")}
      error={error}
      onSubmit={submit}
      after={
        <p className="step__links">
          <Link to="/forgot-password">{t("signIn.forgot")}</Link>
        </p>
      }
    >
      <p className="lead">{t("app.tagline")}</p>
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
      <Button>{t("action.next")}</Button>
    </StepForm>
  );
}

export function PasswordStep({ state, busy, error, run, dispatch, fail }: StepProps<"password">) {
  const t = useT();
  const [password, setPassword] = useState("");
  const submit = () => {
    if (!normalisePassword(password)) return fail({ key: "signIn.passwordRequired", field: "password" });
    run(() => cognito.startSignIn(state.email, password), "password");
  };
  return (
    <StepForm
      title={t("signIn.title")}
      error={error ?? passkeyProblemError(state.passkeyProblem)}
      onSubmit={submit}
      after={
        <>
          <PasskeyWay busy={busy} dispatch={dispatch} />
          <p className="step__links">
            <Link to="/forgot-password">{t("signIn.forgot")}</Link>
          </p>
        </>
      }
    >
      <p className="step__who">
        {t("signIn.as", { email: state.email })}{" "}
        <button type="button" className="button button--link" onClick={() => dispatch({ type: "otherEmail" })}>
          {t("signIn.otherEmail")}
        </button>
      </p>
      <TextField
        id="password"
        label={t("signIn.password")}
        hint={t("signIn.passwordHint")}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={fieldError(error, "password", t)}
      />
      <Button busy={busy}>{t("action.signIn")}</Button>
    </StepForm>
  );
}

export function NewPasswordStep({ busy, error, run, fail }: StepProps<"newPassword">) {
  const t = useT();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const submit = () => {
    const chosen = normalisePassword(password);
    const problem = newPasswordProblem(chosen, confirm);
    if (problem) return fail(problem);
    run(() => cognito.answer(chosen), "new-password");
  };
  return (
    <StepForm title={t("newPassword.title")} error={error} onSubmit={submit}>
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
