/**
 * Sign-in as an explicit state machine (style.md item 10): one state per Cognito challenge, so no
 * screen guesses where it is. Pure: `transition(state, event)` is all there is, and Amplify's
 * answers reach it as `{ type: "answer", next }` events from auth/cognito.ts.
 */

export type MfaMethod = "TOTP" | "SMS" | "EMAIL";

/** What Amplify's `signIn` and `confirmSignIn` answer, reduced to what the console needs. */
export type NextStep =
  | { signInStep: "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED" }
  | { signInStep: "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION"; allowedMFATypes?: MfaMethod[] }
  | { signInStep: "CONTINUE_SIGN_IN_WITH_TOTP_SETUP"; secret: string; uri: string }
  | { signInStep: "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP" }
  | { signInStep: "CONTINUE_SIGN_IN_WITH_MFA_SELECTION"; allowedMFATypes?: MfaMethod[] }
  | { signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" }
  | { signInStep: "CONFIRM_SIGN_IN_WITH_SMS_CODE"; destination?: string }
  | { signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE"; destination?: string }
  | { signInStep: "RESET_PASSWORD" }
  /** USER_AUTH's SELECT_CHALLENGE: Cognito did not start the passkey challenge it was asked for. */
  | { signInStep: "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION"; availableChallenges?: string[] }
  | { signInStep: "DONE" }
  | { signInStep: "UNSUPPORTED"; name: string };

/**
 * Why a passkey sign-in did not happen, said on the password step, which stays open (never a dead
 * end): the browser's dialog was cancelled or timed out, or this device holds no passkey for the
 * account (browsers report both alike, on purpose); Cognito would not sign in with a passkey; this
 * browser has no WebAuthn; Portal could not be reached.
 */
export type PasskeyProblem = "cancelled" | "unavailable" | "unsupported" | "network";

/** Where the person is. `setup` lists the methods Cognito lets them set up (first sign-in). */
export type SignInState =
  | { step: "email"; email: string }
  | { step: "password"; email: string; passkeyProblem?: PasskeyProblem }
  /** Waiting for the browser's passkey dialog and Cognito's answer to it (USER_AUTH, WEB_AUTHN). */
  | { step: "passkey"; email: string }
  | { step: "newPassword"; email: string }
  | { step: "mfaSetupChoice"; email: string; setup: MfaMethod[] }
  | { step: "totpSetup"; email: string; setup: MfaMethod[]; secret: string; uri: string }
  | { step: "emailSetup"; email: string; setup: MfaMethod[]; thenSms: boolean }
  | { step: "smsSetup"; email: string; setup: MfaMethod[] }
  | { step: "mfaChoice"; email: string; methods: MfaMethod[] }
  | {
      step: "code";
      email: string;
      method: MfaMethod;
      destination: string | null;
      /** Set while setting a method up, so "Back to MFA selection" can return there. */
      setup: MfaMethod[] | null;
      thenSms: boolean;
    }
  | { step: "resetPassword"; email: string }
  /** `mfaSetUp`: MFA was set up on the way (a first sign-in, or the first after an MFA reset). */
  | { step: "done"; email: string; thenSms: boolean; mfaSetUp: boolean }
  | { step: "unsupported"; email: string; name: string };

export type SignInEvent =
  | { type: "emailEntered"; email: string }
  | { type: "otherEmail" }
  | { type: "answer"; next: NextStep }
  | { type: "chooseSetup"; method: MfaMethod }
  | { type: "backToMfaSelection" }
  | { type: "restart" }
  /** "Sign in with a passkey", on the password step. */
  | { type: "passkeyChosen" }
  | { type: "passkeyFailed"; problem: PasskeyProblem };

export const START: SignInState = { step: "email", email: "" };

/** Email addresses as Cognito compares them: trimmed; case is folded by the pool. */
export function normaliseEmail(email: string): string {
  return email.trim();
}

/** The guide's tip: spaces either side of a pasted password are not part of it. */
export function normalisePassword(password: string): string {
  return password.trim();
}

export function looksLikeEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);
}

const ALL_SETUP: MfaMethod[] = ["TOTP", "SMS", "EMAIL"];

function setupOf(state: SignInState): MfaMethod[] | null {
  switch (state.step) {
    case "mfaSetupChoice":
    case "totpSetup":
    case "emailSetup":
    case "smsSetup":
      return state.setup;
    case "code":
      return state.setup;
    default:
      return null;
  }
}

