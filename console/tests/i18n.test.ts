import { describe, expect, it } from "vitest";

import cy from "../src/i18n/cy.json";
import en from "../src/i18n/en.json";
import { format, translator } from "../src/i18n/i18n";

const catalogues: Record<string, Record<string, string>> = { en, cy };
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the catalogues", () => {
  for (const [name, catalogue] of Object.entries(catalogues)) {
    for (const [otherName, other] of Object.entries(catalogues)) {
      if (name === otherName) continue;
      it(`${otherName} has every key of ${name}`, () => {
        const missing = Object.keys(catalogue).filter((key) => !(key in other));
        expect(missing).toEqual([]);
      });
    }
    it(`${name} has no empty string`, () => {
      const empty = Object.entries(catalogue).filter(([, value]) => value.trim() === "");
      expect(empty).toEqual([]);
    });
  }

  it("say the same placeholders in both languages", () => {
    const differ = Object.keys(en).filter(
      (key) => placeholders(en[key as keyof typeof en]).join() !== placeholders(cy[key as keyof typeof cy] ?? "").join(),
    );
    expect(differ).toEqual([]);
  });

  it("uses the Welsh terms of shared/reference/welsh-terms.md", () => {
    expect(cy["action.signIn"]).toBe("Mewngofnodi");
    expect(cy["action.signOut"]).toBe("Allgofnodi");
    expect(cy["signIn.email"]).toBe("Cyfeiriad e-bost");
    expect(cy["nav.manageUsers"]).toBe("Rheoli defnyddwyr");
    expect(cy["accountType.exams_officer"]).toBe("Swyddog Arholiadau");
    expect(cy["status.invited"]).toBe("Wedi'i wahodd");
  });
});

describe("format", () => {
  it("fills placeholders and leaves unknown ones to be seen", () => {
    expect(format("Centre {id}: {name}", { id: "68101", name: "Demo" })).toBe("Centre 68101: Demo");
    expect(format("Hello {who}", {})).toBe("Hello {who}");
  });

  it("translates by language", () => {
    expect(translator("cy")("home.welcome", { name: "Eira" })).toBe("Croeso nôl, Eira");
    expect(translator("en")("home.welcome", { name: "Eira" })).toBe("Welcome back, Eira");
  });
});
