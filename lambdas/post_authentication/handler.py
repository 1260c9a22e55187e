"""Cognito post-authentication trigger: pending memberships become active, the sign-in is noted.

A failure is raised, not swallowed: Cognito then refuses this sign-in and the person retries,
rather than getting in with memberships still marked `invited` (which would later expire).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes import event_source
from aws_lambda_powertools.utilities.data_classes.cognito_user_pool_event import (
    PostAuthenticationTriggerEvent,
)
from portal import wiring
from portal.observability import Business, count, logger, metrics, tracer
from portal.service import people


@logger.inject_lambda_context(log_event=False, clear_state=True)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@metrics.log_metrics
@event_source(data_class=PostAuthenticationTriggerEvent)
def handler(event: PostAuthenticationTriggerEvent, context: Any) -> dict[str, Any]:
    attributes = event.request.user_attributes
    user_id = attributes["sub"]
    logger.append_keys(actor_id=user_id)
    accepted = people.record_sign_in(wiring.deps(), user_id, attributes.get("email", event.user_name).lower())
    count(Business.INVITATIONS_ACCEPTED, len(accepted))
    raw: dict[str, Any] = event.raw_event
    return raw
