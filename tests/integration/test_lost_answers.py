"""Answers lost on the wire, and transactions that conflict, through botocore's own event hooks.

tests/security/test_faults.py loses each port call's answer; here the loss happens where it does
in AWS: the request reached moto and took effect, then botocore raised a read time-out
(`after-call` hook), or botocore's retry of a call that had taken effect got an error. moto
ignores ClientRequestToken, so these cases exercise the re-reads that settle a lost answer
(service/outcomes.py). TransactionConflict cancellations come from a `before-call` hook, as
DynamoDB sends them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from botocore.exceptions import ReadTimeoutError
from portal.adapters import dynamo
from portal.domain.errors import AlreadyMember, Conflict, NotFound, Unavailable
from portal.domain.model import Centre
from portal.service import members
from portal.service.deps import Deps
from portal.service.invitations import HOLD_STALE

from tests.integration.test_store_invitations import add_new
from tests.integration.world import add_member, invitation, make_centre, snapshot

pytestmark = pytest.mark.integration

ANN = "ann@school.example"


@contextmanager
def hooked(client: Any, event: str, handler: Callable[..., Any]) -> Iterator[None]:
    client.meta.events.register(event, handler)
    try:
        yield
    finally:
        client.meta.events.unregister(event, handler)


def lose_answer(client: Any, operation: str, times: int = 1) -> Any:
    """The call reaches AWS and takes effect; then its answer is lost (a read time-out)."""
    state = {"left": times}

    def after_call(**_: Any) -> None:
        if state["left"] > 0:
            state["left"] -= 1
            raise ReadTimeoutError(endpoint_url="https://aws.example")

    service = client.meta.service_model.service_id.hyphenize()
    return hooked(client, f"after-call.{service}.{operation}", after_call)


def _cognito_users(clients: Any, resources: Any, email: str) -> list[dict[str, Any]]:
    found = clients.cognito.list_users(UserPoolId=resources.user_pool_id, Filter=f'email = "{email}"')
    return list(found["Users"])


# --- TransactionConflict: tried again with jitter, up to CONFLICT_ATTEMPTS --------------------------


@pytest.fixture
def pauses(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr(dynamo, "_sleep", waited.append)
    return waited


def cancel_transactions(client: Any, codes: list[str], times: int, tokens: list[str]) -> Any:
    """The next `times` TransactWriteItems are cancelled with `codes` (padded with "None")."""
    state = {"left": times}

    def before_call(params: dict[str, Any], **_: Any) -> Any:
        body = params["body"]
        tokens.append(str(_json(body).get("ClientRequestToken")))
        if state["left"] <= 0:
            return None
        state["left"] -= 1
        count = len(_json(body)["TransactItems"])
        reasons = [{"Code": code} for code in codes + ["None"] * (count - len(codes))]
        error = {
            "Error": {"Code": "TransactionCanceledException", "Message": "Transaction cancelled"},
            "CancellationReasons": reasons,
        }
        return _Http(400), error

    return hooked(client, "before-call.dynamodb.TransactWriteItems", before_call)


class _Http:
    def __init__(self, status: int) -> None:
        self.status_code = status
        self.headers: dict[str, str] = {}


def _json(body: bytes | str) -> dict[str, Any]:
    return dict(json.loads(body))


@pytest.mark.parametrize("conflicts", [1, dynamo.CONFLICT_ATTEMPTS - 1])
def test_a_transaction_conflict_is_tried_again_and_goes_through(
    store: Any, clock: Any, clients: Any, pauses: list[float], conflicts: int
) -> None:
    store.create_centre(Centre("68101", "Demo"))
    tokens: list[str] = []
    with cancel_transactions(clients.dynamodb, ["TransactionConflict"], conflicts, tokens):
        _, member = add_new(store, clock, "ann")
    assert store.get_membership("68101", "ann") == member
    assert len(tokens) == conflicts + 1 and len(set(tokens)) == conflicts + 1  # a token per try
    assert len(pauses) == conflicts
    assert all(0 <= p <= dynamo.CONFLICT_BACKOFF * 2**i for i, p in enumerate(pauses))


def test_a_transaction_that_keeps_conflicting_is_a_conflict_and_writes_nothing(
    store: Any, clock: Any, clients: Any, pauses: list[float], settings: Any
) -> None:
    store.create_centre(Centre("68101", "Demo"))
    tokens: list[str] = []
    attempts = dynamo.CONFLICT_ATTEMPTS
    conflicting = cancel_transactions(clients.dynamodb, ["TransactionConflict"], attempts, tokens)
    with conflicting, pytest.raises(Conflict):
        add_new(store, clock, "ann")
    assert len(tokens) == dynamo.CONFLICT_ATTEMPTS and len(pauses) == dynamo.CONFLICT_ATTEMPTS - 1
    assert store.get_membership("68101", "ann") is None and store.get_person("ann") is None


def test_a_failed_condition_is_never_tried_again(
    store: Any, clock: Any, clients: Any, pauses: list[float]
) -> None:
    """A condition that failed is an answer: it is not sent again, even beside a conflict."""
    store.create_centre(Centre("68101", "Demo"))
    tokens: list[str] = []
    codes = ["None", "None", "ConditionalCheckFailed", "TransactionConflict"]
    with cancel_transactions(clients.dynamodb, codes, 1, tokens), pytest.raises(AlreadyMember):
        add_new(store, clock, "ann")
    assert len(tokens) == 1 and pauses == []


def test_a_conflicting_removal_is_decided_against_the_state_when_tried_again(
    store: Any, clock: Any, clients: Any, pauses: list[float]
) -> None:
    """The retry's conditions see what changed meanwhile: a membership already removed is NotFound."""
    store.create_centre(Centre("68101", "Demo"))
    _, member = add_new(store, clock, "ann")
    tokens: list[str] = []

    def meanwhile(**_: Any) -> None:  # the competing transaction commits while ours is cancelled
        if len(tokens) == 1:
            store.remove_membership(member, clock.now(), 1)

    with (
        cancel_transactions(clients.dynamodb, ["TransactionConflict"], 1, tokens),
        hooked(clients.dynamodb, "after-call.dynamodb.TransactWriteItems", meanwhile),
        pytest.raises(NotFound),
    ):
        store.remove_membership(member, clock.now(), 1)


