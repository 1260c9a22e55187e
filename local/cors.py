"""CORS for frontends served from this machine (any port of localhost or 127.0.0.1).

In AWS the stack configures CORS for the real frontends' origins; locally a frontend developer's
dev server runs on some local port, so local origins are allowed and no others.
"""

from __future__ import annotations

import re

from werkzeug.wrappers import Request, Response

LOCAL_ORIGIN = re.compile(r"^https?://(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$")
ALLOW_HEADERS = (
    "Authorization, Content-Type, Idempotency-Key, X-Amz-Target, X-Amz-User-Agent, X-Amz-Date, "
    "X-Amz-Content-Sha256, Amz-Sdk-Invocation-Id, Amz-Sdk-Request, Cache-Control"
)
ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"


def local_origin(request: Request) -> str | None:
    origin = request.headers.get("Origin", "")
    return origin if LOCAL_ORIGIN.match(origin) else None


def preflight(request: Request) -> Response:
    response = Response(status=204)
    return decorate(request, response)


def decorate(request: Request, response: Response) -> Response:
    origin = local_origin(request)
    if origin is not None:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response.headers["Access-Control-Allow-Methods"] = ALLOW_METHODS
        response.headers["Access-Control-Expose-Headers"] = "x-amzn-RequestId, x-amzn-ErrorType, Location"
        response.headers["Access-Control-Max-Age"] = "600"
        response.vary.add("Origin")
    return response
