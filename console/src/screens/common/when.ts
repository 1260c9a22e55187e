/**
 * Dates and times as the management screens show them: in the page's language and in UK time,
 * the time Portal's rules are written in (results open at 08:00 UK time).
 *
 * Welsh is composed here from the date's parts rather than left to `Intl` with `cy-GB`: many
 * browsers' ICU data has no Welsh (Debian's Chromium among them) and silently falls back to
 * American English ("Dec 1, 2026, 10:19 PM") on a Welsh page.
 */
import type { Language } from "../../i18n/i18n";

const MONTHS_CY = ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"];
const DAYS_CY = ["dydd Sul", "dydd Llun", "dydd Mawrth", "dydd Mercher", "dydd Iau", "dydd Gwener", "dydd Sadwrn"];

export interface Parts {
  year: number;
  month: number; // 1..12
  day: number;
  weekday: number; // 0 = Sunday
  hour: string;
  minute: string;
}

function parts(date: Date, timeZone: string): Parts {
  const found: Record<string, string> = {};
  const format = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  for (const part of format.formatToParts(date)) found[part.type] = part.value;
  const year = Number(found["year"]);
  const month = Number(found["month"]);
  const day = Number(found["day"]);
  return {
    year,
    month,
    day,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
    hour: found["hour"] ?? "00",
    minute: found["minute"] ?? "00",
  };
}

/** A moment's date and time in UK time, the time Portal's rules are written in. */
export function ukParts(date: Date): Parts {
  return parts(date, "Europe/London");
}

/** A moment (ISO 8601 with an offset) in UK time: "13 Aug 2026, 08:00" / "13 Awst 2026, 08:00". */
export function when(iso: string, language: Language): string {
  const date = new Date(iso);
  if (language === "cy") {
    const p = ukParts(date);
    return `${p.day} ${MONTHS_CY[p.month - 1]} ${p.year}, ${p.hour}:${p.minute}`;
  }
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/London" }).format(date);
}

/** A calendar day (`2026-08-13`), whatever the browser's zone: "Thursday 13 August 2026" / "dydd Iau 13 Awst 2026". */
export function day(isoDate: string, language: Language): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (language === "cy") {
    const p = parts(date, "UTC");
    return `${DAYS_CY[p.weekday]} ${p.day} ${MONTHS_CY[p.month - 1]} ${p.year}`;
  }
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeZone: "UTC" }).format(date);
}
