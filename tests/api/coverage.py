"""Which documented (route, problem code) pairs the suite exercised, gathered across xdist workers.

Each worker hands its observations to the controller (`workeroutput`); the terminal summary
lists, per route, the codes docs/openapi.json documents that no test produced. Codes that only
API Gateway or a failing dependency produce (`too_many_requests`, `internal_error`,
`service_unavailable`, `idempotency_key_in_use`) are tested on a few routes, not on all.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
NOT_PER_ROUTE = {"too_many_requests", "internal_error", "service_unavailable", "idempotency_key_in_use"}


def documented() -> set[tuple[str, str, str]]:
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    pairs: set[tuple[str, str, str]] = set()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                codes = re.findall(r"`(\w+)`", response["description"]) if int(status) >= 400 else ["ok"]
                pairs |= {(method.upper(), path, code) for code in codes}
    return pairs


def missing(observed: set[tuple[str, str, str, str]]) -> list[tuple[str, str, str]]:
    seen = {(method, path, outcome) for method, path, outcome, _ in observed}
    return sorted(p for p in documented() - seen if p[2] not in NOT_PER_ROUTE)


def callers(observed: set[tuple[str, str, str, str]]) -> set[tuple[str, str, str]]:
    """(method, route, caller role) pairs exercised."""
    return {(method, path, role) for method, path, _, role in observed}
