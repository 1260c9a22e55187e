"""The Cognito triggers: branded codes in the person's language, and activation at sign-in."""

from __future__ import annotations

import json

import pytest
from portal import wiring
from portal.domain.errors import Unavailable
from portal.domain.model import Language, Profile
from portal.service.deps import Deps

from lambdas.custom_message import handler as custom_message
from lambdas.post_authentication import handler as post_authentication
from tests.api.client import Api
from tests.api.events import FakeContext
from tests.api.triggers import attributes, trigger
from tests.api.world import World
from tests.integration.conftest import Failures


@pytest.fixture(autouse=True)
def wired(deps: Deps, monkeypatch: pytest.MonkeyPatch) -> None:
    """The triggers build their Deps through portal.wiring, as at a cold start; here, the test's."""
    monkeypatch.setattr(wiring, "deps", lambda: deps)


def _message(world: World, source: str, role: str = "user") -> dict[str, str | None]:
    event = trigger(source, world.email(role), attributes(world.id(role), world.email(role), "User"))
    result = custom_message.handler(event, FakeContext(function_name="custom_message"))
    response: dict[str, str | None] = result["response"]
    return response


def test_forgot_password_code_is_branded_in_english(world: World) -> None:
    response = _message(world, "CustomMessage_ForgotPassword")
    assert response["emailSubject"] == "Your WJEC Portal access code"
    assert "{####}" in (response["emailMessage"] or "")
    assert "User" in (response["emailMessage"] or "")  # greeted by name


def test_codes_are_in_the_persons_language(api: Api, world: World, deps: Deps) -> None:
    person = deps.store.get_person(world.id("user"))
    assert person is not None
    deps.store.update_profile(
        person.user_id,
        Profile(given_name="User", family_name="Person", language=Language.WELSH),
        deps.store.memberships_of(person.user_id),
    )
    forgot = _message(world, "CustomMessage_ForgotPassword")
    mfa = _message(world, "CustomMessage_Authentication")
    assert forgot["emailSubject"] == "Eich cod mynediad i Portal WJEC"
    assert mfa["emailSubject"] == "Eich cod mewngofnodi i Portal WJEC"
    assert "{####}" in (mfa["emailMessage"] or "")


@pytest.mark.parametrize(
    "source",
    ["CustomMessage_AdminCreateUser", "CustomMessage_SignUp", "CustomMessage_UpdateUserAttribute"],
)
def test_other_messages_keep_cognitos_default(world: World, source: str) -> None:
    assert _message(world, source) == {"smsMessage": None, "emailMessage": None, "emailSubject": None}


def test_english_when_the_language_cannot_be_read(world: World, deps: Deps, fail: Failures) -> None:
    world.ensure("user")
    fail.method(deps.store, "get_person", Unavailable("down"))
    assert _message(world, "CustomMessage_ForgotPassword")["emailSubject"] == "Your WJEC Portal access code"


def test_cognitos_default_when_wording_fails(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    world.ensure("user")

    def broken(*args: object) -> None:
        raise KeyError("template")

    monkeypatch.setattr(custom_message, "code_email", broken)
    assert _message(world, "CustomMessage_ForgotPassword")["emailMessage"] is None


def test_first_sign_in_activates_every_pending_membership(
    api: Api, world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    world.ensure("invited", "other")
    api.post(
        f"/centres/{world.other_centre_id}/users",
        world.other,
        body={
            "email": world.email("invited"),
            "account_type": "user",
            "given_name": "In",
            "family_name": "Vited",
        },
    )
    capsys.readouterr()
    event = trigger(
        "PostAuthentication_Authentication",
        world.email("invited"),
        attributes(world.id("invited"), world.email("invited").upper()),
        newDeviceUsed=False,
    )
    result = post_authentication.handler(event, FakeContext(function_name="post_authentication"))
    assert result == event
    memberships = api.get("/me", world.invited).json["memberships"]
    assert {m["status"] for m in memberships} == {"active"} and len(memberships) == 2
    emitted = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]
    assert [m["InvitationsAccepted"] for m in emitted] == [[2.0]]
    assert (
        api.get("/users", world.helpdesk, query={"email": world.email("invited")}).json["signed_in"] is True
    )


def test_a_failed_sign_in_record_fails_the_sign_in(world: World, deps: Deps, fail: Failures) -> None:
    world.ensure("invited")
    fail.method(deps.store, "record_sign_in", Unavailable("down"))
    event = trigger(
        "PostAuthentication_Authentication",
        world.email("invited"),
        attributes(world.id("invited"), world.email("invited")),
    )
    with pytest.raises(Unavailable):
        post_authentication.handler(event, FakeContext(function_name="post_authentication"))
