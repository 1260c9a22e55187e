/**
 * Bulk invite's file: a CSV (email, given_name, family_name, account_type, permissions) read
 * with Papa Parse (quoted fields, doubled quotes, line breaks inside quotes, a UTF-8 BOM, CRLF),
 * then checked row by row as the API would, so the preview marks invalid rows before anything is
 * sent. Each row gets its own Idempotency-Key when the file is read: a retry of that row after
 * a dropped connection is the same request, and the API does it once.
 */
import Papa from "papaparse";

import type { InviteRequest, Permission } from "../../api/portal";
import type { MessageKey } from "../../i18n/catalogue";
import type { Values } from "../../i18n/i18n";
import { isPermission, permissionState } from "./permissions";
import { hasWebAddressLookAlike, invisible, mixesScripts } from "./textRules";

export const MAX_ROWS = 500;
export const COLUMNS = ["email", "given_name", "family_name", "account_type", "permissions"] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: readonly Column[] = ["email", "given_name", "family_name", "account_type"];
/** Other names a spreadsheet's header may use for a column. */
const ALIASES: Record<string, Column> = {
  email_address: "email",
  first_name: "given_name",
  last_name: "family_name",
  surname: "family_name",
  type: "account_type",
};
const ACCOUNT_TYPES: Record<string, "admin" | "user"> = {
  admin: "admin",
  user: "user",
  gweinyddwr: "admin",
  defnyddiwr: "user",
};
// The API's own checks (domain/validation.py), so that the preview marks what Portal would
// refuse: an ASCII address in Cognito's username form (`o'brien@...` included) of at most 128
// characters (64 before the @), and names of 1..100 letters of any language with spaces, hyphens, apostrophes and full
// stops, nothing that reads as a web address (a full stop followed by two letters), and the rule
// of every free-text field (textRules.ts: nothing invisible, no word mixing scripts, no look-alike of : / .).
const EMAIL =
  /^[a-z0-9._%+'-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,63}$/;
const EMAIL_MAX = 128;
const EMAIL_LOCAL_MAX = 64;
const NAME_MAX = 100;
const WEB_ADDRESS_LIKE = /\.\p{L}{2}/u;
const MARKS_IN_A_ROW = /\p{M}{5,}/u;

export function badEmail(value: string): boolean {
  const address = value.toLowerCase();
  const local = address.split("@")[0] ?? "";
  return (
    address.length > EMAIL_MAX ||
    local.length > EMAIL_LOCAL_MAX ||
    !EMAIL.test(address) ||
    local.startsWith(".") ||
    local.endsWith(".") ||
    local.includes("..")
  );
}

/** A name as domain/validation.py takes it: no combining mark first, a letter somewhere. */
export function badName(value: string): boolean {
  const name = value.normalize("NFC");
  if (invisible(name)) return true;
  const letters = /\p{L}/u.test(name);
  const shape = /^(?:\p{L}|[ \-'\u2019.])(?:\p{L}|\p{M}|[ \-'\u2019.])*$/u.test(name);
  return (
    !letters ||
    !shape ||
    WEB_ADDRESS_LIKE.test(name) ||
    MARKS_IN_A_ROW.test(name) ||
    hasWebAddressLookAlike(name) ||
    mixesScripts(name)
  );
}

export interface Problem {
  key: MessageKey;
  values?: Values;
}

export interface BulkRow {
  /** The row's number in the file, the header being row 1 (as a spreadsheet numbers it). */
  row: number;
  email: string;
  given_name: string;
  family_name: string;
  account_type: "admin" | "user" | null;
  permissions: Permission[];
  problems: Problem[];
  /** What is sent, when the row has no problem. */
  invitation: InviteRequest | null;
  idempotencyKey: string;
}

export interface BulkFile {
  rows: BulkRow[];
  /** Problems with the file as a whole: nothing is sent while there is one. */
  problems: Problem[];
}

function columnName(header: string): Column | null {
  const name = header.trim().toLowerCase().replace(/[\s-]+/g, "_");
  if ((COLUMNS as readonly string[]).includes(name)) return name as Column;
  return ALIASES[name] ?? null;
}

/** The CSV's records, as Papa Parse reads them; empty lines skipped. */
export function parseCsv(text: string): { records: string[][]; errors: Papa.ParseError[] } {
  const parsed = Papa.parse<string[]>(text, { delimiter: ",", skipEmptyLines: "greedy" });
  return { records: parsed.data, errors: parsed.errors };
}

export function readBulkFile(text: string, newKey: () => string): BulkFile {
  const { records, errors } = parseCsv(text);
  const broken = errors.find((e) => e.type === "Quotes");
  if (broken) return { rows: [], problems: [{ key: "bulk.file.quotes", values: { row: (broken.row ?? 0) + 1 } }] };
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ key: "bulk.file.empty" }] };
  const columns = header.map(columnName);
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return { rows: [], problems: [{ key: "bulk.file.columns", values: { missing: missing.join(", ") } }] };
  }
  if (body.length === 0) return { rows: [], problems: [{ key: "bulk.file.noRows" }] };
  if (body.length > MAX_ROWS) {
    return { rows: [], problems: [{ key: "bulk.file.tooMany", values: { count: body.length, max: MAX_ROWS } }] };
  }
  const seen = new Map<string, number>();
  const rows = body.map((record, index) => {
    const cell = (column: Column) => {
      const at = columns.indexOf(column);
      return at >= 0 ? (record[at] ?? "").trim() : "";
    };
    const row = checkRow(index + 2, cell, newKey());
    const email = row.email.toLowerCase();
    const earlier = seen.get(email);
    if (email && earlier !== undefined) {
      row.problems.push({ key: "bulk.row.duplicate", values: { row: earlier } });
      row.invitation = null;
    } else if (email) {
      seen.set(email, row.row);
    }
    return row;
  });
  return { rows, problems: [] };
}

