/**
 * Signed out after a time without activity (domain.md: 60 minutes, warned first), whichever tab
 * the person is working in.
 *
 * Activity is a key press, a click or a tap, a scroll, in any tab of the console: each tab notes
 * the time in its sessionStorage (so a reload keeps the count, and a tab reopened after the
 * limit signs out at once) and tells the others over a BroadcastChannel. A few minutes before the
 * limit the console asks whether to stay (screens/common/IdleWarning.tsx); one click on "Stay
 * signed in" starts the count again, which is all a person waiting for results at 08:00 needs.
 * While the question is open, only that answer (or activity in another tab) counts.
 *
 * The count runs on `Date.now()` and `setTimeout`, so a browser test moves it with Playwright's
 * clock; a sleeping computer is caught up on waking (the timer fires late, the time is read anew).
 */
import { useCallback, useEffect, useRef, useState } from "react";

export interface IdleRule {
  idleMs: number;
  warningMs: number;
}

export type IdlePhase = "active" | "warning" | "expired";

export const LAST_ACTIVITY_KEY = "portal.lastActivity";
const CHANNEL = "portal-activity";
/** Activity is noted at most this often (each note is a storage write and a message). */
export const NOTE_EVERY_MS = 5_000;
const ACTIVITY_EVENTS = ["pointerdown", "keydown", "wheel", "touchstart", "scroll"] as const;

export function ruleOf(idleMinutes: number, warningMinutes: number): IdleRule {
  return { idleMs: idleMinutes * 60_000, warningMs: warningMinutes * 60_000 };
}

export function phaseAt(lastActivity: number, now: number, rule: IdleRule): IdlePhase {
  const idle = now - lastActivity;
  if (idle >= rule.idleMs) return "expired";
  if (idle >= rule.idleMs - rule.warningMs) return "warning";
  return "active";
}

/** Milliseconds until the phase changes next (at least 1, so a timer never spins). */
export function untilNextPhase(lastActivity: number, now: number, rule: IdleRule): number {
  const idle = now - lastActivity;
  const warnAt = rule.idleMs - rule.warningMs;
  return Math.max(1, (idle < warnAt ? warnAt : rule.idleMs) - idle);
}

/** The last activity of the session, in this tab's sessionStorage, told to the other tabs. */
export class ActivityClock {
  private readonly listeners = new Set<(at: number) => void>();

  constructor(
    private readonly store: Storage | null,
    private readonly channel: { postMessage(m: unknown): void; onmessage: ((e: MessageEvent) => void) | null } | null,
  ) {
    if (channel) {
      channel.onmessage = (event) => {
        const at = (event.data as { at?: unknown }).at;
        if (typeof at === "number" && at > this.last(0)) {
          this.write(at);
          for (const listener of this.listeners) listener(at);
        }
      };
    }
  }

  /** The last activity noted, or `fallback` when none is (a new tab, a first sign-in). */
  last(fallback: number): number {
    const stored = Number(this.store?.getItem(LAST_ACTIVITY_KEY) ?? NaN);
    return Number.isFinite(stored) ? stored : fallback;
  }

  note(at: number): void {
    this.write(at);
    this.channel?.postMessage({ at });
  }

  onOtherTab(listener: (at: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(at: number): void {
    try {
      this.store?.setItem(LAST_ACTIVITY_KEY, String(at));
    } catch {
      // storage off: this tab still counts
    }
  }
}

let shared: ActivityClock | null = null;

function activityClock(): ActivityClock {
  if (!shared) {
    let store: Storage | null = null;
    try {
      store = window.sessionStorage;
    } catch {
      store = null;
    }
    const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
    shared = new ActivityClock(store, channel);
  }
  return shared;
}

/**
 * Whether this tab's session passed the idle limit while no page of it ran (a tab the browser
 * discarded and reopened, a reload after the computer slept): the console then ends it before
 * Amplify can use the refresh token for new tokens. A tab that noted no activity is not judged
 * here (a first sign-in, a tab a sign-out already cleared).
 */
export function expiredWhileAway(clock: Pick<ActivityClock, "last">, now: number, rule: IdleRule): boolean {
  return phaseAt(clock.last(now), now, rule) === "expired";
}

/** `expiredWhileAway` for this tab, now. */
export function sessionExpiredWhileAway(rule: IdleRule): boolean {
  return expiredWhileAway(activityClock(), Date.now(), rule);
}

export interface IdleState {
  phase: IdlePhase;
  /** When the person will be signed out if nothing happens (ms since the epoch). */
  signOutAt: number;
  /** "Stay signed in": the count starts again. */
  stay: () => void;
}

/**
 * The idle count while `signedIn`; `onExpired` once when the limit is reached. A tab that opens
 * (or reloads) past the limit expires at once.
 */
export function useIdleTimeout(rule: IdleRule, signedIn: boolean, onExpired: () => void): IdleState {
  const clock = useRef<ActivityClock | null>(null);
  const [last, setLast] = useState(() => Date.now());
  const [phase, setPhase] = useState<IdlePhase>("active");
  const noted = useRef(0);
  const expired = useRef(onExpired);
  expired.current = onExpired;
  const fired = useRef(false); // onExpired once per sign-in

  const note = useCallback((at: number, force = false) => {
    if (!force && at - noted.current < NOTE_EVERY_MS) return;
    noted.current = at;
    clock.current?.note(at);
    setLast(at);
  }, []);

  // Signed in: read where the count stands (a reload keeps it), and follow the other tabs.
  useEffect(() => {
    if (!signedIn) return;
    fired.current = false;
    clock.current = activityClock();
    const now = Date.now();
    const stored = clock.current.last(now);
    setLast(stored);
    setPhase(phaseAt(stored, now, rule));
    if (phaseAt(stored, now, rule) === "active") note(now, true); // arriving is activity
    return clock.current.onOtherTab((at) => {
      noted.current = at;
      setLast(at);
      setPhase(phaseAt(at, Date.now(), rule));
    });
  }, [signedIn, rule, note]);

  // The person's own activity, while the question is not open.
  useEffect(() => {
    if (!signedIn || phase !== "active") return;
    const onActivity = () => note(Date.now());
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onActivity, { capture: true, passive: true });
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onActivity, { capture: true });
    };
  }, [signedIn, phase, note]);

  // The next change of phase, and a look at the time whenever the tab is shown again.
  useEffect(() => {
    if (!signedIn) return;
    const check = () => {
      const now = Date.now();
      const next = phaseAt(last, now, rule);
      setPhase(next);
      if (next === "expired" && !fired.current) {
        fired.current = true;
        expired.current();
      }
    };
    if (phaseAt(last, Date.now(), rule) === "expired") {
      check();
      return;
    }
    const timer = window.setTimeout(check, untilNextPhase(last, Date.now(), rule));
    document.addEventListener("visibilitychange", check);
    return () => {
      window.clearTimeout(timer);
      document.removeEventListener("visibilitychange", check);
    };
  }, [signedIn, last, phase, rule]);

  const stay = useCallback(() => {
    note(Date.now(), true);
    setPhase("active");
  }, [note]);

  return { phase: signedIn ? phase : "active", signOutAt: last + rule.idleMs, stay };
}
