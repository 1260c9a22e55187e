/**
 * One member of a centre: who they are, their status, and what an EO, Admin or the helpdesk may
 * do: manage access (Admin or User within the limits, a User's permissions), send a new
 * invitation or withdraw it while it is open, and delete the membership (after a confirmation).
 */
import { useEffect, useState, type FormEvent } from "react";

import { errorSentence, fieldMessages } from "../../api/errors";
import {
  changeAccess,
  deleteMember,
  getMember,
  resendInvitation,
  withdrawInvitation,
  type AccessChange,
  type Member as MemberRecord,
  type Permission,
} from "../../api/portal";
import { navigate } from "../../app/router";
import type { ScreenProps } from "../../app/routes";
import { useMe, useSession } from "../../app/session";
import { useLanguage } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button, RadioGroup } from "../../ui/fields";
import { Page } from "../../ui/Page";
import { Confirm } from "../common/Confirm";
import { setFlash } from "../common/flash";
import { useIdempotencyKey } from "../common/idempotency";
import { LiveNotice } from "../common/LiveNotice";
import { when } from "../common/when";
import { BackToUsers, CentreLine, fullName, useCentre } from "./centre";
import { protection } from "./ManageUsers";
import { PermissionChoices, permissionsFieldId } from "./PermissionChoices";
import { granted } from "./permissions";

type Asking = "delete" | "withdraw" | null;
type ManagedType = "admin" | "user";

