"""`make check-deep`'s runs over HTTP against a local portal of their own, with real Cognito tokens.

- the authorisation matrix with every caller, a tampered token included, and every target;
- schemathesis against the OpenAPI document the portal serves, with tokens for four roles;
- concurrency across functions: a burst against a centre's limits, and the two races of issue 11
  (tests/security/races.py, each tried many times), each followed by a census of Cognito and
  Portal's table. A reproduction fails the run; `make test` tries each race a few times
  (tests/e2e/test_races_over_http.py).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
import requests
from portal import constants as c

from tests.e2e.portal import LocalPortal
from tests.security import figures, fuzz
from tests.security.http import HttpCast, aws_client, census
from tests.security.matrix import CALLERS, HOME, HTTP_ONLY_CALLERS, Tally, cases, run
from tests.security.races import RACES, at_once, run_race

pytestmark = [pytest.mark.deep, pytest.mark.http]

RACE_TRIALS = int(os.environ.get("PORTAL_RACE_TRIALS", "15"))
FUZZ_EXAMPLES = 25
FUZZ_ROLES = ("helpdesk", "eo", "admin", "user")


def _state(portal: LocalPortal) -> Callable[[], object]:
    db, idp = aws_client(portal, "dynamodb"), aws_client(portal, "cognito-idp")
    table = next(n for n in db.list_tables()["TableNames"] if n.endswith("-state"))

    def read() -> object:
        items = sorted(
            str(i) for page in db.get_paginator("scan").paginate(TableName=table) for i in page["Items"]
        )
        users = idp.list_users(UserPoolId=portal.config["user_pool_id"])["Users"]
        return items, sorted((u["Username"], u["Enabled"], u["UserStatus"]) for u in users)

    return read


def _transport(
    cast: HttpCast, caller: str, method: str, path: str, query: Any, body: Any
) -> tuple[int, str | None, str]:
    answer = cast.portal.call(method, path, cast.token(caller), params=query, json=body)
    kept = {name: answer.headers.get(name) for name in c.API_RESPONSE_HEADERS}
    assert kept == c.API_RESPONSE_HEADERS, f"{method} {path} by {caller}: {kept}"  # nothing kept, ever
    code = None
    if answer.headers.get("Content-Type", "").startswith("application/problem+json"):
        code = answer.json().get("code")
    return answer.status_code, code, answer.headers.get("Content-Type", "")


@pytest.mark.parametrize("function", ["self_service", "centre_users", "helpdesk"])
def test_matrix_over_http(portal: LocalPortal, function: str) -> None:
    from portal.constants import ROUTES  # noqa: PLC0415

    routes = {(m, r) for m, r, f in ROUTES if f == function}
    found = [c for c in cases(CALLERS + HTTP_ONLY_CALLERS) if (c.method, c.route) in routes]
    tally = Tally()
    run(found, _transport, HttpCast(portal), lambda: HttpCast(portal), tally, _state(portal))
    figures.record("matrix_http", function, {**tally.as_json(), "setup_conflicts": len(HttpCast.conflicts)})
    print(f"matrix over HTTP ({function}): {tally.as_json()}; set-up conflicts retried: {HttpCast.conflicts}")
    assert tally.unexpected_allows == [], "\n".join(tally.unexpected_allows)
    assert tally.mismatches == [], "\n".join(tally.mismatches)
    assert tally.not_problem_json == []


def test_fuzz_over_http(portal: LocalPortal) -> None:
    cast = HttpCast(portal)
    tokens = {role: cast.token(role) for role in FUZZ_ROLES}
    cast.user_id("invited")
    served = requests.get(f"{portal.api}/openapi.json", timeout=10)
    assert served.status_code == 200
    schema = fuzz.load(served.json())
    real = {
        "centre_id": cast.centre_id(HOME),
        "user_id": cast.user_id("user"),
        "series_id": cast.new_series_id(),
    }
    before = set(census(portal).problems)  # the census of the whole pool: earlier runs share it

    tally = fuzz.FuzzTally()
    with requests.Session() as session:  # closed after: a kept-alive connection holds the server's stop

        def send(case: Any, role: str) -> Any:
            headers = {"Authorization": f"Bearer {tokens[role]}"}
            return case.call(base_url=portal.api, session=session, headers=headers)

        fuzz.run(schema, send, FUZZ_ROLES, real, FUZZ_EXAMPLES, tally)
    figures.record("fuzz_http", "all operations", tally.as_json())
    print(f"fuzz over HTTP: {tally.as_json()}")
    assert tally.operations == len(c.ROUTES)  # every operation of the document
    assert tally.failures == [], "\n".join(sorted(set(tally.failures))[:40])
    new = [p for p in census(portal).problems if p not in before]
    assert new == [], new


# --- concurrency ---------------------------------------------------------------------------------


def test_limits_hold_under_a_burst(portal: LocalPortal) -> None:
    """Eight Admin invitations at once from the EO and the helpdesk (three places), while the
    helpdesk's function appoints another centre's EO twice (one EO)."""
    cast = HttpCast(portal)
    centre, other = cast.centre_id(HOME), cast.centre_id("other")
    users = f"/centres/{centre}/users"
    cast.user_id("eo")
    before = set(census(portal).problems)  # the whole pool's census: earlier runs share it
    inviters = ["eo", "helpdesk"] * 4

    def invite(role: str) -> Callable[[], requests.Response]:
        body = {
            "email": cast.new_email("burst"),
            "account_type": "admin",
            "given_name": "Burst",
            "family_name": "Admin",
        }
        return lambda: cast.call(role, "POST", users, json=body)

    def appoint() -> Callable[[], requests.Response]:
        body = {"email": cast.new_email("burst.eo"), "given_name": "Burst", "family_name": "Officer"}
        return lambda: cast.call("helpdesk", "PUT", f"/centres/{other}/exams-officer", json=body)

    answers = at_once(*(invite(r) for r in inviters), appoint(), appoint())
    statuses = Counter(a.status_code for a in answers[:8])
    codes = Counter(a.json().get("code") for a in answers[:8] if a.status_code >= 400)
    members = cast.call("helpdesk", "GET", users, params={"account_type": "admin"}).json()["items"]
    other_users = f"/centres/{other}/users"
    eos = cast.call("helpdesk", "GET", other_users, params={"account_type": "exams_officer"}).json()["items"]
    found = [p for p in census(portal).problems if p not in before]
    figures.record(
        "concurrency",
        "limits burst",
        {
            "requests": len(answers),
            "created": statuses[201],
            "refused": statuses[409],
            "census_problems": len(found),
        },
    )
    odd = [a.text for a in answers[:8] if a.status_code not in (201, 409)]
    assert statuses[201] == 3 and codes == {"admin_limit_reached": 5}, odd
    assert len(members) == 3 and len(eos) == 1
    # The two appointments: when they overlap, the one whose transaction loses is refused as the
    # contract says (409: the centre gained its EO, or its EO changed, meanwhile); when they do not,
    # the second replaces the first. Either way the centre has one EO and at least one succeeded.
    appointed = [a.status_code for a in answers[8:]]
    lost = {a.json().get("code") for a in answers[8:] if a.status_code == 409}
    assert set(appointed) <= {200, 201, 409} and {200, 201} & set(appointed), [a.text for a in answers[8:]]
    assert lost <= {"exams_officer_exists", "conflict"}, lost
    assert found == [], found


@pytest.mark.parametrize("race", sorted(RACES))
def test_race(portal: LocalPortal, race: str) -> None:
    outcome = run_race(portal, race, RACE_TRIALS)
    figures.record(
        "concurrency",
        race,
        {"trials": RACE_TRIALS, "requests": 2 * RACE_TRIALS, "reproduced": len(outcome.reproduced)},
    )
    found = len(outcome.reproduced)
    print(f"race '{race}': reproduced {found} of {RACE_TRIALS}; answers {dict(outcome.answers)}")
    assert outcome.server_errors == []
    assert outcome.reproduced == [], "; ".join(outcome.reproduced[:3])
