/**
 * The two catalogues, one JSON file per language (en.json, cy.json), read by the console and by
 * the browser tests alike. English is the reference: the type below fails the build when cy.json
 * lacks a key, and tests/i18n.test.ts fails on a missing, extra or empty key or a placeholder
 * that differs. Keys are `area.thing`; `{name}` placeholders are filled by `t(key, { name })`.
 * Welsh terms: shared/reference/welsh-terms.md, and docs/console.md for the ones added.
 */
import cy from "./cy.json";
import en from "./en.json";

export type MessageKey = keyof typeof en;
export type Catalogue = Record<MessageKey, string>;

export const ENGLISH: Catalogue = en;
export const WELSH: Catalogue = cy;
