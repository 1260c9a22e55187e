/**
 * When Portal is busy (a 429 `too_many_requests`, issue 21): the API client reports how long it
 * waits before trying again, and one notice on every page says so (ui/BusyNotice.tsx), so nobody
 * is left looking at a page that seems stuck. Outside React, so the client can report to it.
 */
import { useEffect, useState } from "react";

type Listener = (until: number | null) => void;

let until: number | null = null;
const listeners = new Set<Listener>();

/** The client waits `seconds` before trying again; the notice counts down until then. */
export function reportBusy(seconds: number, now: number = Date.now()): void {
  const end = now + Math.max(0, seconds) * 1000;
  until = Math.max(until ?? 0, end);
  for (const listener of listeners) listener(until);
}

/** The retry went through: the notice goes. */
export function reportRecovered(): void {
  if (until === null) return;
  until = null;
  for (const listener of listeners) listener(null);
}

/** Seconds left before the client tries again, or null when Portal is not busy. */
export function useBusy(): number | null {
  const [end, setEnd] = useState<number | null>(until);
  const [, tick] = useState(0);
  useEffect(() => {
    listeners.add(setEnd);
    return () => {
      listeners.delete(setEnd);
    };
  }, []);
  useEffect(() => {
    if (end === null) return;
    const timer = window.setInterval(() => tick((n) => n + 1), 1000);
    return () => window.clearInterval(timer);
  }, [end]);
  if (end === null) return null;
  return Math.max(0, Math.ceil((end - Date.now()) / 1000));
}
