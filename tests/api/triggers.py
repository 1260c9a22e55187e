"""Cognito trigger events, shaped as Cognito sends them to the Lambda functions."""

from __future__ import annotations

from typing import Any

from portal.constants import REGION

POOL = f"{REGION}_TEST"


def trigger(source: str, username: str, attributes: dict[str, str], **request: Any) -> dict[str, Any]:
    response: dict[str, Any] = {}
    if source.startswith("CustomMessage_"):
        response = {"smsMessage": None, "emailMessage": None, "emailSubject": None}
        request = {
            "codeParameter": "{####}",
            "linkParameter": "{##Click Here##}",
            "usernameParameter": None,
            "clientMetadata": {},
            **request,
        }
    return {
        "version": "1",
        "triggerSource": source,
        "region": REGION,
        "userPoolId": POOL,
        "userName": username,
        "callerContext": {"awsSdkVersion": "aws-sdk-js-3.0.0", "clientId": "testclient"},
        "request": {"userAttributes": dict(attributes), **request},
        "response": response,
    }


def attributes(sub: str, email: str, given_name: str = "") -> dict[str, str]:
    found = {"sub": sub, "email": email, "email_verified": "true", "cognito:user_status": "CONFIRMED"}
    if given_name:
        found["given_name"] = given_name
    return found
