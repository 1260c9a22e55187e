/**
 * Signing in again in place (step-up): a dialog over the page, whose form stays as it was. The
 * password, then the code of the person's MFA method (a choice first if Cognito asks for one), or
 * a passkey alone, as on the sign-in page; then the fresh tokens replace the session's and the
 * waiting change is sent again (app/recentSignIn.ts). Cancel leaves the session and the page as
 * they were; a passkey that does not work leaves the password way, with the sign-in page's words.
 */
import { fetchAuthSession } from "aws-amplify/auth";
import { useEffect, useMemo, useState } from "react";

import { amplifyConfig } from "../../app/config";
import { finishFreshSignIn } from "../../app/recentSignIn";
import { useSession } from "../../app/session";
import { authErrorKey, passkeyProblemOf, passkeysSupported } from "../../auth/cognito";
import { FreshSignIn, NotTheSamePerson } from "../../auth/freshSignIn";
import type { MfaMethod, NextStep } from "../../auth/signInMachine";
import { sessionTokens } from "../../auth/storage";
import type { MessageKey } from "../../i18n/catalogue";
import { useT } from "../../i18n/i18n";
import { Dialog } from "../../ui/Dialog";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button, RadioGroup, TextField } from "../../ui/fields";
import { cleanCode, CodeField, codeTitle, METHOD_LABEL } from "../signIn/codeSteps";
import { passkeyProblemError } from "../signIn/passkeySteps";

type Step =
  | { step: "password" }
  | { step: "choose"; methods: MfaMethod[] }
  | { step: "code"; method: MfaMethod; destination: string | null };

interface Problem {
  key: MessageKey;
  field?: string;
}

/** Where Cognito's answer leads in this dialog: a step, done, or a way it cannot finish here. */
export function nextOf(next: NextStep): Step | "done" | "restart" {
  switch (next.signInStep) {
    case "CONFIRM_SIGN_IN_WITH_TOTP_CODE":
      return { step: "code", method: "TOTP", destination: null };
    case "CONFIRM_SIGN_IN_WITH_SMS_CODE":
      return { step: "code", method: "SMS", destination: next.destination ?? null };
    case "CONFIRM_SIGN_IN_WITH_EMAIL_CODE":
      return { step: "code", method: "EMAIL", destination: next.destination ?? null };
    case "CONTINUE_SIGN_IN_WITH_MFA_SELECTION":
      return { step: "choose", methods: next.allowedMFATypes ?? [] };
    case "DONE":
      return "done";
    default:
      return "restart"; // a new password, an MFA set-up, a reset: the full sign-in page's work
  }
}

export default function Reauthenticate() {
  const t = useT();
  const session = useSession();
  const fresh = useMemo(() => new FreshSignIn(amplifyConfig(session.config), sessionTokens()), [session.config]);
  const me = session.state.status === "signedIn" ? session.state.me : null;
  const [email, setEmail] = useState<string | null>(me?.email ?? null);
  const [step, setStep] = useState<Step>({ step: "password" });
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [method, setMethod] = useState<MfaMethod | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (email) return;
    void fetchAuthSession()
      .then((s) => {
        const found = s.tokens?.idToken?.payload["email"];
        if (typeof found === "string") setEmail(found);
      })
      .catch(() => undefined);
  }, [email]);

  const cancel = () => {
    void fresh.abandon();
    finishFreshSignIn(false);
  };

  const run = async (work: () => Promise<NextStep>, field?: string, passkey = false) => {
    setBusy(true);
    setProblem(null);
    try {
      const next = nextOf(await work());
      if (next === "done") {
        await fresh.adopt();
        finishFreshSignIn(true);
        return;
      }
      if (next === "restart") {
        await fresh.abandon();
        // Cognito offering no passkey answers with a choice of first factor: the password way.
        setProblem({ key: passkey ? "passkeys.signIn.unavailable" : "stepUp.restart" });
        return;
      }
      setCode("");
      setStep(next);
    } catch (error) {
      if (error instanceof NotTheSamePerson) setProblem({ key: "stepUp.someoneElse" });
      else if (passkey) setProblem({ key: passkeyProblemError(passkeyProblemOf(error))?.key ?? "passkeys.signIn.unavailable" });
      else setProblem({ key: authErrorKey(error), field });
    } finally {
      setBusy(false);
    }
  };

  const submit = () => {
    if (step.step === "password") {
      if (!password.trim()) return setProblem({ key: "stepUp.passwordRequired", field: "reauth-password" });
      return void run(() => fresh.start(email ?? "", password), "reauth-password");
    }
    if (step.step === "choose") {
      if (!method) return setProblem({ key: "mfaSetup.chooseRequired", field: "reauth-method" });
      return void run(() => fresh.answer(method), "reauth-method");
    }
    const digits = cleanCode(code);
    if (!digits) return setProblem({ key: "code.required", field: "reauth-code" });
    return void run(() => fresh.answer(digits), "reauth-code");
  };

  const message = problem ? t(problem.key) : null;
  const errorFor = (field: string) => (problem?.field === field ? message : null);

  return (
    <Dialog labelledBy="reauth-title" describedBy="reauth-intro" focus={`reauth-${step.step === "choose" ? "method" : step.step}`} onCancel={cancel}>
      <h2 id="reauth-title" className="dialog__title">
        {t("stepUp.title")}
      </h2>
      <p id="reauth-intro">{t("stepUp.intro")}</p>
      <ErrorSummary
        message={problem && !problem.field ? message : null}
        items={problem?.field && message ? [{ id: problem.field, message }] : []}
      />
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {step.step === "password" ? (
          <>
            <p>{t("signIn.as", { email: email ?? "" })}</p>
            <input type="text" name="username" autoComplete="username" value={email ?? ""} readOnly hidden />
            <TextField
              id="reauth-password"
              label={t("signIn.password")}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={errorFor("reauth-password")}
            />
          </>
        ) : null}
        {step.step === "choose" ? (
          <RadioGroup
            id="reauth-method"
            legend={t("stepUp.chooseMethod")}
            choices={step.methods.map((value) => ({ value, label: t(METHOD_LABEL[value]) }))}
            value={method}
            onChange={setMethod}
            error={errorFor("reauth-method")}
          />
        ) : null}
        {step.step === "code" ? (
          <>
            <p>{codeTitle(t, step.method, step.destination ?? email ?? "")}</p>
            <CodeField id="reauth-code" value={code} onChange={setCode} error={errorFor("reauth-code")} />
          </>
        ) : null}
        <div className="button-row">
          <Button busy={busy}>{step.step === "code" ? t("action.verify") : t("action.continue")}</Button>
          <Button type="button" variant="secondary" onClick={cancel}>
            {t("action.cancel")}
          </Button>
        </div>
      </form>
      {step.step === "password" && passkeysSupported() ? (
        <div className="passkey-way">
          <p className="passkey-way__or">{t("passkeys.signIn.or")}</p>
          <Button
            type="button"
            variant="secondary"
            aria-describedby="reauth-passkey-hint"
            busy={busy}
            onClick={() => void run(() => fresh.startWithPasskey(email ?? ""), undefined, true)}
          >
            {t("passkeys.signIn.button")}
          </Button>
          <p className="field__hint" id="reauth-passkey-hint">
            {t("passkeys.signIn.hint")}
          </p>
        </div>
      ) : null}
    </Dialog>
  );
}
