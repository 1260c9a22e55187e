import { describe, expect, it } from "vitest";

import type { Me } from "../src/api/portal";
import { match } from "../src/app/router";
import { allowed, findRoute, type Route } from "../src/app/routes";

const screen = (() => null) as unknown as Route["screen"];
const routes: Route[] = [
  { path: "/", access: "signedIn", screen },
  { path: "/centres/:centreId/users", access: "manager", screen },
  { path: "/helpdesk", access: "helpdesk", screen },
];

function person(memberships: Me["memberships"], helpdesk = false): Me {
  return {
    user_id: "u",
    email: "a@b.org",
    title: null,
    given_name: "A",
    family_name: "B",
    job_role: null,
    language: "en",
    phone_number: null,
    mfa: { preferred: "SOFTWARE_TOKEN_MFA", enabled: ["SOFTWARE_TOKEN_MFA"], passkey: false, passkey_review: false },
    helpdesk,
    memberships,
  };
}

const at = (centre_id: string, account_type: "exams_officer" | "admin" | "user") => ({
  centre_id,
  centre_name: "C",
  account_type,
  permissions: [],
  status: "active" as const,
});

describe("routes", () => {
  it("match paths and decode their parameters", () => {
    expect(match("/centres/:centreId/users", "/centres/68101/users")).toEqual({ centreId: "68101" });
    expect(match("/centres/:centreId/users", "/centres/68101")).toBeNull();
    expect(findRoute("/nowhere", routes)).toBeNull();
  });

  it("let only the centre's EO or Admins, or the helpdesk, open a manager's screen", () => {
    const found = findRoute("/centres/68101/users", routes)!;
    expect(allowed(found.route, found.params, person([at("68101", "exams_officer")]))).toBe(true);
    expect(allowed(found.route, found.params, person([at("68101", "admin")]))).toBe(true);
    expect(allowed(found.route, found.params, person([at("68101", "user")]))).toBe(false);
    expect(allowed(found.route, found.params, person([at("68102", "exams_officer")]))).toBe(false);
    expect(allowed(found.route, found.params, person([], true))).toBe(true);
  });

  it("keep the helpdesk's screens for the helpdesk", () => {
    const found = findRoute("/helpdesk", routes)!;
    expect(allowed(found.route, found.params, person([at("68101", "exams_officer")]))).toBe(false);
    expect(allowed(found.route, found.params, person([], true))).toBe(true);
  });
});
