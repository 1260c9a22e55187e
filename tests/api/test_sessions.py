"""Sessions at the API (issue 19): a recent sign-in for the changes that hand an account over,
the helpdesk decided from Cognito at each request, only Portal's own app client's tokens, and
answers nothing keeps.

The clock is the tests' (`clock`), and a token's sign-in time is said by its `Who`: nothing waits.
tests/security/test_tokens.py tries the same rules on every route.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from portal import constants as c
from portal.domain.step_up import signed_in_recently
from portal.http.caller import caller_from, instant

from tests.api.client import Api, refused
from tests.api.events import Who, rest_event
from tests.api.world import World
from tests.integration.conftest import Clients, FakeClock, SentEmail

CHALLENGE = 'Bearer error="insufficient_user_authentication", max_age=900'
LIMIT = timedelta(minutes=15)
STALE = LIMIT + timedelta(seconds=1)
PHONE = "+447700900123"


def stale(who: Who, clock: FakeClock) -> Who:
    """The same person, with a token refreshed just now from a sign-in 15 minutes and 1 second ago."""
    return who.signed_in(clock.now() - STALE)


def reauthentication_required(answer: Any) -> None:
    refused(answer, 401, "reauthentication_required")
    assert answer.headers["WWW-Authenticate"] == CHALLENGE
    assert "15 minutes" in answer.json["detail"]


# --- the rule ------------------------------------------------------------------------------------


def test_the_constants_say_what_domain_md_says() -> None:
    assert c.STEP_UP_MAX_AGE_SECONDS == 15 * 60
    assert c.CHALLENGES["reauthentication_required"] == CHALLENGE
    assert c.PROBLEMS["reauthentication_required"][0] == 401


def test_recent_means_within_fifteen_minutes(clock: FakeClock) -> None:
    now = clock.now()
    assert signed_in_recently(now - LIMIT, now)
    assert not signed_in_recently(now - STALE, now)
    assert signed_in_recently(now + timedelta(seconds=30), now)  # Cognito's clock a little ahead
    assert not signed_in_recently(None, now)  # no auth_time: never recent


@pytest.mark.parametrize(
    ("claim", "seconds"),
    [
        ("1764410400", 1764410400),  # as API Gateway passes auth_time
        (1764410400, 1764410400),
        ("Sat Nov 29 10:00:00 UTC 2025", 1764410400),  # as it writes exp and iat
        ("", None),
        ("soon", None),
        (True, None),
        (None, None),
        ("9" * 40, None),
    ],
)
def test_auth_time_in_every_form_api_gateway_passes(claim: object, seconds: int | None) -> None:
    found = instant(claim)
    assert (found.timestamp() if found else None) == seconds


def test_the_caller_carries_the_tokens_sign_in_time(clock: FakeClock) -> None:
    at = clock.now() - timedelta(hours=3)
    event = rest_event("GET", "/me", who=Who("u-1").signed_in(at), at=clock.now())
    assert caller_from(event).auth_time == at


# --- PATCH /me: the phone number -----------------------------------------------------------------


def test_a_phone_change_needs_a_recent_sign_in(api: Api, world: World, clock: FakeClock) -> None:
    user = world.user
    for body in (
        {"phone_number": PHONE},
        {"phone_number": None},
        {"phone_number": PHONE, "job_role": "Clerk"},
    ):
        reauthentication_required(api.patch("/me", stale(user, clock), body=body))
    assert api.get("/me", user).json["phone_number"] is None  # nothing was changed
    assert api.get("/me", user).json["job_role"] is None
    changed = api.patch("/me", user.signed_in(clock.now() - LIMIT), body={"phone_number": PHONE})
    assert (changed.status, changed.json["phone_number"]) == (200, PHONE)


def test_the_rest_of_the_profile_needs_no_recent_sign_in(api: Api, world: World, clock: FakeClock) -> None:
    user = stale(world.user, clock).signed_in(clock.now() - timedelta(hours=11))
    answer = api.patch("/me", user, body={"job_role": "Exams clerk", "language": "cy"})
    assert (answer.status, answer.json["job_role"], answer.json["language"]) == (200, "Exams clerk", "cy")


def test_an_invalid_phone_is_a_400_whatever_the_sign_in(api: Api, world: World, clock: FakeClock) -> None:
    """Validation comes first: the person corrects the number, then signs in again if need be."""
    answer = api.patch("/me", stale(world.user, clock), body={"phone_number": "07700 900123"})
    refused(answer, 400, "invalid_request")


def test_a_token_without_auth_time_never_counts_as_recent(api: Api, world: World) -> None:
    event = rest_event("PATCH", "/me", who=world.user, body={"phone_number": PHONE})
    del event["requestContext"]["authorizer"]["claims"]["auth_time"]
    reauthentication_required(api.raw(event))


# --- one's MFA methods: passkey sign-in ----------------------------------------------------------


def test_passkey_sign_in_needs_a_recent_sign_in(api: Api, world: World, clock: FakeClock) -> None:
    reauthentication_required(api.put("/me/mfa/passkey", stale(world.user, clock), body={"enabled": False}))
    assert api.put("/me/mfa/passkey", world.user, body={"enabled": False}).status == 200


# --- the helpdesk's account actions --------------------------------------------------------------

ACCOUNT_ACTIONS = ["mfa-reset", "disable", "enable"]


@pytest.mark.parametrize("action", ACCOUNT_ACTIONS)
def test_the_helpdesks_account_actions_need_a_recent_sign_in(
    api: Api, world: World, clock: FakeClock, sent_emails: Callable[[], list[SentEmail]], action: str
) -> None:
    target = world.id("disabled" if action == "enable" else "user")
    key = {"Idempotency-Key": f"step-up-{action}"}
    audit = {"target": target}
    before = api.get("/audit", world.helpdesk, query=audit).json["items"]
    reauthentication_required(
        api.post(f"/users/{target}/{action}", stale(world.helpdesk, clock), headers=key)
    )
    assert api.get("/audit", world.helpdesk, query=audit).json["items"] == before
    assert sent_emails() == []
    # signed in again, the same request (the same key) goes through
    assert api.post(f"/users/{target}/{action}", world.helpdesk, headers=key).status == 204


def test_appointing_or_replacing_an_exams_officer_needs_a_recent_sign_in(
    api: Api, world: World, clock: FakeClock, sent_emails: Callable[[], list[SentEmail]]
) -> None:
    world.ensure("eo")
    body = {"email": world.new_email("next.eo"), "given_name": "Nia", "family_name": "Officer"}
    path = f"/centres/{world.centre_id}/exams-officer"
    reauthentication_required(api.put(path, stale(world.helpdesk, clock), body=body))
    assert sent_emails() == []
    eos = api.get(world.users, world.helpdesk, query={"account_type": "exams_officer"}).json["items"]
    assert [m["user_id"] for m in eos] == [world.id("eo")]
    assert api.put(path, world.helpdesk, body=body).status == 200  # replaced


def test_the_step_up_comes_before_the_idempotency_replay(api: Api, world: World, clock: FakeClock) -> None:
    """A stale session cannot read back the answer of a change made with the same key."""
    key = {"Idempotency-Key": "replay-after-step-up"}
    path = f"/users/{world.id('user')}/mfa-reset"
    assert api.post(path, world.helpdesk, headers=key).status == 204
    reauthentication_required(api.post(path, stale(world.helpdesk, clock), headers=key))


def test_other_helpdesk_changes_need_no_recent_sign_in(api: Api, world: World, clock: FakeClock) -> None:
    helpdesk = stale(world.helpdesk, clock).signed_in(clock.now() - timedelta(hours=11))
    assert api.post("/centres", helpdesk, body={"centre_id": "54321", "name": "Coleg"}).status == 201
    assert (
        api.put(f"/series/{world.series_id('summer')}", helpdesk, body={"results_day": "2026-08-13"}).status
        == 201
    )


# --- the helpdesk: Cognito's group, now ----------------------------------------------------------


def test_a_person_removed_from_the_helpdesk_is_refused_at_their_next_request(
    api: Api, world: World, clients: Clients, deps: Any
) -> None:
    world.ensure("user")
    token = world.helpdesk  # issued while they were in the group: it still says so
    assert api.get("/centres", token).status == 200
    assert api.get("/me", token).json["helpdesk"] is True
    clients.cognito.admin_remove_user_from_group(
        UserPoolId=deps.directory._pool, Username=world.id("helpdesk"), GroupName=c.HELPDESK_GROUP
    )
    refused(api.get("/centres", token), 403, "forbidden")
    refused(api.post(f"/users/{world.id('user')}/mfa-reset", token), 403, "forbidden")
    refused(api.get(f"{world.users}", token), 403, "forbidden")
    assert api.get("/me", token).json["helpdesk"] is False


def test_a_group_claim_alone_makes_nobody_the_helpdesk(api: Api, world: World) -> None:
    """A token that names the group for a person Cognito does not hold in it gets nothing."""
    pretender = Who(world.id("user"), (c.HELPDESK_GROUP,))
    refused(api.get("/centres", pretender), 403, "forbidden")
    assert api.get("/me", pretender).json["helpdesk"] is False


# --- the audience: Portal's own app client -------------------------------------------------------


@pytest.mark.parametrize("client_id", ["another-app-client", "", "TESTCLIENT"])
def test_a_token_of_another_app_client_is_refused(api: Api, world: World, client_id: str) -> None:
    answer = api.get("/me", replace(world.eo, client_id=client_id))
    refused(answer, 401, "unauthenticated")
    assert answer.headers["WWW-Authenticate"] == "Bearer"


def test_an_id_token_is_refused(api: Api, world: World) -> None:
    event = rest_event("GET", "/me", who=world.eo)
    event["requestContext"]["authorizer"]["claims"]["token_use"] = "id"
    refused(api.raw(event), 401, "unauthenticated")


# --- answers nothing keeps -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "role"),
    [
        ("GET", "/health", None),
        ("GET", "/me", "eo"),
        ("GET", "/me", None),
        ("GET", "/centres/{centre}/users", "eo"),
        ("GET", "/centres/{centre}/users", "user"),
        ("GET", "/centres/{centre}/audit", "eo"),
        ("GET", "/users?email=nobody@school.example", "helpdesk"),
        ("GET", "/no/such/route", "eo"),
    ],
)
def test_every_answer_is_no_store_and_nosniff(
    api: Api, world: World, method: str, path: str, role: str | None
) -> None:
    who = getattr(world, role) if role else None
    route, _, query = path.format(centre=world.centre_id).partition("?")
    answer = api.call(method, route, who, query=dict([query.split("=")]) if query else None)
    assert answer.headers["Cache-Control"] == "no-store", answer
    assert answer.headers["X-Content-Type-Options"] == "nosniff", answer
