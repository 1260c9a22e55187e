"""Each adapter turns AWS's "too many requests" into Throttled (429), and nothing else into it."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from portal.adapters import aws
from portal.adapters.directory import CognitoDirectory
from portal.adapters.mailer import SesMailer
from portal.adapters.state_store import BATCH_GET_ATTEMPTS, DynamoStateStore
from portal.domain.errors import Throttled, Unavailable
from portal.domain.model import EmailKind, Language
from portal.service import people

from tests.integration.conftest import Clients, Failures
from tests.integration.test_mailer import VALUES
from tests.integration.world import make_centre

pytestmark = pytest.mark.integration


def test_the_clients_retry_budget_is_the_stated_one() -> None:
    """docs/api.md, Throttling: standard mode, 3 attempts, before Portal answers 429."""
    config: Any = aws.CLIENT_CONFIG
    assert config.retries == {"mode": "standard", "total_max_attempts": 3}
    made: Any = aws.dynamodb().meta.config
    assert made.retries == config.retries


@pytest.mark.parametrize(
    ("code", "throttled"),
    [
        ("TooManyRequestsException", True),
        ("ProvisionedThroughputExceededException", True),
        ("ThrottlingException", True),
        ("RequestLimitExceeded", True),
        ("TransactionConflict", False),
        ("InternalServerError", False),
        ("LimitExceededException", False),  # Cognito: too many attempts of one person, not a quota
    ],
)
def test_which_codes_are_throttling(code: str, throttled: bool) -> None:
    assert aws.throttled(ClientError({"Error": {"Code": code, "Message": "m"}}, "Op")) is throttled


def test_keys_dynamodb_leaves_unprocessed_are_throttling(
    store: DynamoStateStore, clients: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def short_of_throughput(**request: Any) -> dict[str, Any]:
        calls.append(1)
        return {"Responses": {}, "UnprocessedKeys": request["RequestItems"]}

    monkeypatch.setattr(clients.dynamodb, "batch_get_item", short_of_throughput)
    with pytest.raises(Throttled):
        store.get_person("someone")
    assert len(calls) == BATCH_GET_ATTEMPTS


def test_cognito_quota_is_throttled_other_errors_unavailable(
    directory: CognitoDirectory, clients: Clients, fail: Failures
) -> None:
    fail.aws(clients.cognito, "admin_enable_user", "TooManyRequestsException")
    with pytest.raises(Throttled):
        directory.enable_user("someone@school.example")
    fail.aws(clients.cognito, "admin_enable_user", "InternalErrorException")
    with pytest.raises(Unavailable) as raised:
        directory.enable_user("someone@school.example")
    assert not isinstance(raised.value, Throttled)


def test_ses_sending_rate_is_throttled(mailer: SesMailer, clients: Clients, fail: Failures) -> None:
    fail.aws(clients.sesv2, "send_email", "TooManyRequestsException", "Maximum sending rate exceeded")
    with pytest.raises(Throttled):
        mailer.send("someone@school.example", EmailKind.MFA_RESET, Language.ENGLISH, VALUES)


def test_a_sign_in_goes_ahead_when_cognito_throttles_its_mfa_read(
    deps: Any, clients: Clients, fail: Failures
) -> None:
    """post_authentication runs at every sign-in: a throttled bookkeeping read must not fail it."""
    centre = make_centre(deps, eo_email="eo@throttled.example", accept=False)
    eo = centre.eo.user_id
    fail.aws(clients.cognito, "admin_get_user", "TooManyRequestsException")
    accepted = people.record_sign_in(deps, eo, "eo@throttled.example")
    assert [m.centre_id for m in accepted] == [centre.centre_id]
    assert deps.store.get_person(eo).last_sign_in_at == deps.clock.now()
