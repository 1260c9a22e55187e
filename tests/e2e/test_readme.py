"""The README's walkthrough works as written: its Python block runs against a local portal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.portal import ROOT, LocalPortal

pytestmark = pytest.mark.e2e

DEFAULT_API = "http://localhost:8000"


def walkthrough() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Walkthrough", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, flags=re.DOTALL)
    assert found, "the walkthrough's Python block"
    return found.group(1)


def test_the_walkthrough_runs(
    portal: LocalPortal, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = walkthrough().replace(DEFAULT_API, portal.api)
    exec(compile(code, str(tmp_path / "walkthrough.py"), "exec"), {})  # our own README
    printed = capsys.readouterr().out
    assert "201" in printed
    assert "'status': 'active'" in printed
