"""`make audit`: pip-audit on every pinned requirement, and a clear word when it could not look.

pip-audit asks PyPI's JSON API for each pin's known vulnerabilities. Where that service cannot
be reached (a machine with only a package index, no JSON API), pip-audit marks every pin
"not found on PyPI" and exits 0, which would read as clean. Here that is a failure of its own
(exit 2), named as such: NOT AUDITED. `--allow-unreachable` (what `make check-deep` passes)
prints the same warning but lets the rest of the run go on.

A vulnerability found fails the audit unless it is listed in ACCEPTED with the reason.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUIREMENTS = ROOT / "requirements-dev.txt"  # includes requirements.txt and the layer's
ACCEPTED: dict[str, str] = {}
"""vulnerability id → why it does not apply to Portal (none yet)."""


def main(argv: list[str]) -> int:
    allow_unreachable = "--allow-unreachable" in argv
    pip_audit = Path(sys.executable).with_name("pip-audit")
    finished = subprocess.run(  # noqa: S603 - fixed arguments, our own venv's tool
        [str(pip_audit), "-r", str(REQUIREMENTS), "--no-deps", "--progress-spinner", "off", "-f", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(finished.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit failed ({finished.returncode}):\n{finished.stderr}", file=sys.stderr)
        return 1
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = [d for d in dependencies if not d.get("skip_reason")]
    found = [(d["name"], d["version"], v["id"]) for d in audited for v in d.get("vulns", [])]
    open_ = [f for f in found if f[2] not in ACCEPTED]
    print(f"pip-audit: {len(dependencies)} pinned requirements, {len(audited)} audited, {len(skipped)} not")
    for name, version, vuln in found:
        why = ACCEPTED.get(vuln)
        print(f"  {name} {version}: {vuln}" + (f" (accepted: {why})" if why else ""))
    if skipped and not audited:
        print(
            "\n*** NOT AUDITED: PyPI's vulnerability service (its JSON API) cannot be reached from this "
            "machine,\n*** so no pinned requirement was checked. Run `make audit` where pypi.org's JSON API "
            "answers.\n",
            file=sys.stderr,
        )
        return 0 if allow_unreachable else 2
    for dependency in skipped:
        print(f"  not audited: {dependency['name']}: {dependency['skip_reason']}", file=sys.stderr)
    if open_ or skipped:
        return 1
    print("pip-audit: no known vulnerability in the pinned requirements")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
