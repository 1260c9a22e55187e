// @vitest-environment jsdom
import axe from "axe-core";
import { act } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, describe, expect, it, vi } from "vitest";

import type { Passkey } from "../src/auth/passkeys";
import { LanguageProvider } from "../src/i18n/i18n";
import { PasskeyList } from "../src/screens/passkeys/PasskeyList";
import type { Passkeys } from "../src/screens/passkeys/usePasskeys";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const LAPTOP: Passkey = { id: "a", name: "Chrome on Linux", kind: "platform", createdAt: new Date("2026-03-04T09:30:00Z") };
const KEY: Passkey = { id: "b", name: null, kind: "cross-platform", createdAt: new Date("2026-01-02T12:00:00Z") };

function model(passkeys: Passkey[] | null, remove = vi.fn(async () => true)): Passkeys {
  return {
    passkeys,
    listFailed: false,
    on: true,
    review: false,
    busy: null,
    problem: null,
    notice: null,
    create: async () => true,
    remove,
    setSignIn: async () => true,
  };
}

function render(language: "en" | "cy", shown: Passkeys) {
  const host = document.createElement("div");
  document.body.appendChild(host);
  const root = createRoot(host);
  act(() =>
    root.render(
      <LanguageProvider initial={language}>
        <main>
          <PasskeyList model={shown} />
        </main>
      </LanguageProvider>,
    ),
  );
  return host;
}

const buttons = (host: HTMLElement) => Array.from(host.querySelectorAll("button"));

afterEach(() => {
  document.body.innerHTML = "";
});

describe("the list of passkeys", () => {
  it("shows each passkey's name, kind and creation in UK time, in English and Welsh", () => {
    const en = render("en", model([LAPTOP, KEY]));
    const rows = Array.from(en.querySelectorAll("tbody tr")).map((row) => row.textContent);
    expect(rows[0]).toContain("Chrome on Linux");
    expect(rows[0]).toContain("Built into a device");
    expect(rows[0]).toContain("4 Mar 2026, 09:30");
    expect(rows[1]).toContain("Passkey"); // Cognito gave no name
    expect(rows[1]).toContain("Security key or phone");
    document.body.innerHTML = "";
    const cy = render("cy", model([LAPTOP]));
    expect(cy.querySelector("caption")?.textContent).toBe("Eich cyfrinallweddi");
    expect(cy.querySelector("tbody")?.textContent).toContain("4 Mawrth 2026, 09:30");
  });

  it("names each Remove button after its passkey, and asks before removing", async () => {
    const remove = vi.fn(async () => true);
    const host = render("en", model([LAPTOP, KEY], remove));
    const [first] = buttons(host);
    expect(first?.textContent).toBe("Remove Chrome on Linux, created 4 Mar 2026, 09:30");
    act(() => first?.click());
    const question = host.querySelector(".confirm__question");
    expect(question?.textContent).toBe("Remove the passkey “Chrome on Linux”?");
    expect(document.activeElement).toBe(question);
    expect(remove).not.toHaveBeenCalled();
    const yes = buttons(host).find((b) => b.textContent === "Yes, remove the passkey");
    await act(async () => yes?.click());
    expect(remove).toHaveBeenCalledWith(LAPTOP);
    expect(host.querySelector(".confirm")).toBeNull();
  });

  it("warns before the last passkey goes that passkey sign-in goes with it", () => {
    const host = render("en", model([LAPTOP]));
    act(() => buttons(host)[0]?.click());
    expect(host.textContent).toContain("It is your last passkey");
  });

  it("says so when there are none, and while Cognito is asked; nothing when Cognito could not say", () => {
    expect(render("en", model([])).textContent).toBe("You have no passkeys yet.");
    expect(render("en", model(null)).querySelector("[role=status]")?.textContent).toBe("Loading…");
    expect(render("en", { ...model(null), listFailed: true }).textContent).toBe("");
  });

  it("has no accessibility violation (axe-core), asked or not", async () => {
    const host = render("cy", model([LAPTOP, KEY]));
    const rules = { rules: { "color-contrast": { enabled: false } } };
    expect((await axe.run(host, rules)).violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    act(() => buttons(host)[1]?.click());
    expect((await axe.run(host, rules)).violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
