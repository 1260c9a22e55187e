/**
 * The fields that name a person being invited (a member, or a centre's Exams Officer): email,
 * title, first and last name, with the ids the API's field errors use (email, title, ...).
 */
import type { InviteRequest } from "../../api/portal";
import { useT } from "../../i18n/i18n";
import { SelectField, TextField } from "../../ui/fields";

export type Title = NonNullable<InviteRequest["title"]>;
/** The titles the API accepts (InviteRequest.title). */
export const TITLES: readonly Title[] = ["Mr", "Mrs", "Miss", "Ms", "Mx", "Dr", "Prof", "Rev"];

export interface PersonDraft {
  email: string;
  title: Title | "";
  given_name: string;
  family_name: string;
}

export function PersonFields({
  value,
  onChange,
  errors,
  prefix = "",
}: {
  value: PersonDraft;
  onChange: (value: PersonDraft) => void;
  errors: Record<string, string>;
  /** Before each id, when a page has two such forms. */
  prefix?: string;
}) {
  const t = useT();
  const set = (field: keyof PersonDraft) => (event: { target: { value: string } }) =>
    onChange({ ...value, [field]: event.target.value });
  return (
    <>
      <TextField
        id={`${prefix}email`}
        label={t("invite.email")}
        hint={t("invite.emailHint")}
        type="email"
        autoComplete="off"
        spellCheck={false}
        value={value.email}
        onChange={set("email")}
        error={errors["email"]}
      />
      <SelectField
        id={`${prefix}title`}
        label={t("invite.personTitle")}
        optional
        value={value.title}
        onChange={set("title")}
        error={errors["title"]}
        options={[{ value: "", label: t("invite.noTitle") }, ...TITLES.map((title) => ({ value: title, label: title }))]}
      />
      <TextField
        id={`${prefix}given_name`}
        label={t("invite.givenName")}
        autoComplete="off"
        value={value.given_name}
        onChange={set("given_name")}
        error={errors["given_name"]}
      />
      <TextField
        id={`${prefix}family_name`}
        label={t("invite.familyName")}
        autoComplete="off"
        value={value.family_name}
        onChange={set("family_name")}
        error={errors["family_name"]}
      />
    </>
  );
}
