"""`make bench` and `make bench-load` write one results.json: neither may drop the other's figures."""

from __future__ import annotations

import json
from pathlib import Path

from bench.run import SCHEMA, kept_sections


def test_make_bench_keeps_the_load_section(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    load = {"people": 60, "errors": 0}
    path.write_text(json.dumps({"cold_start": {"old": 1}, "load": load}), encoding="utf-8")
    assert kept_sections(path) == {"load": load}  # what make bench measures is replaced, the rest kept
    assert "load" not in SCHEMA


def test_no_file_or_a_broken_one_keeps_nothing(tmp_path: Path) -> None:
    assert kept_sections(tmp_path / "results.json") == {}
    (tmp_path / "results.json").write_text("{not json", encoding="utf-8")
    assert kept_sections(tmp_path / "results.json") == {}
