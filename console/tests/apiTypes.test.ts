import { readFileSync } from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";
import { describe, expect, it } from "vitest";

describe("src/api/schema.d.ts", () => {
  it("is generated from docs/openapi.json as it is now (npm run api-types)", async () => {
    const document = new URL("../../docs/openapi.json", import.meta.url);
    const generated = astToString(await openapiTS(document));
    const committed = readFileSync(new URL("../src/api/schema.d.ts", import.meta.url), "utf8");
    const body = (text: string) => text.replace(/^\/\*\*[\s\S]*?\*\/\s*/, "").trim();
    expect(body(committed)).toBe(body(generated));
  });
});
