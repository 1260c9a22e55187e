/**
 * API errors, typed once (style.md item 13): every problem+json answer becomes an `ApiError`
 * with its stable `code` and its field errors, and every screen words it the same way: one
 * sentence per code from the catalogue, one message beside each field.
 */
import type { MessageKey } from "../i18n/catalogue";
import { isMessageKey, type Translate } from "../i18n/i18n";

/** The stable codes of api.md and portal/constants.py (PROBLEMS), and the console's own two. */
export const PROBLEM_CODES = [
  "invalid_request",
  "unauthenticated",
  "forbidden",
  "not_found",
  "exams_officer_exists",
  "admin_limit_reached",
  "already_member",
  "not_pending",
  "centre_exists",
  "conflict",
  "helpdesk_account",
  "cannot_invite_address",
  "account_outside_portal",
  "idempotency_key_in_use",
  "idempotency_key_reused",
  "permission_not_grantable",
  "cannot_modify_self",
  "cannot_modify_exams_officer",
  "reauthentication_required",
  "mfa_method_required",
  "too_many_requests",
  "internal_error",
  "service_unavailable",
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number] | "network" | "unknown";

export interface FieldProblem {
  /** The field's name in the request body (or query, path, header), e.g. `phone_number`. */
  field: string;
  /** The API's own words (English), shown only when the catalogue has none for the field. */
  message: string;
}

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly detail: string,
    readonly fields: readonly FieldProblem[] = [],
    readonly requestId?: string,
    /** Seconds the answer's Retry-After asks the client to wait (429 and 503), if it said. */
    readonly retryAfter?: number,
  ) {
    super(`${status} ${code}: ${detail}`);
  }

  get unauthenticated(): boolean {
    return this.code === "unauthenticated";
  }

  get forbidden(): boolean {
    return this.code === "forbidden";
  }

  /** A 401 for a change that needs a recent sign-in: the session stands, the person signs in again. */
  get reauthenticationRequired(): boolean {
    return this.code === "reauthentication_required";
  }
}

function knownCode(code: unknown, status: number): ProblemCode {
  if (typeof code === "string" && (PROBLEM_CODES as readonly string[]).includes(code)) {
    return code as ProblemCode;
  }
  if (status === 401) return "unauthenticated";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 429) return "too_many_requests";
  if (status === 503) return "service_unavailable";
  if (status >= 500) return "internal_error";
  return "unknown";
}

/** A field's name without the location prefix some validators add (`body.email` → `email`). */
export function fieldName(field: string): string {
  const parts = field.split(".");
  return parts[parts.length - 1] ?? field;
}

/** Retry-After as seconds: a whole number, or an HTTP date; anything else is no answer. */
export function retryAfterSeconds(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Any error answer (problem+json or not) as an ApiError. */
export function problemToError(status: number, body: unknown, retryAfter?: number): ApiError {
  const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const fields: FieldProblem[] = Array.isArray(record["errors"])
    ? (record["errors"] as unknown[]).flatMap((item) => {
        if (typeof item !== "object" || item === null) return [];
        const { field, message } = item as Record<string, unknown>;
        return typeof field === "string"
          ? [{ field: fieldName(field), message: typeof message === "string" ? message : "" }]
          : [];
      })
    : [];
  const detail = typeof record["detail"] === "string" ? record["detail"] : `HTTP ${status}`;
  const requestId = typeof record["request_id"] === "string" ? record["request_id"] : undefined;
  return new ApiError(status, knownCode(record["code"], status), detail, fields, requestId, retryAfter);
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError(0, "network", cause instanceof Error ? cause.message : String(cause));
  return error;
}

/** The sentence a screen shows for an error, in the page's language. */
export function errorSentence(error: unknown, t: Translate): string {
  if (error instanceof ApiError) {
    const key = `error.${error.code}`;
    return isMessageKey(key) ? t(key) : t("error.unknown");
  }
  return t("error.unknown");
}

/** Each field's message: the catalogue's sentence for the field, else the API's own words. */
export function fieldMessages(error: unknown, t: Translate): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const messages: Record<string, string> = {};
  for (const { field, message } of error.fields) {
    if (field in messages) continue;
    const key = `fieldError.${field}`;
    messages[field] = isMessageKey(key) ? t(key as MessageKey) : message || t("error.invalid_request");
  }
  return messages;
}
