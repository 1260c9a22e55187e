/**
 * Whether to offer a passkey: not once the person said "No thanks" (kept in this browser, per
 * person, since it is a choice and not a secret), and not again in the same visit after they
 * chose "Not now" at first sign-in (Home offers it again on a later visit).
 */
const PREFIX = "portal.passkeyOffer.dismissed.";
const skippedThisVisit = new Set<string>();

type Store = Pick<Storage, "getItem" | "setItem">;

function browserStore(): Store | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function offerDismissed(userId: string, store: Store | null = browserStore()): boolean {
  try {
    return store?.getItem(PREFIX + userId) === "1";
  } catch {
    return false;
  }
}

export function dismissOffer(userId: string, store: Store | null = browserStore()): void {
  try {
    store?.setItem(PREFIX + userId, "1");
  } catch {
    // storage off: the offer comes back on the next visit, which is harmless
  }
}

export function skipOfferThisVisit(userId: string): void {
  skippedThisVisit.add(userId);
}

/** Whether Home may offer a passkey now (the person's passkeys are checked after this). */
export function mayOffer(userId: string, store: Store | null = browserStore()): boolean {
  return !skippedThisVisit.has(userId) && !offerDismissed(userId, store);
}
