"""Throttling answered as throttling (issue 21): a service Portal calls refusing for its rate, after
botocore's own retries, is `429 too_many_requests` with a Retry-After spread over several seconds;
any other failure of theirs stays `503 service_unavailable`. Injected at the boto3 clients."""

from __future__ import annotations

from typing import Any

import pytest
from portal.http.errors import THROTTLED_RETRY_AFTER_SECONDS

from tests.api.client import Answer, Api, refused
from tests.api.world import World
from tests.integration.conftest import Clients, Failures

THROTTLES = ("ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded")


def _throttled(answer: Answer) -> int:
    refused(answer, 429, "too_many_requests")
    seconds = int(answer.headers["Retry-After"])
    low, high = THROTTLED_RETRY_AFTER_SECONDS
    assert low <= seconds <= high, seconds
    assert "Exception" not in (answer.body or "")  # nothing of AWS's own words
    return seconds


@pytest.mark.parametrize("code", THROTTLES)
def test_a_throttled_dynamodb_read_is_429(
    api: Api, world: World, clients: Clients, fail: Failures, code: str
) -> None:
    world.ensure("user")
    fail.aws(clients.dynamodb, "batch_get_item", code)
    _throttled(api.get("/me", world.user))
    assert api.get("/me", world.user).status == 200  # the next second, DynamoDB has room again


def test_a_transaction_cancelled_for_throughput_is_429(
    api: Api, world: World, clients: Clients, fail: Failures
) -> None:
    world.ensure("eo", "user")
    fail.transaction(clients.dynamodb, reasons=["ThrottlingError"])
    _throttled(api.patch(world.member("user"), world.eo, body={"permissions": ["iamis"]}))
    assert api.get(world.member("user"), world.eo).json["permissions"] == ["resources", "entries"]


def test_a_transaction_conflict_is_not_throttling(
    api: Api, world: World, clients: Clients, fail: Failures
) -> None:
    world.ensure("eo", "user")
    fail.transaction(clients.dynamodb, times=None)
    refused(api.patch(world.member("user"), world.eo, body={"permissions": ["iamis"]}), 409, "conflict")


def test_cognitos_quota_on_an_invitation_is_429_and_nothing_is_left(
    api: Api, world: World, clients: Clients, fail: Failures
) -> None:
    world.ensure("eo")
    email = world.new_email("throttled")
    fail.aws(clients.cognito, "admin_create_user", "TooManyRequestsException", "Rate exceeded")
    body: dict[str, Any] = {
        "email": email,
        "account_type": "user",
        "given_name": "Tom",
        "family_name": "Hill",
    }
    _throttled(api.post(world.users, world.eo, body=body))
    # The address's hold was let go: the same invitation a few seconds later goes through.
    assert api.post(world.users, world.eo, body=body).status == 201


def test_ses_sending_rate_is_429(api: Api, world: World, clients: Clients, fail: Failures) -> None:
    world.ensure("eo", "user")
    fail.aws(clients.sesv2, "send_email", "TooManyRequestsException", "Maximum sending rate exceeded")
    _throttled(api.patch(world.member("user"), world.eo, body={"permissions": ["iamis"]}))


def test_other_failures_stay_503(api: Api, world: World, clients: Clients, fail: Failures) -> None:
    world.ensure("user")
    fail.aws(clients.dynamodb, "batch_get_item", "InternalServerError")
    answer = api.get("/me", world.user)
    refused(answer, 503, "service_unavailable")
    assert answer.headers["Retry-After"] == "1"


def test_retry_after_is_spread_over_several_seconds(
    api: Api, world: World, clients: Clients, fail: Failures
) -> None:
    """Clients refused in the same second are told different seconds: 40 draws of 7 values."""
    world.ensure("user")
    fail.aws(clients.dynamodb, "batch_get_item", "ThrottlingException", times=40)
    seen = {_throttled(api.get("/me", world.user)) for _ in range(40)}
    assert len(seen) >= 3, seen
