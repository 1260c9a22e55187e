"""HTTP answers the local portal writes itself: JSON, problem+json, and Lambda proxy results."""

from __future__ import annotations

import base64
import json
from typing import Any

from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response

PROBLEM_TYPE_PREFIX = "urn:portal:problem:"  # as portal.http.problems writes it


def json_response(payload: Any, status: int = 200) -> Response:
    return Response(json.dumps(payload, indent=2), status=status, mimetype="application/json")


def problem(status: int, code: str, title: str, detail: str) -> Response:
    """api.md's error shape, for the answers the gateway gives before any handler runs."""
    body = {
        "type": PROBLEM_TYPE_PREFIX + code,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    return Response(json.dumps(body), status=status, content_type="application/problem+json")


def unauthenticated() -> Response:
    response = problem(401, "unauthenticated", "Sign in first", "a valid access token is required")
    response.headers["WWW-Authenticate"] = "Bearer"
    return response


def from_proxy_result(result: Any) -> Response:
    """Turn a handler's proxy result into a response; a malformed one is API Gateway's 502."""
    if not isinstance(result, dict) or not isinstance(result.get("statusCode"), int):
        return problem(502, "bad_gateway", "Bad Gateway", "the function returned a malformed response")
    headers = Headers()
    for name, values in (result.get("multiValueHeaders") or {}).items():
        for value in values:
            headers.add(name, str(value))
    for name, value in (result.get("headers") or {}).items():
        if name not in headers:  # API Gateway: multiValueHeaders win for the same name
            headers.add(name, str(value))
    body = result.get("body") or ""
    data = base64.b64decode(body) if result.get("isBase64Encoded") else str(body).encode("utf-8")
    return Response(data, status=result["statusCode"], headers=headers)
