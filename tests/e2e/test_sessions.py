"""Sessions over HTTP on the local portal (issue 19's "Done when"), as a client meets them.

- a token of a second app client of the pool passes the gateway's check, as it passes API
  Gateway's Cognito authorizer, and Portal's functions refuse it on every kind of route;
- a sign-in older than 15 minutes cannot change the phone number (the token is the local pool's
  own, re-signed with `auth_time` moved back: tests/e2e/tokens.py), and the answer carries RFC
  9470's challenge through the gateway;
- a helpdesk person removed from the group is refused at their next request, old token and all;
- every answer, the gateway's own included, is `no-store` and `nosniff`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from portal import constants as c

from local.flows import first_sign_in
from tests.e2e.portal import LocalPortal
from tests.e2e.tokens import claims_of, forge

pytestmark = pytest.mark.e2e

CENTRE = "68101"
CHALLENGE = 'Bearer error="insufficient_user_authentication", max_age=900'


def admin(portal: LocalPortal) -> Any:
    """What operators have: the pool's admin API (moto's endpoint), not the frontends' one."""
    return boto3.client(
        "cognito-idp",
        region_name=portal.config["region"],
        endpoint_url=portal.config["aws_endpoint"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


@pytest.fixture(scope="module")
def eo(portal: LocalPortal) -> str:
    return portal.token(portal.account("exams_officer", CENTRE))


@pytest.fixture(scope="module")
def other_client(portal: LocalPortal) -> str:
    """A second app client of the same pool, as another team's application might have."""
    made = admin(portal).create_user_pool_client(
        UserPoolId=portal.config["user_pool_id"],
        ClientName=f"someone-else-{uuid.uuid4().hex[:6]}",
        GenerateSecret=False,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"],
    )
    return str(made["UserPoolClient"]["ClientId"])


@pytest.fixture(scope="module")
def newcomer(portal: LocalPortal, eo: str, other_client: str) -> dict[str, str]:
    """A User of the centre who signs in (first sign-in included) through the other client."""
    email = f"other.client.{uuid.uuid4().hex[:8]}@school.example"
    body = {"email": email, "account_type": "user", "given_name": "Olwen", "family_name": "Client"}
    answer = portal.call("POST", f"/centres/{CENTRE}/users", eo, json=body)
    assert answer.status_code == 201, answer.text
    text = portal.mailbox(email)[0]["text"]
    temporary = text.split("Temporary password:")[1].split()[0]
    tokens, _ = first_sign_in(portal.cognito(), other_client, email, temporary, "a long password of theirs")
    return {"token": tokens["AccessToken"], "user_id": answer.json()["user_id"]}


def test_a_second_app_clients_token_is_genuine_and_refused_on_every_kind_of_route(
    portal: LocalPortal, other_client: str, newcomer: dict[str, str]
) -> None:
    token = newcomer["token"]
    assert claims_of(token)["client_id"] == other_client != portal.client_id
    kinds = [
        ("GET", "/me", None),
        ("PATCH", "/me", {"job_role": "Clerk"}),
        ("GET", f"/me/centres/{CENTRE}/services", None),
        ("GET", f"/centres/{CENTRE}/users", None),
        (
            "POST",
            f"/centres/{CENTRE}/users",
            {"email": "x@school.example", "account_type": "user", "given_name": "X", "family_name": "Y"},
        ),
        ("DELETE", f"/centres/{CENTRE}/users/{newcomer['user_id']}", None),
        ("GET", "/centres", None),
        ("POST", f"/users/{newcomer['user_id']}/mfa-reset", None),
        ("GET", "/series", None),
        ("GET", "/audit", None),
    ]
    for method, path, body in kinds:
        answer = portal.call(method, path, token, json=body)
        assert answer.status_code == 401, (method, path, answer.text)
        assert answer.json()["code"] == "unauthenticated", (method, path)
        assert answer.headers["WWW-Authenticate"] == "Bearer"
    # The same person with a token of Portal's own client gets on as usual.
    assert portal.call("GET", "/me", forge(claims_of(token), client_id=portal.client_id)).status_code == 200


def test_an_old_sign_in_cannot_change_the_phone(portal: LocalPortal, newcomer: dict[str, str]) -> None:
    own = forge(claims_of(newcomer["token"]), client_id=portal.client_id)
    now = int(time.time())
    old = forge(claims_of(own), auth_time=now - 16 * 60, iat=now)  # refreshed just now, signed in long ago
    answer = portal.call("PATCH", "/me", old, json={"phone_number": "+447700900124"})
    assert answer.status_code == 401, answer.text
    assert answer.json()["code"] == "reauthentication_required"
    assert answer.headers["WWW-Authenticate"] == CHALLENGE
    assert answer.headers["Cache-Control"] == "no-store"
    assert portal.call("GET", "/me", old).json()["phone_number"] is None
    assert portal.call("PATCH", "/me", old, json={"job_role": "Clerk"}).status_code == 200
    recent = forge(claims_of(own), auth_time=now - 14 * 60, iat=now)
    changed = portal.call("PATCH", "/me", recent, json={"phone_number": "+447700900124"})
    assert (changed.status_code, changed.json()["phone_number"]) == (200, "+447700900124")


@pytest.fixture
def helpdesk(portal: LocalPortal) -> Iterator[tuple[str, str]]:
    """The seeded helpdesk account's token and username; put back in the group afterwards."""
    account = portal.account("helpdesk")
    token = portal.token(account)
    username = str(claims_of(token)["username"])
    yield token, username
    admin(portal).admin_add_user_to_group(
        UserPoolId=portal.config["user_pool_id"], Username=username, GroupName=c.HELPDESK_GROUP
    )


def test_a_person_removed_from_the_helpdesk_is_refused_at_their_next_request(
    portal: LocalPortal, helpdesk: tuple[str, str]
) -> None:
    token, username = helpdesk
    assert portal.call("GET", "/centres", token).status_code == 200
    admin(portal).admin_remove_user_from_group(
        UserPoolId=portal.config["user_pool_id"], Username=username, GroupName=c.HELPDESK_GROUP
    )
    assert "helpdesk" in str(claims_of(token).get("cognito:groups"))  # the old token still says so
    answer = portal.call("GET", "/centres", token)
    assert (answer.status_code, answer.json()["code"]) == (403, "forbidden")
    assert portal.call("GET", "/me", token).json()["helpdesk"] is False


@pytest.mark.parametrize(
    ("method", "path", "with_token"),
    [
        ("GET", "/health", False),
        ("GET", "/me", True),
        ("GET", f"/centres/{CENTRE}/users", True),
        ("GET", f"/centres/{CENTRE}/audit", True),
        ("GET", "/me", False),  # the gateway's own 401
        ("GET", "/nowhere", True),  # its 404
        ("DELETE", "/me", True),  # its 405
    ],
)
def test_no_answer_is_kept_or_sniffed(
    portal: LocalPortal, eo: str, method: str, path: str, with_token: bool
) -> None:
    answer = portal.call(method, path, eo if with_token else None)
    assert answer.headers["Cache-Control"] == "no-store", (method, path, answer.status_code)
    assert answer.headers["X-Content-Type-Options"] == "nosniff", (method, path, answer.status_code)
