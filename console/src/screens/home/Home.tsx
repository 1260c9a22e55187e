/**
 * Home: welcome, the centre (with a switcher for people in several), one tile per service from
 * GET /me/centres/{id}/services, and the guide's quick-navigation answers.
 */
import { useEffect, useState } from "react";

import { ApiError, errorSentence, fieldMessages } from "../../api/errors";
import { getServices, type ServiceTile as Tile } from "../../api/portal";
import { currentQuery } from "../../app/router";
import { useMe, useSession } from "../../app/session";
import type { MessageKey } from "../../i18n/catalogue";
import { useLanguage, type Translate } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button, SelectField, TextField } from "../../ui/fields";
import { Page } from "../../ui/Page";
import { ServiceTile } from "./ServiceTile";

const FAQ = ["a2c", "results", "resources", "boundaries", "papers"] as const;
const SERIES_KEY = "portal.series";

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

function storedSeries(): string {
  const fromLink = currentQuery().get("series");
  if (fromLink) return fromLink;
  try {
    return window.localStorage.getItem(SERIES_KEY) ?? "";
  } catch {
    return "";
  }
}

export default function Home() {
  const { t } = useLanguage();
  const me = useMe();
  const session = useSession();
  const [tiles, setTiles] = useState<Tile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [seriesError, setSeriesError] = useState<string | null>(null);
  const [seriesInput, setSeriesInput] = useState(storedSeries);
  const [series, setSeries] = useState(seriesInput.trim());
  const centreId = session.centreId;
  const membership = session.membership;

  useEffect(() => {
    if (!centreId) return;
    let live = true;
    setTiles(null);
    setError(null);
    setSeriesError(null);
    getServices(session.api, centreId, series || undefined)
      .then((answer) => live && setTiles(answer.services))
      .catch((caught: unknown) => {
        if (!live) return;
        const field = fieldMessages(caught, t)["series_id"];
        if (field) {
          setSeriesError(field);
        } else if (caught instanceof ApiError && caught.code === "not_found" && series) {
          setSeriesError(t("home.seriesUnknown", { series }));
        } else {
          setError(errorSentence(caught, t));
        }
      });
    return () => {
      live = false;
    };
  }, [session.api, centreId, series, t]);

  const showSeries = () => {
    const value = seriesInput.trim();
    setSeries(value);
    try {
      window.localStorage.setItem(SERIES_KEY, value);
    } catch {
      // for this page only
    }
  };

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
          <ErrorSummary message={error} items={seriesError ? [{ id: "series", message: seriesError }] : []} />
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault();
              showSeries();
            }}
          >
            <TextField
              id="series"
              label={t("home.seriesLabel")}
              hint={t("home.seriesHint")}
              value={seriesInput}
              spellCheck={false}
              onChange={(event) => setSeriesInput(event.target.value)}
              error={seriesError}
            />
            <Button variant="secondary">{t("home.seriesShow")}</Button>
          </form>
          {tiles ? (
            <ul className="tiles">
              {tiles.map((tile) => (
                <ServiceTile key={tile.service} tile={tile} centreId={centreId} seriesId={series || undefined} />
              ))}
            </ul>
          ) : error || seriesError ? null : (
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
