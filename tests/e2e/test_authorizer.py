"""The local gateway checks access tokens as API Gateway's Cognito authorizer does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.portal import LocalPortal
from tests.e2e.tokens import claims_of, expired, forge

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def token(portal: LocalPortal) -> Iterator[str]:
    yield portal.token(portal.account("exams_officer", "68101"))


def test_health_needs_no_token(portal: LocalPortal) -> None:
    answer = portal.call("GET", "/health")
    assert answer.status_code == 200, answer.text


def test_a_valid_token_passes_with_or_without_bearer(portal: LocalPortal, token: str) -> None:
    assert portal.call("GET", "/me", token).status_code == 200
    assert portal.call("GET", "/me", headers={"Authorization": token}).status_code == 200


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer", "Bearer garbage", "Basic dXNlcjpwYXNz", "Bearer a.b.c"],
    ids=["missing", "empty", "bearer-only", "garbage", "basic", "not-a-jwt"],
)
def test_no_usable_token_is_401(portal: LocalPortal, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    answer = portal.call("GET", "/me", headers=headers)
    assert answer.status_code == 401
    assert answer.headers["Content-Type"].startswith("application/problem+json")
    assert answer.json()["code"] == "unauthenticated"


def test_tokens_the_authorizer_refuses_are_401(portal: LocalPortal, token: str) -> None:
    claims = claims_of(token)
    refused = {
        "expired": expired(token),
        "another client": forge(claims, client_id="someotherclient"),
        "another issuer": forge(claims, iss="https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_other"),
        "an id token": forge(claims, token_use="id"),
        "no sign-in scope": forge(claims, scope="openid"),
        "tampered": token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"),
    }
    for why, bad in refused.items():
        assert portal.call("GET", "/me", bad).status_code == 401, why
    assert portal.call("GET", "/me", forge(claims)).status_code == 200  # the forging itself is sound


def test_claims_reach_the_handler_as_api_gateway_passes_them(portal: LocalPortal) -> None:
    helpdesk = portal.token(portal.account("helpdesk"))
    answer = portal.call("GET", "/centres", helpdesk)  # helpdesk only: decided from cognito:groups
    assert answer.status_code == 200, answer.text
    ids = {c["centre_id"] for c in answer.json()["items"]}
    assert {"68101", "68102"} <= ids


def test_unknown_routes_are_problems(portal: LocalPortal, token: str) -> None:
    assert portal.call("GET", "/nowhere", token).status_code == 404
    assert portal.call("DELETE", "/me", token).status_code == 405
