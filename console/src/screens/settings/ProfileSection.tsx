/** The person's own profile: read, then Edit, then Save (PATCH /me with what changed). */
import { useState } from "react";

import { errorSentence, fieldMessages } from "../../api/errors";
import { updateMe, type Me, type ProfileUpdate } from "../../api/portal";
import { useMe, useSession } from "../../app/session";
import { useLanguage, type Language } from "../../i18n/i18n";
import { ErrorSummary, type SummaryItem } from "../../ui/ErrorSummary";
import { Button, SelectField, TextField } from "../../ui/fields";
import { Notice } from "../../ui/Page";

export const TITLES = ["Mr", "Mrs", "Miss", "Ms", "Mx", "Dr", "Prof", "Rev"] as const;
const FIELD_IDS: Record<string, string> = {
  title: "profile-title",
  given_name: "given-name",
  family_name: "family-name",
  job_role: "job-role",
  language: "language",
  phone_number: "phone",
};

/** E.164 as the API wants it: spaces, dashes and brackets removed; a UK 07… number refused with the hint. */
export function cleanPhone(value: string): string {
  return value.replace(/[\s\-()]/g, "");
}

export function looksLikeE164(value: string): boolean {
  return /^\+[1-9]\d{7,14}$/.test(value);
}

interface Draft {
  title: string;
  given_name: string;
  family_name: string;
  job_role: string;
  language: Language;
  phone_number: string;
}

function draftOf(me: Me): Draft {
  return {
    title: me.title ?? "",
    given_name: me.given_name,
    family_name: me.family_name,
    job_role: me.job_role ?? "",
    language: me.language,
    phone_number: me.phone_number ?? "",
  };
}

/** Only the fields that changed; empty optional fields become null (cleared). */
export function changes(me: Me, draft: Draft): ProfileUpdate {
  const out: ProfileUpdate = {};
  const before = draftOf(me);
  if (draft.title !== before.title) out.title = (draft.title || null) as ProfileUpdate["title"];
  if (draft.given_name.trim() !== before.given_name) out.given_name = draft.given_name.trim();
  if (draft.family_name.trim() !== before.family_name) out.family_name = draft.family_name.trim();
  if (draft.job_role.trim() !== before.job_role) out.job_role = draft.job_role.trim() || null;
  if (draft.language !== before.language) out.language = draft.language;
  const phone = cleanPhone(draft.phone_number);
  if (phone !== before.phone_number) out.phone_number = phone || null;
  return out;
}

export function ProfileSection() {
  const { t, setLanguage } = useLanguage();
  const me = useMe();
  const session = useSession();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(me));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Draft) => (value: string) => setDraft({ ...draft, [key]: value });

  const save = async () => {
    const found: Record<string, string> = {};
    if (!draft.given_name.trim()) found["given_name"] = t("fieldError.given_name");
    if (!draft.family_name.trim()) found["family_name"] = t("fieldError.family_name");
    const phone = cleanPhone(draft.phone_number);
    if (phone && !looksLikeE164(phone)) found["phone_number"] = t("fieldError.phone_number");
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length > 0) return;
    const update = changes(me, draft);
    setBusy(true);
    try {
      const answer = Object.keys(update).length > 0 ? await updateMe(session.api, update) : me;
      session.setMe(answer);
      if (update.language) setLanguage(update.language);
      setEditing(false);
      setSaved(true);
    } catch (caught) {
      setErrors(fieldMessages(caught, t));
      setMessage(errorSentence(caught, t));
    } finally {
      setBusy(false);
    }
  };

  const items: SummaryItem[] = Object.entries(errors).map(([field, text]) => ({ id: FIELD_IDS[field] ?? field, message: text }));
  const name = (key: string) => errors[key] ?? null;
  const heading = (
    <h2 className="section-title" id="profile-title-heading">
      {t("settings.profile")}
    </h2>
  );

  if (!editing) {
    const rows: [string, string | null][] = [
      [t("settings.email"), me.email],
      [t("settings.titleField"), me.title],
      [t("settings.givenName"), me.given_name],
      [t("settings.familyName"), me.family_name],
      [t("settings.jobRole"), me.job_role],
      [t("settings.language"), t(me.language === "cy" ? "language.cy" : "language.en")],
      [t("settings.phone"), me.phone_number],
    ];
    return (
      <section aria-labelledby="profile-title-heading">
        {heading}
        {saved ? <Notice tone="success">{t("settings.profileSaved")}</Notice> : null}
        <dl className="summary-list">
          {rows.map(([label, value]) => (
            <div key={label} className="summary-list__row">
              <dt>{label}</dt>
              <dd>{value || <span className="muted">{t("settings.notSet")}</span>}</dd>
            </div>
          ))}
        </dl>
        <Button
          type="button"
          variant="secondary"
          onClick={() => {
            setDraft(draftOf(me));
            setSaved(false);
            setEditing(true);
          }}
        >
          {t("settings.editProfile")}
        </Button>
      </section>
    );
  }

  return (
    <section aria-labelledby="profile-title-heading">
      {heading}
      <ErrorSummary message={message} items={items} />
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <p className="field__hint">{t("settings.emailHint")}</p>
        <SelectField
          id="profile-title"
          label={t("settings.titleField")}
          optional
          value={draft.title}
          onChange={(event) => set("title")(event.target.value)}
          options={[{ value: "", label: t("settings.noTitle") }, ...TITLES.map((title) => ({ value: title, label: title }))]}
          error={name("title")}
        />
        <TextField
          id="given-name"
          label={t("settings.givenName")}
          autoComplete="given-name"
          value={draft.given_name}
          onChange={(event) => set("given_name")(event.target.value)}
          error={name("given_name")}
        />
        <TextField
          id="family-name"
          label={t("settings.familyName")}
          autoComplete="family-name"
          value={draft.family_name}
          onChange={(event) => set("family_name")(event.target.value)}
          error={name("family_name")}
        />
        <TextField
          id="job-role"
          label={t("settings.jobRole")}
          optional
          autoComplete="organization-title"
          value={draft.job_role}
          onChange={(event) => set("job_role")(event.target.value)}
          error={name("job_role")}
        />
        <SelectField
          id="language"
          label={t("settings.language")}
          hint={t("settings.languageHint")}
          value={draft.language}
          onChange={(event) => set("language")(event.target.value)}
          options={[
            { value: "en", label: t("language.en") },
            { value: "cy", label: t("language.cy") },
          ]}
          error={name("language")}
        />
        <TextField
          id="phone"
          label={t("settings.phone")}
          hint={t("settings.phoneHint")}
          optional
          type="tel"
          autoComplete="tel"
          value={draft.phone_number}
          onChange={(event) => set("phone_number")(event.target.value)}
          error={name("phone_number")}
        />
        <div className="button-row">
          <Button busy={busy}>{t("action.save")}</Button>
          <Button type="button" variant="secondary" onClick={() => setEditing(false)}>
            {t("action.cancel")}
          </Button>
        </div>
      </form>
    </section>
  );
}
