"""Step-up, declared on the route like idempotency: `middlewares=[recent_sign_in, ...]`.

A route that changes what hands an account to someone else needs a sign-in within the last 15
minutes (domain/step_up.py); without one the answer is 401 `reauthentication_required` with
RFC 9470's challenge (http/errors.py), and nothing runs. `recent_sign_in_to_change(field, ...)`
asks it only when the body sets one of those fields (PATCH /me's `phone_number`).

The middlewares run after request validation and before the use case (and before
`idempotent`, when listed first), with the caller and the clock the handler itself gets.
`answers(..., step_up=True)` documents the 401 on the route; tests/security/test_tokens.py holds
the document's list of step-up routes to docs/api.md's and tries every route with an old sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from portal.domain.step_up import require_recent_sign_in
from portal.http.dependencies import CurrentCaller, ServiceDeps

Middleware = Callable[..., Response[Any]]


def recent_sign_in(
    app: APIGatewayRestResolver, next_middleware: NextMiddleware, caller: CurrentCaller, deps: ServiceDeps
) -> Response[Any]:
    require_recent_sign_in(caller, deps.clock.now())
    return next_middleware(app)


def recent_sign_in_to_change(*fields: str) -> Middleware:
    """A step-up for requests whose JSON body sets any of `fields` (to any value, `null` included)."""

    def step_up_when_changing(
        app: APIGatewayRestResolver, next_middleware: NextMiddleware, caller: CurrentCaller, deps: ServiceDeps
    ) -> Response[Any]:
        body = app.current_event.json_body if app.current_event.body else None
        if isinstance(body, dict) and any(field in body for field in fields):
            require_recent_sign_in(caller, deps.clock.now())
        return next_middleware(app)

    return step_up_when_changing
