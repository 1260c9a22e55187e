"""`Idempotency-Key` on the routes that create or send something, with Powertools idempotency.

The key is scoped to the caller, the method and the path: a retry by the same caller, to the
same URL, with the same key and the same body gets the first answer back (status, headers and
body; header `Idempotent-Replayed: true`) and nothing runs twice, so no second email goes out.
The same key with a different body is refused (422 `idempotency_key_reused`, following the
IETF draft "The Idempotency-Key HTTP Header Field"); a retry while the first request still runs
gets 409 `idempotency_key_in_use`. Only successful answers are kept: an error frees the key.
Without the header nothing changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware
from aws_lambda_powertools.utilities.idempotency import (
    BasePersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyInconsistentStateError,
    IdempotencyPersistenceLayerError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord

from portal import constants as c
from portal.constants import IDEMPOTENCY_HEADER
from portal.http import errors
from portal.http.dependencies import CurrentCaller
from portal.idempotency_store import persistence

KEY_PREFIX = "portal-api"
REPLAYED_HEADER = "Idempotent-Replayed"

# Powertools' idempotency errors as problems; only functions with idempotent routes import them.
errors.CODE_OF.update(
    {
        IdempotencyAlreadyInProgressError: "idempotency_key_in_use",
        IdempotencyValidationError: "idempotency_key_reused",
        IdempotencyPersistenceLayerError: "service_unavailable",
        IdempotencyInconsistentStateError: "service_unavailable",
    }
)


def _mark_replayed(response: Any, idempotent_data: DataRecord) -> Any:
    return {**response, "headers": {**response.get("headers", {}), REPLAYED_HEADER: "true"}}


CONFIG = IdempotencyConfig(
    event_key_jmespath="[caller, method, path, key]",
    payload_validation_jmespath="body",
    expires_after_seconds=c.IDEMPOTENCY_EXPIRY_SECONDS,
    response_hook=_mark_replayed,
)


def idempotency_store() -> Callable[[], BasePersistenceLayer]:
    """A provider, not the store: a request without the header must not need the table."""
    return persistence


def _answer(*, request: dict[str, Any], run: Callable[[], Response[Any]]) -> dict[str, Any]:
    """Run the route and keep what it answered, in a form that survives JSON."""
    response = run()
    body = response.body
    if body is not None and not isinstance(body, str):
        body = json.dumps(body, separators=(",", ":"), default=str)
    headers = {name: value for name, value in response.headers.items() if isinstance(value, str)}
    return {"status": int(response.status_code), "headers": headers, "body": body}


@cache
def _replayer(store: BasePersistenceLayer) -> Callable[..., dict[str, Any]]:
    wrapped: Callable[..., dict[str, Any]] = idempotent_function(
        _answer,
        data_keyword_argument="request",
        persistence_store=store,
        config=CONFIG,
        key_prefix=KEY_PREFIX,
    )
    return wrapped


def _body(app: APIGatewayRestResolver) -> object:
    """The parsed body (so key order and spacing do not matter), or the raw text."""
    raw = app.current_event.body
    if raw is None:
        return None
    try:
        return app.current_event.json_body
    except ValueError:
        return raw


def idempotent(
    app: APIGatewayRestResolver,
    next_middleware: NextMiddleware,
    store: Annotated[Callable[[], BasePersistenceLayer], Depends(idempotency_store)],
    caller: CurrentCaller,
) -> Response[Any]:
    """Route middleware; runs after request validation, so the key and body are already valid, and
    only for a caller the handler would accept: a replay reaches nobody the route itself refuses."""
    key = app.current_event.headers.get(IDEMPOTENCY_HEADER)
    if not key:
        return next_middleware(app)
    request = {
        "caller": caller.user_id,
        "method": app.current_event.http_method,
        "path": app.current_event.path,
        "key": key,
        "body": _body(app),
    }
    if app.lambda_context is not None:
        CONFIG.register_lambda_context(app.lambda_context)
    answer = _replayer(store())(request=request, run=lambda: next_middleware(app))
    return Response(status_code=answer["status"], body=answer["body"], headers=answer["headers"])
