// @vitest-environment jsdom
import axe from "axe-core";
import { act } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, describe, expect, it } from "vitest";

import { LanguageProvider } from "../src/i18n/i18n";
import { ErrorSummary } from "../src/ui/ErrorSummary";
import { TextField } from "../src/ui/fields";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function render(language: "en" | "cy") {
  const host = document.createElement("div");
  document.body.appendChild(host);
  const root = createRoot(host);
  act(() =>
    root.render(
      <LanguageProvider initial={language}>
        <main>
          <ErrorSummary message="Check the answers" items={[{ id: "phone", message: "Enter +44…" }]} />
          <form>
            <TextField id="phone" label="Phone number" hint="International form" error="Enter +44…" />
          </form>
        </main>
      </LanguageProvider>,
    ),
  );
  return { host, unmount: () => act(() => root.unmount()) };
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("the error summary (style.md items 11 and 12)", () => {
  it("is an alert, takes focus, and links to the field, which names its error", () => {
    const { host } = render("en");
    const summary = host.querySelector(".error-summary") as HTMLElement;
    expect(summary.getAttribute("role")).toBe("alert");
    expect(document.activeElement).toBe(summary);
    expect(summary.textContent).toContain("There is a problem");
    const link = summary.querySelector("a") as HTMLAnchorElement;
    act(() => link.click());
    expect(document.activeElement?.id).toBe("phone");
    const input = document.getElementById("phone") as HTMLInputElement;
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")).toBe("phone-hint phone-error");
  });

  it("is in Welsh on a Welsh page", () => {
    const { host } = render("cy");
    expect(host.textContent).toContain("Mae problem wedi codi");
  });

  it("has no accessibility violation (axe-core)", async () => {
    const { host } = render("en");
    const results = await axe.run(host, { rules: { "color-contrast": { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
