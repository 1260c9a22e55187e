/**
 * A fresh sign-in without leaving the page (step-up, RFC 9470): the person proves who they are
 * again, and the session's tokens are replaced by ones whose `auth_time` is now.
 *
 * Amplify refuses to sign in someone already signed in, and the session must survive a change of
 * mind (Cancel keeps the page and what was typed). So the sign-in runs in an Amplify context of
 * its own (`createAmplifyContext`) whose tokens are held in memory; only when it is done do its
 * tokens replace the session's (every tab's: auth/storage.ts), and the old refresh token is
 * revoked (RevokeToken, through a second context holding the old tokens). Nothing of the
 * session is touched before that.
 *
 * The ways in, as on the sign-in page: password then the MFA code (SRP), or a passkey alone
 * (USER_AUTH with WEB_AUTHN); each answer goes through `toNextStep`.
 */
import { createAmplifyContext, type ResourcesConfig } from "aws-amplify";
import { createUserPoolsTokenProvider } from "aws-amplify/adapter-core";
import { confirmSignIn, fetchAuthSession, signIn, signOut } from "aws-amplify/auth";
import type { KeyValueStorageInterface } from "aws-amplify/utils";

import { toNextStep } from "./cognito";
import { normaliseEmail, normalisePassword, type NextStep } from "./signInMachine";
import { AMPLIFY_PREFIX, type TabSessionStorage } from "./storage";

/** A key-value store in this tab's memory only: the fresh sign-in's tokens until they are adopted. */
export class MemoryStorage implements KeyValueStorageInterface {
  readonly entries: Map<string, string>;

  constructor(entries: Record<string, string> = {}) {
    this.entries = new Map(Object.entries(entries));
  }

  async setItem(key: string, value: string): Promise<void> {
    this.entries.set(key, value);
  }

  async getItem(key: string): Promise<string | null> {
    return this.entries.get(key) ?? null;
  }

  async removeItem(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async clear(): Promise<void> {
    this.entries.clear();
  }
}

export class NotTheSamePerson extends Error {
  override name = "NotTheSamePerson";
}

/** Who the session is: the access token's `sub`, or null. */
async function sessionSubject(): Promise<string | null> {
  try {
    const sub = (await fetchAuthSession()).tokens?.accessToken.payload["sub"];
    return typeof sub === "string" ? sub : null;
  } catch {
    return null;
  }
}

function contextWith(config: ResourcesConfig, storage: KeyValueStorageInterface) {
  if (!config.Auth) throw new Error("Amplify has no Auth settings");
  return createAmplifyContext(config, { Auth: { tokenProvider: createUserPoolsTokenProvider(config.Auth, storage) } });
}

export class FreshSignIn {
  private readonly held = new MemoryStorage();
  private readonly ctx;

  constructor(
    private readonly config: ResourcesConfig,
    private readonly session: TabSessionStorage,
  ) {
    this.ctx = contextWith(config, this.held);
  }

  async start(email: string, password: string): Promise<NextStep> {
    const output = await signIn(this.ctx, {
      username: normaliseEmail(email),
      password: normalisePassword(password),
      options: { authFlowType: "USER_SRP_AUTH" },
    });
    return toNextStep(output);
  }

  /** A passkey alone (USER_AUTH, WEB_AUTHN): the browser's dialog, and user verification for the
   * second factor, as on the sign-in page (auth/cognito.ts `startPasskeySignIn`). */
  async startWithPasskey(email: string): Promise<NextStep> {
    const output = await signIn(this.ctx, {
      username: normaliseEmail(email),
      options: { authFlowType: "USER_AUTH", preferredChallenge: "WEB_AUTHN" },
    });
    return toNextStep(output);
  }

  /** Any answer to the current challenge: a code, or "TOTP"/"EMAIL"/"SMS" when asked to choose. */
  async answer(response: string): Promise<NextStep> {
    return toNextStep(await confirmSignIn(this.ctx, { challengeResponse: response }));
  }

  /** Done: the fresh tokens become the session's, and the old refresh token is revoked. */
  async adopt(): Promise<void> {
    const fresh = (await fetchAuthSession(this.ctx)).tokens?.accessToken.payload["sub"];
    const current = await sessionSubject();
    if (typeof fresh !== "string" || (current !== null && fresh !== current)) {
      await this.abandon();
      throw new NotTheSamePerson("the fresh sign-in is someone else's");
    }
    const old = this.session.snapshot();
    await signOut(contextWith(this.config, new MemoryStorage(old))).catch(() => undefined);
    for (const [key, value] of this.held.entries) {
      if (key.startsWith(AMPLIFY_PREFIX)) await this.session.setItem(key, value);
    }
    for (const key of Object.keys(old)) {
      if (!this.held.entries.has(key)) await this.session.removeItem(key);
    }
    this.held.entries.clear();
  }

  /** Cancelled or failed: the session stays as it was; a sign-in already done is revoked. */
  async abandon(): Promise<void> {
    if (this.held.entries.size > 0) await signOut(this.ctx).catch(() => undefined);
    this.held.entries.clear();
  }
}
