/**
 * The signed-in person's own Cognito settings, through Amplify: password, MFA methods, phone
 * verification. Only Settings imports this module, so it stays out of the sign-in page's chunk.
 */
import {
  confirmUserAttribute,
  fetchMFAPreference,
  sendUserAttributeVerificationCode,
  setUpTOTP,
  updateMFAPreference,
  updatePassword,
  verifyTOTPSetup,
  type UpdateMFAPreferenceInput,
} from "aws-amplify/auth";

import type { MfaMethod } from "./signInMachine";
import { normalisePassword } from "./signInMachine";

export interface MfaState {
  enabled: MfaMethod[];
  preferred: MfaMethod | null;
}

export async function mfaState(): Promise<MfaState> {
  const answer = await fetchMFAPreference();
  const enabled = (answer.enabled ?? []).filter((m): m is MfaMethod => m === "TOTP" || m === "SMS" || m === "EMAIL");
  const preferred = answer.preferred;
  return {
    enabled,
    preferred: preferred === "TOTP" || preferred === "SMS" || preferred === "EMAIL" ? preferred : null,
  };
}

export async function changePassword(oldPassword: string, newPassword: string): Promise<void> {
  await updatePassword({ oldPassword: normalisePassword(oldPassword), newPassword: normalisePassword(newPassword) });
}

/** A new authenticator app secret: the QR code's URI and the secret as text. */
export async function startTotp(email: string): Promise<{ secret: string; uri: string }> {
  const details = await setUpTOTP();
  return { secret: details.sharedSecret, uri: details.getSetupUri("Portal", email).toString() };
}

export async function confirmTotp(code: string): Promise<void> {
  await verifyTOTPSetup({ code });
}

export async function sendPhoneCode(): Promise<string | null> {
  const answer = await sendUserAttributeVerificationCode({ userAttributeKey: "phone_number" });
  return answer.destination ?? null;
}

export async function confirmPhone(code: string): Promise<void> {
  await confirmUserAttribute({ userAttributeKey: "phone_number", confirmationCode: code });
}

/**
 * Make `method` the one Cognito asks for, and turn the others off: changing method should not
 * leave a lost phone or an old app able to sign in.
 */
export async function preferMfa(method: MfaMethod, current: MfaState): Promise<void> {
  const input: UpdateMFAPreferenceInput = {};
  const setting = (m: MfaMethod) => (m === method ? "PREFERRED" : "DISABLED");
  for (const m of new Set<MfaMethod>([method, ...current.enabled])) {
    if (m === "TOTP") input.totp = setting(m);
    if (m === "SMS") input.sms = setting(m);
    if (m === "EMAIL") input.email = setting(m);
  }
  await updateMFAPreference(input);
}
