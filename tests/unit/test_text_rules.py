"""The Unicode data written out by `make text-rules` is what the pinned libraries give.

`portal/domain/ignorable.py` must be the regex module's `Default_Ignorable_Code_Point`, code point
for code point, and the console's `textRules.json` what `portal.domain.text` says of every letter
and mark (scripts/text_rules.py writes both; a drift means `make text-rules` was not run).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import regex
from portal.domain import text

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "text_rules.py"


def _generator():
    spec = importlib.util.spec_from_file_location("text_rules", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_files_are_what_make_text_rules_writes():
    generator = _generator()
    assert generator.IGNORABLE.read_text() == generator.ignorable_module(), "run `make text-rules`"
    assert generator.CONSOLE.read_text() == generator.console_rules(), "run `make text-rules`"


def test_ignorable_is_unicodes_default_ignorable_code_point_exactly():
    pattern = regex.compile(r"\p{Default_Ignorable_Code_Point}")
    differ = [p for p in range(0x110000) if text.ignorable(chr(p)) != bool(pattern.match(chr(p)))]
    assert differ == []


def test_the_console_knows_the_scripts_the_api_knows():
    rules = json.loads((ROOT / "console" / "src" / "screens" / "users" / "textRules.json").read_text())
    names, ranges = rules["scripts"], rules["ranges"]
    for ch in "a\u0175\u0416\u03b1\u674e\u306f\u30ab\uae40\u141f\ua4f8\u0623":
        found = [names[i] for first, last, i in ranges if first <= ord(ch) <= last]
        assert found == [text.script(ch)], ch
    assert all(text.looks_like_web_address_mark(chr(p)) for p in rules["lookalikes"])
    assert 0x02D0 in rules["lookalikes"]  # U+02D0, the colon of issue 22's payload
