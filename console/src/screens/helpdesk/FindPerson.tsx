/**
 * The helpdesk's first screen: find a person by email, then see their account (signed in yet,
 * MFA, disabled) and memberships, and act: reset MFA, disable or enable the account, send a new
 * invitation for a pending membership, delete a membership.
 */
import { useEffect, useState, type FormEvent } from "react";

import { ApiError, errorSentence, fieldMessages } from "../../api/errors";
import {
  deleteMember,
  findPerson,
  resendInvitation,
  resetMfa,
  setEnabled,
  signInsOf,
  type MyMembership,
  type Person,
} from "../../api/portal";
import { currentQuery, Link } from "../../app/router";
import { useSession } from "../../app/session";
import type { MessageKey } from "../../i18n/catalogue";
import { useLanguage, type Translate } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button, TextField } from "../../ui/fields";
import { Page } from "../../ui/Page";
import { Confirm } from "../common/Confirm";
import { newKey } from "../common/idempotency";
import { LiveNotice } from "../common/LiveNotice";
import { SignInHistory } from "../common/SignInHistory";
import { when } from "../common/when";
import { fullName } from "../users/centre";
import { HelpdeskNav } from "./HelpdeskNav";

type Asking = { what: "mfa" | "disable" } | { what: "delete"; centreId: string } | null;

const MFA_METHODS: Record<string, MessageKey> = {
  SOFTWARE_TOKEN_MFA: "helpdesk.mfa.totp",
  SMS_MFA: "helpdesk.mfa.sms",
  EMAIL_OTP: "helpdesk.mfa.email",
};

/** An MFA method as Cognito names it (SOFTWARE_TOKEN_MFA, ...), in words. */
function method(name: string, t: Translate): string {
  const key = MFA_METHODS[name];
  return key ? t(key) : name;
}

