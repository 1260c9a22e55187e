/**
 * Invite user: email, title, names, account type and, for a User, the permissions. The API's
 * field errors appear beside their fields and its codes (admin_limit_reached, already_member,
 * ...) as plain sentences; a retry of the same invitation uses the same Idempotency-Key.
 */
import { useState, type FormEvent } from "react";

import { errorSentence, fieldMessages } from "../../api/errors";
import { inviteMember, type InviteRequest, type Permission } from "../../api/portal";
import { navigate } from "../../app/router";
import type { ScreenProps } from "../../app/routes";
import { useSession } from "../../app/session";
import { useT } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Button, RadioGroup } from "../../ui/fields";
import { Page } from "../../ui/Page";
import { setFlash } from "../common/flash";
import { useIdempotencyKey } from "../common/idempotency";
import { BackToUsers, CentreLine, useCentre, ADMIN_LIMIT } from "./centre";
import { PersonFields, type PersonDraft } from "./PersonFields";
import { PermissionChoices, permissionsFieldId } from "./PermissionChoices";

type Invitable = "admin" | "user";

export default function InviteUser({ params }: ScreenProps) {
  const centreId = params["centreId"] ?? "";
  const t = useT();
  const { api } = useSession();
  const { centre, error: centreError } = useCentre(centreId);
  const [person, setPerson] = useState<PersonDraft>({ email: "", title: "", given_name: "", family_name: "" });
  const [accountType, setAccountType] = useState<Invitable>("user");
  const [chosen, setChosen] = useState<Permission[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const attempts = useIdempotencyKey();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const invitation: InviteRequest = {
      email: person.email.trim(),
      given_name: person.given_name.trim(),
      family_name: person.family_name.trim(),
      title: person.title || null,
      account_type: accountType,
      ...(accountType === "user" ? { permissions: chosen } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      const member = await inviteMember(api, centreId, invitation, attempts.keyFor(invitation));
      attempts.done();
      setFlash(
        member.status === "active"
          ? t("invite.added", { email: member.email })
          : t("invite.sent", { email: member.email }),
      );
      navigate(`/centres/${centreId}/users`);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  const fields = fieldMessages(error, t);
  const items = Object.entries(fields).map(([field, message]) => ({
    id: field === "permissions" ? permissionsFieldId("invite-permission") : field,
    message,
  }));
  return (
    <Page title={t("invite.title")}>
      <BackToUsers centreId={centreId} />
      <CentreLine centreId={centreId} centre={centre} error={centreError} />
      <p>{t("invite.intro", { id: centreId })}</p>
      <ErrorSummary message={error ? errorSentence(error, t) : null} items={items} />
      <form className="form" noValidate onSubmit={(event) => void submit(event)}>
        <PersonFields value={person} onChange={setPerson} errors={fields} />
        <RadioGroup<Invitable>
          id="account_type"
          legend={t("users.accountType")}
          value={accountType}
          onChange={setAccountType}
          error={fields["account_type"]}
          choices={[
            {
              value: "admin",
              label: t("accountType.admin"),
              hint: centre ? t("users.adminPlaces", { left: centre.admin_places_left, limit: ADMIN_LIMIT }) : undefined,
            },
            { value: "user", label: t("accountType.user"), hint: t("users.userHint") },
          ]}
        />
        <PermissionChoices
          prefix="invite-permission"
          accountType={accountType}
          chosen={chosen}
          onChange={setChosen}
          error={fields["permissions"]}
        />
        <p>{t("invite.emailNote")}</p>
        <Button busy={busy}>{t("invite.send")}</Button>
      </form>
    </Page>
  );
}
