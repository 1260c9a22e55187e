"""The events Lambda receives: API Gateway REST proxy events and Cognito trigger events."""

from __future__ import annotations

import base64
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from portal.constants import PROBLEM_JSON, REGION
from werkzeug.wrappers import Request

from local.aws import ACCOUNT_ID

STAGE = "v1"
API_ID = "local"
TEXT_TYPES = ("text/", "application/json", PROBLEM_JSON, "application/x-www-form-urlencoded")


def _body(request: Request) -> tuple[str | None, bool]:
    """API Gateway passes text bodies as they are and others base64-encoded."""
    raw = request.get_data(cache=True)
    if not raw:
        return None, False
    content_type = request.headers.get("Content-Type", "application/json")
    if content_type.startswith(TEXT_TYPES):
        try:
            return raw.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(raw).decode("ascii"), True


def _headers(request: Request) -> tuple[dict[str, str], dict[str, list[str]]]:
    multi: dict[str, list[str]] = {}
    for name, value in request.headers.items():
        multi.setdefault(name, []).append(value)
    host = request.host
    multi.setdefault("X-Forwarded-For", [request.remote_addr or "127.0.0.1"])
    multi.setdefault("X-Forwarded-Proto", [request.scheme])
    multi.setdefault("X-Forwarded-Port", [host.rsplit(":", 1)[1] if ":" in host else "80"])
    multi.setdefault("X-Amzn-Trace-Id", [f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]}"])
    return {name: values[-1] for name, values in multi.items()}, multi


def proxy_event(
    request: Request,
    path: str,
    resource: str,
    path_parameters: Mapping[str, str],
    claims: Mapping[str, str] | None,
) -> dict[str, Any]:
    """A REST API (v1 payload) Lambda proxy event, as API Gateway builds it for this request.

    `path` is the path within the stage, as API Gateway passes it (`/me`, even for `/v1/me`)."""
    headers, multi_headers = _headers(request)
    query = request.args
    multi_query = {name: query.getlist(name) for name in query}
    body, is_base64 = _body(request)
    now = datetime.now(UTC)
    request_id = str(uuid.uuid4())
    context: dict[str, Any] = {
        "resourceId": "local",
        "resourcePath": resource,
        "httpMethod": request.method,
        "extendedRequestId": request_id,
        "requestTime": now.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "path": f"/{STAGE}{path}",
        "accountId": ACCOUNT_ID,
        "protocol": request.environ.get("SERVER_PROTOCOL", "HTTP/1.1"),
        "stage": STAGE,
        "domainPrefix": request.host.split(":")[0],
        "requestTimeEpoch": int(now.timestamp() * 1000),
        "requestId": request_id,
        "identity": {
            "cognitoIdentityPoolId": None,
            "accountId": None,
            "cognitoIdentityId": None,
            "caller": None,
            "sourceIp": request.remote_addr or "127.0.0.1",
            "principalOrgId": None,
            "accessKey": None,
            "cognitoAuthenticationType": None,
            "cognitoAuthenticationProvider": None,
            "userArn": None,
            "userAgent": request.user_agent.string or None,
            "user": None,
        },
        "domainName": request.host.split(":")[0],
        "apiId": API_ID,
    }
    if claims is not None:
        context["authorizer"] = {"claims": dict(claims)}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": request.method,
        "headers": headers or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": {name: values[-1] for name, values in multi_query.items()} or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": dict(path_parameters) or None,
        "stageVariables": None,
        "requestContext": context,
        "body": body,
        "isBase64Encoded": is_base64,
    }


def trigger_event(
    trigger_source: str,
    user_pool_id: str,
    username: str,
    client_id: str | None,
    user_attributes: Mapping[str, str],
    request: Mapping[str, Any] | None = None,
    response: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A Cognito user pool trigger event (the common fields, then the trigger's own)."""
    return {
        "version": "1",
        "triggerSource": trigger_source,
        "region": REGION,
        "userPoolId": user_pool_id,
        "userName": username,
        "callerContext": {
            "awsSdkVersion": "aws-sdk-unknown-unknown",
            "clientId": client_id or "CLIENT_ID_NOT_APPLICABLE",
        },
        "request": {"userAttributes": dict(user_attributes), **(request or {})},
        "response": dict(response or {}),
    }
