/**
 * The whole audit log, for the helpdesk: newest first, paged, filtered by centre, by who did it
 * and by whom it was done to. The API filters by user id; a person's email is turned into their
 * id first (GET /users?email=), so the helpdesk can type either.
 */
import { useCallback, useState, type FormEvent } from "react";

import { ApiError, errorSentence } from "../../api/errors";
import { findPerson, searchAudit, type AuditEntry, type AuditFilter } from "../../api/portal";
import { useMe, useSession } from "../../app/session";
import { useT } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button, TextField } from "../../ui/fields";
import { Page } from "../../ui/Page";
import { AuditTable } from "../audit/AuditTable";
import { Pager, usePaged } from "../common/paging";
import { HelpdeskNav } from "./HelpdeskNav";

export const HELPDESK_AUDIT_PAGE_SIZE = 25;
const CENTRE = /^[0-9]{5}$/;
const USER_ID = /^[A-Za-z0-9-]{1,64}$/;

interface Draft {
  centre: string;
  actor: string;
  target: string;
}

export default function HelpdeskAudit() {
  const t = useT();
  const { api } = useSession();
  const me = useMe();
  const [draft, setDraft] = useState<Draft>({ centre: "", actor: "", target: "" });
  const [filter, setFilter] = useState<AuditFilter>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const load = useCallback(
    (cursor: string | null) => searchAudit(api, { ...filter, limit: HELPDESK_AUDIT_PAGE_SIZE, cursor }),
    [api, filter],
  );
  const paged = usePaged<AuditEntry>(load, JSON.stringify(filter));

  /** An email or a user id as the user id the API filters by; a problem's sentence otherwise. */
  const resolve = async (value: string): Promise<{ id?: string; problem?: string }> => {
    const text = value.trim();
    if (!text) return {};
    if (text.includes("@")) {
      try {
        return { id: (await findPerson(api, text)).user_id };
      } catch (caught) {
        if (caught instanceof ApiError && (caught.code === "not_found" || caught.code === "invalid_request")) {
          return { problem: t("helpdesk.auditNoPerson") };
        }
        throw caught;
      }
    }
    return USER_ID.test(text) ? { id: text } : { problem: t("helpdesk.auditPersonInvalid") };
  };

  const apply = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const found: Record<string, string> = {};
    try {
      const centre = draft.centre.trim();
      if (centre && !CENTRE.test(centre)) found["audit-centre"] = t("helpdesk.centreNumberInvalid");
      const [actor, target] = await Promise.all([resolve(draft.actor), resolve(draft.target)]);
      if (actor.problem) found["audit-actor"] = actor.problem;
      if (target.problem) found["audit-target"] = target.problem;
      setProblems(found);
      if (Object.keys(found).length === 0) {
        setFilter({ centre_id: centre || undefined, actor: actor.id, target: target.id });
      }
    } catch (caught) {
      setProblems({ "audit-form": errorSentence(caught, t) });
    } finally {
      setBusy(false);
    }
  };

  const actorName = (entry: AuditEntry) =>
    entry.actor_id === me.user_id ? t("audit.you") : entry.actor_id === "system" ? t("audit.system") : entry.actor_id;

  const items = Object.entries(problems)
    .filter(([id]) => id !== "audit-form")
    .map(([id, message]) => ({ id, message }));
  return (
    <Page title={t("helpdesk.auditTitle")} wide>
      <HelpdeskNav />
      <p>{t("helpdesk.auditIntro")}</p>
      <ErrorSummary message={problems["audit-form"] ?? null} items={items} />
      <form className="inline-form filters" noValidate onSubmit={(event) => void apply(event)} aria-label={t("users.filters")}>
        <TextField
          id="audit-centre"
          label={t("audit.centre")}
          inputMode="numeric"
          autoComplete="off"
          value={draft.centre}
          error={problems["audit-centre"]}
          onChange={(event) => setDraft({ ...draft, centre: event.target.value })}
        />
        <TextField
          id="audit-actor"
          label={t("helpdesk.auditActor")}
          hint={t("helpdesk.auditPersonHint")}
          autoComplete="off"
          spellCheck={false}
          value={draft.actor}
          error={problems["audit-actor"]}
          onChange={(event) => setDraft({ ...draft, actor: event.target.value })}
        />
        <TextField
          id="audit-target"
          label={t("helpdesk.auditTarget")}
          hint={t("helpdesk.auditPersonHint")}
          autoComplete="off"
          spellCheck={false}
          value={draft.target}
          error={problems["audit-target"]}
          onChange={(event) => setDraft({ ...draft, target: event.target.value })}
        />
        <Button variant="secondary" busy={busy}>
          {t("users.filter")}
        </Button>
      </form>
      {paged.error ? <ErrorSummary message={errorSentence(paged.error, t)} /> : null}
      {paged.items === null && !paged.error ? (
        <p role="status">{t("app.loading")}</p>
      ) : paged.items && paged.items.length === 0 ? (
        <p role="status">{t("audit.none")}</p>
      ) : paged.items ? (
        <AuditTable entries={paged.items} caption={t("helpdesk.auditTitle")} actorName={actorName} showCentre />
      ) : null}
      <Pager paged={paged} label={t("audit.pages")} />
    </Page>
  );
}
