import { describe, expect, it, vi } from "vitest";

import { buildUrl, createApiClient, segment } from "../src/api/client";
import { ApiError } from "../src/api/errors";

function fakeFetch(status: number, body: unknown, contentType = "application/json") {
  return vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
    new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": contentType } }),
  );
}

describe("the API client", () => {
  it("sends the access token and JSON, and reads JSON", async () => {
    const fetchImpl = fakeFetch(200, { ok: true });
    const api = createApiClient({ baseUrl: "https://api.example/v1/", accessToken: async () => "tok", fetchImpl });
    await expect(api.patch("/me", { language: "cy" })).resolves.toEqual({ ok: true });
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe("https://api.example/v1/me");
    expect(init?.method).toBe("PATCH");
    const headers = init?.headers as Record<string, string>;
    expect(headers["Authorization"]).toBe("Bearer tok");
    expect(headers["Content-Type"]).toBe("application/json");
    expect(init?.body).toBe('{"language":"cy"}');
  });

  it("sends an Idempotency-Key when asked", async () => {
    const fetchImpl = fakeFetch(201, { user_id: "u" });
    const api = createApiClient({ baseUrl: "https://api.example", accessToken: async () => "tok", fetchImpl });
    await api.post("/centres/68101/users", { email: "a@b.c" }, { idempotencyKey: "k-1" });
    expect((fetchImpl.mock.calls[0]![1]?.headers as Record<string, string>)["Idempotency-Key"]).toBe("k-1");
  });

  it("turns a problem into an ApiError and reports a 401 once", async () => {
    const onUnauthenticated = vi.fn();
    const fetchImpl = fakeFetch(401, { code: "unauthenticated", detail: "expired" }, "application/problem+json");
    const api = createApiClient({ baseUrl: "https://api.example", accessToken: async () => "old", fetchImpl, onUnauthenticated });
    const error = await api.get("/me").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe("unauthenticated");
    expect(onUnauthenticated).toHaveBeenCalledTimes(1);
  });

  it("does not report a 403 as a lost session", async () => {
    const onUnauthenticated = vi.fn();
    const fetchImpl = fakeFetch(403, { code: "forbidden", detail: "no" }, "application/problem+json");
    const api = createApiClient({ baseUrl: "https://api.example", accessToken: async () => "t", fetchImpl, onUnauthenticated });
    await expect(api.get("/centres/68101")).rejects.toMatchObject({ code: "forbidden", status: 403 });
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });

  it("says a network failure is one", async () => {
    const fetchImpl = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    const api = createApiClient({ baseUrl: "https://api.example", accessToken: async () => null, fetchImpl });
    await expect(api.get("/me")).rejects.toMatchObject({ code: "network", status: 0 });
  });

  it("returns nothing for a 204", async () => {
    const fetchImpl = vi.fn(async () => new Response(null, { status: 204 }));
    const api = createApiClient({ baseUrl: "https://api.example", accessToken: async () => "t", fetchImpl });
    await expect(api.delete("/centres/68101/users/u")).resolves.toBeUndefined();
  });

  it("builds URLs with a query and safe segments", () => {
    expect(buildUrl("https://api.example/v1", "/centres/68101/users", { status: "invited", cursor: null, limit: 20 })).toBe(
      "https://api.example/v1/centres/68101/users?status=invited&limit=20",
    );
    expect(`/centres/${segment("../audit")}`).toBe("/centres/..%2Faudit");
  });
});
