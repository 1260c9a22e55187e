"""The authorisation matrix through the handlers (tests/security/matrix.py): zero unexpected allows.

One test per route runs every caller against every kind of target; `make check-deep` runs the
same cases, and tampered tokens, over HTTP against the local portal (test_deep_http.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from portal.constants import API_RESPONSE_HEADERS, ROUTES

from tests.api.client import Api
from tests.api.conftest import Mail
from tests.api.events import rest_event
from tests.integration.conftest import enrol_helpdesk
from tests.integration.world import snapshot
from tests.security import figures
from tests.security.cast import LocalCast, empty_store
from tests.security.conftest import DEEP
from tests.security.matrix import Case, Tally, cases, expect, run
from tests.security.matrix import request_of as _request_of

ALL = cases()
RUN = cases(short=not DEEP)


def enrol(resources: Any) -> Callable[[str], None]:
    return lambda sub: enrol_helpdesk(resources.user_pool_id, sub)


def handlers(api: Api) -> Any:
    def call(cast: LocalCast, caller: str, method: str, path: str, query: Any, body: Any):
        who = None if caller == "anonymous" else cast.who(caller)
        at = api.clock.now() if api.clock else None
        answer = api.raw(rest_event(method, path, who=who, body=body, query=query, at=at))
        # Every answer, allowed or refused, is kept by nothing and sniffed as nothing (issue 19).
        kept = {name: answer.headers.get(name) for name in API_RESPONSE_HEADERS}
        assert kept == API_RESPONSE_HEADERS, f"{method} {path} by {caller}: {kept}"
        return answer.status, answer.code, answer.headers.get("Content-Type", "")

    return call


@pytest.mark.parametrize("function", sorted({f for _, _, f in ROUTES}))
def test_no_unexpected_allow(
    api: Api, deps: Any, sent_emails: Mail, clients: Any, resources: Any, function: str
) -> None:
    """Every case of the routes one function serves; one cast for all that must change nothing."""
    routes = {(m, r) for m, r, f in ROUTES if f == function}
    found = [c for c in RUN if (c.method, c.route) in routes]
    tally = Tally()
    new_cast = lambda: LocalCast(deps, sent_emails.ignored, enrol(resources))  # noqa: E731

    def reset() -> None:
        empty_store(clients, resources)

    run(found, handlers(api), new_cast(), new_cast, tally, lambda: snapshot(clients, resources), reset)
    figures.record("matrix_handlers", function, tally.as_json())
    print(f"matrix ({function}): {tally.as_json()}")
    assert tally.unexpected_allows == [], "\n".join(tally.unexpected_allows)
    assert tally.mismatches == [], "\n".join(tally.mismatches)
    assert tally.not_problem_json == []
    assert tally.cases == len(found)


def test_the_oracle_knows_every_route_and_caller() -> None:
    assert {(m, r) for m, r, _ in ROUTES} == {(c.method, c.route) for c in ALL}
    assert len(ALL) > 1000
    assert sum(1 for c in ALL if any(200 <= s < 300 for s, _ in expect(c))) > 50


def test_the_oracle_denies_what_the_rules_deny() -> None:
    """A few rules of domain.md read straight off the oracle, so it cannot drift into allowing all."""
    member = "/centres/{centre_id}/users/{user_id}"
    assert expect(Case("DELETE", member, "admin", ("home", "eo"))) == {(422, "cannot_modify_exams_officer")}
    assert expect(Case("DELETE", member, "user", ("home", "user"))) == {(403, "forbidden")}
    assert expect(Case("DELETE", member, "other_eo", ("home", "user"))) == {(403, "forbidden")}
    assert expect(Case("PATCH", member, "helpdesk", ("home", "eo"))) == {(422, "cannot_modify_exams_officer")}
    assert expect(Case("DELETE", member, "eo", ("home", "self"))) == {(422, "cannot_modify_self")}
    assert expect(Case("GET", "/centres", "eo")) == {(403, "forbidden")}
    assert expect(Case("GET", "/me", "disabled")) == {(403, "forbidden")}
    assert expect(Case("GET", "/centres/{centre_id}/users", "deleted", ("home",))) == {(403, "forbidden")}
    assert expect(Case("GET", "/me", "anonymous")) == {(401, "unauthenticated")}
    assert expect(Case("DELETE", member, "helpdesk", ("home", "eo"))) == {(204, None)}


def test_requests_are_well_formed(deps: Any, sent_emails: Mail, resources: Any) -> None:
    cast = LocalCast(deps, sent_emails.ignored, enrol(resources))
    path, _, body = _request_of(Case("POST", "/centres/{centre_id}/users", "eo", ("home", "admin")), cast)
    assert path == f"/centres/{cast.centre_id('home')}/users" and body["account_type"] == "admin"
