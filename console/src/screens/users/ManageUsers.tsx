/**
 * Manage users: the centre's members with their status, filters by status and account type,
 * paging, and the way to each member's page (manage access, invitations, delete). The Exams
 * Officer's row is protected from Admins, and a person's own row from themselves.
 */
import { useCallback, useState, type FormEvent } from "react";

import { errorSentence } from "../../api/errors";
import { listMembers, type AccountType, type Member, type MembershipStatus } from "../../api/portal";
import type { ScreenProps } from "../../app/routes";
import { Link } from "../../app/router";
import { useMe, useSession } from "../../app/session";
import { useLanguage } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button, SelectField } from "../../ui/fields";
import { Page } from "../../ui/Page";
import { LiveNotice, useFlash } from "../common/LiveNotice";
import { Pager, usePaged } from "../common/paging";
import { when } from "../common/when";
import { CentreLine, fullName, useCentre } from "./centre";

export const PAGE_SIZE = 25;
const STATUSES: MembershipStatus[] = ["invited", "expired", "active"];
const TYPES: AccountType[] = ["exams_officer", "admin", "user"];

interface Filters {
  status: MembershipStatus | "";
  account_type: AccountType | "";
}

/** Why a row cannot be managed by this person, or null when it can. */
export function protection(member: Member, me: { user_id: string; helpdesk: boolean }): "self" | "examsOfficer" | null {
  if (member.user_id === me.user_id) return "self";
  if (member.account_type === "exams_officer" && !me.helpdesk) return "examsOfficer";
  return null;
}

export default function ManageUsers({ params }: ScreenProps) {
  const centreId = params["centreId"] ?? "";
  const { t, language } = useLanguage();
  const { api } = useSession();
  const me = useMe();
  const { centre, error: centreError } = useCentre(centreId);
  const [flash] = useFlash();
  const [draft, setDraft] = useState<Filters>({ status: "", account_type: "" });
  const [filters, setFilters] = useState<Filters>(draft);
  const load = useCallback(
    (cursor: string | null) => listMembers(api, centreId, { ...filters, limit: PAGE_SIZE, cursor }),
    [api, centreId, filters],
  );
  const paged = usePaged<Member>(load, JSON.stringify(filters));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  const base = `/centres/${centreId}`;
  return (
    <Page title={t("users.title")} wide>
      <CentreLine centreId={centreId} centre={centre} error={centreError} />
      <LiveNotice message={flash} />
      <ul className="actions" aria-label={t("users.actions")}>
        <li>
          <Link className="button button--primary" to={`${base}/users/invite`}>
            {t("invite.title")}
          </Link>
        </li>
        <li>
          <Link className="button button--secondary" to={`${base}/users/bulk`}>
            {t("bulk.title")}
          </Link>
        </li>
        <li>
          <Link className="button button--secondary" to={`${base}/audit`}>
            {t("audit.title")}
          </Link>
        </li>
      </ul>
      <form className="inline-form filters" onSubmit={apply} noValidate aria-label={t("users.filters")}>
        <SelectField
          id="filter-status"
          label={t("users.status")}
          value={draft.status}
          onChange={(event) => setDraft({ ...draft, status: event.target.value as Filters["status"] })}
          options={[{ value: "", label: t("users.any") }, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
        />
        <SelectField
          id="filter-type"
          label={t("users.accountType")}
          value={draft.account_type}
          onChange={(event) => setDraft({ ...draft, account_type: event.target.value as Filters["account_type"] })}
          options={[{ value: "", label: t("users.any") }, ...TYPES.map((a) => ({ value: a, label: t(`accountType.${a}`) }))]}
        />
        <Button variant="secondary">{t("users.filter")}</Button>
      </form>
      {paged.error ? <ErrorSummary message={errorSentence(paged.error, t)} /> : null}
      {paged.items === null && !paged.error ? (
        <p role="status">{t("app.loading")}</p>
      ) : paged.items && paged.items.length === 0 ? (
        <p role="status">{t("users.none")}</p>
      ) : paged.items ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t("users.caption", { id: centreId })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("users.name")}</th>
                <th scope="col">{t("users.email")}</th>
                <th scope="col">{t("users.accountType")}</th>
                <th scope="col">{t("users.status")}</th>
                <th scope="col">{t("users.lastSignIn")}</th>
              </tr>
            </thead>
            <tbody>
              {paged.items.map((member) => {
                const name = fullName(member) || member.email;
                const locked = protection(member, me);
                return (
                  <tr key={member.user_id}>
                    <th scope="row">
                      {locked ? (
                        <>
                          <span>{name}</span>
                          <span className="table__note">
                            {locked === "self" ? t("users.you") : t("users.protectedExamsOfficer")}
                          </span>
                        </>
                      ) : (
                        <Link to={`${base}/users/${encodeURIComponent(member.user_id)}`}>{name}</Link>
                      )}
                    </th>
                    <td className="table__email">{member.email}</td>
                    <td>{t(`accountType.${member.account_type}`)}</td>
                    <td>
                      <span className={`status status--${member.status}`}>{t(`status.${member.status}`)}</span>
                    </td>
                    <td>{member.last_sign_in_at ? when(member.last_sign_in_at, language) : t("users.never")}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager paged={paged} label={t("users.pages")} />
    </Page>
  );
}
