/**
 * The one way the console calls Portal's API: the access token on every request, JSON in and out,
 * every error answer turned into an ApiError (api/errors.ts), and a 401 reported once to the
 * session, which returns to sign-in with a message. A read answered `429 too_many_requests`
 * waits as long as its Retry-After says (a random 2 to 8 s when it says nothing), telling the
 * person (api/busy.ts), and tries again, up to READ_RETRIES times; a write is left to its screen
 * (bulk invite pauses and carries on), which alone knows whether sending it again is safe. A 401
 * that asks for a recent sign-in is sent again once the person has signed in again in place.
 */
import { reportBusy, reportRecovered } from "./busy";
import { ApiError, networkError, problemToError, retryAfterSeconds } from "./errors";

/** How many times a throttled read is tried again before its screen is told. */
export const READ_RETRIES = 3;
/** When a 429 says nothing of when to come back (API Gateway's own): a random wait in this range. */
export const BUSY_WAIT_SECONDS: readonly [number, number] = [2, 8];

export type Query = Record<string, string | number | undefined | null>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** For POSTs that create something (api.md): a retry with the same key does nothing twice. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface ApiClientOptions {
  baseUrl: string;
  /** The current access token (refreshed by Amplify when it is near expiry), or null. */
  accessToken: () => Promise<string | null>;
  /** Called with every 401, after which the call still rejects with the ApiError. */
  onUnauthenticated?: (error: ApiError) => void;
  /**
   * A 401 `reauthentication_required` (a change that needs a recent sign-in): resolves true once
   * the person has signed in again (app/recentSignIn.ts), and the same request is sent once more,
   * Idempotency-Key and all; false leaves the call to reject with the ApiError.
   */
  onReauthenticationRequired?: () => Promise<boolean>;
  fetchImpl?: typeof fetch;
  /** Waits the given milliseconds (tests replace it); a random source for the waits' spread. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The wait before trying a throttled read again: what Retry-After says, or a random 2 to 8 s; plus
 * up to a second more at random, so pages refused together do not come back together. */
export function busyWait(error: ApiError, random: () => number = Math.random): number {
  const [low, high] = BUSY_WAIT_SECONDS;
  const seconds = error.retryAfter ?? low + Math.floor(random() * (high - low + 1));
  return seconds * 1000 + Math.floor(random() * 1000);
}

export interface ApiClient {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown, options?: Omit<RequestOptions, "body">): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  delete<T = void>(path: string): Promise<T>;
}

export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const url = new URL(baseUrl.replace(/\/+$/, "") + (path.startsWith("/") ? path : `/${path}`));
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, String(value));
  }
  return url.toString();
}

/** A path segment from user data, so `/centres/${segment(id)}` can never reach another route. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

async function readBody(answer: Response): Promise<unknown> {
  const text = await answer.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const random = options.random ?? Math.random;

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    try {
      return await throttled<T>(method, path, opts);
    } catch (error) {
      const again = error instanceof ApiError && error.reauthenticationRequired;
      if (!again || !options.onReauthenticationRequired || !(await options.onReauthenticationRequired())) throw error;
      return throttled<T>(method, path, opts);
    }
  }

  async function throttled<T>(method: string, path: string, opts: RequestOptions): Promise<T> {
    for (let retry = 0; ; retry++) {
      try {
        const answer = await once<T>(method, path, opts);
        if (retry > 0) reportRecovered();
        return answer;
      } catch (error) {
        const throttled = error instanceof ApiError && error.code === "too_many_requests";
        if (!throttled || method !== "GET" || retry >= READ_RETRIES) {
          if (retry > 0) reportRecovered();
          throw error;
        }
        const wait = busyWait(error, random);
        reportBusy(wait / 1000);
        await sleep(wait);
      }
    }
  }

  async function once<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json, application/problem+json" };
    const token = await options.accessToken();
    if (token) headers["Authorization"] = `Bearer ${token}`;
    if (opts.body !== undefined) headers["Content-Type"] = "application/json";
    if (opts.idempotencyKey) headers["Idempotency-Key"] = opts.idempotencyKey;
    let answer: Response;
    try {
      answer = await fetchImpl(buildUrl(options.baseUrl, path, opts.query), {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        credentials: "omit",
        signal: opts.signal,
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
      throw networkError(cause);
    }
    const body = await readBody(answer);
    if (!answer.ok) {
      const error = problemToError(answer.status, body, retryAfterSeconds(answer.headers.get("Retry-After")));
      if (error.unauthenticated) options.onUnauthenticated?.(error);
      throw error;
    }
    return body as T;
  }

  return {
    request,
    get: (path, query) => request("GET", path, { query }),
    post: (path, body, opts) => request("POST", path, { ...opts, body }),
    put: (path, body) => request("PUT", path, { body }),
    patch: (path, body) => request("PATCH", path, { body }),
    delete: (path) => request("DELETE", path),
  };
}

export { ApiError };
