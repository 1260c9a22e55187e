import { describe, expect, it, vi } from "vitest";

import { createApiClient, busyWait, READ_RETRIES } from "../src/api/client";
import { ApiError, retryAfterSeconds } from "../src/api/errors";
import { isResultsMorning, ukDate } from "../src/app/resultsDays";
import {
  ASK_SPREAD_MS,
  REFRESH_BY_MS,
  REFRESH_FROM_MS,
  askDelay,
  countdown,
  nextSeries,
  refreshDelay,
} from "../src/screens/home/results";

const series = (id: string, day: string, at: string) => ({ series_id: id, results_day: day, results_released_at: at });
const SUMMER = series("2026-summer", "2026-08-13", "2026-08-13T08:00:00+01:00");
const WINTER = series("2027-winter", "2027-01-14", "2027-01-14T08:00:00+00:00");
const OLD = series("2025-summer", "2025-08-14", "2025-08-14T08:00:00+01:00");
const release = Date.parse(SUMMER.results_released_at);
const MINUTE = 60_000;

describe("the next results day", () => {
  it("is the first series whose results day is today or later, in UK time", () => {
    expect(nextSeries([WINTER, OLD, SUMMER], Date.parse("2026-08-01T12:00:00Z"))).toEqual(SUMMER);
    // results day itself, after 08:00: still that series (results are open)
    expect(nextSeries([WINTER, SUMMER], Date.parse("2026-08-13T15:00:00+01:00"))).toEqual(SUMMER);
    // 00:30 BST on the 14th is still the 13th in UTC, but the 14th in the UK
    expect(nextSeries([WINTER, SUMMER], Date.parse("2026-08-13T23:30:00Z"))).toEqual(WINTER);
    expect(nextSeries([OLD], Date.parse("2026-08-01T12:00:00Z"))).toBeNull();
  });

  it("counts down in hours, minutes and seconds", () => {
    expect(countdown(release, release - (2 * 3600 + 3 * 60 + 4) * 1000)).toBe("02:03:04");
    expect(countdown(release, release + 5000)).toBe("00:00:00");
  });
});

describe("08:00", () => {
  it("each page asks at a random moment within the first minute", () => {
    const now = release - 10 * MINUTE;
    expect(askDelay(release, now, () => 0)).toBe(10 * MINUTE);
    expect(askDelay(release, now, () => 0.999)).toBeLessThan(10 * MINUTE + ASK_SPREAD_MS);
    const asks = Array.from({ length: 200 }, () => askDelay(release, now));
    expect(Math.min(...asks)).toBeGreaterThanOrEqual(10 * MINUTE);
    expect(new Set(asks.map((a) => Math.floor((a - 10 * MINUTE) / 1000))).size).toBeGreaterThan(20);
  });

  it("a token that would expire around 08:00 is refreshed beforehand, never at 08:00", () => {
    // signed in at 07:05: the token expires at 08:05
    const expires = release + 5 * MINUTE;
    for (const r of [0, 0.5, 0.999]) {
      const now = release - 50 * MINUTE;
      const at = now + (refreshDelay(expires, release, now, () => r) as number);
      expect(at).toBeGreaterThanOrEqual(release - REFRESH_FROM_MS);
      expect(at).toBeLessThanOrEqual(release - REFRESH_BY_MS);
    }
    // opened at 06:30 with a token until 07:20: refreshed from 07:00, still before 07:55
    const early = release - 90 * MINUTE;
    const at = early + (refreshDelay(release - 40 * MINUTE, release, early, () => 0.2) as number);
    expect(at).toBeGreaterThanOrEqual(release - REFRESH_FROM_MS);
  });

  it("a token that lasts well past 08:00 is left alone, and nothing is refreshed after 08:00", () => {
    expect(refreshDelay(release + 40 * MINUTE, release, release - 20 * MINUTE)).toBeNull();
    expect(refreshDelay(release - MINUTE, release, release + MINUTE)).toBeNull();
  });

  it("even at 07:58 the refresh comes before 08:00", () => {
    const now = release - 2 * MINUTE;
    const delay = refreshDelay(release + MINUTE, release, now, () => 0.999) as number;
    expect(now + delay).toBeLessThan(release);
  });
});

describe("the sign-in page on results morning", () => {
  it("knows a results morning in UK time from the days this browser remembers", () => {
    const days = ["2026-08-13"];
    expect(isResultsMorning(Date.parse("2026-08-13T07:30:00+01:00"), days)).toBe(true);
    expect(isResultsMorning(Date.parse("2026-08-13T08:00:00+01:00"), days)).toBe(false);
    expect(isResultsMorning(Date.parse("2026-08-12T07:30:00+01:00"), days)).toBe(false);
    expect(ukDate(Date.parse("2027-01-14T07:59:00Z"))).toEqual({ day: "2027-01-14", hour: 7 });
  });
});

describe("a busy Portal", () => {
  it("reads Retry-After as seconds or a date", () => {
    expect(retryAfterSeconds("5")).toBe(5);
    expect(retryAfterSeconds("Wed, 21 Oct 2026 07:28:10 GMT", Date.parse("2026-10-21T07:28:00Z"))).toBe(10);
    expect(retryAfterSeconds("soon")).toBeUndefined();
    expect(retryAfterSeconds(null)).toBeUndefined();
  });

  it("waits what Retry-After says, or a random 2 to 8 s, and up to a second more", () => {
    const said = new ApiError(429, "too_many_requests", "busy", [], undefined, 5);
    expect(busyWait(said, () => 0)).toBe(5000);
    expect(busyWait(said, () => 0.999)).toBeLessThan(6000);
    const silent = new ApiError(429, "too_many_requests", "busy");
    expect(busyWait(silent, () => 0)).toBe(2000);
    expect(busyWait(silent, () => 0.999)).toBeLessThan(9000);
  });

  function throttledThen(body: unknown, times: number) {
    let calls = 0;
    return vi.fn(async () => {
      calls++;
      if (calls <= times) {
        return new Response(JSON.stringify({ code: "too_many_requests", detail: "busy" }), {
          status: 429,
          headers: { "Content-Type": "application/problem+json", "Retry-After": "3" },
        });
      }
      return new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" } });
    });
  }

  it("a read waits as Retry-After says and tries again", async () => {
    const fetchImpl = throttledThen({ ok: true }, 2);
    const sleep = vi.fn(async () => undefined);
    const api = createApiClient({ baseUrl: "https://api.example", accessToken: async () => "t", fetchImpl, sleep, random: () => 0 });
    await expect(api.get("/series")).resolves.toEqual({ ok: true });
    expect(fetchImpl).toHaveBeenCalledTimes(3);
    expect(sleep.mock.calls).toEqual([[3000], [3000]]);
  });

  it("a read gives up after its retries, with the 429 for its screen", async () => {
    const fetchImpl = throttledThen({ ok: true }, 99);
    const api = createApiClient({ baseUrl: "https://api.example", accessToken: async () => "t", fetchImpl, sleep: async () => undefined });
    const error = await api.get("/me").catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("too_many_requests");
    expect((error as ApiError).retryAfter).toBe(3);
    expect(fetchImpl).toHaveBeenCalledTimes(READ_RETRIES + 1);
  });

  it("a write is never sent again by the client: its screen decides", async () => {
    const fetchImpl = throttledThen({ ok: true }, 1);
    const sleep = vi.fn(async () => undefined);
    const api = createApiClient({ baseUrl: "https://api.example", accessToken: async () => "t", fetchImpl, sleep });
    const error = await api.post("/centres/68101/users", { email: "a@b.c" }).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe("too_many_requests");
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });
});
