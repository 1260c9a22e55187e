/**
 * Every Cognito call of the signed-out pages, through Amplify Auth v6 (no hand-written SRP or
 * token handling). Amplify's answers become the state machine's NextStep; its errors become a
 * catalogue key, worded the same whether or not an email has an account.
 */
import {
  confirmResetPassword,
  confirmSignIn,
  fetchAuthSession,
  resetPassword,
  signIn,
  signOut,
  type ConfirmSignInOutput,
  type SignInOutput,
} from "aws-amplify/auth";

import type { MessageKey } from "../i18n/catalogue";
import { normaliseEmail, normalisePassword, type MfaMethod, type NextStep, type PasskeyProblem } from "./signInMachine";
import { forgetPerson, sessionTokens } from "./storage";

type AmplifyOutput = SignInOutput | ConfirmSignInOutput;

function methods(types: readonly string[] | undefined): MfaMethod[] | undefined {
  return types?.filter((type): type is MfaMethod => type === "TOTP" || type === "SMS" || type === "EMAIL");
}

export function toNextStep(output: AmplifyOutput): NextStep {
  const next = output.nextStep;
  switch (next.signInStep) {
    case "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED":
    case "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP":
    case "CONFIRM_SIGN_IN_WITH_TOTP_CODE":
    case "RESET_PASSWORD":
    case "DONE":
      return { signInStep: next.signInStep };
    case "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION":
    case "CONTINUE_SIGN_IN_WITH_MFA_SELECTION":
      return { signInStep: next.signInStep, allowedMFATypes: methods(next.allowedMFATypes) };
    case "CONTINUE_SIGN_IN_WITH_TOTP_SETUP":
      return {
        signInStep: next.signInStep,
        secret: next.totpSetupDetails.sharedSecret,
        uri: next.totpSetupDetails.getSetupUri("Portal").toString(),
      };
    case "CONFIRM_SIGN_IN_WITH_SMS_CODE":
    case "CONFIRM_SIGN_IN_WITH_EMAIL_CODE":
      return { signInStep: next.signInStep, destination: next.codeDeliveryDetails?.destination };
    case "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION":
      return { signInStep: next.signInStep, availableChallenges: next.availableChallenges?.map(String) };
    default:
      return { signInStep: "UNSUPPORTED", name: next.signInStep };
  }
}

/** A signed-in person left over from an earlier visit is signed out locally first. */
async function clearStaleSession(): Promise<void> {
  const session = await fetchAuthSession().catch(() => null);
  if (session?.tokens) await signOut().catch(() => undefined);
}

export async function startSignIn(email: string, password: string): Promise<NextStep> {
  await clearStaleSession();
  const output = await signIn({
    username: normaliseEmail(email),
    password: normalisePassword(password),
    options: { authFlowType: "USER_SRP_AUTH" },
  });
  return toNextStep(output);
}

/**
 * "Sign in with a passkey": USER_AUTH with WEB_AUTHN preferred. Amplify asks Cognito for the
 * challenge, opens the browser's passkey dialog (navigator.credentials.get) and sends the signed
 * answer back; no password, and the passkey's user verification stands in for the MFA code.
 */
export async function startPasskeySignIn(email: string): Promise<NextStep> {
  await clearStaleSession();
  const output = await signIn({
    username: normaliseEmail(email),
    options: { authFlowType: "USER_AUTH", preferredChallenge: "WEB_AUTHN" },
  });
  return toNextStep(output);
}

/** Whether this browser can use passkeys at all (what Amplify checks before the dialog). */
export function passkeysSupported(): boolean {
  return (
    typeof window !== "undefined" &&
    window.isSecureContext &&
    "credentials" in navigator &&
    typeof window.PublicKeyCredential === "function"
  );
}

/**
 * Why a passkey sign-in failed, for the sentence on the password step. Browsers answer a cancelled
 * dialog and a device without the passkey alike (NotAllowedError), so the console cannot tell
 * them apart and says both; anything Cognito refuses is "unavailable", worded the same whether or
 * not the email has an account.
 */
export function passkeyProblemOf(error: unknown): PasskeyProblem {
  const name = error instanceof Error ? error.name : "";
  switch (name) {
    case "PasskeyAuthenticationCanceled":
    case "PasskeyOperationAborted":
    case "NotAllowedError":
    case "AbortError":
      return "cancelled";
    case "PasskeyNotSupported":
      return "unsupported";
    case "NetworkError":
      return "network";
    default:
      return "unavailable";
  }
}

/** Any answer to the current challenge: a new password, a code, "TOTP"/"EMAIL", an email address. */
export async function answer(response: string): Promise<NextStep> {
  return toNextStep(await confirmSignIn({ challengeResponse: response }));
}

export async function requestPasswordReset(email: string): Promise<void> {
  // The answer is the same whether or not the email has an account (the app client prevents
  // user existence errors); the console says the same either way.
  await resetPassword({ username: normaliseEmail(email) });
}

export async function completePasswordReset(email: string, code: string, newPassword: string): Promise<void> {
  await confirmResetPassword({
    username: normaliseEmail(email),
    confirmationCode: code.trim(),
    newPassword: normalisePassword(newPassword),
  });
}

/** The access token for API calls; Amplify refreshes it when it is near expiry. */
export async function accessToken(): Promise<string | null> {
  try {
    const session = await fetchAuthSession();
    return session.tokens?.accessToken?.toString() ?? null;
  } catch {
    return null;
  }
}

/** When the current access token expires (ms since 1970, Cognito's clock), or null. */
export async function accessTokenExpiry(): Promise<number | null> {
  try {
    const exp = (await fetchAuthSession()).tokens?.accessToken?.payload.exp;
    return typeof exp === "number" ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** New tokens now, from the refresh token (one Cognito call): results morning refreshes ahead of
 * 08:00 (screens/home/results.ts), so no open page needs Cognito at 08:00. */
export async function refreshTokens(): Promise<void> {
  await fetchAuthSession({ forceRefresh: true });
}

export async function hasSession(): Promise<boolean> {
  return (await accessToken()) !== null;
}

/**
 * Sign out: Amplify revokes the refresh token (RevokeToken) when the token allows it; then every
 * tab of the session lets go of it, and nothing of the person is left in this browser's storage.
 */
export async function endSession(): Promise<void> {
  try {
    await signOut();
  } finally {
    await sessionTokens().clear();
    forgetPerson();
  }
}

/** Amplify's error, as the sentence the person reads; never says whether an account exists. */
export function authErrorKey(error: unknown): MessageKey {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : "";
  switch (name) {
    case "NotAuthorizedException":
      if (/attempts exceeded/i.test(message)) return "signIn.tooMany";
      if (/temporary password has expired/i.test(message)) return "signIn.invitationExpired";
      if (/session/i.test(message)) return "signIn.restart";
      return "signIn.wrong";
    case "UserNotFoundException":
      return "signIn.wrong";
    case "CodeMismatchException":
    case "ExpiredCodeException":
    case "EnableSoftwareTokenMFAException":
      return "code.wrong";
    case "InvalidPasswordException":
      return "newPassword.rejected";
    case "TooManyRequestsException": // Cognito's request quota (results morning), not the person's attempts
      return "throttle.signIn";
    case "LimitExceededException":
    case "TooManyFailedAttemptsException":
    case "PasswordAttemptsExceeded":
      return "signIn.tooMany";
    case "SignInException":
    case "EmptyChallengeResponse":
      return "signIn.restart";
    case "NetworkError":
      return "error.network";
    default:
      return "error.unknown";
  }
}
