"""Cognito's API calls, recorded by CloudTrail and delivered by EventBridge ("AWS API Call via
CloudTrail", source `aws.cognito-idp`): the account changes a person makes through Cognito's
public API, from whichever client (the console, boto3, the AWS CLI).

Which call means which notice (docs/deploy.md, "Security events", cites AWS's pages):

| eventName | notice |
|---|---|
| ChangePassword | password changed |
| ConfirmForgotPassword | password reset with a code |
| SetUserMFAPreference | MFA changed (the methods read from Cognito after it) |
| RespondToAuthChallenge answering MFA_SETUP | MFA set up (at a first sign-in) |
| CompleteWebAuthnRegistration / DeleteWebAuthnCredential | passkey added / removed |

A call that failed (`errorCode`) changed nothing and is ignored; so are the Admin… calls, which
only Portal's own functions make, and which tell the person themselves (service/people.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from portal.constants import CLOUDTRAIL_COGNITO_SOURCE, CLOUDTRAIL_DETAIL_TYPE
from portal.domain.model import EmailKind
from portal.service.notices import AccountChange

DETAIL_TYPE = CLOUDTRAIL_DETAIL_TYPE
SOURCE = CLOUDTRAIL_COGNITO_SOURCE
CALLS: dict[str, EmailKind] = {
    "ChangePassword": EmailKind.PASSWORD_CHANGED,
    "ConfirmForgotPassword": EmailKind.PASSWORD_RESET,
    "SetUserMFAPreference": EmailKind.MFA_CHANGED,
    "RespondToAuthChallenge": EmailKind.MFA_SET_UP,
    "CompleteWebAuthnRegistration": EmailKind.PASSKEY_ADDED,
    "DeleteWebAuthnCredential": EmailKind.PASSKEY_REMOVED,
}
"""The EventBridge rule matches `constants.ACCOUNT_CHANGE_CALLS`: a test keeps the two equal."""
HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"


def change_of(event: Mapping[str, Any], user_pool_id: str) -> tuple[str, AccountChange] | None:
    """(the event's id, the change it reports), or None for an event that reports none."""
    detail = event.get("detail") or {}
    if event.get("detail-type") != DETAIL_TYPE or not isinstance(detail, Mapping):
        return None
    kind = CALLS.get(str(detail.get("eventName", "")))
    if kind is None or detail.get("errorCode"):
        return None
    request = detail.get("requestParameters") or {}
    extra = detail.get("additionalEventData") or {}
    if kind is EmailKind.MFA_SET_UP and request.get("challengeName") != "MFA_SETUP":
        return None
    pool = extra.get("userPoolId") or request.get("userPoolId")
    if pool and pool != user_pool_id:
        return None
    user_id = _named(extra.get("sub")) or _named((detail.get("userIdentity") or {}).get("principalId"))
    email = None if user_id else _named(request.get("username"))
    event_id = str(detail.get("eventID") or event.get("id") or "")
    if not event_id or not (user_id or email):
        return None
    return event_id, AccountChange(kind, user_id=user_id, email=email, at=_time(detail.get("eventTime")))


def _named(value: object) -> str | None:
    text = str(value).strip() if isinstance(value, str) else ""
    return text if text and text != HIDDEN else None


def _time(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
