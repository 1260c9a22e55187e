/**
 * Bulk invite: a CSV file → a preview that marks invalid rows → the valid rows sent one by one,
 * with a progress bar and a result per row. Each row keeps its own Idempotency-Key (bulk.ts), so
 * "Try again" after a dropped connection sends the same requests and nobody is invited twice.
 * When Portal is busy (429), sending pauses for as long as its Retry-After says, says so, and
 * carries on with the same row (the same key): nothing is skipped or sent twice.
 */
import { useRef, useState, type ChangeEvent } from "react";

import { busyWait } from "../../api/client";
import { ApiError, errorSentence } from "../../api/errors";
import { inviteMember } from "../../api/portal";
import type { ScreenProps } from "../../app/routes";
import { useSession } from "../../app/session";
import type { MessageKey } from "../../i18n/catalogue";
import { useT } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button } from "../../ui/fields";
import { Page } from "../../ui/Page";
import { newKey } from "../common/idempotency";
import { BackToUsers, CentreLine, useCentre } from "./centre";
import { COLUMNS, MAX_ROWS, readBulkFile, type BulkFile, type BulkRow } from "./bulk";

type Outcome =
  | { state: "sending" }
  | { state: "invited" }
  | { state: "added" }
  | { state: "failed"; error: unknown; retry: boolean };

/** How many 429s in a row one row waits out before it is left for "Try again". */
export const BUSY_PAUSES = 5;

/** Failures worth sending again unchanged: the answer was lost, or Portal was busy. */
const RETRYABLE = new Set(["network", "internal_error", "service_unavailable", "too_many_requests", "idempotency_key_in_use", "unknown"]);

export function retryable(error: unknown): boolean {
  return !(error instanceof ApiError) || RETRYABLE.has(error.code);
}

