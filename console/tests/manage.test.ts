import { describe, expect, it } from "vitest";

import { translator } from "../src/i18n/i18n";
import { actionLabel, changeSentence, changedFields, changes } from "../src/screens/audit/changes";
import { retryable } from "../src/screens/users/BulkInvite";
import { ApiError } from "../src/api/errors";
import { granted, permissionState } from "../src/screens/users/permissions";
import { protection } from "../src/screens/users/ManageUsers";
import type { Member } from "../src/api/portal";

const en = translator("en");
const cy = translator("cy");

describe("the audit log's changes", () => {
  it("are the fields that differ, or all of one side", () => {
    expect(changedFields({ a: 1, b: [1] }, { a: 1, b: [1, 2] })).toEqual(["b"]);
    expect(changedFields(null, { a: 1 })).toEqual(["a"]);
    expect(changedFields({ a: 1 }, null)).toEqual(["a"]);
  });

  it("are worded for people, in either language", () => {
    const entry = {
      before: { account_type: "user", permissions: ["entries", "resources"], accepted: true },
      after: { account_type: "admin", permissions: ["entries", "resources"], accepted: true },
    };
    expect(changes(entry, en, "en").map((c) => changeSentence(c, en))).toEqual([
      "Account type: from User to Admin",
    ]);
    expect(changes(entry, cy, "cy").map((c) => changeSentence(c, cy))).toEqual([
      "Math o gyfrif – cyn: Defnyddiwr, wedyn: Gweinyddwr",
    ]);
    const created = changes({ before: null, after: { name: "Ysgol", accepted: false } }, en, "en");
    expect(created.map((c) => changeSentence(c, en))).toEqual(["Name: Ysgol", "Accepted: no"]);
    const deleted = changes({ before: { permissions: [] }, after: { account_deleted: true } }, en, "en");
    expect(deleted.map((c) => changeSentence(c, en))).toEqual(["Permissions: was none", "Portal account deleted: yes"]);
  });

  it("name actions, and show an unknown one as it is", () => {
    expect(actionLabel("member.access_changed", en)).toBe("Access changed");
    expect(actionLabel("something.new", en)).toBe("something.new");
  });
});

describe("permissions", () => {
  it("let a User have only the grantable ones, and an Admin all", () => {
    expect(permissionState("user", "iamis")).toBe("choice");
    expect(permissionState("user", "resources")).toBe("always");
    expect(permissionState("user", "a2c_keys")).toBe("never");
    expect(permissionState("admin", "a2c_keys")).toBe("always");
    expect(granted(["resources", "results", "iamis"])).toEqual(["iamis", "results"]);
  });

  it("protect the Exams Officer's row from all but the helpdesk, and one's own row", () => {
    const member = (account_type: Member["account_type"], user_id = "them") => ({ account_type, user_id }) as Member;
    expect(protection(member("exams_officer"), { user_id: "me", helpdesk: false })).toBe("examsOfficer");
    expect(protection(member("exams_officer"), { user_id: "me", helpdesk: true })).toBeNull();
    expect(protection(member("admin", "me"), { user_id: "me", helpdesk: false })).toBe("self");
    expect(protection(member("user"), { user_id: "me", helpdesk: false })).toBeNull();
  });
});

describe("bulk invite retries", () => {
  it("send again only what may not have arrived, or met a busy Portal", () => {
    expect(retryable(new ApiError(0, "network", ""))).toBe(true);
    expect(retryable(new ApiError(503, "service_unavailable", ""))).toBe(true);
    expect(retryable(new ApiError(409, "idempotency_key_in_use", ""))).toBe(true);
    expect(retryable(new ApiError(409, "already_member", ""))).toBe(false);
    expect(retryable(new ApiError(400, "invalid_request", ""))).toBe(false);
  });
});

describe("dates", () => {
  it("are in UK time, and in Welsh whatever the browser's ICU data", async () => {
    const { day, when } = await import("../src/screens/common/when");
    expect(when("2026-08-13T07:00:00+00:00", "en")).toBe("13 Aug 2026, 08:00");
    expect(when("2026-08-13T07:00:00+00:00", "cy")).toBe("13 Awst 2026, 08:00");
    expect(when("2026-12-01T23:30:00+00:00", "cy")).toBe("1 Rhagfyr 2026, 23:30");
    expect(day("2026-08-13", "en")).toMatch(/^Thursday,? 13 August 2026$/);
    expect(day("2026-08-13", "cy")).toBe("dydd Iau 13 Awst 2026");
  });
});
