import { afterEach, describe, expect, it, vi } from "vitest";

import { createApiClient } from "../src/api/client";
import { ApiError } from "../src/api/errors";
import { ActivityClock, expiredWhileAway, LAST_ACTIVITY_KEY, phaseAt, ruleOf, untilNextPhase } from "../src/app/idle";
import { finishFreshSignIn, requestFreshSignIn } from "../src/app/recentSignIn";
import { parseConfig } from "../src/app/config";
import { forgetPerson, removeLegacyTokens, TabSessionStorage, type Channel } from "../src/auth/storage";

/** Storage as a browser's, in memory. */
class MemoryStore implements Storage {
  private readonly map = new Map<string, string>();
  get length(): number {
    return this.map.size;
  }
  clear(): void {
    this.map.clear();
  }
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.map.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
}

/** A BroadcastChannel shared by the "tabs" of one test: a message reaches every other end. */
class Hub {
  readonly ends: Channel[] = [];
  channel(): Channel {
    const hub = this;
    const end: Channel = {
      onmessage: null,
      postMessage(message: unknown) {
        for (const other of hub.ends) if (other !== end) other.onmessage?.({ data: message } as MessageEvent);
      },
      close() {},
    };
    this.ends.push(end);
    return end;
  }
}

const TOKEN = "CognitoIdentityServiceProvider.client.sub.accessToken";
const REFRESH = "CognitoIdentityServiceProvider.client.sub.refreshToken";

describe("tokens in the tab's session, shared with the console's other tabs", () => {
  it("hands the session to a new tab, and keeps every tab's tokens the same", async () => {
    const hub = new Hub();
    const first = new MemoryStore();
    const a = new TabSessionStorage(first, hub.channel());
    await a.setItem(TOKEN, "t1");
    await a.setItem(REFRESH, "r1");
    const second = new MemoryStore();
    const b = new TabSessionStorage(second, hub.channel(), 50);
    await expect(b.getItem(TOKEN)).resolves.toBe("t1");
    await a.setItem(REFRESH, "r2"); // a refresh rotated it
    expect(second.getItem(REFRESH)).toBe("r2");
    await b.removeItem(TOKEN);
    expect(first.getItem(TOKEN)).toBeNull();
  });

  it("starts signed out when no tab answers", async () => {
    vi.useFakeTimers();
    const b = new TabSessionStorage(new MemoryStore(), new Hub().channel(), 300);
    const read = b.getItem(TOKEN);
    await vi.advanceTimersByTimeAsync(300);
    await expect(read).resolves.toBeNull();
    vi.useRealTimers();
  });

  it("ends the session in every tab when one signs out, and says so", async () => {
    const hub = new Hub();
    const first = new MemoryStore();
    const second = new MemoryStore();
    const a = new TabSessionStorage(first, hub.channel());
    await a.setItem(TOKEN, "t1");
    const b = new TabSessionStorage(second, hub.channel(), 10);
    await b.getItem(TOKEN);
    const ended = vi.fn();
    b.onSessionEnded(ended);
    await a.clear();
    expect(first.length + second.length).toBe(0);
    expect(ended).toHaveBeenCalledWith("cleared");
  });

  it("shares nothing but Amplify's tokens", async () => {
    const hub = new Hub();
    const first = new MemoryStore();
    const second = new MemoryStore();
    const a = new TabSessionStorage(first, hub.channel());
    new TabSessionStorage(second, hub.channel());
    await a.setItem("portal.centre", "68101");
    expect(second.getItem("portal.centre")).toBeNull();
  });

  it("leaves nothing of the person behind but the language, the results days and a No thanks", () => {
    const local = new MemoryStore();
    const session = new MemoryStore();
    local.setItem(TOKEN, "old console's");
    local.setItem("portal.centre", "68101");
    local.setItem("portal.series", "2026-summer");
    local.setItem("portal.language", "cy");
    local.setItem("portal.resultsDays", '["2026-08-13"]');
    local.setItem("portal.passkeyOffer.dismissed.sub-1", "1");
    session.setItem(REFRESH, "r");
    session.setItem("CognitoSignInState.username", "ann@example.org");
    session.setItem(LAST_ACTIVITY_KEY, "1");
    forgetPerson([local, session]);
    expect([local.length, local.getItem("portal.language"), session.length]).toEqual([3, "cy", 0]);
  });

  it("removes tokens an older console kept in localStorage", () => {
    const local = new MemoryStore();
    local.setItem(TOKEN, "t");
    local.setItem("portal.language", "en");
    removeLegacyTokens(local);
    expect(local.getItem(TOKEN)).toBeNull();
    expect(local.getItem("portal.language")).toBe("en");
  });
});

