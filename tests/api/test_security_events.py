"""Security events through the functions: the sign-in histories (routes) and the two notice
functions on AWS's own event shapes, each event told once however often it is delivered."""

from __future__ import annotations

import base64
import gzip
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from portal import idempotency_store, wiring
from portal.service.deps import Deps
from portal.settings import Settings

from lambdas.account_events import handler as account_events
from lambdas.sign_in_activity import handler as sign_in_activity
from tests.api.client import Api, refused
from tests.api.events import FakeContext
from tests.api.world import World
from tests.integration.conftest import Clients, SentEmail


@pytest.fixture
def wired(deps: Deps, settings: Settings, clients: Clients, monkeypatch: pytest.MonkeyPatch) -> None:
    """The functions build their settings, Deps and idempotency store through portal.wiring."""
    monkeypatch.setattr(wiring, "deps", lambda: deps)
    monkeypatch.setattr(wiring, "settings", lambda: settings)
    monkeypatch.setattr(wiring, "dynamodb", lambda: clients.dynamodb)
    idempotency_store.persistence.cache_clear()


def _api_call(name: str, sub: str, pool: str, **detail: Any) -> dict[str, Any]:
    """As EventBridge delivers a CloudTrail record (docs/deploy.md, Security events)."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "AWS API Call via CloudTrail",
        "source": "aws.cognito-idp",
        "region": "eu-west-2",
        "detail": {
            "eventSource": "cognito-idp.amazonaws.com",
            "eventName": name,
            "eventTime": "2026-11-29T10:00:00Z",
            "requestParameters": {},
            "additionalEventData": {"sub": sub, "userPoolId": pool},
            "eventID": str(uuid.uuid4()),
            **detail,
        },
    }


def _log_batch(*records: dict[str, Any]) -> dict[str, Any]:
    batch = {
        "messageType": "DATA_MESSAGE",
        "logEvents": [
            {"id": str(i), "timestamp": 0, "message": json.dumps(record)} for i, record in enumerate(records)
        ],
    }
    return {"awslogs": {"data": base64.b64encode(gzip.compress(json.dumps(batch).encode())).decode()}}


@pytest.mark.usefixtures("wired")
def test_a_password_change_is_told_once_however_often_it_is_delivered(
    world: World, settings: Settings, sent_emails: Callable[[], list[SentEmail]]
) -> None:
    event = _api_call("ChangePassword", world.id("user"), settings.user_pool_id)
    for _ in range(3):  # EventBridge delivers at least once
        account_events.handler(event, FakeContext(function_name="account_events"))
    (notice,) = sent_emails()
    assert notice.to == world.email("user")
    assert notice.subject == "Your WJEC Portal password has been changed"


@pytest.mark.usefixtures("wired")
@pytest.mark.parametrize(
    ("detail", "why"),
    [
        ({"errorCode": "NotAuthorizedException"}, "a call that failed changed nothing"),
        ({"eventName": "GetUser"}, "not a change"),
        (
            {"eventName": "RespondToAuthChallenge", "requestParameters": {"challengeName": "SMS_MFA"}},
            "a sign-in",
        ),
        ({"additionalEventData": {"sub": "x", "userPoolId": "eu-west-2_other"}}, "another pool"),
    ],
)
def test_events_that_report_no_change_tell_nobody(
    world: World,
    settings: Settings,
    sent_emails: Callable[[], list[SentEmail]],
    detail: dict[str, Any],
    why: str,
) -> None:
    event = _api_call("ChangePassword", world.id("user"), settings.user_pool_id)
    event["detail"].update(detail)
    account_events.handler(event, FakeContext(function_name="account_events"))
    assert sent_emails() == [], why


@pytest.mark.usefixtures("wired")
def test_an_mfa_change_lists_the_methods_cognito_now_has(
    world: World, settings: Settings, clients: Clients, sent_emails: Callable[[], list[SentEmail]]
) -> None:
    clients.cognito.admin_set_user_mfa_preference(
        UserPoolId=settings.user_pool_id,
        Username=world.email("user"),
        SMSMfaSettings={"Enabled": False, "PreferredMfa": False},
        SoftwareTokenMfaSettings={"Enabled": False, "PreferredMfa": False},
    )
    event = _api_call("SetUserMFAPreference", world.id("user"), settings.user_pool_id)
    account_events.handler(event, FakeContext(function_name="account_events"))
    (notice,) = sent_emails()
    assert "Ways to sign in: none" in notice.text


@pytest.mark.usefixtures("wired")
def test_a_high_risk_sign_in_is_told_once_and_a_low_risk_one_not_at_all(
    world: World, settings: Settings, sent_emails: Callable[[], list[SentEmail]]
) -> None:
    risky = {
        "eventId": "e-high",
        "eventType": "SignIn",
        "eventResponse": "Fail",
        "userSub": world.id("user"),
        "userPoolId": settings.user_pool_id,
        "creationDate": "2026-11-29T10:00:00Z",
        "eventRisk": {"riskLevel": "High", "riskDecision": "Block"},
    }
    calm = {**risky, "eventId": "e-low", "eventRisk": {"riskLevel": "Low", "riskDecision": "NoRisk"}}
    batch = _log_batch(risky, calm)
    sign_in_activity.handler(batch, FakeContext(function_name="sign_in_activity"))
    sign_in_activity.handler(batch, FakeContext(function_name="sign_in_activity"))  # delivered again
    (notice,) = sent_emails()
    assert notice.subject == "An unusual sign-in to your WJEC Portal account"
    assert "29 November 2026 at 10:00 (UK time)" in notice.text


# --- GET /me/sign-ins and GET /users/{user_id}/sign-ins -----------------------------------------


def test_my_sign_ins(api: Api, world: World) -> None:
    answer = api.get("/me/sign-ins", world.user)
    assert answer.status == 200, answer
    assert answer.json == {"items": [], "next_cursor": None}  # moto records no sign-in of its own
    refused(api.get("/me/sign-ins", world.user, query={"limit": "0"}), 400, "invalid_request")
    refused(api.get("/me/sign-ins", world.user, query={"cursor": "forged.cursor"}), 400, "invalid_request")
    refused(api.get("/me/sign-ins", world.disabled), 403, "forbidden")
    refused(api.get("/me/sign-ins"), 401, "unauthenticated")


def test_a_person_s_sign_ins_are_for_the_helpdesk(api: Api, world: World) -> None:
    path = f"/users/{world.id('user')}/sign-ins"
    assert api.get(path, world.helpdesk).json == {"items": [], "next_cursor": None}
    for role in ("eo", "admin", "user"):
        refused(api.get(path, getattr(world, role)), 403, "forbidden")
    refused(api.get("/users/nobody-here/sign-ins", world.helpdesk), 404, "not_found")
    refused(api.get("/users/not%20an%20id/sign-ins", world.helpdesk), 400, "invalid_request")
    refused(api.get(path), 401, "unauthenticated")


def test_disabling_and_enabling_tell_the_person_once_each(
    api: Api, world: World, sent_emails: Callable[[], list[SentEmail]]
) -> None:
    world.ensure("user")
    for action in ("disable", "disable", "enable", "enable"):
        assert api.post(f"/users/{world.id('user')}/{action}", world.helpdesk).status == 204
    assert [m.subject for m in sent_emails()] == [
        "Your WJEC Portal account has been disabled",
        "Your WJEC Portal account has been enabled",
    ]
    assert all(m.to == world.email("user") for m in sent_emails())