function checkRow(row: number, cell: (column: Column) => string, idempotencyKey: string): BulkRow {
  const problems: Problem[] = [];
  const email = cell("email");
  const given_name = cell("given_name");
  const family_name = cell("family_name");
  if (!email) problems.push({ key: "bulk.row.emailMissing" });
  else if (badEmail(email)) problems.push({ key: "bulk.row.emailInvalid" });
  for (const [value, missingKey, longKey, invalidKey] of [
    [given_name, "bulk.row.givenNameMissing", "bulk.row.givenNameLong", "bulk.row.givenNameInvalid"],
    [family_name, "bulk.row.familyNameMissing", "bulk.row.familyNameLong", "bulk.row.familyNameInvalid"],
  ] as const) {
    if (!value) problems.push({ key: missingKey });
    else if ([...value.normalize("NFC")].length > NAME_MAX) problems.push({ key: longKey });
    else if (badName(value)) problems.push({ key: invalidKey });
  }
  const typeText = cell("account_type").toLowerCase();
  const account_type = ACCOUNT_TYPES[typeText] ?? null;
  if (!typeText) problems.push({ key: "bulk.row.typeMissing" });
  else if (typeText === "exams_officer" || typeText === "exams officer") problems.push({ key: "bulk.row.examsOfficer" });
  else if (!account_type) problems.push({ key: "bulk.row.typeUnknown", values: { value: cell("account_type") } });

  const permissions: Permission[] = [];
  const words = cell("permissions")
    .split(/[;|,\s]+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  for (const word of words) {
    if (!isPermission(word)) {
      problems.push({ key: "bulk.row.permissionUnknown", values: { value: word } });
    } else if (account_type === "user" && permissionState("user", word) === "never") {
      problems.push({ key: "bulk.row.permissionNotGrantable", values: { value: word } });
    } else if (account_type === "user" && permissionState("user", word) === "choice" && !permissions.includes(word)) {
      permissions.push(word);
    }
  }
  const invitation: InviteRequest | null =
    problems.length === 0 && account_type
      ? {
          email,
          given_name,
          family_name,
          account_type,
          ...(account_type === "user" ? { permissions } : {}),
        }
      : null;
  return { row, email, given_name, family_name, account_type, permissions, problems, invitation, idempotencyKey };
}
