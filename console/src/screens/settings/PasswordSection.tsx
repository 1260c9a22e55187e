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
import { MIN_PASSWORD_LENGTH } from "../signIn/passwordSteps";

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
    if (chosen.length < MIN_PASSWORD_LENGTH) return setError({ key: "newPassword.tooShort", field: "changed-password" });
    if (normalisePassword(confirm) !== chosen) return setError({ key: "newPassword.mismatch", field: "changed-password-confirm" });
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
        <p className="field__hint" id="changed-password-rule">
          {t("newPassword.rule")}
        </p>
        <TextField
          id="changed-password"
          label={t("newPassword.label")}
          type="password"
          autoComplete="new-password"
          aria-describedby="changed-password-rule"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errorFor("changed-password")}
        />
        <TextField
          id="changed-password-confirm"
          label={t("newPassword.confirm")}
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
          error={errorFor("changed-password-confirm")}
        />
        <Button busy={busy}>{t("settings.changePassword")}</Button>
      </form>
    </section>
  );
}
