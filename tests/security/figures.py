"""The proof suites' figures: each test records what it ran, `python -m tests.security.figures` adds up.

Records go to PORTAL_PROOF_DIR (what `make check-deep` sets) as one JSON line per record, one
file per process, so xdist workers never write the same file. Without the variable nothing is
written: `make test` keeps its figures to the test's own assertions.
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ENV = "PORTAL_PROOF_DIR"


def record(suite: str, what: str, numbers: dict[str, Any]) -> None:
    where = os.environ.get(ENV)
    if not where:
        return
    folder = Path(where)
    folder.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"suite": suite, "what": what, **numbers}, sort_keys=True)
    with (folder / f"figures-{os.getpid()}.jsonl").open("a", encoding="utf-8") as out:
        out.write(line + "\n")


def totals(folder: Path) -> dict[str, dict[str, Any]]:
    """Per suite, each numeric field summed over its records; `runs` counts the records."""
    summed: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    for path in sorted(folder.glob("figures-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            suite = summed[item.pop("suite")]
            item.pop("what", None)
            suite["runs"] += 1
            for key, value in item.items():
                if isinstance(value, bool | int | float):
                    suite[key] += value
    return {name: dict(values) for name, values in sorted(summed.items())}


def main(argv: list[str]) -> int:
    folder = Path(argv[1] if len(argv) > 1 else os.environ.get(ENV, ".proof"))
    found = totals(folder)
    if not found:
        print(f"no figures in {folder}", file=sys.stderr)
        return 1
    for suite, values in found.items():
        print(f"{suite}: " + ", ".join(f"{k} {v}" for k, v in sorted(values.items())))
    (folder / "figures.json").write_text(json.dumps(found, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
