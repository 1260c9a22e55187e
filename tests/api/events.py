"""API Gateway REST proxy events and Lambda contexts, as the real service builds them.

Routing to a function follows `portal.constants.ROUTES`, the table API Gateway is built from,
so a route served by the wrong function (or by none) fails here as it would when deployed.
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from portal.constants import HELPDESK_GROUP, REGION, ROUTES

ACCOUNT = "123456789012"
STAGE = "v1"


@dataclass
class FakeContext:
    """The attributes Powertools reads off Lambda's context object."""

    function_name: str = "portal-test"
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    memory_limit_in_mb: int = 256
    function_version: str = "$LATEST"
    invoked_function_arn: str = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:portal-test"
    log_group_name: str = "/aws/lambda/portal-test"
    log_stream_name: str = "test"

    def get_remaining_time_in_millis(self) -> int:
        return 29_000


CLIENT_ID = "testclient"
"""Portal's own app client in these events (the api fixture makes it the accepted one)."""


@dataclass(frozen=True)
class Who:
    """A token's subject as the Cognito authorizer passes it on.

    `signed_in_at`: when the person last signed in with their credentials (`auth_time`); None
    means at the moment of the request, by the clock the test gives (a fresh sign-in).
    `client_id`: the app client the token was issued to; Portal's own unless a test says.
    """

    sub: str
    groups: tuple[str, ...] = ()
    signed_in_at: datetime | None = None
    client_id: str = CLIENT_ID

    @classmethod
    def helpdesk(cls, sub: str) -> Who:
        return cls(sub, (HELPDESK_GROUP,))

    def signed_in(self, at: datetime) -> Who:
        """The same person with a token from a sign-in at `at` (refreshed since, if long ago)."""
        return replace(self, signed_in_at=at)

    def claims(self, groups_form: str = "plain", at: datetime | None = None) -> dict[str, str]:
        """Claims as strings, the way API Gateway's REST authorizer flattens them: `auth_time` as
        the digits of its seconds, `exp` and `iat` written out. `at` is the request's moment."""
        now = int((at or datetime.now(UTC)).timestamp())
        auth_time = int(self.signed_in_at.timestamp()) if self.signed_in_at else now
        claims = {
            "sub": self.sub,
            "iss": f"https://cognito-idp.{REGION}.amazonaws.com/{REGION}_TEST",
            "client_id": self.client_id,
            "origin_jti": str(uuid.uuid4()),
            "event_id": str(uuid.uuid4()),
            "token_use": "access",
            "scope": "aws.cognito.signin.user.admin",
            "auth_time": str(auth_time),
            "exp": datetime.fromtimestamp(now + 3600, UTC).strftime("%a %b %d %H:%M:%S UTC %Y"),
            "iat": datetime.fromtimestamp(now, UTC).strftime("%a %b %d %H:%M:%S UTC %Y"),
            "jti": str(uuid.uuid4()),
            "username": self.sub,
        }
        if self.groups:
            if groups_form == "bracketed":
                claims["cognito:groups"] = "[" + ", ".join(self.groups) + "]"
            else:
                claims["cognito:groups"] = ",".join(self.groups)
        return claims


def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template) + "$")


TEMPLATES = [(method, template, function, _template_regex(template)) for method, template, function in ROUTES]


def route_of(method: str, path: str) -> tuple[str, str, dict[str, str]] | None:
    """(function, resource template, path parameters) for a request, as API Gateway routes it."""
    for route_method, template, function, pattern in TEMPLATES:
        found = pattern.match(path)
        if found and route_method == method:
            return function, template, found.groupdict()
    return None


def rest_event(
    method: str,
    path: str,
    *,
    who: Who | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    resource: str | None = None,
    path_parameters: dict[str, str] | None = None,
    base64_body: bool = False,
    groups_form: str = "plain",
    at: datetime | None = None,
) -> dict[str, Any]:
    """A REST API (payload v1) proxy event; `body` that is not a str is sent as JSON."""
    routed = route_of(method, path)
    if resource is None:
        resource = routed[1] if routed else path
    if path_parameters is None:
        path_parameters = routed[2] if routed else {}
    all_headers = {
        "Accept": "application/json",
        "Host": "api.portal.test",
        "User-Agent": "pytest",
        "X-Amzn-Trace-Id": f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]}",
        "X-Forwarded-For": "203.0.113.9",
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https",
    }
    text: str | None = None
    if body is not None:
        text = body if isinstance(body, str) else json.dumps(body)
        all_headers["Content-Type"] = "application/json"
    if who is not None:
        all_headers["Authorization"] = "Bearer eyJraWQiOiJ0ZXN0In0.e30.c2ln"
    all_headers.update(headers or {})
    if base64_body and text is not None:
        text = base64.b64encode(text.encode()).decode()
    request_id = str(uuid.uuid4())
    context: dict[str, Any] = {
        "resourceId": "abc123",
        "resourcePath": resource,
        "httpMethod": method,
        "extendedRequestId": request_id[:16],
        "requestTime": datetime.now(UTC).strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "path": f"/{STAGE}{path}",
        "accountId": ACCOUNT,
        "protocol": "HTTP/1.1",
        "stage": STAGE,
        "domainPrefix": "api",
        "requestTimeEpoch": int(time.time() * 1000),
        "requestId": request_id,
        "identity": {"sourceIp": "203.0.113.9", "userAgent": "pytest"},
        "domainName": "api.portal.test",
        "apiId": "testapi",
    }
    if who is not None:
        context["authorizer"] = {"claims": who.claims(groups_form, at)}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {name: [value] for name, value in all_headers.items()},
        "queryStringParameters": dict(query) if query else None,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": context,
        "body": text,
        "isBase64Encoded": base64_body and text is not None,
    }
