/**
 * The home page's results-day panel (issue 21): the next results day with no typing (GET /series,
 * every signed-in person's), a countdown to 08:00 UK time, and at 08:00 the results tile opening
 * by itself: no reload and no new sign-in. Each page asks at a random moment in the first minute,
 * and refreshes its token well before 08:00 when it would expire around then (results.ts), so an
 * open page costs Cognito nothing at 08:00. docs/console.md, "Results morning".
 */
import { useEffect, useRef, useState } from "react";

import type { ApiClient } from "../../api/client";
import { listSeries, type Series, type ServiceTile } from "../../api/portal";
import { rememberResultsDays } from "../../app/resultsDays";
import { accessTokenExpiry, refreshTokens } from "../../auth/cognito";
import { useT } from "../../i18n/i18n";
import { opensAt } from "./Home";
import { askAgainDelay, askDelay, countdown, nextSeries, refreshDelay } from "./results";

const SERIES_PAGES = 5; // of 100: years of series, more than Portal will hold

/** The next results day's series (null: none; undefined: still asking), read once per page, and
 * the results days remembered for the sign-in page. */
export function useNextSeries(api: ApiClient): Series | null | undefined {
  const [series, setSeries] = useState<Series | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void (async () => {
      const all: Series[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < SERIES_PAGES; page++) {
        const answer = await listSeries(api, { limit: 100, cursor });
        all.push(...answer.items);
        cursor = answer.next_cursor ?? null;
        if (!cursor) break;
      }
      if (!live) return;
      rememberResultsDays(all.map((s) => s.results_day));
      setSeries(nextSeries(all, Date.now()));
    })().catch(() => live && setSeries(null)); // no panel: the tiles still say when results open
    return () => {
      live = false;
    };
  }, [api]);
  return series;
}

function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [running]);
  return now;
}

export function ResultsDay({
  series,
  results,
  askAgain,
}: {
  series: Series;
  /** The results tile as Portal last answered it for this series (null while it loads). */
  results: ServiceTile | null;
  /** Ask Portal for the tiles again (Home does, without a reload). */
  askAgain: () => void;
}) {
  const t = useT();
  const releaseAt = Date.parse(series.results_released_at);
  const waiting = results?.access === "none" && results.available_from !== null;
  const before = useNow(true) < releaseAt;
  const refreshed = useRef(false);

  // 08:00 plus a random part of the first minute; again every 10 to 30 s while Portal says "not
  // yet" (this browser's clock ahead of Portal's), for ten minutes at most.
  useEffect(() => {
    if (!waiting) return;
    const now = Date.now();
    if (now > releaseAt + 10 * 60_000) return;
    const timer = window.setTimeout(askAgain, now < releaseAt ? askDelay(releaseAt, now) : askAgainDelay());
    return () => window.clearTimeout(timer);
  }, [waiting, releaseAt, askAgain]);

  // A token that would expire around 08:00 is refreshed beforehand, at a random moment, once.
  useEffect(() => {
    if (!waiting || refreshed.current) return;
    let timer: number | undefined;
    let live = true;
    void accessTokenExpiry().then((expiresAt) => {
      const delay = expiresAt === null || !live ? null : refreshDelay(expiresAt, releaseAt, Date.now());
      if (delay === null) return;
      refreshed.current = true;
      timer = window.setTimeout(() => void refreshTokens().catch(() => undefined), delay);
    });
    return () => {
      live = false;
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [waiting, releaseAt]);

  const opened = results !== null && results.access !== "none";
  return (
    <section aria-labelledby="results-day-title" className="results-day">
      <h2 id="results-day-title">{t("results.title")}</h2>
      <p>{t("results.day", { series: series.series_id, when: opensAt(series.results_released_at, t) })}</p>
      {before && waiting ? (
        <>
          <p className="results-day__countdown" role="timer" aria-label={t("results.countdownLabel")}>
            {t("results.countdown", { time: countdown(releaseAt, Date.now()) })}
          </p>
          <p>{t("results.keepOpen")}</p>
          <p>{t("results.stay")}</p>
        </>
      ) : null}
      {before && results?.access === "full" ? <p>{t("results.embargo")}</p> : null}
      <div aria-live="polite" className="results-day__status">
        {!before && waiting ? t("results.opening") : null}
        {!before && opened ? t("results.open", { series: series.series_id }) : null}
      </div>
    </section>
  );
}
