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
}

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

export function parseConfig(raw: unknown): ConsoleConfig {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError("config.json must be a JSON object");
  }
  const record = raw as Record<string, unknown>;
  const endpoint = record["cognito_endpoint"];
  return {
    apiUrl: url(record, "api_url"),
    region: text(record, "region"),
    userPoolId: text(record, "user_pool_id"),
    clientId: text(record, "client_id"),
    cognitoEndpoint: endpoint === null || endpoint === undefined ? null : url(record, "cognito_endpoint"),
  };
}

export async function loadConfig(fetchImpl: typeof fetch = fetch): Promise<ConsoleConfig> {
  const answer = await fetchImpl("/config.json", { cache: "no-store", credentials: "omit" });
  if (!answer.ok) {
    throw new ConfigError(`config.json could not be read (HTTP ${answer.status})`);
  }
  return parseConfig(await answer.json());
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
