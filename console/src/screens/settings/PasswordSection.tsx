/** Change password: the current one, then a new one with its rule said first. */
import { useState } from "react";

import { changePassword } from "../../auth/account";
import { authErrorKey } from "../../auth/cognito";
import { normalisePassword } from "../../auth/signInMachine";
import type { MessageKey } from "../../i18n/catalogue";
import { useT } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button, TextField } from "../../ui/fields";
import { Notice } from "../../ui/Page";
import { type NewPasswordIds, NewPasswordFields, newPasswordProblem } from "../signIn/passwordSteps";

const CHANGED_PASSWORD_IDS: NewPasswordIds = {
  rule: "changed-password-rule",
  password: "changed-password",
  confirm: "changed-password-confirm",
};

export function PasswordSection() {
  const t = useT();
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<{ key: MessageKey; field?: string } | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const errorFor = (field: string) => (error?.field === field ? t(error.key) : null);

  const submit = async () => {
    setDone(false);
    if (!normalisePassword(current)) return setError({ key: "settings.currentPasswordRequired", field: "current-password" });
    const chosen = normalisePassword(password);
    const problem = newPasswordProblem(chosen, confirm, CHANGED_PASSWORD_IDS);
    if (problem) return setError(problem);
    setError(null);
    setBusy(true);
    try {
      await changePassword(current, chosen);
      setDone(true);
      setCurrent("");
      setPassword("");
      setConfirm("");
    } catch (caught) {
      const key = authErrorKey(caught);
      if (key === "signIn.wrong") setError({ key: "settings.currentPasswordWrong", field: "current-password" });
      else if (key === "newPassword.rejected") setError({ key, field: "changed-password" });
      else setError({ key });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="password-heading">
      <h3 id="password-heading">{t("settings.changePassword")}</h3>
      {done ? <Notice tone="success">{t("settings.passwordChanged")}</Notice> : null}
      <ErrorSummary
        message={error && !error.field ? t(error.key) : null}
        items={error?.field ? [{ id: error.field, message: t(error.key) }] : []}
      />
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <TextField
          id="current-password"
          label={t("settings.currentPassword")}
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(event) => setCurrent(event.target.value)}
          error={errorFor("current-password")}
        />
        <NewPasswordFields
          ids={CHANGED_PASSWORD_IDS}
          ruleClassName="field__hint"
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          errorFor={errorFor}
        />
        <Button busy={busy}>{t("settings.changePassword")}</Button>
      </form>
    </section>
  );
}
