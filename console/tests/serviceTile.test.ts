import { describe, expect, it } from "vitest";

import { wayIn } from "../src/screens/home/ServiceTile";

const at = { centreId: "68101", language: "cy" };

describe("where a service's tile leads", () => {
  it("opens the service's address with the centre and the language, and results with the series", () => {
    expect(wayIn({ service: "entries", access: "view", available_from: null }, "https://entries.example.org/p", at)).toEqual({
      kind: "open",
      href: "https://entries.example.org/p?centre_id=68101&language=cy",
    });
    expect(
      wayIn({ service: "results", access: "full", available_from: null }, "https://results.example.org/", {
        ...at,
        seriesId: "2026-summer",
      }),
    ).toEqual({ kind: "open", href: "https://results.example.org/?centre_id=68101&language=cy&series_id=2026-summer" });
  });

  it("leads nowhere without access, under embargo, or with no address yet, and says why", () => {
    const address = "https://x.example.org/";
    expect(wayIn({ service: "iamis", access: "none", available_from: null }, address, at)).toEqual({
      kind: "closed",
      reason: "services.noAccess",
    });
    expect(wayIn({ service: "a2c_keys", access: "none", available_from: null }, address, { ...at, accountType: "user" })).toEqual({
      kind: "closed",
      reason: "services.notForUsers",
    });
    expect(
      wayIn({ service: "results", access: "none", available_from: "2026-08-13T08:00:00+01:00" }, address, at),
    ).toEqual({ kind: "closed", reason: "services.embargo" });
    expect(wayIn({ service: "entries", access: "full", available_from: null }, null, at)).toEqual({
      kind: "closed",
      reason: "services.notLinked",
    });
    expect(wayIn({ service: "entries", access: "full", available_from: null }, undefined, at).kind).toBe("closed");
  });
});
