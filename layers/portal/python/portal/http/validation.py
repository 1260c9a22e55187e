"""Request validation that takes JSON bodies only, and refuses any body it cannot read as a 400.

Powertools' validation middleware also parses forms and multipart bodies (none of our routes
takes one, and a multipart header without a boundary raises a bare ValueError), and lets a
deeply nested JSON body raise RecursionError. Both would reach the 500 handler. Here a body is
JSON (`application/json`, any parameters, or no Content-Type) or it is refused as invalid.
"""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.middlewares.openapi_validation import (
    OpenAPIRequestValidationMiddleware,
)
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)

JSON = "application/json"


def _body_error(kind: str, message: str) -> dict[str, Any]:
    return {"type": kind, "loc": ("body",), "msg": message, "input": {}, "ctx": {}}


def _unreadable(kind: str, message: str) -> RequestValidationError:
    return RequestValidationError([_body_error(kind, message)])


class JsonBodyValidation(OpenAPIRequestValidationMiddleware):
    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def _get_body(self, app: Any) -> Any:
        content_type = app.current_event.headers.get("content-type", "").strip()
        if content_type and content_type.split(";")[0].strip().lower() != JSON:
            raise RequestUnsupportedContentType(
                "Unsupported content type",
                errors=[
                    {"type": "unsupported_content_type", "loc": ("body",), "msg": "", "input": {}, "ctx": {}}
                ],
            )
        try:
            return json.loads(app.current_event.decoded_body or "null")
        except json.JSONDecodeError:
            raise _unreadable("json_invalid", "must be well-formed JSON") from None
        except RecursionError:
            raise _unreadable("json_invalid", "must be well-formed JSON") from None


def json_bodies_only(app: APIGatewayRestResolver) -> None:
    """Swap the resolver's request validation for ours, before any route builds its middleware stack.

    Relies on Powertools keeping the request validator in `_request_validation_middleware`
    (3.x); tests/api/test_bad_input.py fails if that changes.
    """
    app._request_validation_middleware = JsonBodyValidation()
