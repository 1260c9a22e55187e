import { describe, expect, it } from "vitest";

import { badName } from "../src/screens/users/bulk";
import { mixesScripts, script, words } from "../src/screens/users/textRules";

// The same lists as tests/unit/test_domain_validation.py: bulk invite's preview refuses what the
// API refuses, and welcomes the names it welcomes.
const REAL_NAMES = [
  "Elizabeth",
  "Mary-Jane",
  "O'Connor",
  "St. John",
  "J.R.R.",
  "Siân",
  "Llŷr",
  "Ŵyn",
  "Gwenllïan ap Dafydd",
  "Rhiannon Wyn ferch Ieuan",
  "Dafydd ap Gruffydd",
  "Ffion Hâf",
  "Tomás Ó Súilleabháin",
  "Zoë 李",
  "Ngũgĩ",
  "Nguyễn Thị Minh Khai",
  "Łukasz Żółkiewski",
  "Ελένη",
  "Олена Петренко",
  "أحمد",
  "Ahmed أحمد",
  "שרה",
  "प्रिया शर्मा",
  "田中ハナ子",
  "ノノカ",
  "山田 はなこ",
  "김민준",
  "陳美玲",
];
const REFUSED = [
  "Urgent. Verify your account at exam-board-login.\u034fcom",
  "https\u02d0\u141f\u141fevil\ua4f8com",
  "\u3164",
  "\uffa0",
  "\u115f",
  "\u1160",
  "Ann\u3164",
  "\u3164\u3164 \uffa0",
  "A\u034fnn",
  "Ann\u00adSmith",
  "Ann\u2060",
  "Ann\ufe0f",
  "Ann\u{e0041}",
  "Ann\u17b4",
  "https\u02d0",
  "exam\ua4f8com",
  "https\u141f\u141fevil",
  "examboard\u30ce\u30cecom",
  "Natali\u0430",
  "p\u0430yp\u0430l",
  "exam-board-login.com",
  "evil\u3002com",
  "evil\uff0ecom",
  "evil\u2024com",
  "https\uff1a//evil",
];

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
