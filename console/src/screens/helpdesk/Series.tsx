/**
 * Exam series and their results days (GET and PUT /series): Users with the results permission
 * see a series' results from 08:00 UK time on its results day. A new series or a changed day is
 * one form; "Change" on a row fills it in.
 */
import { useCallback, useState, type FormEvent } from "react";

import { errorSentence, fieldMessages } from "../../api/errors";
import { listSeries, putSeries, type Series as SeriesRecord } from "../../api/portal";
import { useSession } from "../../app/session";
import { useLanguage } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button, TextField } from "../../ui/fields";
import { Page } from "../../ui/Page";
import { LiveNotice } from "../common/LiveNotice";
import { Pager, usePaged } from "../common/paging";
import { day, when } from "../common/when";
import { HelpdeskNav } from "./HelpdeskNav";

export const SERIES_PAGE_SIZE = 25;
// The API's pattern for a series id (PUT /series/{series_id}).
const SERIES_ID = /^[0-9]{4}-[a-z]+(?:-[a-z0-9]+){0,3}$/;

export default function Series() {
  const { t, language } = useLanguage();
  const { api } = useSession();
  const load = useCallback((cursor: string | null) => listSeries(api, { limit: SERIES_PAGE_SIZE, cursor }), [api]);
  const paged = usePaged<SeriesRecord>(load, "series");
  const [seriesId, setSeriesId] = useState("");
  const [resultsDay, setResultsDay] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const id = seriesId.trim();
    const mine: Record<string, string> = {};
    if (!SERIES_ID.test(id) || id.length > 32) mine["series_id"] = t("helpdesk.seriesIdInvalid");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(resultsDay)) mine["results_day"] = t("helpdesk.resultsDayInvalid");
    setFieldErrors(mine);
    setError(null);
    setNotice(null);
    if (Object.keys(mine).length > 0) return;
    setBusy(true);
    try {
      const saved = await putSeries(api, id, resultsDay);
      setNotice(t("helpdesk.seriesSaved", { series: saved.series_id, day: day(saved.results_day, language) }));
      setSeriesId("");
      setResultsDay("");
      paged.reload();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const change = (series: SeriesRecord) => {
    setSeriesId(series.series_id);
    setResultsDay(series.results_day);
    document.getElementById("results_day")?.focus();
  };

  const fields = { ...fieldMessages(error, t), ...fieldErrors };
  return (
    <Page title={t("helpdesk.seriesTitle")} wide>
      <HelpdeskNav />
      <p>{t("helpdesk.seriesIntro")}</p>
      <LiveNotice message={notice} />
      {paged.error ? <ErrorSummary message={errorSentence(paged.error, t)} /> : null}
      {paged.items === null && !paged.error ? (
        <p role="status">{t("app.loading")}</p>
      ) : paged.items && paged.items.length === 0 ? (
        <p>{t("helpdesk.noSeries")}</p>
      ) : paged.items ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("helpdesk.seriesTitle")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("helpdesk.series")}</th>
                <th scope="col">{t("helpdesk.resultsDay")}</th>
                <th scope="col">{t("helpdesk.resultsOpen")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("helpdesk.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {paged.items.map((series) => (
                <tr key={series.series_id}>
                  <th scope="row">{series.series_id}</th>
                  <td>{day(series.results_day, language)}</td>
                  <td>{when(series.results_released_at, language)}</td>
                  <td>
                    <Button type="button" variant="link" onClick={() => change(series)}>
                      {t("action.edit")}
                      <span className="visually-hidden"> {series.series_id}</span>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager paged={paged} label={t("helpdesk.seriesPages")} />

      <section aria-labelledby="series-form-title">
        <h2 id="series-form-title">{t("helpdesk.seriesForm")}</h2>
        <ErrorSummary
          message={error ? errorSentence(error, t) : null}
          items={Object.entries(fields).map(([field, message]) => ({ id: field, message }))}
        />
        <form className="form" noValidate onSubmit={(event) => void save(event)}>
          <TextField
            id="series_id"
            label={t("helpdesk.series")}
            hint={t("helpdesk.seriesHint")}
            autoComplete="off"
            spellCheck={false}
            value={seriesId}
            error={fields["series_id"]}
            onChange={(event) => setSeriesId(event.target.value)}
          />
          <TextField
            id="results_day"
            type="date"
            label={t("helpdesk.resultsDay")}
            hint={t("helpdesk.resultsDayHint")}
            value={resultsDay}
            error={fields["results_day"]}
            onChange={(event) => setResultsDay(event.target.value)}
          />
          <Button busy={busy}>{t("action.save")}</Button>
        </form>
      </section>
    </Page>
  );
}
