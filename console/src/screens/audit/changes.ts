/**
 * What an audit record changed, in words: each field that differs between `before` and `after`
 * (or that one of them alone sets), with its value worded for people (account types, permission
 * names, yes or no, dates) rather than as stored.
 */
import type { AuditEntry } from "../../api/portal";
import type { MessageKey } from "../../i18n/catalogue";
import { isMessageKey, type Language, type Translate } from "../../i18n/i18n";
import { when } from "../common/when";

export interface Change {
  field: string;
  before: string | null;
  after: string | null;
}

type Facts = Record<string, unknown>;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields whose values differ, in the order they first appear. */
export function changedFields(before: Facts | null, after: Facts | null): string[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  if (!before || !after) return keys;
  return keys.filter((key) => !same(before[key], after[key]));
}

export function fieldLabel(field: string, t: Translate): string {
  const key = `audit.field.${field}`;
  return isMessageKey(key) ? t(key) : field;
}

export function valueText(field: string, value: unknown, t: Translate, language: Language): string {
  if (value === null || value === undefined || value === "") return t("audit.value.none");
  if (typeof value === "boolean") return t(value ? "audit.value.yes" : "audit.value.no");
  if (field === "account_type" && typeof value === "string") {
    const key = `accountType.${value}`;
    return isMessageKey(key) ? t(key) : value;
  }
  if (field === "permissions" && Array.isArray(value)) {
    if (value.length === 0) return t("audit.value.none");
    return value
      .map((p) => {
        const key = `service.${String(p)}.name`;
        return isMessageKey(key) ? t(key as MessageKey) : String(p);
      })
      .join(", ");
  }
  if (field === "language" && (value === "en" || value === "cy")) return t(`language.${value}`);
  if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(value)) return when(value, language);
  if (Array.isArray(value)) return value.map(String).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

export function changes(entry: Pick<AuditEntry, "before" | "after">, t: Translate, language: Language): Change[] {
  const before = entry.before ?? null;
  const after = entry.after ?? null;
  return changedFields(before, after).map((field) => ({
    field: fieldLabel(field, t),
    before: before && field in before ? valueText(field, before[field], t, language) : null,
    after: after && field in after ? valueText(field, after[field], t, language) : null,
  }));
}

/** The sentence for a change: "Account type: from User to Admin", "Name: Demo Centre", ... */
export function changeSentence(change: Change, t: Translate): string {
  if (change.before !== null && change.after !== null) return t("audit.change.fromTo", { field: change.field, before: change.before, after: change.after });
  if (change.after !== null) return t("audit.change.set", { field: change.field, after: change.after });
  return t("audit.change.was", { field: change.field, before: change.before ?? "" });
}

export function actionLabel(action: string, t: Translate): string {
  const key = `audit.action.${action}`;
  return isMessageKey(key) ? t(key) : action;
}
