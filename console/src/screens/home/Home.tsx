/**
 * Home: welcome, the centre (with a switcher for people in several), the next results day and its
 * countdown (ResultsDay.tsx), one tile per service from GET /me/centres/{id}/services for that
 * series, and the guide's quick-navigation answers.
 */
import { useCallback, useEffect, useState } from "react";

import { errorSentence } from "../../api/errors";
import { getServices, type ServiceTile as Tile } from "../../api/portal";
import { useMe, useSession } from "../../app/session";
import type { MessageKey } from "../../i18n/catalogue";
import { useLanguage, type Translate } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { SelectField } from "../../ui/fields";
import { Page } from "../../ui/Page";
import { ukParts } from "../common/when";
import { HomePasskeyBox } from "../passkeys/HomePasskeyBox";
import { ResultsDay, useNextSeries } from "./ResultsDay";
import { ServiceTile } from "./ServiceTile";

const FAQ = ["a2c", "results", "resources", "boundaries", "papers"] as const;

/**
 * When a service opens, in UK time (results open at 08:00 UK time), worded from the catalogue:
 * browsers' own Welsh date names cannot be relied on (Chromium may ship without them).
 */
export function opensAt(iso: string, t: Translate): string {
  const { year, month, day, weekday, hour, minute } = ukParts(new Date(iso));
  return t("date.long", {
    weekday: t(`date.weekday.${weekday}` as MessageKey),
    day,
    month: t(`date.month.${month}` as MessageKey),
    year,
    time: `${hour}:${minute}`,
  });
}

export default function Home() {
  const { t } = useLanguage();
  const me = useMe();
  const session = useSession();
  const [tiles, setTiles] = useState<Tile[] | null>(null);
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
      <HomePasskeyBox />
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
                <ServiceTile key={tile.service} tile={tile} centreId={centreId} seriesId={series || undefined} />
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
