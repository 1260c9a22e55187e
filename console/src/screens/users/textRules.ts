/**
 * Portal's rule for free text that reaches an email or another person's screen
 * (portal/domain/text.py), applied in the browser so that bulk invite's preview marks what the
 * API would refuse: no invisible character (JavaScript knows Unicode's
 * Default_Ignorable_Code_Point itself), no word mixing scripts but as Japanese and Korean mix
 * them, no look-alike of `: / .`. The scripts and look-alikes are the API's own data
 * (textRules.json, written by `make text-rules` from the same library; a test fails on drift).
 */
import rules from "./textRules.json";

const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const LOOKALIKES = new Set(rules.lookalikes);
const NATURAL = rules.mixedByNature.map((group) => new Set(group));
const FIRSTS = rules.ranges.map((range) => range[0] as number);

export function invisible(text: string): boolean {
  return INVISIBLE.test(text);
}

/** The script of a letter or mark, as the API names it; null for Common and Inherited. */
export function script(ch: string): string | null {
  const point = ch.codePointAt(0) ?? 0;
  let low = 0;
  let high = FIRSTS.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [first, last, index] = rules.ranges[middle] as [number, number, number];
    if (point < first) high = middle - 1;
    else if (point > last) low = middle + 1;
    else return rules.scripts[index] ?? null;
  }
  return null;
}

/** Runs of letters and combining marks: what a reader takes as one word. */
export function words(text: string): string[] {
  const found: string[] = [];
  let word = "";
  for (const ch of text) {
    if (LETTER_OR_MARK.test(ch)) word += ch;
    else if (word) {
      found.push(word);
      word = "";
    }
  }
  if (word) found.push(word);
  return found;
}

export function mixesScripts(text: string): boolean {
  return words(text).some((word) => {
    const scripts = new Set<string>();
    for (const ch of word) {
      const name = script(ch);
      if (name) scripts.add(name);
    }
    return scripts.size > 1 && !NATURAL.some((natural) => [...scripts].every((name) => natural.has(name)));
  });
}

export function hasWebAddressLookAlike(text: string): boolean {
  for (const ch of text) {
    if (LOOKALIKES.has(ch.codePointAt(0) ?? 0)) return true;
  }
  return false;
}
