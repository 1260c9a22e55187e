/**
 * Results days remembered in this browser (issue 21), so the sign-in page can say on a results
 * morning that people may sign in now and keep the page open: it is shown before anyone signs in,
 * when the API cannot be asked, so the days are kept from the last signed-in visit's GET /series.
 * Results days are no secret; nothing about the person is kept.
 */
import { ukParts } from "../screens/common/when";

export const RESULTS_DAYS_KEY = "portal.resultsDays";

/** YYYY-MM-DD and the hour, in UK time, of a moment. */
export function ukDate(at: number): { day: string; hour: number } {
  const p = ukParts(new Date(at));
  const two = (n: number) => String(n).padStart(2, "0");
  return { day: `${p.year}-${two(p.month)}-${two(p.day)}`, hour: Number(p.hour) };
}

export function rememberResultsDays(days: readonly string[]): void {
  try {
    window.localStorage.setItem(RESULTS_DAYS_KEY, JSON.stringify([...new Set(days)].sort()));
  } catch {
    // private browsing: the sign-in page then says nothing, which is what it said before
  }
}

function rememberedDays(): string[] {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(RESULTS_DAYS_KEY) ?? "[]");
    return Array.isArray(value) ? value.filter((d): d is string => typeof d === "string") : [];
  } catch {
    return [];
  }
}

/** Whether `at` is before 08:00 UK time on a results day this browser knows of. */
export function isResultsMorning(at: number = Date.now(), days: readonly string[] = rememberedDays()): boolean {
  const { day, hour } = ukDate(at);
  return hour < 8 && days.includes(day);
}
