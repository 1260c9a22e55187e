/**
 * Results morning's timing (issue 21), pure so the tests can hold it to its promises:
 *
 * - the next results day is the first series whose results day is today or later (UK time);
 * - at 08:00 each page asks for its tiles again at a random moment within the first minute, so
 *   thousands of open pages do not all ask in the same second;
 * - a page whose access token would expire around 08:00 refreshes it beforehand, at a random
 *   moment between an hour and five minutes before, never at 08:00 itself (Cognito counts each
 *   refresh against the same quota as sign-ins: docs/capacity.md).
 */
import type { Series } from "../../api/portal";
import { ukDate } from "../../app/resultsDays";

export const ASK_SPREAD_MS = 60_000;
export const REFRESH_FROM_MS = 60 * 60_000; // before 08:00
export const REFRESH_BY_MS = 5 * 60_000; // before 08:00
export const VALID_AFTER_MS = 15 * 60_000; // a token that lasts this long past 08:00 is kept
export const ASK_AGAIN_MS: readonly [number, number] = [10_000, 30_000];

export function nextSeries(series: readonly Series[], now: number): Series | null {
  const today = ukDate(now).day;
  const coming = series.filter((s) => s.results_day >= today);
  coming.sort((a, b) => a.results_released_at.localeCompare(b.results_released_at) || a.series_id.localeCompare(b.series_id));
  return coming[0] ?? null;
}

/** Milliseconds until this page asks for its tiles again: 08:00 plus a random part of a minute. */
export function askDelay(releaseAt: number, now: number, random: () => number = Math.random): number {
  return Math.max(0, releaseAt - now) + Math.floor(random() * ASK_SPREAD_MS);
}

/** When 08:00 has come by this browser's clock but Portal still says "not yet" (a clock ahead of
 * Portal's): ask again after a random 10 to 30 s. */
export function askAgainDelay(random: () => number = Math.random): number {
  const [low, high] = ASK_AGAIN_MS;
  return low + Math.floor(random() * (high - low));
}

/** Milliseconds until the token should be refreshed, or null when it lasts well past 08:00 (or
 * 08:00 has passed). Always at least five minutes before 08:00 when there is still time for it. */
export function refreshDelay(
  tokenExpiresAt: number,
  releaseAt: number,
  now: number,
  random: () => number = Math.random,
): number | null {
  if (now >= releaseAt || tokenExpiresAt >= releaseAt + VALID_AFTER_MS) return null;
  const start = Math.max(now, releaseAt - REFRESH_FROM_MS);
  const end = releaseAt - REFRESH_BY_MS;
  if (end <= start) return Math.floor(random() * Math.max(0, releaseAt - now) * 0.5); // late: soon, still before 08:00
  return start - now + Math.floor(random() * (end - start));
}

/** hh:mm:ss until `releaseAt`, for the countdown (digits read the same in both languages). */
export function countdown(releaseAt: number, now: number): string {
  const total = Math.max(0, Math.ceil((releaseAt - now) / 1000));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}
