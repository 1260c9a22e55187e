"""CORS for frontends served from this machine (any port of localhost or 127.0.0.1).

In AWS the stack configures CORS for the real frontends' origins; locally a frontend developer's
dev server runs on some local port, so local origins are allowed and no others.
"""

from __future__ import annotations

import re

from portal import constants as c
from werkzeug.wrappers import Request, Response

LOCAL_ORIGIN = re.compile(r"^https?://(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$")
# The API's headers, and those Cognito's client libraries send to the local Cognito endpoint.
COGNITO_HEADERS = (
    "X-Amz-Target",
    "X-Amz-User-Agent",
    "X-Amz-Date",
    "X-Amz-Content-Sha256",
    "Amz-Sdk-Invocation-Id",
    "Amz-Sdk-Request",
    "Cache-Control",
)
ALLOW_HEADERS = ", ".join((*c.CORS_ALLOW_HEADERS, *COGNITO_HEADERS))
ALLOW_METHODS = ", ".join(c.CORS_METHODS)
EXPOSE_HEADERS = ", ".join(("x-amzn-RequestId", "x-amzn-ErrorType", *c.CORS_EXPOSE_HEADERS))


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
        response.headers["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
        response.headers["Access-Control-Max-Age"] = str(c.CORS_MAX_AGE_SECONDS)
        response.vary.add("Origin")
    return response
