"""Tokens as an attacker holds them, on every route: another app client's, and an old sign-in's.

API Gateway's Cognito authorizer takes an access token of any app client of the pool; Portal's
functions refuse all but its own (401). A session whose sign-in is older than 15 minutes is
refused exactly the changes that hand an account over (401 `reauthentication_required`, RFC
9470's challenge), and nothing else. Each request is one the rules allow (the matrix's oracle,
tests/security/matrix.py), so a refusal here is the token's doing, and it changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from portal import constants as c
from portal.constants import PUBLIC_ROUTES, ROUTES

from tests.api.client import Answer, Api
from tests.api.conftest import Mail
from tests.api.events import Who, rest_event
from tests.integration.conftest import enrol_helpdesk
from tests.integration.world import snapshot
from tests.security.cast import LocalCast
from tests.security.matrix import Case, allows, cases, expect, request_of

pytestmark = pytest.mark.integration

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
STEP_UP = {
    ("PATCH", "/me"),  # with phone_number (below)
    ("PUT", "/me/mfa/passkey"),
    ("PUT", "/centres/{centre_id}/exams-officer"),
    ("POST", "/users/{user_id}/mfa-reset"),
    ("POST", "/users/{user_id}/disable"),
    ("POST", "/users/{user_id}/enable"),
}
STALE = timedelta(minutes=15, seconds=1)
PREFERRED = ("helpdesk", "eo", "admin", "user")


def allowed_case(method: str, route: str) -> Case:
    """One request per route that the rules allow, by the first caller of PREFERRED who may."""
    found = [c for c in cases() if (c.method, c.route) == (method, route) and allows(expect(c))]
    found.sort(key=lambda c: PREFERRED.index(c.caller) if c.caller in PREFERRED else len(PREFERRED))
    return found[0]


ROUTE_CASES = [allowed_case(m, r) for m, r, _ in ROUTES if (m, r) not in PUBLIC_ROUTES]


def _send(api: Api, cast: LocalCast, case: Case, who: Who, body: Any = None) -> Answer:
    path, query, default_body = request_of(case, cast)
    at = api.clock.now() if api.clock else None
    return api.raw(rest_event(case.method, path, who=who, query=query, body=body or default_body, at=at))


@pytest.fixture
def new_cast(deps: Any, sent_emails: Mail, resources: Any) -> Callable[[], LocalCast]:
    return lambda: LocalCast(
        deps, sent_emails.ignored, lambda sub: enrol_helpdesk(resources.user_pool_id, sub)
    )


@pytest.mark.parametrize("case", ROUTE_CASES, ids=lambda c: f"{c.method} {c.route}")
def test_another_app_clients_token_is_refused_on_every_route(
    case: Case, api: Api, new_cast: Callable[[], LocalCast], clients: Any, resources: Any
) -> None:
    cast = new_cast()
    request_of(case, cast)  # the people and centres it names, made before the state is read
    own = cast.who(case.caller)
    before = snapshot(clients, resources)
    answer = _send(api, cast, case, replace(own, client_id="another-app-client"))
    assert (answer.status, answer.code) == (401, "unauthenticated"), answer
    assert answer.headers["WWW-Authenticate"] == "Bearer"
    assert snapshot(clients, resources) == before
    allowed = _send(api, cast, case, own)  # the same request with Portal's own client's token
    assert (allowed.status, allowed.code) in expect(case), allowed


@pytest.mark.parametrize("case", ROUTE_CASES, ids=lambda c: f"{c.method} {c.route}")
def test_an_old_sign_in_is_refused_only_the_changes_that_hand_an_account_over(
    case: Case, api: Api, new_cast: Callable[[], LocalCast], clients: Any, resources: Any
) -> None:
    cast = new_cast()
    request_of(case, cast)
    assert api.clock is not None
    old = cast.who(case.caller).signed_in(api.clock.now() - STALE)
    before = snapshot(clients, resources)
    answer = _send(api, cast, case, old)
    if (case.method, case.route) in STEP_UP and case.route != "/me":
        assert (answer.status, answer.code) == (401, "reauthentication_required"), answer
        assert answer.headers["WWW-Authenticate"] == c.CHALLENGES["reauthentication_required"]
        assert snapshot(clients, resources) == before
    else:
        assert (answer.status, answer.code) in expect(case), answer


@pytest.mark.parametrize("body", [{"phone_number": "+447700900123"}, {"phone_number": None}])
def test_an_old_sign_in_cannot_change_the_phone(
    body: dict[str, Any], api: Api, new_cast: Callable[[], LocalCast], clients: Any, resources: Any
) -> None:
    cast = new_cast()
    case = allowed_case("PATCH", "/me")
    assert api.clock is not None
    old = cast.who(case.caller).signed_in(api.clock.now() - STALE)
    before = snapshot(clients, resources)
    answer = _send(api, cast, case, old, body)
    assert (answer.status, answer.code) == (401, "reauthentication_required"), answer
    assert snapshot(clients, resources) == before


def test_the_document_names_exactly_the_step_up_routes() -> None:
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    named = {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if "reauthentication_required" in operation["responses"].get("401", {}).get("description", "")
    }
    assert named == STEP_UP
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if (method.upper(), path) not in PUBLIC_ROUTES:
                assert "WWW-Authenticate" in operation["responses"]["401"]["headers"], (method, path)
