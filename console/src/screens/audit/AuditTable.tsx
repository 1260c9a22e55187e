/**
 * A page of the audit log, newest first: when, what, who did it, to whom, at which centre (the
 * helpdesk's log), and what changed, before and after. Shared by the centre's log and the
 * helpdesk's.
 */
import type { AuditEntry } from "../../api/portal";
import { useLanguage } from "../../i18n/i18n";
import { when } from "../common/when";
import { actionLabel, changeSentence, changes } from "./changes";

export function AuditTable({
  entries,
  caption,
  actorName,
  showCentre = false,
}: {
  entries: AuditEntry[];
  caption: string;
  /** Who did it, in words: a name, "You", or the id when nobody can say more. */
  actorName: (entry: AuditEntry) => string;
  showCentre?: boolean;
}) {
  const { t, language } = useLanguage();
  return (
    <div className="table-wrap">
      <table className="table audit">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("audit.when")}</th>
            <th scope="col">{t("audit.what")}</th>
            <th scope="col">{t("audit.actor")}</th>
            <th scope="col">{t("audit.target")}</th>
            {showCentre ? <th scope="col">{t("audit.centre")}</th> : null}
            <th scope="col">{t("audit.changes")}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            const changed = changes(entry, t, language);
            return (
              <tr key={entry.record_id}>
                <td className="audit__when">{when(entry.at, language)}</td>
                <th scope="row">{actionLabel(entry.action, t)}</th>
                <td className="audit__who">{actorName(entry)}</td>
                <td className="table__email">{entry.target_email ?? entry.target_id ?? "—"}</td>
                {showCentre ? <td>{entry.centre_id ?? "—"}</td> : null}
                <td>
                  {changed.length > 0 ? (
                    <ul className="audit__changes">
                      {changed.map((change, index) => (
                        <li key={index}>{changeSentence(change, t)}</li>
                      ))}
                    </ul>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
