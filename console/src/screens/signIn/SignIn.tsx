/**
 * Sign in, first sign-in included: one component per state of auth/signInMachine.ts, each a
 * small form. Cognito is reached only through auth/cognito.ts (Amplify).
 */
import { useReducer, useState } from "react";

import { isResultsMorning } from "../../app/resultsDays";
import { navigate } from "../../app/router";
import { useSession } from "../../app/session";
import { authErrorKey } from "../../auth/cognito";
import { START, transition, type NextStep, type SignInState } from "../../auth/signInMachine";
import type { MessageKey } from "../../i18n/catalogue";
import { useT } from "../../i18n/i18n";
import { Notice, Page } from "../../ui/Page";
import { CodeStep, MfaChoiceStep } from "./codeSteps";
import { EmailSetupStep, MfaSetupChoiceStep, SmsSetupStep, TotpSetupStep } from "./setupSteps";
import { EmailStep, NewPasswordStep, PasswordStep } from "./passwordSteps";

/** A step's problem: a sentence for the summary, and the field it belongs to, if any. */
export interface StepError {
  key: MessageKey;
  field?: string;
}

export interface StepProps<S extends SignInState["step"]> {
  state: Extract<SignInState, { step: S }>;
  busy: boolean;
  error: StepError | null;
  /** Ask Cognito something; its answer moves the machine on, its error shows on `field`. */
  run: (call: () => Promise<NextStep>, field?: string) => void;
  dispatch: (event: Parameters<typeof transition>[1]) => void;
  /** A problem found before asking Cognito (an empty field, say). */
  fail: (error: StepError | null) => void;
}

export default function SignIn() {
  const t = useT();
  const session = useSession();
  const [state, dispatchRaw] = useReducer(transition, START);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StepError | null>(null);
  const notice = session.state.status === "signedOut" ? session.state.notice : null;

  const dispatch: StepProps<"email">["dispatch"] = (event) => {
    setError(null);
    dispatchRaw(event);
  };

  const finish = async (thenSms: boolean) => {
    try {
      await session.signedIn();
      navigate(thenSms ? "/settings/mfa/sms" : "/", { replace: true });
    } catch {
      setError({ key: "error.network" });
    }
  };

  const run: StepProps<"email">["run"] = (call, field) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    void (async () => {
      try {
        const next = await call();
        if (next.signInStep === "DONE") {
          const after = transition(state, { type: "answer", next });
          await finish(after.step === "done" && after.thenSms);
          return;
        }
        if (next.signInStep === "RESET_PASSWORD") {
          navigate("/forgot-password");
          return;
        }
        dispatchRaw({ type: "answer", next });
      } catch (caught) {
        const key = authErrorKey(caught);
        setError({ key, field: key === "signIn.restart" || key === "signIn.tooMany" ? undefined : field });
        if (key === "signIn.restart") dispatchRaw({ type: "restart" });
      } finally {
        setBusy(false);
      }
    })();
  };

  const props = { busy, error, run, dispatch, fail: setError };
  const resultsMorning = state.step === "email" && isResultsMorning();
  return (
    <>
      {resultsMorning ? <Notice>{t("results.signInNow")}</Notice> : null}
      {notice && state.step === "email" && !error ? (
        <Notice tone={notice === "session.signedOut" ? "success" : "info"}>{t(notice)}</Notice>
      ) : null}
      {renderStep(state, props)}
    </>
  );
}

type Shared = Omit<StepProps<"email">, "state">;

function renderStep(state: SignInState, props: Shared) {
  switch (state.step) {
    case "email":
      return <EmailStep state={state} {...props} />;
    case "password":
      return <PasswordStep state={state} {...props} />;
    case "newPassword":
      return <NewPasswordStep state={state} {...props} />;
    case "mfaSetupChoice":
      return <MfaSetupChoiceStep state={state} {...props} />;
    case "totpSetup":
      return <TotpSetupStep state={state} {...props} />;
    case "emailSetup":
      return <EmailSetupStep state={state} {...props} />;
    case "smsSetup":
      return <SmsSetupStep state={state} {...props} />;
    case "mfaChoice":
      return <MfaChoiceStep state={state} {...props} />;
    case "code":
      return <CodeStep state={state} {...props} />;
    case "resetPassword":
    case "done":
      return null;
    case "unsupported":
      return <UnsupportedStep />;
  }
}

function UnsupportedStep() {
  const t = useT();
  return (
    <Page title={t("signIn.title")}>
      <p>{t("error.unknown")}</p>
    </Page>
  );
}
