"""Idempotency-Key: a retry gets the first answer and nothing happens twice (docs/api.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer
from portal.domain.errors import Unavailable
from portal.http.idempotency import CONFIG, KEY_PREFIX
from portal.service.deps import Deps
from portal.service.ports import MemberFilter, PageRequest

from tests.api.client import Api, refused
from tests.api.world import World
from tests.integration.conftest import Clients, Failures, SentEmail

KEY = {"Idempotency-Key": "3f6c1a9e-retry-1"}


def invitation(world: World, **change: Any) -> dict[str, Any]:
    return {
        "email": world.new_email("idem"),
        "account_type": "user",
        "given_name": "Ida",
        "family_name": "Empotent",
        **change,
    }


def test_a_retry_returns_the_first_answer_and_sends_one_email(
    api: Api, world: World, deps: Deps, sent_emails: Callable[[], list[SentEmail]]
) -> None:
    body = invitation(world)
    first = api.post(world.users, world.eo, body=body, headers=KEY)
    again = api.post(world.users, world.eo, body=body, headers=KEY)
    assert first.status == again.status == 201, (first, again)
    assert again.body == first.body
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert [m.to for m in sent_emails()] == [body["email"]]
    listed = deps.store.list_members(world.centre_id, PageRequest(), MemberFilter(), deps.clock.now())
    assert len(listed.items) == 2  # the EO and the one invited


def test_the_same_body_in_another_order_or_spacing_is_the_same_request(api: Api, world: World) -> None:
    body = invitation(world)
    first = api.post(world.users, world.eo, body=json.dumps(body), headers=KEY)
    reordered = json.dumps(dict(reversed(list(body.items()))), indent=4)
    again = api.post(world.users, world.eo, body=reordered, headers=KEY)
    assert (again.status, again.body) == (first.status, first.body)


def test_the_same_key_with_another_body_is_refused(
    api: Api, world: World, sent_emails: Callable[[], list[SentEmail]]
) -> None:
    assert api.post(world.users, world.eo, body=invitation(world), headers=KEY).status == 201
    other = invitation(world, email=world.new_email("someone.else"))
    refused(api.post(world.users, world.eo, body=other, headers=KEY), 422, "idempotency_key_reused")
    assert len(sent_emails()) == 1


def test_keys_belong_to_their_caller_and_path(api: Api, world: World) -> None:
    body = invitation(world)
    assert api.post(world.users, world.eo, body=body, headers=KEY).status == 201
    refused(api.post(world.users, world.admin, body=body, headers=KEY), 409, "already_member")
    elsewhere = api.post(f"/centres/{world.other_centre_id}/users", world.other, body=body, headers=KEY)
    assert (elsewhere.status, elsewhere.json["status"]) == (201, "invited")


def test_without_the_header_nothing_is_remembered(api: Api, world: World) -> None:
    body = invitation(world)
    assert api.post(world.users, world.eo, body=body).status == 201
    refused(api.post(world.users, world.eo, body=body), 409, "already_member")


def test_a_failed_request_frees_its_key(api: Api, world: World, deps: Deps, fail: Failures) -> None:
    world.ensure("eo")
    body = invitation(world)
    fail.method(deps.directory, "create_user", Unavailable("down"))
    refused(api.post(world.users, world.eo, body=body, headers=KEY), 503, "service_unavailable")
    assert api.post(world.users, world.eo, body=body, headers=KEY).status == 201


def test_a_retry_while_the_first_still_runs(
    api: Api, world: World, idempotency: DynamoDBPersistenceLayer
) -> None:
    body = invitation(world)
    idempotency.configure(CONFIG, key_prefix=KEY_PREFIX)
    running = {"caller": world.id("eo"), "method": "POST", "path": world.users, "key": KEY["Idempotency-Key"]}
    idempotency.save_inprogress({**running, "body": body}, remaining_time_in_millis=29_000)
    refused(api.post(world.users, world.eo, body=body, headers=KEY), 409, "idempotency_key_in_use")


def test_records_expire(
    api: Api, world: World, clients: Clients, idempotency: DynamoDBPersistenceLayer
) -> None:
    api.post(world.users, world.eo, body=invitation(world), headers=KEY)
    items = clients.dynamodb.scan(TableName=idempotency.table_name)["Items"]
    assert len(items) == 1
    assert items[0]["status"]["S"] == "COMPLETED" and "expiration" in items[0]


@pytest.mark.parametrize("key", ["", "k" * 256, "naïve-key", "two words"])
def test_a_malformed_key_is_invalid(api: Api, world: World, key: str) -> None:
    answer = api.post(world.users, world.eo, body=invitation(world), headers={"Idempotency-Key": key})
    refused(answer, 400, "invalid_request")
    assert answer.fields == {"Idempotency-Key"}


def test_resend_mfa_reset_and_appointment_are_idempotent(
    api: Api, world: World, sent_emails: Callable[[], list[SentEmail]]
) -> None:
    world.ensure("invited", "user", "eo")
    resend = world.member("invited") + "/invitation"
    assert [api.post(resend, world.eo, headers=KEY).status for _ in range(2)] == [202, 202]
    reset = f"/users/{world.id('user')}/mfa-reset"
    assert [api.post(reset, world.helpdesk, headers=KEY).status for _ in range(2)] == [204, 204]
    officer = {"email": world.new_email("officer"), "given_name": "Ola", "family_name": "Officer"}
    path = f"/centres/{world.centre_id}/exams-officer"
    answers = [api.put(path, world.helpdesk, body=officer, headers=KEY) for _ in range(2)]
    assert [a.status for a in answers] == [200, 200] and answers[0].body == answers[1].body
    recipients = sorted(m.to for m in sent_emails())
    assert recipients == sorted(
        [world.email("invited"), world.email("user"), officer["email"], world.email("eo")]
    )


def test_a_new_centre_is_created_once(api: Api, world: World) -> None:
    body = {"centre_id": "54321", "name": "Coleg"}
    first = api.post("/centres", world.helpdesk, body=body, headers=KEY)
    again = api.post("/centres", world.helpdesk, body=body, headers=KEY)
    assert (first.status, again.status, again.body) == (201, 201, first.body)


@pytest.mark.parametrize(
    ("method", "path", "first", "second"),
    [
        ("POST", "/centres", {"centre_id": "54321", "name": "A"}, {"centre_id": "54321", "name": "B"}),
        ("POST", "{member}/invitation", None, {"again": True}),
        ("POST", "/users/{user}/mfa-reset", None, {"again": True}),
        ("POST", "/users/{user}/disable", None, {"again": True}),
        ("POST", "/users/{user}/enable", None, {"again": True}),
        ("PUT", "/centres/{centre}/exams-officer", "officer-a", "officer-b"),
    ],
)
def test_every_idempotent_route_refuses_a_reused_key(
    api: Api, world: World, method: str, path: str, first: Any, second: Any
) -> None:
    world.ensure("invited", "user", "eo")
    path = path.format(member=world.member("invited"), user=world.id("user"), centre=world.centre_id)
    bodies = {
        name: {"email": world.new_email(name), "given_name": "Ola", "family_name": "Officer"}
        for name in ("officer-a", "officer-b")
    }
    first, second = (bodies[b] if isinstance(b, str) else b for b in (first, second))
    assert api.call(method, path, world.helpdesk, body=first, headers=KEY).status < 300
    refused(api.call(method, path, world.helpdesk, body=second, headers=KEY), 422, "idempotency_key_reused")
