"""Personal data in a local portal's log: what every line it wrote over a run must not hold.

The log is the portal's console (its own lines, every function's JSON lines, any library's
warnings). The banner `make run` prints at start lists the seeded demo accounts on purpose and
is left out; every other line is searched for email addresses, tokens, phone numbers, query
values, and the seeded accounts' names, passwords and TOTP secrets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from local import seed

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
PHONE = re.compile(r"\+[1-9][0-9]{6,14}\b")
QUERY_VALUE = re.compile(r"\?[^\s\"']*=(?!…)[^&\s\"']")
BANNER_START, BANNER_END = "Portal is running locally", "Walkthrough: README.md"


def log_lines(text: str) -> list[str]:
    """Every line but the start-up banner's."""
    lines, inside = [], False
    for line in text.splitlines():
        if BANNER_START in line:
            inside = True
        if not inside:
            lines.append(line)
        if inside and BANNER_END in line:
            inside = False
    return lines


def secrets_of(accounts: Iterable[Mapping[str, Any]]) -> set[str]:
    found = {seed.TEMPORARY_PASSWORD}
    for account in accounts:
        found |= {str(account[k]) for k in ("email", "password", "totp_secret") if account.get(k)}
    for seeded in seed.ACCOUNTS:
        found |= {seeded.given_name, seeded.family_name}
    return {s for s in found if s}


def personal_data(
    text: str, accounts: Iterable[Mapping[str, Any]] = (), extra: Iterable[str] = ()
) -> list[str]:
    """`what: line` for each finding; an empty list is a clean log."""
    words = secrets_of(accounts) | set(extra)
    named = [(w, re.compile(rf"(?<![A-Za-z0-9]){re.escape(w)}(?![A-Za-z0-9])")) for w in sorted(words)]
    findings = []
    for line in log_lines(text):
        for what, pattern in (
            ("email", EMAIL),
            ("token", JWT),
            ("phone", PHONE),
            ("query value", QUERY_VALUE),
        ):
            if pattern.search(line):
                findings.append(f"{what}: {line[:200]}")
        findings += [f"seeded secret or name {word!r}: {line[:200]}" for word, p in named if p.search(line)]
    return findings
