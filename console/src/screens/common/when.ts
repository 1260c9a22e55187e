/**
 * Dates and times as the management screens show them: in the page's language and in UK time,
 * which is the time Portal's rules are written in (results open at 08:00 UK time).
 */
import type { Language } from "../../i18n/i18n";

const locale = (language: Language) => (language === "cy" ? "cy-GB" : "en-GB");

/** A moment (ISO 8601 with an offset), e.g. "13 August 2026, 08:00". */
export function when(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(locale(language), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Europe/London",
  }).format(new Date(iso));
}

/** A calendar day (`2026-08-13`), e.g. "Thursday 13 August 2026", whatever the browser's zone. */
export function day(isoDate: string, language: Language): string {
  return new Intl.DateTimeFormat(locale(language), { dateStyle: "full", timeZone: "UTC" }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );
}