export default function FindPerson() {
  const { t, language } = useLanguage();
  const { api } = useSession();
  const [email, setEmail] = useState(() => currentQuery().get("email") ?? "");
  const [person, setPerson] = useState<Person | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  // One key per action on this person, kept while it is retried after an error.
  const [keys, setKeys] = useState<Record<string, string>>({});
  const keyFor = (action: string) => keys[action] ?? newKey();

  const look = async (address: string) => {
    setBusy("find");
    setError(null);
    setNotice(null);
    setAsking(null);
    try {
      setPerson(await findPerson(api, address.trim()));
    } catch (caught) {
      setPerson(null);
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  useEffect(() => {
    if (email) void look(email);
    // Only the address the screen was opened with (a link from another helpdesk screen).
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (email.trim()) void look(email);
    else setError(new ApiError(400, "invalid_request", "", [{ field: "email", message: "" }]));
  };

  /** Run an action on the person, then read them again; its key is kept until it succeeds. */
  const act = async (action: string, run: (key: string) => Promise<unknown>, done: string) => {
    if (!person) return;
    const key = keyFor(action);
    setKeys((before) => ({ ...before, [action]: key }));
    setBusy(action);
    setError(null);
    setNotice(null);
    try {
      await run(key);
      setKeys((before) => {
        const rest = { ...before };
        delete rest[action];
        return rest;
      });
      setAsking(null);
      setNotice(done);
      try {
        setPerson(await findPerson(api, person.email ?? email));
      } catch (caught) {
        // The last membership deleted: the person is gone with it.
        if (caught instanceof ApiError && caught.code === "not_found") {
          setPerson(null);
          setNotice(`${done} ${t("helpdesk.personRemoved")}`);
        } else throw caught;
      }
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const fields = fieldMessages(error, t);
  const notFound = error instanceof ApiError && error.code === "not_found";
  const name = person ? fullName(person) || person.email || "" : "";
  return (
    <Page title={t("helpdesk.title")} wide>
      <HelpdeskNav />
      <h2>{t("helpdesk.findTitle")}</h2>
      <ErrorSummary
        message={error && !fields["email"] ? (notFound ? t("helpdesk.notFound", { email: email.trim() }) : errorSentence(error, t)) : null}
        items={fields["email"] ? [{ id: "find-email", message: fields["email"] }] : []}
      />
      <form className="inline-form" noValidate onSubmit={submit} role="search">
        <TextField
          id="find-email"
          label={t("helpdesk.findEmail")}
          type="email"
          spellCheck={false}
          autoComplete="off"
          value={email}
          error={fields["email"]}
          onChange={(event) => setEmail(event.target.value)}
        />
        <Button busy={busy === "find"}>{t("helpdesk.find")}</Button>
      </form>
      <LiveNotice message={notice} />
      {person ? (
        <section aria-labelledby="person-title" className="person">
          <h2 id="person-title">{name}</h2>
          <dl className="summary-list">
            <div className="summary-list__row">
              <dt>{t("users.email")}</dt>
              <dd>{person.email}</dd>
            </div>
            <div className="summary-list__row">
              <dt>{t("helpdesk.account")}</dt>
              <dd>
                <span className={`status status--${person.disabled ? "failed" : "active"}`}>
                  {person.disabled ? t("helpdesk.disabled") : t("helpdesk.enabled")}
                </span>
              </dd>
            </div>
            <div className="summary-list__row">
              <dt>{t("users.lastSignIn")}</dt>
              <dd>
                {person.last_sign_in_at
                  ? when(person.last_sign_in_at, language)
                  : person.signed_in
                    ? t("helpdesk.signedIn")
                    : t("helpdesk.neverSignedIn")}
              </dd>
            </div>
            <div className="summary-list__row">
              <dt>{t("helpdesk.mfa")}</dt>
              <dd>
                {person.mfa.enabled.length > 0
                  ? person.mfa.enabled.map((m) => method(m, t)).join(", ")
                  : t("helpdesk.mfa.none")}
                {person.mfa.preferred
                  ? ` (${t("helpdesk.mfa.preferred", { method: method(person.mfa.preferred, t) })})`
                  : null}
              </dd>
            </div>
            <div className="summary-list__row">
              <dt>{t("helpdesk.language")}</dt>
              <dd>{t(`language.${person.language}`)}</dd>
            </div>
            <div className="summary-list__row">
              <dt>{t("helpdesk.userId")}</dt>
              <dd className="table__email">{person.user_id}</dd>
            </div>
          </dl>

          {asking?.what === "mfa" ? (
            <Confirm
              id="mfa"
              question={t("helpdesk.mfaQuestion", { name })}
              confirm={t("helpdesk.mfaConfirm")}
              busy={busy === "mfa"}
              onConfirm={() => void act("mfa", (key) => resetMfa(api, person.user_id, key), t("helpdesk.mfaDone", { name }))}
              onCancel={() => setAsking(null)}
            >
              <p>{t("helpdesk.mfaWarning")}</p>
            </Confirm>
          ) : asking?.what === "disable" ? (
            <Confirm
              id="disable"
              question={t("helpdesk.disableQuestion", { name })}
              confirm={t("helpdesk.disableConfirm")}
              busy={busy === "disable"}
              onConfirm={() =>
                void act("disable", (key) => setEnabled(api, person.user_id, false, key), t("helpdesk.disabledDone", { name }))
              }
              onCancel={() => setAsking(null)}
            >
              <p>{t("helpdesk.disableWarning")}</p>
            </Confirm>
          ) : (
            <div className="button-row">
              <Button type="button" variant="secondary" onClick={() => setAsking({ what: "mfa" })}>
                {t("helpdesk.mfaReset")}
              </Button>
              {person.disabled ? (
                <Button
                  type="button"
                  variant="secondary"
                  busy={busy === "enable"}
                  onClick={() =>
                    void act("enable", (key) => setEnabled(api, person.user_id, true, key), t("helpdesk.enabledDone", { name }))
                  }
                >
                  {t("helpdesk.enable")}
                </Button>
              ) : (
                <Button type="button" variant="danger" onClick={() => setAsking({ what: "disable" })}>
                  {t("helpdesk.disable")}
                </Button>
              )}
            </div>
          )}

          <h3>{t("helpdesk.memberships")}</h3>
          {person.memberships.length === 0 ? (
            <p>{t("helpdesk.noMemberships")}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">{t("helpdesk.membershipsOf", { name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("audit.centre")}</th>
                    <th scope="col">{t("users.accountType")}</th>
                    <th scope="col">{t("users.status")}</th>
                    <th scope="col">{t("helpdesk.actions")}</th>
                  </tr>
                </thead>
                <tbody>
                  {person.memberships.map((membership) => (
                    <MembershipRow
                      key={membership.centre_id}
                      membership={membership}
                      asking={asking?.what === "delete" && asking.centreId === membership.centre_id}
                      busy={busy}
                      onAsk={() => setAsking({ what: "delete", centreId: membership.centre_id })}
                      onCancel={() => setAsking(null)}
                      onResend={() =>
                        void act(
                          `resend-${membership.centre_id}`,
                          (key) => resendInvitation(api, membership.centre_id, person.user_id, key),
                          t("users.invitationResent", { email: person.email ?? "" }),
                        )
                      }
                      onDelete={() =>
                        void act(
                          `delete-${membership.centre_id}`,
                          () => deleteMember(api, membership.centre_id, person.user_id),
                          t("helpdesk.membershipDeleted", { id: membership.centre_id }),
                        )
                      }
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <SignInHistory
            load={(page) => signInsOf(api, person.user_id, page)}
            owner={person.user_id}
            intro="helpdesk"
            headingLevel={3}
          />
        </section>
      ) : null}
    </Page>
  );
}

function MembershipRow({
  membership,
  asking,
  busy,
  onAsk,
  onCancel,
  onResend,
  onDelete,
}: {
  membership: MyMembership;
  asking: boolean;
  busy: string | null;
  onAsk: () => void;
  onCancel: () => void;
  onResend: () => void;
  onDelete: () => void;
}) {
  const t = useLanguage().t;
  const id = membership.centre_id;
  return (
    <tr>
      <th scope="row">
        <Link to={`/centres/${id}/users`}>{t("home.centre", { id, name: membership.centre_name })}</Link>
      </th>
      <td>{t(`accountType.${membership.account_type}`)}</td>
      <td>
        <span className={`status status--${membership.status}`}>{t(`status.${membership.status}`)}</span>
      </td>
      <td>
        {asking ? (
          <Confirm
            id={`delete-${id}`}
            question={t("helpdesk.deleteQuestion", { id })}
            confirm={t("helpdesk.deleteConfirm")}
            busy={busy === `delete-${id}`}
            onConfirm={onDelete}
            onCancel={onCancel}
          >
            <p>{t("helpdesk.deleteWarning")}</p>
          </Confirm>
        ) : (
          <div className="button-row">
            {membership.status !== "active" ? (
              <Button type="button" variant="secondary" busy={busy === `resend-${id}`} onClick={onResend}>
                {t("users.resend")}
                <span className="visually-hidden"> {t("helpdesk.atCentre", { id })}</span>
              </Button>
            ) : null}
            <Button type="button" variant="danger" onClick={onAsk}>
              {t("helpdesk.deleteMembership")}
              <span className="visually-hidden"> {t("helpdesk.atCentre", { id })}</span>
            </Button>
          </div>
        )}
      </td>
    </tr>
  );
}
