import { describe, expect, it } from "vitest";

import { badName } from "../src/screens/users/bulk";
import { mixesScripts, script, words } from "../src/screens/users/textRules";

import names from "./names.json";

// The same lists as tests/unit/test_domain_validation.py: bulk invite's preview refuses what the
// API refuses, and welcomes the names it welcomes.
const REAL_NAMES = names.welcome;
const REFUSED = names.refused;

describe("the text rule of bulk invite's preview", () => {
  it.each(REAL_NAMES)("welcomes %s", (name) => {
    expect(badName(name)).toBe(false);
  });

  it.each(REFUSED)("refuses %j", (name) => {
    expect(badName(name)).toBe(true);
  });

  it("reads scripts as the API does", () => {
    expect(["a", "ŵ", "Ж", "李", "は", "カ", "김", "\u141f", "\ua4f8", "-", "\u0301"].map(script)).toEqual([
      "LATIN",
      "LATIN",
      "CYRILLIC",
      "HAN",
      "HIRAGANA",
      "KATAKANA",
      "HANGUL",
      "CANADIAN_ABORIGINAL",
      "LISU",
      null,
      null,
    ]);
    expect(words("Siân ap-Llŷr, 21")).toEqual(["Siân", "ap", "Llŷr"]);
    expect(mixesScripts("田中ハナ子 김민준")).toBe(false);
    expect(mixesScripts("Li李")).toBe(true);
  });
});