export default function Member({ params }: ScreenProps) {
  const centreId = params["centreId"] ?? "";
  const userId = params["userId"] ?? "";
  const { t, language } = useLanguage();
  const { api } = useSession();
  const me = useMe();
  const { centre, error: centreError, reload: reloadCentre } = useCentre(centreId);
  const [member, setMember] = useState<MemberRecord | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [accountType, setAccountType] = useState<ManagedType>("user");
  const [chosen, setChosen] = useState<Permission[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const resend = useIdempotencyKey();
  const [returnFocus, setReturnFocus] = useState<string | null>(null);

  useEffect(() => {
    // A cancelled question gives focus back to the button that asked it.
    if (asking === null && returnFocus) document.getElementById(returnFocus)?.focus();
  }, [asking, returnFocus]);
  const ask = (what: Asking) => {
    if (what) setReturnFocus(`${what}-button`);
    setAsking(what);
  };

  const adopt = (found: MemberRecord) => {
    setMember(found);
    setAccountType(found.account_type === "admin" ? "admin" : "user");
    setChosen(granted(found.permissions));
  };

  useEffect(() => {
    let live = true;
    getMember(api, centreId, userId).then(
      (found) => live && adopt(found),
      (caught: unknown) => live && setLoadError(caught),
    );
    return () => {
      live = false;
    };
  }, [api, centreId, userId]);

  const back = `/centres/${centreId}/users`;
  if (loadError) {
    return (
      <Page title={t("users.memberTitle")}>
        <ErrorSummary message={errorSentence(loadError, t)} />
        <BackToUsers centreId={centreId} />
      </Page>
    );
  }
  if (!member) {
    return (
      <Page title={t("users.memberTitle")}>
        <p role="status">{t("app.loading")}</p>
      </Page>
    );
  }

  const name = fullName(member) || member.email;
  const locked = protection(member, me);
  const pending = member.status !== "active";

  const run = async (what: string, action: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    setNotice(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const change: AccessChange = {};
    if (accountType !== member.account_type) change.account_type = accountType;
    if (accountType === "user") change.permissions = chosen;
    void run("save", async () => {
      adopt(await changeAccess(api, centreId, member.user_id, change));
      reloadCentre();
      setNotice(t("users.accessSaved", { name }));
    });
  };

  const sendAgain = () =>
    void run("resend", async () => {
      const key = resend.keyFor({ centreId, userId: member.user_id });
      adopt(await resendInvitation(api, centreId, member.user_id, key));
      resend.done();
      setNotice(t("users.invitationResent", { email: member.email }));
    });

  const remove = (kind: "delete" | "withdraw") =>
    void run(kind, async () => {
      if (kind === "delete") await deleteMember(api, centreId, member.user_id);
      else await withdrawInvitation(api, centreId, member.user_id);
      setFlash(t(kind === "delete" ? "users.deleted" : "users.withdrawn", { name }));
      navigate(back);
    });

  const fields = fieldMessages(error, t);
  const summaryItems = Object.entries(fields).map(([field, message]) => ({
    id: field === "permissions" ? permissionsFieldId("permission") : field,
    message,
  }));
  const staffTarget = member.account_type === "exams_officer";

  return (
    <Page title={name} wide>
      <BackToUsers centreId={centreId} />
      <CentreLine centreId={centreId} centre={centre} error={centreError} />
      <LiveNotice message={notice} />
      <ErrorSummary message={error ? errorSentence(error, t) : null} items={summaryItems} />
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt>{t("users.email")}</dt>
          <dd>{member.email}</dd>
        </div>
        <div className="summary-list__row">
          <dt>{t("users.accountType")}</dt>
          <dd>{t(`accountType.${member.account_type}`)}</dd>
        </div>
        <div className="summary-list__row">
          <dt>{t("users.status")}</dt>
          <dd>
            <span className={`status status--${member.status}`}>{t(`status.${member.status}`)}</span>
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>{t("users.invitedAt")}</dt>
          <dd>{when(member.invited_at, language)}</dd>
        </div>
        <div className="summary-list__row">
          <dt>{t("users.lastSignIn")}</dt>
          <dd>{member.last_sign_in_at ? when(member.last_sign_in_at, language) : t("users.never")}</dd>
        </div>
      </dl>

      {locked ? (
        <p className="notice notice--info">
          {locked === "self" ? t("error.cannot_modify_self") : t("error.cannot_modify_exams_officer")}
        </p>
      ) : (
        <>
          <section aria-labelledby="access-title">
            <h2 id="access-title">{t("users.manageAccess")}</h2>
            {staffTarget ? (
              <p>{t("users.examsOfficerFixed")}</p>
            ) : (
              <form className="form" noValidate onSubmit={save}>
                <RadioGroup<ManagedType>
                  id="account_type"
                  legend={t("users.accountType")}
                  value={accountType}
                  onChange={setAccountType}
                  error={fields["account_type"]}
                  choices={[
                    {
                      value: "admin",
                      label: t("accountType.admin"),
                      hint: centre
                        ? t("users.adminPlaces", { left: centre.admin_places_left, limit: 3 })
                        : undefined,
                    },
                    { value: "user", label: t("accountType.user"), hint: t("users.userHint") },
                  ]}
                />
                <PermissionChoices
                  prefix="permission"
                  accountType={accountType}
                  chosen={chosen}
                  onChange={setChosen}
                  error={fields["permissions"]}
                />
                <Button busy={busy === "save"}>{t("users.saveAccess")}</Button>
              </form>
            )}
          </section>

          {pending ? (
            <section aria-labelledby="invitation-title">
              <h2 id="invitation-title">{t("users.invitation")}</h2>
              <p>
                {member.status === "expired"
                  ? t("users.invitationExpired", { when: when(member.invited_at, language) })
                  : t("users.invitationOpen", { when: when(member.invited_at, language) })}
              </p>
              {asking === "withdraw" ? (
                <Confirm
                  id="withdraw"
                  question={t("users.withdrawQuestion", { name })}
                  confirm={t("users.withdrawConfirm")}
                  busy={busy === "withdraw"}
                  onConfirm={() => remove("withdraw")}
                  onCancel={() => ask(null)}
                >
                  <p>{t("users.withdrawWarning")}</p>
                </Confirm>
              ) : (
                <div className="button-row">
                  <Button type="button" variant="secondary" busy={busy === "resend"} onClick={sendAgain}>
                    {t("users.resend")}
                  </Button>
                  <Button id="withdraw-button" type="button" variant="secondary" onClick={() => ask("withdraw")}>
                    {t("users.withdraw")}
                  </Button>
                </div>
              )}
            </section>
          ) : null}

          <section aria-labelledby="delete-title">
            <h2 id="delete-title">{t("users.deleteTitle")}</h2>
            {asking === "delete" ? (
              <Confirm
                id="delete"
                question={t("users.deleteQuestion", { name })}
                confirm={t("users.deleteConfirm")}
                busy={busy === "delete"}
                onConfirm={() => remove("delete")}
                onCancel={() => ask(null)}
              >
                <p>{t("users.deleteWarning", { name, id: centreId })}</p>
              </Confirm>
            ) : (
              <Button id="delete-button" type="button" variant="danger" onClick={() => ask("delete")}>
                {t("users.delete")}
              </Button>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
