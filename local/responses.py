"""HTTP answers the local portal writes itself: JSON, problem+json, and Lambda proxy results."""

from __future__ import annotations

import base64
import json
from typing import Any

from portal import constants as c
from werkzeug.datastructures import Headers
from werkzeug.wrappers import Response


def json_response(payload: Any, status: int = 200) -> Response:
    return Response(json.dumps(payload, indent=2), status=status, mimetype="application/json")


def problem(status: int, code: str, title: str, detail: str) -> Response:
    """api.md's error shape, for the answers the gateway gives before any handler runs; the
    local portal's own codes (`bad_gateway`, `starting`) are not the API's, so they bring their own
    status and title."""
    body = {
        "type": c.PROBLEM_TYPE_PREFIX + code,
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    response = Response(json.dumps(body), status=status, content_type=c.PROBLEM_JSON)
    response.headers.update(c.API_RESPONSE_HEADERS)  # as API Gateway's own answers (infra/api.py)
    return response


def api_problem(code: str, detail: str | None = None) -> Response:
    """One of the API's codes, with its status and title (and its fixed detail, if it has one)."""
    status, title = c.PROBLEMS[code]
    return problem(status, code, title, detail or c.FIXED_DETAILS[code])


def unauthenticated() -> Response:
    response = api_problem("unauthenticated")
    response.headers["WWW-Authenticate"] = c.CHALLENGES["unauthenticated"]
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
