"""Write the Unicode data that Portal's text rules need where no library can ship (`make text-rules`).

- `layers/portal/python/portal/domain/ignorable.py`: the code points of Unicode's
  `Default_Ignorable_Code_Point`, as ranges, read off the `regex` module's own Unicode tables
  (pinned in requirements-dev.txt). `regex` is a compiled extension, which the layer does not
  ship (its wheels are pure Python, testable here as they run in Lambda); the ranges are a few
  hundred bytes.
- `console/src/screens/users/textRules.json`: what bulk invite's preview needs to apply the same
  rule in the browser (JavaScript has `\\p{Default_Ignorable_Code_Point}` itself): the script of
  every letter and mark outside Common and Inherited, as ranges, and the characters that look like
  `: / .`, both from `portal.domain.text` (so from `confusable_homoglyphs`, as the API reads them).

`--check` fails instead of writing when a committed file differs from what the pinned libraries give.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "layers" / "portal" / "python"), str(ROOT)]

import regex  # noqa: E402
from portal.domain import text  # noqa: E402

IGNORABLE = ROOT / "layers" / "portal" / "python" / "portal" / "domain" / "ignorable.py"
CONSOLE = ROOT / "console" / "src" / "screens" / "users" / "textRules.json"
LAST = 0x10FFFF


def _ranges(members: list[int]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for point in members:
        if found and found[-1][1] == point - 1:
            found[-1] = (found[-1][0], point)
        else:
            found.append((point, point))
    return found


def ignorable_module() -> str:
    pattern = regex.compile(r"\p{Default_Ignorable_Code_Point}")
    members = [point for point in range(LAST + 1) if pattern.match(chr(point))]
    lines = "\n".join(f"    (0x{low:04X}, 0x{high:04X})," for low, high in _ranges(members))
    return (
        '"""Unicode\'s Default_Ignorable_Code_Point, as (first, last) ranges: written by\n'
        f"`make text-rules` (scripts/text_rules.py) from the regex module {regex.__version__}'s Unicode\n"
        'tables; never edit by hand (a test fails when it drifts from them)."""\n\n'
        "DEFAULT_IGNORABLE: tuple[tuple[int, int], ...] = (\n"
        f"{lines}\n"
        ")\n"
    )


def console_rules() -> str:
    """Scripts of letters and marks (Common and Inherited left out), as [first, last, index] ranges
    over the script names; the look-alikes of `: / .` as code points."""
    names: list[str] = []
    ranges: list[list[int]] = []
    lookalikes: list[int] = []
    broken = False
    for point in range(LAST + 1):
        ch = chr(point)
        if text.category(ch)[0] not in "LM":
            continue
        if text.looks_like_web_address_mark(ch):
            lookalikes.append(point)
        script = text.script(ch)
        if script in text.NO_SCRIPT:
            broken = True  # a letter of no script: the range before it must not cover it
            continue
        if script not in names:
            names.append(script)
        index = names.index(script)
        if ranges and ranges[-1][2] == index and not broken:
            ranges[-1][1] = point  # letters of one script in a row (only non-letters between them)
        else:
            ranges.append([point, point, index])
        broken = False
    document = {
        "about": "Written by make text-rules (scripts/text_rules.py) from portal.domain.text; do not edit.",
        "scripts": names,
        "mixedByNature": [sorted(group) for group in text.MIXED_BY_NATURE],
        "ranges": ranges,
        "lookalikes": lookalikes,
    }
    return json.dumps(document, separators=(",", ":")) + "\n"


def main(argv: list[str]) -> int:
    outputs = {IGNORABLE: ignorable_module(), CONSOLE: console_rules()}
    stale = [path for path, content in outputs.items() if not path.is_file() or path.read_text() != content]
    if "--check" in argv:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is out of date: run `make text-rules`", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(outputs[path])
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
