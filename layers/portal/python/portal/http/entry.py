"""The Lambda entry point of an API function: logger context, tracing and metrics around `resolve`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.logging import correlation_paths

from portal.observability import logger, metrics, tracer

ApiHandler = Callable[[dict[str, Any], Any], dict[str, Any]]


def api_handler(app: APIGatewayRestResolver) -> ApiHandler:
    """Events are never logged and responses never traced: both carry personal data."""

    @logger.inject_lambda_context(
        correlation_id_path=correlation_paths.API_GATEWAY_REST, log_event=False, clear_state=True
    )
    @tracer.capture_lambda_handler(capture_response=False, capture_error=False)
    @metrics.log_metrics
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        return app.resolve(event, context)

    return cast("ApiHandler", handler)