/** Whether text messages are to be set up once signed in (chosen at first sign-in). */
function thenSmsOf(state: SignInState): boolean {
  if (state.step === "smsSetup") return true;
  return "thenSms" in state ? state.thenSms : false;
}

function fromAnswer(state: SignInState, next: NextStep): SignInState {
  const email = state.email;
  const setup = setupOf(state);
  switch (next.signInStep) {
    case "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED":
      return { step: "newPassword", email };
    case "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION":
      return { step: "mfaSetupChoice", email, setup: next.allowedMFATypes ?? ALL_SETUP };
    case "CONTINUE_SIGN_IN_WITH_TOTP_SETUP":
      return { step: "totpSetup", email, setup: setup ?? ["TOTP"], secret: next.secret, uri: next.uri };
    case "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP":
      return { step: "emailSetup", email, setup: setup ?? ["EMAIL"], thenSms: thenSmsOf(state) };
    case "CONTINUE_SIGN_IN_WITH_MFA_SELECTION":
      return { step: "mfaChoice", email, methods: next.allowedMFATypes ?? [] };
    case "CONFIRM_SIGN_IN_WITH_TOTP_CODE":
      return { step: "code", email, method: "TOTP", destination: null, setup: null, thenSms: false };
    case "CONFIRM_SIGN_IN_WITH_SMS_CODE":
      return { step: "code", email, method: "SMS", destination: next.destination ?? null, setup, thenSms: false };
    case "CONFIRM_SIGN_IN_WITH_EMAIL_CODE":
      return {
        step: "code",
        email,
        method: "EMAIL",
        destination: next.destination ?? null,
        setup,
        thenSms: thenSmsOf(state),
      };
    case "RESET_PASSWORD":
      return { step: "resetPassword", email };
    case "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION":
      // Asked for a passkey, Cognito offers other ways in: the password way, with the reason.
      return { step: "password", email, passkeyProblem: "unavailable" };
    case "DONE":
      return { step: "done", email, thenSms: thenSmsOf(state), mfaSetUp: setup !== null };
    case "UNSUPPORTED":
      return { step: "unsupported", email, name: next.name };
  }
}

export function transition(state: SignInState, event: SignInEvent): SignInState {
  switch (event.type) {
    case "emailEntered":
      return state.step === "email" ? { step: "password", email: normaliseEmail(event.email) } : state;
    case "otherEmail":
      return { step: "email", email: state.email };
    case "answer":
      return fromAnswer(state, event.next);
    case "chooseSetup": {
      // Choosing the authenticator app or email asks Cognito (an answer event follows); text
      // messages are set up once signed in (Amplify offers only TOTP and email at this point), so
      // the console explains, then sets up email first and the phone straight after.
      if (state.step !== "mfaSetupChoice") return state;
      if (event.method === "SMS") return { step: "smsSetup", email: state.email, setup: state.setup };
      return state;
    }
    case "backToMfaSelection": {
      const setup = setupOf(state);
      return setup ? { step: "mfaSetupChoice", email: state.email, setup } : state;
    }
    case "restart":
      return { step: "email", email: state.email };
    case "passkeyChosen":
      return state.step === "password" ? { step: "passkey", email: state.email } : state;
    case "passkeyFailed":
      return state.step === "passkey" ? { step: "password", email: state.email, passkeyProblem: event.problem } : state;
  }
}

/** Whether this state offers "Back to MFA selection" (every MFA set-up step does). */
export function canGoBackToMfaSelection(state: SignInState): boolean {
  return state.step !== "mfaSetupChoice" && setupOf(state) !== null;
}

/** What decides where a finished sign-in lands, beyond the machine's own state. */
export interface Landing {
  /** GET /me's `mfa.passkey_review`: the helpdesk reset MFA, so the person reviews their passkeys. */
  passkeyReview: boolean;
  /** Whether to offer a passkey (the browser can make one, and the person has not said no). */
  offerPasskey: boolean;
}

/**
 * The path a finished sign-in opens: text messages chosen at first sign-in are set up first;
 * after an MFA reset the person reviews their passkeys; right after setting MFA up, a passkey is
 * offered (skippable; Home offers it again later); otherwise Home.
 */
export function landing(done: Extract<SignInState, { step: "done" }>, facts: Landing): string {
  if (done.thenSms) return "/settings/mfa/sms";
  if (facts.passkeyReview) return "/passkeys/review";
  if (done.mfaSetUp && facts.offerPasskey) return "/passkeys/offer";
  return "/";
}