# --- lost answers on the wire ----------------------------------------------------------------------


def test_an_invitation_whose_cognito_answer_is_lost_completes(
    deps: Deps, clients: Any, resources: Any, sent_emails: Any
) -> None:
    centre = make_centre(deps)
    with lose_answer(clients.cognito, "AdminCreateUser"):
        view = members.invite(deps, centre.eo, "68101", invitation(ANN))
    users = _cognito_users(clients, resources, ANN)
    assert len(users) == 1 and users[0]["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert deps.store.user_id_for_email(ANN) == view.membership.user_id
    assert [m.to for m in sent_emails()][-1] == ANN


def test_an_invitation_whose_transaction_answer_is_lost_completes(
    deps: Deps, clients: Any, resources: Any
) -> None:
    centre = make_centre(deps)
    with lose_answer(clients.dynamodb, "TransactWriteItems"):
        view = members.invite(deps, centre.eo, "68101", invitation(ANN))
    assert deps.store.get_membership("68101", view.membership.user_id) is not None
    assert len(_cognito_users(clients, resources, ANN)) == 1


def test_botocore_retrying_a_create_that_took_effect_is_not_someone_else_s_account(
    deps: Deps, clients: Any, resources: Any
) -> None:
    """The first attempt made the user, its answer timed out, botocore's retry got
    UsernameExistsException: the invitation takes the user it made itself."""
    centre = make_centre(deps)
    made: list[bool] = []

    def before_call(model: Any, params: dict[str, Any], **_: Any) -> Any:
        if made:
            return None
        made.append(True)
        sent = _json(params["body"])
        clients.cognito.admin_create_user(  # the first attempt, which took effect
            UserPoolId=sent["UserPoolId"],
            Username=sent["Username"],
            TemporaryPassword=sent["TemporaryPassword"],
            MessageAction="SUPPRESS",
        )
        error = {
            "Error": {"Code": "UsernameExistsException", "Message": "exists"},
            "ResponseMetadata": {"RetryAttempts": 1},
        }
        return _Http(400), error

    with hooked(clients.cognito, "before-call.cognito-identity-provider.AdminCreateUser", before_call):
        view = members.invite(deps, centre.eo, "68101", invitation(ANN))
    (user,) = _cognito_users(clients, resources, ANN)
    sub = next(a["Value"] for a in user["Attributes"] if a["Name"] == "sub")
    assert sub == view.membership.user_id


def test_botocore_retrying_a_transaction_that_committed_is_settled_by_a_re_read(
    deps: Deps, clients: Any, resources: Any
) -> None:
    """moto ignores ClientRequestToken: the retry of a committed transaction meets its own
    result and is cancelled by its conditions. That is an unknown outcome, settled by reading."""
    centre = make_centre(deps)
    done: list[bool] = []

    def before_call(params: dict[str, Any], **_: Any) -> Any:
        if done:
            return None
        done.append(True)
        sent = _json(params["body"])
        clients.dynamodb.transact_write_items(TransactItems=sent["TransactItems"])  # the first attempt
        reasons = [{"Code": "ConditionalCheckFailed"}] + [{"Code": "None"}] * (len(sent["TransactItems"]) - 1)
        error = {
            "Error": {"Code": "TransactionCanceledException", "Message": "Transaction cancelled"},
            "CancellationReasons": reasons,
            "ResponseMetadata": {"RetryAttempts": 1},
        }
        return _Http(400), error

    with hooked(clients.dynamodb, "before-call.dynamodb.TransactWriteItems", before_call):
        view = members.invite(deps, centre.eo, "68101", invitation(ANN))
    assert deps.store.user_id_for_email(ANN) == view.membership.user_id
    assert len(_cognito_users(clients, resources, ANN)) == 1


def test_a_deletion_whose_cognito_answer_is_lost_still_closes_the_account(
    deps: Deps, clients: Any, resources: Any
) -> None:
    centre = make_centre(deps)
    ann = add_member(deps, centre, ANN)
    with lose_answer(clients.cognito, "AdminDeleteUser"):
        members.delete_member(deps, centre.eo, "68101", ann.user_id)
    assert _cognito_users(clients, resources, ANN) == []
    assert deps.store.get_person(ann.user_id) is None and deps.store.user_id_for_email(ANN) is None


def test_a_deletion_whose_transaction_answer_is_lost_still_closes_the_account(
    deps: Deps, clients: Any, resources: Any
) -> None:
    centre = make_centre(deps)
    ann = add_member(deps, centre, ANN)
    with lose_answer(clients.dynamodb, "TransactWriteItems"):
        members.delete_member(deps, centre.eo, "68101", ann.user_id)
    assert _cognito_users(clients, resources, ANN) == []
    assert deps.store.user_id_for_email(ANN) is None


# --- the hold on an address: a retry of the same request converges -------------------------------


class Killed(BaseException):
    """The function stopped mid-request (a Lambda time-out): no undo runs."""


def test_a_retry_of_a_request_that_died_after_cognito_takes_its_user_over(
    deps: Deps, clients: Any, resources: Any, fail: Any, clock: Any
) -> None:
    centre = make_centre(deps)
    fail.method(deps.store, "add_person", Killed())
    keyed = invitation(ANN, request_key="retry-me")
    with pytest.raises(Killed):
        members.invite(deps, centre.eo, "68101", keyed)
    assert len(_cognito_users(clients, resources, ANN)) == 1  # left behind, under the hold

    with pytest.raises(Conflict):  # another request for the address waits while the hold is fresh
        members.invite(deps, centre.eo, "68101", invitation(ANN, request_key="another"))
    view = members.invite(deps, centre.eo, "68101", keyed)  # the same request: goes through

    (user,) = _cognito_users(clients, resources, ANN)
    assert next(a["Value"] for a in user["Attributes"] if a["Name"] == "sub") == view.membership.user_id
    assert deps.store.user_id_for_email(ANN) == view.membership.user_id


def test_an_abandoned_hold_is_taken_over_later_by_any_invitation(
    deps: Deps, clients: Any, resources: Any, fail: Any, clock: Any
) -> None:
    centre = make_centre(deps)
    fail.method(deps.store, "add_person", Killed())
    with pytest.raises(Killed):
        members.invite(deps, centre.eo, "68101", invitation(ANN))
    clock.advance(HOLD_STALE + timedelta(seconds=1))
    view = members.invite(deps, centre.eo, "68101", invitation(ANN))
    assert len(_cognito_users(clients, resources, ANN)) == 1
    assert deps.store.user_id_for_email(ANN) == view.membership.user_id


def test_a_refused_invitation_lets_go_of_its_hold(
    deps: Deps, clients: Any, resources: Any, fail: Any
) -> None:
    centre = make_centre(deps)
    before = snapshot(clients, resources)
    fail.aws(clients.cognito, "admin_create_user", "InternalErrorException")
    with pytest.raises(Unavailable):
        members.invite(deps, centre.eo, "68101", invitation(ANN))
    assert snapshot(clients, resources) == before
    members.invite(deps, centre.eo, "68101", invitation(ANN))  # and the next one is not held up
