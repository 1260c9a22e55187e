/**
 * Results days remembered in this browser (issue 21), so the sign-in page can say on a results
 * morning that people may sign in now and keep the page open: it is shown before anyone signs in,
 * when the API cannot be asked, so the days are kept from the last signed-in visit's GET /series.
 * Results days are no secret; nothing about the person is kept.
 */
export const RESULTS_DAYS_KEY = "portal.resultsDays";
const UK = "Europe/London";

/** YYYY-MM-DD and the hour, in UK time, of a moment. */
export function ukDate(at: number): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: UK,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return { day: `${part("year")}-${part("month")}-${part("day")}`, hour: Number(part("hour")) };
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
