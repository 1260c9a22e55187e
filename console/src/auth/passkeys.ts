/**
 * The signed-in person's passkeys, through Amplify: create one (the browser's own dialog), list
 * them, remove one. Only signed-in screens import this module, so it stays out of the sign-in
 * page's chunk. Passkey sign-in itself (Cognito's WebAuthn MFA) is turned on and off by Portal's
 * API (`setPasskeySignIn` in api/portal.ts), since Amplify's updateMFAPreference cannot.
 */
import { associateWebAuthnCredential, deleteWebAuthnCredential, listWebAuthnCredentials } from "aws-amplify/auth";

import type { MessageKey } from "../i18n/catalogue";

/** What kind of authenticator holds a passkey (WebAuthn's authenticator attachment). */
export type PasskeyKind = "platform" | "cross-platform" | "unknown";

export interface Passkey {
  id: string;
  /** Cognito's own name for it (FriendlyCredentialName); Cognito offers no way to set one. */
  name: string | null;
  kind: PasskeyKind;
  createdAt: Date | null;
}

interface Listed {
  credentialId: string | undefined;
  friendlyCredentialName: string | undefined;
  authenticatorAttachment?: string;
  createdAt: Date | undefined;
}

/** Amplify's description of a credential as the console shows it; newest first. */
export function toPasskeys(listed: readonly Listed[]): Passkey[] {
  return listed
    .filter((item): item is Listed & { credentialId: string } => Boolean(item.credentialId))
    .map((item): Passkey => ({
      id: item.credentialId,
      name: item.friendlyCredentialName?.trim() || null,
      kind:
        item.authenticatorAttachment === "platform" || item.authenticatorAttachment === "cross-platform"
          ? item.authenticatorAttachment
          : "unknown",
      createdAt: item.createdAt ?? null,
    }))
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0));
}

/** Every passkey of the signed-in person (Cognito pages the list; all pages are read). */
export async function listPasskeys(): Promise<Passkey[]> {
  const all: Listed[] = [];
  let nextToken: string | undefined;
  do {
    const page = await listWebAuthnCredentials({ pageSize: 20, ...(nextToken ? { nextToken } : {}) });
    all.push(...page.credentials);
    nextToken = page.nextToken;
  } while (nextToken);
  return toPasskeys(all);
}

/** The browser's dialog creates the passkey; Cognito checks and keeps its public key. */
export async function createPasskey(): Promise<void> {
  await associateWebAuthnCredential();
}

export async function removePasskey(id: string): Promise<void> {
  try {
    await deleteWebAuthnCredential({ credentialId: id });
  } catch (error) {
    // Already gone (removed from another tab): what the person asked for is done.
    if (error instanceof Error && error.name === "ResourceNotFoundException") return;
    throw error;
  }
}

/** Why creating a passkey failed, as the sentence the person reads. */
export function creationProblemKey(error: unknown): MessageKey {
  const name = error instanceof Error ? error.name : "";
  switch (name) {
    case "PasskeyRegistrationCanceled":
    case "PasskeyOperationAborted":
    case "NotAllowedError":
    case "AbortError":
      return "passkeys.error.cancelled";
    case "PasskeyAlreadyExists":
    case "InvalidStateError":
      return "passkeys.error.exists";
    case "PasskeyNotSupported":
      return "passkeys.unsupported";
    case "RelyingPartyMismatch":
    case "SecurityError":
    case "WebAuthnRelyingPartyMismatchException":
    case "WebAuthnOriginNotAllowedException":
      return "passkeys.error.wrongAddress";
    case "NetworkError":
      return "error.network";
    case "TooManyRequestsException":
      return "error.too_many_requests";
    default:
      return "passkeys.error.failed";
  }
}
