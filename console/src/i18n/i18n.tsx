/**
 * The language of the page: English or Welsh, one catalogue each. A visitor's choice is kept in
 * this browser (localStorage); once signed in, GET /me's `language` decides, and the switch on
 * every page changes it for this visit.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import { ENGLISH, WELSH, type Catalogue, type MessageKey } from "./catalogue";

export type Language = "en" | "cy";
export const LANGUAGES: readonly Language[] = ["en", "cy"];
export const CATALOGUES: Record<Language, Catalogue> = { en: ENGLISH, cy: WELSH };
const STORAGE_KEY = "portal.language";

export type Values = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: Values) => string;

export function isLanguage(value: unknown): value is Language {
  return value === "en" || value === "cy";
}

/** `{name}` placeholders filled from `values`; a missing value is left as written, to be seen. */
export function format(template: string, values?: Values): string {
  if (!values) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

export function translator(language: Language): Translate {
  const catalogue = CATALOGUES[language];
  return (key, values) => format(catalogue[key], values);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(ENGLISH, key);
}

function storedLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage may be off: English, as Portal's emails start
  }
  return "en";
}

interface LanguageState {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
}

const LanguageContext = createContext<LanguageState | null>(null);

export function LanguageProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [language, setLanguageState] = useState<Language>(() => initial ?? storedLanguage());
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not kept: still changed for this page
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo(() => ({ language, setLanguage, t: translator(language) }), [language, setLanguage]);
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  const state = useContext(LanguageContext);
  if (!state) throw new Error("useLanguage outside LanguageProvider");
  return state;
}

export function useT(): Translate {
  return useLanguage().t;
}
