/**
 * The console's settings, read at start from /config.json beside index.html (CONTRACTS.md), so
 * one build runs locally and on AWS. Nothing here is secret: it is what any visitor can read.
 */
import type { ResourcesConfig } from "aws-amplify";

export interface ConsoleConfig {
  /** The API's base URL, without a trailing slash, e.g. https://api.example/v1 */
  apiUrl: string;
  region: string;
  userPoolId: string;
  clientId: string;
  /** Cognito's endpoint when it is not AWS's own (the local portal's /_cognito), else null. */
  cognitoEndpoint: string | null;
  /** Minutes without activity before the console signs the person out (the stage's setting). */
  idleMinutes: number;
  /** How many minutes before that it warns, and offers to stay. */
  idleWarningMinutes: number;
  /** Each service's address (a stage setting), by permission name; missing or null: not linked yet. */
  services: Record<string, string | null>;
  /** The no-reply sender of every email, and whom to contact: what the help page names. */
  sender: string | null;
  helpdeskEmail: string | null;
  portalTeamEmail: string | null;
}

/** domain.md's: signed out after an hour without activity, warned a few minutes before. */
export const IDLE_MINUTES = 60;
export const IDLE_WARNING_MINUTES = 5;

export class ConfigError extends Error {
  override name = "ConfigError";
}

function text(raw: Record<string, unknown>, key: string): string {
  const value = raw[key];
  if (typeof value !== "string" || value.trim() === "") {
    throw new ConfigError(`config.json: "${key}" must be a non-empty string`);
  }
  return value.trim();
}

function url(raw: Record<string, unknown>, key: string): string {
  const value = text(raw, key);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`config.json: "${key}" must be an absolute URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ConfigError(`config.json: "${key}" must be an http(s) URL`);
  }
  return value.replace(/\/+$/, "");
}

function optionalUrl(raw: Record<string, unknown>, key: string): string | null {
  const value = raw[key];
  return value === null || value === undefined ? null : url(raw, key);
}

const ADDRESS = /^[a-z0-9._%+'-]+@[a-z0-9.-]+\.[a-z]{2,}$/;

function address(raw: Record<string, unknown>, key: string): string | null {
  const value = raw[key];
  if (value === null || value === undefined) return null;
  if (typeof value !== "string" || !ADDRESS.test(value)) {
    throw new ConfigError(`config.json: "${key}" must be an email address or null`);
  }
  return value;
}

/** `services`: an object of http(s) addresses or nulls (a service not linked from Portal yet). */
function services(raw: Record<string, unknown>): Record<string, string | null> {
  const value = raw["services"];
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new ConfigError('config.json: "services" must be an object');
  }
  const entries = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(entries).map((name) => [name, optionalUrl(entries, name)]));
}

export function parseConfig(raw: unknown): ConsoleConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError("config.json must be a JSON object");
  }
  const record = raw as Record<string, unknown>;
  const endpoint = record["cognito_endpoint"];
  const idleMinutes = minutes(record, "idle_minutes", IDLE_MINUTES, 2, IDLE_MINUTES);
  return {
    apiUrl: url(record, "api_url"),
    region: text(record, "region"),
    userPoolId: text(record, "user_pool_id"),
    clientId: text(record, "client_id"),
    cognitoEndpoint: endpoint === null || endpoint === undefined ? null : url(record, "cognito_endpoint"),
    idleMinutes,
    idleWarningMinutes: minutes(
      record,
      "idle_warning_minutes",
      Math.min(IDLE_WARNING_MINUTES, idleMinutes - 1),
      1,
      idleMinutes - 1,
    ),
    services: services(record),
    sender: address(record, "sender"),
    helpdeskEmail: address(record, "helpdesk_email"),
    portalTeamEmail: address(record, "portal_team_email"),
  };
}

/** A whole number of minutes within [min, max]; absent means the default (an older config.json). */
function minutes(raw: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number {
  const value = raw[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`config.json: "${key}" must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<ConsoleConfig> {
  const answer = await fetchImpl("/config.json", { cache: "no-store", credentials: "omit" });
  if (!answer.ok) {
    throw new ConfigError(`config.json could not be read (HTTP ${answer.status})`);
  }
  return parseConfig(await answer.json());
}

/**
 * The hosts a centre's network must let browsers reach for this deployment (the help page):
 * Cognito's (AWS's own for the region, or the endpoint the settings name) and the API's.
 */
export function hostsToAllow(config: ConsoleConfig): string[] {
  const cognito = config.cognitoEndpoint ?? `https://cognito-idp.${config.region}.amazonaws.com`;
  return [...new Set([new URL(cognito).origin + "/", new URL(config.apiUrl).origin + "/"])];
}

/** Amplify's settings: the pool, the app client, and the endpoint when it is not Cognito's own. */
export function amplifyConfig(config: ConsoleConfig): ResourcesConfig {
  return {
    Auth: {
      Cognito: {
        userPoolId: config.userPoolId,
        userPoolClientId: config.clientId,
        ...(config.cognitoEndpoint ? { userPoolEndpoint: config.cognitoEndpoint } : {}),
        loginWith: { email: true },
      },
    },
  };
}