export default function BulkInvite({ params }: ScreenProps) {
  const centreId = params["centreId"] ?? "";
  const t = useT();
  const { api } = useSession();
  const { centre, error: centreError, reload: reloadCentre } = useCentre(centreId);
  const [file, setFile] = useState<BulkFile | null>(null);
  const [fileName, setFileName] = useState("");
  const [readError, setReadError] = useState<string | null>(null);
  const [outcomes, setOutcomes] = useState<Record<number, Outcome>>({});
  const [sending, setSending] = useState(false);
  const [paused, setPaused] = useState<number | null>(null); // seconds, while Portal is busy
  const stop = useRef(false);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    setFile(null);
    setOutcomes({});
    setReadError(null);
    if (!chosen) return;
    setFileName(chosen.name);
    try {
      setFile(readBulkFile(await chosen.text(), newKey));
    } catch {
      setReadError(t("bulk.file.unreadable"));
    }
  };

  const ready = file?.rows.filter((r) => r.invitation) ?? [];
  const toSend = ready.filter((r) => {
    const outcome = outcomes[r.row];
    return !outcome || (outcome.state === "failed" && outcome.retry);
  });
  const finished = ready.filter((r) => {
    const state = outcomes[r.row]?.state;
    return state && state !== "sending";
  }).length;

  const send = async (rows: BulkRow[]) => {
    setSending(true);
    stop.current = false;
    for (const row of rows) {
      if (stop.current || !row.invitation) break;
      setOutcomes((before) => ({ ...before, [row.row]: { state: "sending" } }));
      let outcome: Outcome | null = null;
      for (let pause = 0; outcome === null; pause++) {
        try {
          const member = await inviteMember(api, centreId, row.invitation, row.idempotencyKey);
          outcome = { state: member.status === "active" ? "added" : "invited" };
        } catch (error) {
          if (error instanceof ApiError && error.code === "too_many_requests" && pause < BUSY_PAUSES) {
            await waitOut(busyWait(error));
            if (stop.current) outcome = { state: "failed", error, retry: true };
            continue;
          }
          if (error instanceof ApiError && error.unauthenticated) stop.current = true;
          outcome = { state: "failed", error, retry: retryable(error) };
        }
      }
      setOutcomes((before) => ({ ...before, [row.row]: outcome }));
    }
    setSending(false);
    reloadCentre();
  };

  /** Pause, counting the seconds down on the page, then carry on. */
  const waitOut = async (ms: number) => {
    const end = Date.now() + ms;
    for (let left = Math.ceil(ms / 1000); left > 0; left = Math.ceil((end - Date.now()) / 1000)) {
      setPaused(left);
      await new Promise((done) => setTimeout(done, Math.min(1000, end - Date.now())));
    }
    setPaused(null);
  };

  const counts = { invited: 0, added: 0, failed: 0 };
  for (const outcome of Object.values(outcomes)) {
    if (outcome.state === "invited" || outcome.state === "added" || outcome.state === "failed") counts[outcome.state]++;
  }
  const started = Object.keys(outcomes).length > 0;
  const retries = started && !sending ? toSend : [];
  const problemRows = file ? file.rows.length - ready.length : 0;

  return (
    <Page title={t("bulk.title")} wide>
      <BackToUsers centreId={centreId} />
      <CentreLine centreId={centreId} centre={centre} error={centreError} />
      <p>{t("bulk.intro")}</p>
      <ul className="bulk-columns">
        {COLUMNS.map((column) => (
          <li key={column}>
            <code>{column}</code>: {t(`bulk.column.${column}` as MessageKey)}
          </li>
        ))}
      </ul>
      <p>{t("bulk.example")}</p>
      <pre className="bulk-example">
        {"email,given_name,family_name,account_type,permissions\n" +
          "nia.newman@example.org,Nia,Newman,user,iamis;entries\n" +
          '"o.oneill@example.org","Owain","O\'Neill",admin,\n' +
          "sian.jones@example.org,Siân,Jones,user,results;view_scripts"}
      </pre>

      <ErrorSummary message={readError ?? (file?.problems[0] ? t(file.problems[0].key, file.problems[0].values) : null)} />
      <div className={readError || file?.problems.length ? "field field--error" : "field"}>
        <label className="field__label" htmlFor="bulk-file">
          {t("bulk.file")}
        </label>
        <p className="field__hint" id="bulk-file-hint">
          {t("bulk.fileHint", { max: MAX_ROWS })}
        </p>
        <input
          id="bulk-file"
          type="file"
          className="field__file"
          accept=".csv,text/csv"
          aria-describedby="bulk-file-hint"
          disabled={sending}
          onChange={(event) => void choose(event)}
        />
      </div>

      {file && file.rows.length > 0 ? (
        <section aria-labelledby="bulk-preview-title">
          <h2 id="bulk-preview-title">{started ? t("bulk.resultsTitle") : t("bulk.previewTitle", { file: fileName })}</h2>
          <p>
            {t("bulk.readyCount", { ready: ready.length, total: file.rows.length })}{" "}
            {problemRows > 0 ? t("bulk.problemCount", { count: problemRows }) : null}
          </p>
          {started ? (
            <div className="progress">
              <label htmlFor="bulk-progress" className="field__label">
                {t("bulk.progress")}
              </label>
              <progress id="bulk-progress" max={ready.length} value={finished}>
                {finished} / {ready.length}
              </progress>
              <p role="status" className="progress__status">
                {paused !== null
                  ? t("throttle.bulkPaused", { seconds: paused })
                  : sending
                    ? t("bulk.progressCount", { done: finished, total: ready.length })
                    : t("bulk.summary", counts)}
              </p>
            </div>
          ) : null}
          <div className="button-row">
            {!started ? (
              <Button type="button" disabled={ready.length === 0} onClick={() => void send(ready)}>
                {t("bulk.send", { count: ready.length })}
              </Button>
            ) : null}
            {retries.length > 0 ? (
              <Button type="button" onClick={() => void send(retries)}>
                {t("bulk.retry", { count: retries.length })}
              </Button>
            ) : null}
          </div>
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t("bulk.caption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("bulk.row")}</th>
                  <th scope="col">{t("users.email")}</th>
                  <th scope="col">{t("users.name")}</th>
                  <th scope="col">{t("users.accountType")}</th>
                  <th scope="col">{t("users.permissions")}</th>
                  <th scope="col">{started ? t("bulk.result") : t("bulk.check")}</th>
                </tr>
              </thead>
              <tbody>
                {file.rows.map((row) => (
                  <tr key={row.row} className={row.problems.length ? "table__row--problem" : undefined}>
                    <th scope="row">{row.row}</th>
                    <td className="table__email">{row.email}</td>
                    <td>{[row.given_name, row.family_name].filter(Boolean).join(" ")}</td>
                    <td>{row.account_type ? t(`accountType.${row.account_type}`) : ""}</td>
                    <td>
                      {row.account_type === "admin"
                        ? t("bulk.allPermissions")
                        : row.permissions.map((p) => t(`service.${p}.name` as MessageKey)).join(", ")}
                    </td>
                    <td>
                      <RowResult row={row} outcome={outcomes[row.row]} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </Page>
  );
}

function RowResult({ row, outcome }: { row: BulkRow; outcome: Outcome | undefined }) {
  const t = useT();
  if (row.problems.length > 0) {
    return (
      <ul className="row-problems">
        {row.problems.map((problem, index) => (
          <li key={index}>{t(problem.key, problem.values)}</li>
        ))}
      </ul>
    );
  }
  if (!outcome) return <span className="status status--ready">{t("bulk.ready")}</span>;
  switch (outcome.state) {
    case "sending":
      return <span>{t("bulk.sending")}</span>;
    case "invited":
      return <span className="status status--done">{t("bulk.invited")}</span>;
    case "added":
      return <span className="status status--done">{t("bulk.added")}</span>;
    case "failed":
      return (
        <span className="status status--failed">
          {errorSentence(outcome.error, t)} {outcome.retry ? t("bulk.notSent") : null}
        </span>
      );
  }
}
