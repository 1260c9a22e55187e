/**
 * Where the console keeps Amplify's tokens: this tab's `sessionStorage`, never `localStorage`
 * (docs/console.md, "Where the tokens live"; docs/security.md, Sessions).
 *
 * `sessionStorage` ends with the tab (and with the browser on a shared computer), and a script
 * would need the page itself to read it, as it would any storage a page can reach. Amplify reads
 * and writes through the `KeyValueStorageInterface` below, so it keeps working unchanged: sign-in,
 * refresh, a reload.
 *
 * The other tabs of the console (Manage users opened in a new tab) share the session over a
 * `BroadcastChannel` of this origin: a new tab asks the open ones for the tokens, every write
 * (a refresh rotates the refresh token) and every removal (sign-out) reaches them all, so no tab
 * is left holding a token the others replaced or revoked. The last tab closed takes the tokens
 * with it.
 */
import type { KeyValueStorageInterface } from "aws-amplify/utils";

/** What Amplify's Cognito token store writes: `CognitoIdentityServiceProvider.<client>.<user>.<what>`. */
export const AMPLIFY_PREFIX = "CognitoIdentityServiceProvider.";
/** Amplify's own note of a sign-in under way (a challenge's session), in `sessionStorage`. */
const SIGN_IN_STATE_PREFIX = "CognitoSignInState.";
/** The console's own keys (`portal.centre`, ...). Kept: the page's language, the results days (the
 * sign-in page's results-morning sentence) and a person's "No thanks" to the passkey offer (a
 * choice, screens/passkeys/offerMemory.ts): none holds anything a next person could use. */
const PORTAL_PREFIX = "portal.";
const KEPT = new Set(["portal.language", "portal.resultsDays"]);
const KEPT_PREFIXES = ["portal.passkeyOffer.dismissed."];

function kept(key: string): boolean {
  return KEPT.has(key) || KEPT_PREFIXES.some((prefix) => key.startsWith(prefix));
}
const CHANNEL = "portal-session";
/** How long a new tab waits for another to hand it the session before it starts signed out. */
export const HANDOVER_WAIT_MS = 300;

type Message =
  | { type: "ask" }
  | { type: "share"; entries: Record<string, string> }
  | { type: "set"; key: string; value: string }
  | { type: "remove"; key: string }
  | { type: "clear" };

/** The parts of BroadcastChannel used here (tests give a pair of their own). */
export interface Channel {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

export type SessionListener = (event: "cleared") => void;

export class TabSessionStorage implements KeyValueStorageInterface {
  private readonly store: Storage;
  private readonly channel: Channel | null;
  private readonly listeners = new Set<SessionListener>();
  private readonly ready: Promise<void>;
  private resolveReady: () => void = () => undefined;

  constructor(store: Storage, channel: Channel | null, wait = HANDOVER_WAIT_MS) {
    this.store = store;
    this.channel = channel;
    if (channel) channel.onmessage = (event) => this.receive(event.data as Message);
    if (!channel || this.holdsSession()) {
      this.ready = Promise.resolve();
      return;
    }
    this.ready = new Promise<void>((resolve) => {
      this.resolveReady = resolve;
      setTimeout(resolve, wait);
    });
    channel.postMessage({ type: "ask" } satisfies Message);
  }

  /** Called when another tab ended the session (signed out, or timed out). */
  onSessionEnded(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async getItem(key: string): Promise<string | null> {
    await this.ready;
    return this.store.getItem(key);
  }

  async setItem(key: string, value: string): Promise<void> {
    this.store.setItem(key, value);
    if (shared(key)) this.post({ type: "set", key, value });
  }

  async removeItem(key: string): Promise<void> {
    this.store.removeItem(key);
    if (shared(key)) this.post({ type: "remove", key });
  }

  /** Every token of this session, in every tab. */
  async clear(): Promise<void> {
    this.removeTokens();
    this.post({ type: "clear" });
  }

  /** The tokens as they are now, for the fresh sign-in that replaces them (auth/freshSignIn.ts). */
  snapshot(): Record<string, string> {
    return Object.fromEntries(amplifyKeys(this.store).map((key) => [key, this.store.getItem(key) ?? ""]));
  }

  private holdsSession(): boolean {
    return amplifyKeys(this.store).length > 0;
  }

  private removeTokens(): void {
    for (const key of amplifyKeys(this.store)) this.store.removeItem(key);
  }

  private post(message: Message): void {
    this.channel?.postMessage(message);
  }

  private receive(message: Message): void {
    switch (message.type) {
      case "ask":
        if (this.holdsSession()) this.post({ type: "share", entries: this.snapshot() });
        return;
      case "share":
        if (!this.holdsSession()) {
          for (const [key, value] of Object.entries(message.entries)) {
            if (shared(key)) this.store.setItem(key, value);
          }
        }
        this.resolveReady();
        return;
      case "set":
        if (shared(message.key)) this.store.setItem(message.key, message.value);
        return;
      case "remove":
        if (shared(message.key)) this.store.removeItem(message.key);
        return;
      case "clear":
        this.removeTokens();
        for (const listener of this.listeners) listener("cleared");
        return;
    }
  }
}

function shared(key: string): boolean {
  return key.startsWith(AMPLIFY_PREFIX);
}

function amplifyKeys(store: Storage): string[] {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key?.startsWith(AMPLIFY_PREFIX)) keys.push(key);
  }
  return keys;
}

/**
 * What a signed-in person leaves in this browser, gone: tokens (any an older console kept in
 * `localStorage`, Amplify's default, too), Amplify's note of a sign-in under way, and the
 * console's own keys but those `kept`.
 */
export function forgetPerson(stores: Storage[] = browserStores()): void {
  for (const store of stores) {
    const keys: string[] = [];
    for (let i = 0; i < store.length; i += 1) {
      const key = store.key(i);
      const personal =
        key?.startsWith(AMPLIFY_PREFIX) ||
        key?.startsWith(SIGN_IN_STATE_PREFIX) ||
        (key?.startsWith(PORTAL_PREFIX) && !kept(key));
      if (key && personal) {
        keys.push(key);
      }
    }
    for (const key of keys) store.removeItem(key);
  }
}

/** Tokens an older console kept in `localStorage` are removed at start: they never live there. */
export function removeLegacyTokens(store: Storage | null = safeLocalStorage()): void {
  if (!store) return;
  const keys: string[] = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key?.startsWith(AMPLIFY_PREFIX)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}

function safeLocalStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function browserStores(): Storage[] {
  const stores: Storage[] = [];
  for (const get of [() => window.localStorage, () => window.sessionStorage]) {
    try {
      stores.push(get());
    } catch {
      // storage off: nothing kept there either
    }
  }
  return stores;
}

let tokens: TabSessionStorage | null = null;

/** The one storage of this tab's session, made at start (main.tsx). */
export function sessionTokens(): TabSessionStorage {
  if (!tokens) {
    const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
    tokens = new TabSessionStorage(window.sessionStorage, channel);
  }
  return tokens;
}
