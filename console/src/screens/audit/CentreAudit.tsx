/**
 * The centre's audit log (EO, Admins, the helpdesk): newest first, paged, with what changed.
 * Records name their actor by id only (GET /centres/{id}/audit), so the screen asks for each
 * actor once (GET /centres/{id}/users/{actor}) to show a name; the helpdesk and former members
 * cannot be found that way and are said as such.
 */
import { useCallback, useEffect, useRef, useState } from "react";

import { errorSentence } from "../../api/errors";
import { centreAudit, getMember, type AuditEntry } from "../../api/portal";
import type { ScreenProps } from "../../app/routes";
import { useMe, useSession } from "../../app/session";
import { useT } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Page } from "../../ui/Page";
import { Pager, usePaged } from "../common/paging";
import { BackToUsers, CentreLine, fullName, useCentre } from "../users/centre";
import { AuditTable } from "./AuditTable";

export const AUDIT_PAGE_SIZE = 20;

export default function CentreAudit({ params }: ScreenProps) {
  const centreId = params["centreId"] ?? "";
  const t = useT();
  const { api } = useSession();
  const me = useMe();
  const { centre, error: centreError } = useCentre(centreId);
  const load = useCallback(
    (cursor: string | null) => centreAudit(api, centreId, { limit: AUDIT_PAGE_SIZE, cursor }),
    [api, centreId],
  );
  const paged = usePaged<AuditEntry>(load, centreId);
  const names = useActorNames(centreId, paged.items ?? []);

  const actorName = (entry: AuditEntry) => {
    if (entry.actor_id === me.user_id) return t("audit.you");
    if (entry.actor_id === "system") return t("audit.system");
    if (entry.actor_id === entry.target_id && entry.target_email) return entry.target_email;
    const name = names[entry.actor_id];
    if (name === undefined) return "…";
    return name ?? t("audit.unknownActor");
  };

  return (
    <Page title={t("audit.title")} wide>
      <BackToUsers centreId={centreId} />
      <CentreLine centreId={centreId} centre={centre} error={centreError} />
      <p>{t("audit.intro")}</p>
      {paged.error ? <ErrorSummary message={errorSentence(paged.error, t)} /> : null}
      {paged.items === null && !paged.error ? (
        <p role="status">{t("app.loading")}</p>
      ) : paged.items && paged.items.length === 0 ? (
        <p role="status">{t("audit.none")}</p>
      ) : paged.items ? (
        <AuditTable entries={paged.items} caption={t("audit.caption", { id: centreId })} actorName={actorName} />
      ) : null}
      <Pager paged={paged} label={t("audit.pages")} />
    </Page>
  );
}

/** The names of the actors on the page: a name, null when the actor is not a member, or absent while asked. */
function useActorNames(centreId: string, entries: AuditEntry[]): Record<string, string | null> {
  const { api } = useSession();
  const me = useMe();
  const [names, setNames] = useState<Record<string, string | null>>({});
  const asked = useRef(new Set<string>());
  useEffect(() => {
    const wanted = [...new Set(entries.map((e) => e.actor_id))].filter(
      (id) => id !== me.user_id && id !== "system" && !asked.current.has(id),
    );
    for (const id of wanted) {
      asked.current.add(id);
      getMember(api, centreId, id).then(
        (member) => setNames((before) => ({ ...before, [id]: fullName(member) || member.email })),
        () => setNames((before) => ({ ...before, [id]: null })),
      );
    }
  }, [api, centreId, entries, me.user_id]);
  return names;
}
