"""PUT /me/mfa/passkey (passkey sign-in on or off, which Amplify cannot set) and what the helpdesk's
MFA reset does to it, through the handlers on moto's Cognito (with Portal's patches: passkey MFA is
kept on moto's user, as the local Cognito's USER_AUTH reads it)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

import pytest
from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
from portal.settings import Settings

from local.cognito.store import Store
from tests.api.client import Api, refused
from tests.api.world import World
from tests.integration.conftest import Clients

PASSKEY = "/me/mfa/passkey"


@dataclass
class Cognito:
    """The pool as the local Cognito's sign-in reads it (passkey MFA on moto's user), and the
    admin call a person's first sign-in makes in effect (email MFA set up)."""

    client: CognitoIdentityProviderClient
    pool_id: str

    def passkey_mfa(self, email: str) -> bool:
        person = Store(self.pool_id, lock=contextlib.nullcontext()).find(email)
        assert person is not None
        return person.passkey_mfa

    def email_mfa(self, email: str) -> None:
        self.client.admin_set_user_mfa_preference(
            UserPoolId=self.pool_id, Username=email, EmailMfaSettings={"Enabled": True, "PreferredMfa": True}
        )


@pytest.fixture
def cognito(clients: Clients, settings: Settings) -> Cognito:
    return Cognito(clients.cognito, settings.user_pool_id)


def audit(api: Api, world: World, role: str) -> list[dict[str, Any]]:
    items = api.get("/audit", world.helpdesk, query={"target": world.id(role)}).json["items"]
    return [r for r in items if r["action"] == "mfa.passkey"]


def test_passkey_sign_in_needs_another_mfa_method(api: Api, world: World, cognito: Cognito) -> None:
    answer = api.put(PASSKEY, world.user, body={"enabled": True})
    refused(answer, 409, "mfa_method_required")
    assert not cognito.passkey_mfa(world.email("user"))
    assert api.get("/me", world.user).json["mfa"]["passkey"] is False
    assert audit(api, world, "user") == []


def test_passkey_sign_in_on_then_off(api: Api, world: World, cognito: Cognito) -> None:
    cognito.email_mfa(world.email("user"))
    answer = api.put(PASSKEY, world.user, body={"enabled": True})
    assert answer.status == 200, answer
    expected = {"preferred": "EMAIL_OTP", "enabled": ["EMAIL_OTP"], "passkey": True, "passkey_review": False}
    assert answer.json == expected
    assert api.get("/me", world.user).json["mfa"] == expected
    assert cognito.passkey_mfa(world.email("user"))
    again = api.put(PASSKEY, world.user, body={"enabled": True})  # idempotent: nothing more happens
    assert (again.status, again.json) == (200, expected)
    (record,) = audit(api, world, "user")
    assert (record["before"], record["after"]) == (
        {"passkey": False, "passkey_review": False},
        {"passkey": True, "passkey_review": False},
    )
    off = api.put(PASSKEY, world.user, body={"enabled": False})
    assert (off.status, off.json["passkey"]) == (200, False)
    assert not cognito.passkey_mfa(world.email("user"))
    assert len(audit(api, world, "user")) == 2


def test_the_other_method_is_read_from_cognito_now(api: Api, world: World, cognito: Cognito) -> None:
    """Portal's record of MFA is the latest sign-in's; what counts is Cognito's at the moment."""
    cognito.email_mfa(world.email("user"))
    assert api.get("/me", world.user).json["mfa"]["enabled"] == []  # no sign-in since
    assert api.put(PASSKEY, world.user, body={"enabled": True}).status == 200
    assert api.get("/me", world.user).json["mfa"]["enabled"] == ["EMAIL_OTP"]


@pytest.mark.parametrize("body", [{"enabled": "yes"}, {"enabled": 1}, {}, {"enabled": True, "also": 1}, None])
def test_the_body_is_one_boolean(api: Api, world: World, body: Any) -> None:
    answer = api.put(PASSKEY, world.user, body=body)
    refused(answer, 400, "invalid_request")


def test_who_may_set_passkey_sign_in(api: Api, world: World) -> None:
    refused(api.put(PASSKEY, body={"enabled": False}), 401, "unauthenticated")
    refused(api.put(PASSKEY, world.disabled, body={"enabled": False}), 403, "forbidden")
    refused(api.put(PASSKEY, world.stranger, body={"enabled": False}), 404, "not_found")


# --- lost devices: the helpdesk's MFA reset ------------------------------------------------------


def test_an_mfa_reset_turns_passkey_sign_in_off_and_asks_for_a_review(
    api: Api, world: World, cognito: Cognito
) -> None:
    cognito.email_mfa(world.email("user"))
    assert api.put(PASSKEY, world.user, body={"enabled": True}).status == 200
    assert api.post(f"/users/{world.id('user')}/mfa-reset", world.helpdesk).status == 204
    assert not cognito.passkey_mfa(world.email("user"))  # no passkey signs in (tests/cognito)
    mfa = api.get("/me", world.user).json["mfa"]
    assert (mfa["enabled"], mfa["passkey"], mfa["passkey_review"]) == ([], False, True)
    found = api.get("/users", world.helpdesk, query={"email": world.email("user")}).json
    assert (found["mfa"]["passkey"], found["mfa"]["passkey_review"]) == (False, True)
    # Until a new MFA method is set up, passkey sign-in cannot come back, and the review stands.
    refused(api.put(PASSKEY, world.user, body={"enabled": True}), 409, "mfa_method_required")
    assert api.get("/me", world.user).json["mfa"]["passkey_review"] is True
    cognito.email_mfa(world.email("user"))  # the next sign-in set MFA up again; the passkeys reviewed
    answer = api.put(PASSKEY, world.user, body={"enabled": True})
    assert (answer.json["passkey"], answer.json["passkey_review"]) == (True, False)
    assert cognito.passkey_mfa(world.email("user"))


def test_turning_passkey_sign_in_off_also_ends_the_review(api: Api, world: World) -> None:
    assert api.post(f"/users/{world.id('user')}/mfa-reset", world.helpdesk).status == 204
    answer = api.put(PASSKEY, world.user, body={"enabled": False})
    assert (answer.status, answer.json["passkey"], answer.json["passkey_review"]) == (200, False, False)
    (record,) = audit(api, world, "user")
    assert record["after"] == {"passkey": False, "passkey_review": False}
