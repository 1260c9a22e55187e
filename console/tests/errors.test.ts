import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

import { ApiError, errorSentence, fieldMessages, PROBLEM_CODES, problemToError } from "../src/api/errors";
import { isMessageKey, translator } from "../src/i18n/i18n";

const en = translator("en");
const cy = translator("cy");

describe("problem+json as typed errors", () => {
  it("knows exactly the API's codes (portal/constants.py, PROBLEMS)", () => {
    const source = readFileSync(new URL("../../layers/portal/python/portal/constants.py", import.meta.url), "utf8");
    const table = source.slice(source.indexOf("PROBLEMS:"), source.indexOf("}\n", source.indexOf("PROBLEMS:")));
    const codes = [...table.matchAll(/^\s+"(\w+)": \(/gm)].map((m) => m[1]);
    expect([...PROBLEM_CODES].sort()).toEqual(codes.sort());
  });

  it("has a sentence for every code, in both languages", () => {
    for (const code of [...PROBLEM_CODES, "network", "unknown"]) {
      expect(isMessageKey(`error.${code}`), code).toBe(true);
    }
  });

  it("reads the code, detail and fields", () => {
    const error = problemToError(400, {
      type: "urn:portal:problem:invalid_request",
      title: "The request is not valid",
      status: 400,
      detail: "phone_number: not E.164",
      code: "invalid_request",
      errors: [
        { field: "phone_number", message: "must be in E.164" },
        { field: "body.nickname", message: "not allowed" },
      ],
      request_id: "abc",
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("invalid_request");
    expect(error.requestId).toBe("abc");
    expect(error.fields.map((f) => f.field)).toEqual(["phone_number", "nickname"]);
    expect(errorSentence(error, en)).toBe(en("error.invalid_request"));
    expect(fieldMessages(error, cy)).toEqual({
      phone_number: cy("fieldError.phone_number"),
      nickname: "not allowed",
    });
  });

  it("words a 409 by its code", () => {
    const error = problemToError(409, { code: "admin_limit_reached", detail: "no Admin place left" });
    expect(errorSentence(error, en)).toMatch(/3 Admins/);
    expect(errorSentence(error, cy)).toMatch(/3 Gweinyddwr/);
  });

  it("falls back on the status when the body is not a problem", () => {
    expect(problemToError(401, "Unauthorized").code).toBe("unauthenticated");
    expect(problemToError(403, undefined).forbidden).toBe(true);
    expect(problemToError(502, "<html>").code).toBe("internal_error");
    expect(problemToError(418, {}).code).toBe("unknown");
    expect(problemToError(409, { code: "something_new" }).code).toBe("unknown");
  });
});
