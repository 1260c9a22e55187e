"""Unicode's security mechanisms (UTS #39) for the free text one person writes and another reads:
names, job roles and centre names, which reach emails the board sends and other people's screens.

Three checks, each from Unicode's own data through a well-kept library rather than a list kept
here (docs/security.md, Input):

- **invisible**: no `Default_Ignorable_Code_Point` (Unicode's DerivedCoreProperties, as the
  `regex` module holds it, written into `ignorable.py` by `make text-rules`: `regex` is a compiled
  extension, which the layer does not ship): zero-width characters, the combining grapheme joiner
  U+034F, the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, variation selectors, tags,
  bidirectional controls;
- **one script per word** (UTS #39, 5.1, "Highly Restrictive", the rule browsers apply to web
  addresses): the letters and marks of one word belong to one script, characters of no particular
  script (Common, Inherited) aside, or to one of the writing systems that mix scripts by nature:
  Han with Hiragana and Katakana (Japanese), Han with Hangul (Korean), Han with Bopomofo. A name
  may be written in any script, and several words in several; `evil` + U+A4F8 + `com`
  (Latin and Lisu) is not a
  word of any language. Scripts come from Unicode's Scripts.txt, through `confusable_homoglyphs`;
- **look-alikes of `: / .`**: a character of no particular script (Common or Inherited, so the
  previous check lets it through) that Unicode's confusables data (confusables.txt, through
  `confusable_homoglyphs`) says looks like `:`, `/` or `.`, the marks that make a web address:
  U+02D0 MODIFIER LETTER TRIANGULAR COLON reads as `:`. One that belongs to a script
  (KATAKANA LETTER NO U+30CE, DEVANAGARI SIGN VISARGA U+0903) is that script's own letter, in a
  word of that script.

`confusable_homoglyphs` is imported on first use: its data costs tens of milliseconds to load,
which only requests that carry such text should pay, not every cold start.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Iterator
from functools import cache

from portal.domain.ignorable import DEFAULT_IGNORABLE

NO_SCRIPT = frozenset({"COMMON", "INHERITED"})
# UTS #39's augmented script sets: scripts that one writing system mixes within a word.
MIXED_BY_NATURE = (
    frozenset({"HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"HAN", "HANGUL"}),
    frozenset({"HAN", "BOPOMOFO"}),
)
WEB_ADDRESS_MARKS = frozenset(":/.")


_IGNORABLE_FIRSTS = [first for first, _ in DEFAULT_IGNORABLE]


def ignorable(ch: str) -> bool:
    point = ord(ch)
    at = bisect.bisect_right(_IGNORABLE_FIRSTS, point) - 1
    return at >= 0 and DEFAULT_IGNORABLE[at][0] <= point <= DEFAULT_IGNORABLE[at][1]


def invisible(text: str) -> bool:
    """Whether `text` holds a default-ignorable code point: one that shows as nothing."""
    return any(ignorable(ch) for ch in text)


def script(ch: str) -> str:
    """The character's script as Scripts.txt names it, upper case: LATIN, HAN, COMMON..."""
    from confusable_homoglyphs import categories  # noqa: PLC0415 - first use only

    return str(categories.alias(ch))


def category(ch: str) -> str:
    """The character's general category in the same Unicode data as its script (`Lu`, `Mn`...)."""
    from confusable_homoglyphs import categories  # noqa: PLC0415 - first use only

    return str(categories.aliases_categories(ch)[1])


def words(text: str) -> Iterator[str]:
    """The runs of letters and combining marks: what a reader takes as one word."""
    start = None
    for index, ch in enumerate(text + " "):
        inside = unicodedata.category(ch)[0] in "LM"
        if inside and start is None:
            start = index
        elif not inside and start is not None:
            yield text[start:index]
            start = None


def scripts(word: str) -> frozenset[str]:
    return frozenset(script(ch) for ch in word) - NO_SCRIPT


def mixes_scripts(text: str) -> bool:
    """Whether a word of `text` mixes scripts that no writing system mixes."""
    for word in words(text):
        found = scripts(word)
        if len(found) > 1 and not any(found <= natural for natural in MIXED_BY_NATURE):
            return True
    return False


@cache
def looks_like_web_address_mark(ch: str) -> bool:
    """Whether Unicode's confusables data says `ch`, of no particular script, looks like `: / .`."""
    if ch in WEB_ADDRESS_MARKS or script(ch) not in NO_SCRIPT:
        return False
    from confusable_homoglyphs import confusables  # noqa: PLC0415 - first use only

    found = confusables.is_confusable(ch, greedy=True) or []
    return any(glyph["c"] in WEB_ADDRESS_MARKS for entry in found for glyph in entry["homoglyphs"])


def has_web_address_look_alike(text: str) -> bool:
    return any(looks_like_web_address_mark(ch) for ch in text)
