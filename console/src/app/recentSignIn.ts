/**
 * A recent sign-in before the changes that hand an account to someone else (domain.md: within 15
 * minutes; RFC 9470 step-up).
 *
 * Two ways in, one dialog (screens/common/Reauthenticate.tsx, shown by app/SessionGuards.tsx):
 *
 * - The API refuses such a change with 401 `reauthentication_required`: the API client
 *   (api/client.ts) calls `requestFreshSignIn()`, waits for the person to sign in again in the
 *   dialog, and sends the same request again; the screen keeps what was typed and sees only the
 *   final answer.
 * - Changes the API does not see (MFA method, passkeys: Cognito's own calls) ask first:
 *
 *   ```ts
 *   const recentSignIn = useRecentSignIn();
 *   if (!(await recentSignIn())) return; // cancelled: change nothing
 *   await updateMFAPreference(...);
 *   ```
 *
 *   Only a courtesy: Cognito itself takes these calls with any valid access token
 *   (docs/security.md), so the API's refusal above is the control.
 */
import { fetchAuthSession } from "aws-amplify/auth";
import { useCallback, useSyncExternalStore } from "react";

/** domain.md's 15 minutes, less a minute for the clocks of the browser and of Cognito. */
export const RECENT_SECONDS = 15 * 60 - 60;

type Waiting = (signedIn: boolean) => void;

let waiting: Waiting[] = [];
const listeners = new Set<() => void>();

function changed(): void {
  for (const listener of listeners) listener();
}

/** Ask the person to sign in again; resolves true once they have, false if they cancelled. Calls
 * made while the dialog is open share it. */
export function requestFreshSignIn(): Promise<boolean> {
  return new Promise((resolve) => {
    waiting = [...waiting, resolve];
    if (waiting.length === 1) changed();
  });
}

/** The dialog's answer: every request waiting for it gets it. */
export function finishFreshSignIn(signedIn: boolean): void {
  const answered = waiting;
  waiting = [];
  changed();
  for (const resolve of answered) resolve(signedIn);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether the dialog is asked for (for the one component that shows it). */
export function useFreshSignInAsked(): boolean {
  return useSyncExternalStore(subscribe, () => waiting.length > 0);
}

/** Seconds since the person last signed in with their credentials: the access token's
 * `auth_time` (a refresh does not move it); null without a session. */
export async function signInAge(now: number = Date.now()): Promise<number | null> {
  try {
    const authTime = (await fetchAuthSession()).tokens?.accessToken.payload["auth_time"];
    return typeof authTime === "number" ? Math.max(0, now / 1000 - authTime) : null;
  } catch {
    return null;
  }
}

/** For a change the API does not see: true at once after a recent sign-in, else after a fresh one. */
export function useRecentSignIn(): () => Promise<boolean> {
  return useCallback(async () => {
    const age = await signInAge();
    if (age !== null && age < RECENT_SECONDS) return true;
    return requestFreshSignIn();
  }, []);
}
