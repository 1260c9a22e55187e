"""Bodies are JSON only, and a body that cannot be read is a 400, never a 500 (docs/api.md, Input).

Powertools' request validation also reads forms and multipart bodies (none of our routes takes
one, and a multipart header without a boundary raises a bare ValueError), matches media types
case-sensitively, and lets a deeply nested JSON body raise RecursionError. Each is met here
through a public extension point of the resolver, none by replacing its validator:

- `media_type_in_lower_case` (in `PortalResolver.resolve`): media types are case-insensitive
  (RFC 9110, 8.3.1), so `APPLICATION/JSON` is read as JSON;
- `json_loads` (the resolver's `json_body_deserializer`): too deep a body is malformed JSON, and so
  is a number Python cannot hold as JSON reads it (an integer of more than 4,300 digits, Python's
  limit on converting digits to `int`; a float that overflows to infinity; `NaN` and `Infinity`,
  which are not JSON at all);
- `json_only` (a middleware, after validation): a valid body sent as anything but JSON is
  refused; an invalid one was already refused by the error handlers, which ask `declared_json`
  first (portal.http.errors).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestUnsupportedContentType

JSON = "application/json"
CONTENT_TYPE = "content-type"


def _integer(digits: str) -> int:
    try:
        return int(digits)
    except ValueError:  # more digits than sys.get_int_max_str_digits() allows
        raise json.JSONDecodeError("an integer too long to read", digits, 0) from None


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 reads as infinity, which no field can mean
        raise json.JSONDecodeError("a number too large to hold", text, 0)
    return value


def _constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


def json_loads(body: str) -> Any:
    """`json.loads`, with a body it cannot hold (too deep, a number too long or too large)
    reported as malformed, as it is: a 400 `invalid_request`, never a 500."""
    try:
        return json.loads(body, parse_int=_integer, parse_float=_float, parse_constant=_constant)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", body, 0) from None


def _media_type(value: str) -> str:
    return value.split(";", maxsplit=1)[0].strip().lower()


def media_type_in_lower_case(event: Mapping[str, Any]) -> Mapping[str, Any]:
    """The event with its Content-Type's media type in lower case (parameters kept); a copy."""
    headers = event.get("headers")
    multi = event.get("multiValueHeaders")
    if not isinstance(headers, Mapping) and not isinstance(multi, Mapping):
        return event

    def lower(value: object) -> object:
        if not isinstance(value, str):
            return value
        media, sep, parameters = value.partition(";")
        return media.strip().lower() + sep + parameters

    copy = dict(event)
    if isinstance(headers, Mapping):
        copy["headers"] = {k: lower(v) if k.lower() == CONTENT_TYPE else v for k, v in headers.items()}
    if isinstance(multi, Mapping):
        copy["multiValueHeaders"] = {
            k: [lower(v) for v in vs] if k.lower() == CONTENT_TYPE and isinstance(vs, list) else vs
            for k, vs in multi.items()
        }
    return copy


def declared_json(app: APIGatewayRestResolver) -> bool:
    """No Content-Type (API Gateway's own tests send none) or `application/json`, any parameters."""
    content_type = app.current_event.headers.get(CONTENT_TYPE, "").strip()
    return not content_type or _media_type(content_type) == JSON


def json_only(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response[Any]:
    """Runs after validation passed: a body it read as a form or multipart is refused all the same."""
    if app.current_event.body and not declared_json(app):
        raise RequestUnsupportedContentType(
            "Unsupported content type",
            errors=[
                {"type": "unsupported_content_type", "loc": ("body",), "msg": "", "input": {}, "ctx": {}}
            ],
        )
    return next_middleware(app)
