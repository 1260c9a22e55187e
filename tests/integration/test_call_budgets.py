"""Every request's AWS calls: exactly the budget docs/api.md states, the same for a small and a
larger centre, every read within the physical limit (2 DynamoDB calls, no Scan, and no Cognito
call but the helpdesk's: whether its caller is still in the group, asked at each request).

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
HELPDESK_CHECK = "cognito-idp:AdminListGroupsForUser"
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


@pytest.fixture(scope="module")
def by_operation(measured: dict[str, Any]) -> dict[str, dict[str, dict[str, int]]]:
    return aws_calls.operations(SIZES, mocked=True)


def test_reads_stay_within_two_dynamodb_calls_no_cognito_and_no_scan(
    measured: dict[str, Any], by_operation: dict[str, dict[str, dict[str, int]]]
) -> None:
    """A read's one Cognito call, if any, is AdminListGroupsForUser, for a caller whose token claims
    the helpdesk group (docs/api.md, Calls per request)."""
    for name, counts in measured["aws_calls"].items():
        assert counts["scan"] == 0, name
        if name.startswith("GET "):
            assert counts["dynamodb"] <= 2 and counts["ses"] == 0, name
            for size, operations in by_operation[name].items():
                cognito = {op: n for op, n in operations.items() if op.startswith("cognito-idp:")}
                # Cognito's own record of sign-ins: Portal keeps no copy.
                own = {"cognito-idp:AdminListUserAuthEvents": 1} if name in COGNITO_READS else {}
                assert cognito in (own, {**own, HELPDESK_CHECK: 1}), f"{name} at {size}: {cognito}"


def test_only_a_helpdesk_claim_costs_the_group_check(
    by_operation: dict[str, dict[str, dict[str, int]]],
) -> None:
    """The members' requests (the home page, a centre's lists) ask Cognito nothing."""
    for name in ("GET /me", "GET /me/centres/{centre_id}/services", "GET /centres/{centre_id}/users"):
        for operations in by_operation[name].values():
            assert HELPDESK_CHECK not in operations, name
    for operations in by_operation["GET /centres"].values():
        assert operations.get(HELPDESK_CHECK) == 1


def test_the_measure_has_the_shape_the_bench_reports(measured: dict[str, Any]) -> None:
    assert set(measured) == {"aws_calls", "scale"}
    for name, counts in measured["aws_calls"].items():
        assert set(counts) == {"dynamodb", "cognito", "ses", "scan"}
        assert set(measured["scale"][name]) == {str(s) for s in SIZES}
