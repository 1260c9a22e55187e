"""Every request's AWS calls: exactly the budget docs/api.md states, the same for a small and a
larger centre, every read within the physical limit (2 DynamoDB calls, no Cognito, no Scan).

The counts come from bench/aws_calls.py (botocore's `before-call` hook, through the handlers, on
this session's moto). Counts do not depend on the machine, so they are asserted exactly. The
bench runs the same at 10 and 5,000 members; here 10 and 150 keep the suite quick, and the
lists, filters and the summary still read the same number of pages at both.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from portal.constants import ROUTES

from bench import aws_calls

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore:No application metrics to publish:UserWarning"),
]

SIZES = (10, 150)
API_MD = Path(__file__).resolve().parents[2] / "docs" / "api.md"
COGNITO_READS = frozenset({"GET /me/sign-ins", "GET /users/{user_id}/sign-ins"})
ROW = re.compile(r"^\| `(?P<name>[^`]+)` \| (?P<dynamodb>\d+) \| (?P<cognito>\d+) \| (?P<ses>\d+) \|")


@pytest.fixture(scope="module")
def measured(aws: None) -> dict[str, Any]:
    return aws_calls.measure(SIZES, mocked=True)


def budgets() -> dict[str, dict[str, int]]:
    """The rows of docs/api.md's "Calls per request" tables."""
    text = API_MD.read_text(encoding="utf-8")
    section = text.split("## Calls per request", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        found = ROW.match(line)
        if found:
            rows[found["name"]] = {k: int(found[k]) for k in ("dynamodb", "cognito", "ses")}
    return rows


def test_every_route_is_measured(measured: dict[str, Any]) -> None:
    names = {name.split(" (")[0].split("?")[0] for name in measured["scale"]}
    assert {f"{method} {path}" for method, path, _ in ROUTES} <= names


def test_the_calls_are_the_budget_docs_api_md_states(measured: dict[str, Any]) -> None:
    stated = budgets()
    assert set(stated) == set(measured["scale"]), "docs/api.md and bench/aws_calls.py list other requests"
    for name, by_size in measured["scale"].items():
        for size, counts in by_size.items():
            made = {k: counts[k] for k in ("dynamodb", "cognito", "ses")}
            assert made == stated[name], f"{name} at {size} members"


def test_calls_do_not_grow_with_the_centre(measured: dict[str, Any]) -> None:
    grown = {
        name: by_size
        for name, by_size in measured["scale"].items()
        if len(set(map(str, by_size.values()))) > 1
    }
    assert grown == {}


def test_reads_stay_within_two_dynamodb_calls_no_cognito_and_no_scan(measured: dict[str, Any]) -> None:
    for name, counts in measured["aws_calls"].items():
        assert counts["scan"] == 0, name
        if name.startswith("GET "):
            cognito = 1 if name in COGNITO_READS else 0  # Cognito's own record: Portal keeps no copy
            assert counts["dynamodb"] <= 2 and counts["cognito"] == cognito and counts["ses"] == 0, name


def test_the_measure_has_the_shape_the_bench_reports(measured: dict[str, Any]) -> None:
    assert set(measured) == {"aws_calls", "scale"}
    for name, counts in measured["aws_calls"].items():
        assert set(counts) == {"dynamodb", "cognito", "ses", "scan"}
        assert set(measured["scale"][name]) == {str(s) for s in SIZES}
