/**
 * Home: welcome, the centre (with a switcher for people in several), the next results day and its
 * countdown (ResultsDay.tsx), one tile per service from GET /me/centres/{id}/services for that
 * series, and the guide's quick-navigation answers.
 */
import { useCallback, useEffect, useState } from "react";

import { errorSentence } from "../../api/errors";
import { getServices, type ServiceTile } from "../../api/portal";
import { useMe, useSession } from "../../app/session";
import type { MessageKey } from "../../i18n/catalogue";
import { useLanguage, type Translate } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { SelectField } from "../../ui/fields";
import { Page } from "../../ui/Page";
import { ResultsDay, useNextSeries } from "./ResultsDay";

const FAQ = ["a2c", "results", "resources", "boundaries", "papers"] as const;

/**
 * When a service opens, in UK time (results open at 08:00 UK time), worded from the catalogue:
 * browsers' own Welsh date names cannot be relied on (Chromium may ship without them).
 */
export function opensAt(iso: string, t: Translate): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const [year, month, day] = [Number(part("year")), Number(part("month")), Number(part("day"))];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return t("date.long", {
    weekday: t(`date.weekday.${weekday}` as MessageKey),
    day,
    month: t(`date.month.${month}` as MessageKey),
    year,
    time: `${part("hour")}:${part("minute")}`,
  });
}

export default function Home() {
  const { t } = useLanguage();
  const me = useMe();
  const session = useSession();
  const [tiles, setTiles] = useState<ServiceTile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const next = useNextSeries(session.api);
  const series = next?.series_id;
  const [asked, setAsked] = useState(0); // ResultsDay asks again at 08:00, without a reload
  const askAgain = useCallback(() => setAsked((n) => n + 1), []);
  const centreId = session.centreId;
  const membership = session.membership;

  useEffect(() => setTiles(null), [centreId]); // another centre's tiles are not shown meanwhile

  useEffect(() => {
    if (!centreId || next === undefined) return; // the tiles are asked for the next series, once known
    let live = true;
    setError(null);
    getServices(session.api, centreId, series)
      .then((answer) => live && setTiles(answer.services))
      .catch((caught: unknown) => live && setError(errorSentence(caught, t)));
    return () => {
      live = false;
    };
  }, [session.api, centreId, next, series, asked, t]);

  const name = me.given_name || me.email || "";
  return (
    <Page title={t("home.welcome", { name })} wide>
      {membership ? (
        <p className="lead centre-name">{t("home.centre", { id: membership.centre_id, name: membership.centre_name })}</p>
      ) : (
        <p className="lead">{t("home.noCentre")}</p>
      )}
      {me.memberships.length > 1 ? (
        <div className="inline-form">
          <SelectField
            id="centre"
            label={t("home.centreSwitch")}
            value={centreId ?? ""}
            onChange={(event) => session.setCentreId(event.target.value)}
            options={me.memberships.map((m) => ({
              value: m.centre_id,
              label: `${m.centre_id} ${m.centre_name} (${t(`accountType.${m.account_type}`)})`,
            }))}
          />
        </div>
      ) : null}
      {centreId ? (
        <section aria-labelledby="services-title" className="services">
          <h2 id="services-title">{t("home.services")}</h2>
          <ErrorSummary message={error} />
          {next ? (
            <ResultsDay
              series={next}
              results={tiles?.find((tile) => tile.service === "results") ?? null}
              askAgain={askAgain}
            />
          ) : null}
          {tiles ? (
            <ul className="tiles">
              {tiles.map((tile) => (
                <Tile key={tile.service} tile={tile} />
              ))}
            </ul>
          ) : error ? null : (
            <p role="status">{t("app.loading")}</p>
          )}
        </section>
      ) : null}
      <section aria-labelledby="faq-title" className="faq">
        <h2 id="faq-title">{t("home.faqTitle")}</h2>
        <dl>
          {FAQ.map((id) => (
            <div key={id} className="faq__item">
              <dt>{t(`home.faq.${id}.q` as MessageKey)}</dt>
              <dd>{t(`home.faq.${id}.a` as MessageKey)}</dd>
            </div>
          ))}
        </dl>
        <p>{t("home.help")}</p>
      </section>
    </Page>
  );
}

function Tile({ tile }: { tile: ServiceTile }) {
  const { t } = useLanguage();
  const id = `tile-${tile.service}`;
  return (
    <li className={`tile tile--${tile.access}`} aria-labelledby={id}>
      <h3 id={id} className="tile__name">
        {t(`service.${tile.service}.name` as MessageKey)}
      </h3>
      <p className="tile__about">{t(`service.${tile.service}.about` as MessageKey)}</p>
      <p className="tile__access">
        <span className={`badge badge--${tile.access}`}>{t(`access.${tile.access}`)}</span>
        {tile.available_from ? (
          <span className="tile__opens"> {t("access.opens", { when: opensAt(tile.available_from, t) })}</span>
        ) : null}
      </p>
    </li>
  );
}
