"""What the local Cognito tells the rest of AWS, in the shapes AWS delivers (docs/deploy.md,
"Security events"), so the same functions run on the same events:

- each account change made through Cognito's public API (ChangePassword, ConfirmForgotPassword,
  SetUserMFAPreference, an MFA set-up answered at sign-in...) as CloudTrail records it and
  EventBridge delivers it ("AWS API Call via CloudTrail"), to `account_events`;
- each sign-in attempt as threat protection records it: kept on moto's user object, where
  AdminListUserAuthEvents reads it (moto_patches.py), and delivered as the user-activity log
  export's subscription delivers it (CloudWatch Logs, gzip and base64), to `sign_in_activity`.

The local Cognito scores no risk (docs/local-portal.md): its records say none.
"""

from __future__ import annotations

import base64
import gzip
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from portal.constants import CLOUDTRAIL_COGNITO_SOURCE, CLOUDTRAIL_DETAIL_TYPE, REGION

from local.aws import ACCOUNT_ID
from local.cognito.store import Person

HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"  # what CloudTrail writes for a username it hides
PASSWORD = "Password"  # noqa: S105 - the name of a challenge, as Cognito records it
MFA = "Mfa"


def api_call(
    operation: str, person: Person, user_pool_id: str, request: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """An EventBridge event of a CloudTrail record of a successful public API call by `person`:
    secrets (tokens, codes, passwords) are not recorded, as CloudTrail does not record them."""
    now = datetime.now(UTC)
    event_id = str(uuid.uuid4())
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": CLOUDTRAIL_DETAIL_TYPE,
        "source": CLOUDTRAIL_COGNITO_SOURCE,
        "account": ACCOUNT_ID,
        "time": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": REGION,
        "resources": [],
        "detail": {
            "eventVersion": "1.08",
            "userIdentity": {"type": "Unknown", "principalId": "Anonymous"},
            "eventTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "eventSource": "cognito-idp.amazonaws.com",
            "eventName": operation,
            "awsRegion": REGION,
            "sourceIPAddress": "127.0.0.1",
            "userAgent": "local",
            "requestParameters": dict(request or {}),
            "responseElements": None,
            "additionalEventData": {"sub": person.sub, "userPoolId": user_pool_id},
            "requestID": str(uuid.uuid4()),
            "eventID": event_id,
            "readOnly": False,
            "eventType": "AwsApiCall",
            "managementEvent": True,
            "recipientAccountId": ACCOUNT_ID,
            "eventCategory": "Management",
        },
    }


def auth_event(outcome: str, challenges: list[tuple[str, str]]) -> dict[str, Any]:
    """One sign-in as AdminListUserAuthEvents answers it (AuthEventType): `outcome` Pass or Fail,
    `challenges` (Password or Mfa, Success or Failure) in the order they were met."""
    return {
        "EventId": str(uuid.uuid4()),
        "EventType": "SignIn",
        "CreationDate": datetime.now(UTC),
        "EventResponse": outcome,
        "EventRisk": {"RiskDecision": "NoRisk", "CompromisedCredentialsDetected": False},
        "ChallengeResponses": [{"ChallengeName": n, "ChallengeResponse": r} for n, r in challenges],
    }


def activity_log(event: Mapping[str, Any], person: Person, user_pool_id: str) -> dict[str, Any]:
    """The user-activity log's record of `event`, delivered by a subscription filter."""
    record = {
        **{k: v for k, v in event.items() if k != "CreationDate"},
        "CreationDate": event["CreationDate"].isoformat(),
        "UserPoolId": user_pool_id,
        "UserSub": person.sub,
    }
    batch = {
        "messageType": "DATA_MESSAGE",
        "owner": ACCOUNT_ID,
        "logGroup": "/aws/vendedlogs/cognito/portal-local-user-activity",
        "logStream": user_pool_id,
        "subscriptionFilters": ["HighRiskSignIns"],
        "logEvents": [
            {
                "id": str(uuid.uuid4().int)[:56],
                "timestamp": int(event["CreationDate"].timestamp() * 1000),
                "message": json.dumps(record),
            }
        ],
    }
    return {"awslogs": {"data": base64.b64encode(gzip.compress(json.dumps(batch).encode())).decode()}}