describe("signed out after a time without activity", () => {
  const rule = ruleOf(60, 5);
  const minute = 60_000;

  it("warns five minutes before the hour, then signs out", () => {
    expect(phaseAt(0, 54 * minute, rule)).toBe("active");
    expect(phaseAt(0, 55 * minute, rule)).toBe("warning");
    expect(phaseAt(0, 60 * minute - 1, rule)).toBe("warning");
    expect(phaseAt(0, 60 * minute, rule)).toBe("expired");
    expect(untilNextPhase(0, 10 * minute, rule)).toBe(45 * minute);
    expect(untilNextPhase(0, 56 * minute, rule)).toBe(4 * minute);
    expect(untilNextPhase(0, 61 * minute, rule)).toBe(1);
  });

  it("counts activity in any tab", () => {
    const hub = new Hub();
    const first = new MemoryStore();
    const second = new MemoryStore();
    const a = new ActivityClock(first, hub.channel());
    const b = new ActivityClock(second, hub.channel());
    const seen = vi.fn();
    b.onOtherTab(seen);
    a.note(1_000);
    expect(seen).toHaveBeenCalledWith(1_000);
    expect(b.last(0)).toBe(1_000);
    a.note(500); // an older note changes nothing
    expect(b.last(0)).toBe(1_000);
    expect(new ActivityClock(new MemoryStore(), null).last(42)).toBe(42);
  });

  it("ends a session reopened past the hour before any token is refreshed", () => {
    const store = new MemoryStore();
    const tab = new ActivityClock(store, null);
    expect(expiredWhileAway(tab, 90 * minute, rule)).toBe(false); // nothing noted: a first sign-in
    tab.note(0);
    expect(expiredWhileAway(tab, 59 * minute, rule)).toBe(false);
    expect(expiredWhileAway(tab, 61 * minute, rule)).toBe(true);
    forgetPerson([store]); // a sign-out takes the note with it
    expect(expiredWhileAway(new ActivityClock(store, null), 61 * minute, rule)).toBe(false);
  });

  it("reads the stage's rule from config.json, or domain.md's", () => {
    const base = { api_url: "https://api.example/v1", region: "eu-west-2", user_pool_id: "p", client_id: "c" };
    expect(parseConfig(base)).toMatchObject({ idleMinutes: 60, idleWarningMinutes: 5 });
    expect(parseConfig({ ...base, idle_minutes: 30, idle_warning_minutes: 2 })).toMatchObject({
      idleMinutes: 30,
      idleWarningMinutes: 2,
    });
    expect(() => parseConfig({ ...base, idle_minutes: 61 })).toThrow(/idle_minutes/);
    expect(() => parseConfig({ ...base, idle_minutes: 30, idle_warning_minutes: 30 })).toThrow(/idle_warning_minutes/);
  });
});

describe("a change that needs a recent sign-in", () => {
  afterEach(() => finishFreshSignIn(false));

  function problem(status: number, code: string): Response {
    return new Response(JSON.stringify({ status, code, detail: code }), {
      status,
      headers: { "Content-Type": "application/problem+json" },
    });
  }

  it("is sent again, as it was, once the person has signed in again", async () => {
    let token = "old";
    const fetchImpl = vi
      .fn(async (_url: RequestInfo | URL, _init?: RequestInit) => problem(401, "reauthentication_required"))
      .mockImplementationOnce(async () => problem(401, "reauthentication_required"))
      .mockImplementationOnce(async () => new Response(JSON.stringify({ phone_number: "+447700900123" }), { status: 200 }));
    const onUnauthenticated = vi.fn();
    const onReauthenticationRequired = vi.fn(async () => {
      token = "fresh";
      return true;
    });
    const api = createApiClient({
      baseUrl: "https://api.example",
      accessToken: async () => token,
      fetchImpl,
      onUnauthenticated,
      onReauthenticationRequired,
    });
    await expect(api.patch("/me", { phone_number: "+447700900123" })).resolves.toEqual({ phone_number: "+447700900123" });
    expect(fetchImpl).toHaveBeenCalledTimes(2);
    const [first, second] = fetchImpl.mock.calls.map(([, init]) => init);
    expect(second?.body).toBe(first?.body);
    expect((second?.headers as Record<string, string>)["Authorization"]).toBe("Bearer fresh");
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it("is not sent when the person cancels, and the session stands", async () => {
    const fetchImpl = vi.fn(async () => problem(401, "reauthentication_required"));
    const onUnauthenticated = vi.fn();
    const api = createApiClient({
      baseUrl: "https://api.example",
      accessToken: async () => "old",
      fetchImpl,
      onUnauthenticated,
      onReauthenticationRequired: async () => false,
    });
    const error = await api.post("/users/u/mfa-reset", undefined, { idempotencyKey: "k" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).reauthenticationRequired).toBe(true);
    expect((error as ApiError).unauthenticated).toBe(false);
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it("asks once for requests that wait together", async () => {
    const one = requestFreshSignIn();
    const two = requestFreshSignIn();
    finishFreshSignIn(true);
    await expect(Promise.all([one, two])).resolves.toEqual([true, true]);
  });
});
