"""Cognito's API calls through CloudTrail and EventBridge: a person told of each change they (or
someone with their credentials) made to their account through Cognito: password changed or
reset, MFA set up or changed, passkey added or removed. Once per CloudTrail event id.

A failure is raised: EventBridge invokes again (twice more), and the event id, freed by the
failure, lets the retry send the notice.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent, event_source
from portal import wiring
from portal.events import cloudtrail
from portal.events.once import run_once
from portal.observability import Business, count, logger, metrics, tracer
from portal.service import notices


@logger.inject_lambda_context(log_event=False, clear_state=True)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@metrics.log_metrics
@event_source(data_class=EventBridgeEvent)
def handler(event: EventBridgeEvent, context: Any) -> None:
    found = cloudtrail.change_of(event.raw_event, wiring.settings().user_pool_id)
    if found is None:
        logger.info("no account change in this event")
        return
    event_id, change = found
    logger.append_keys(notice=change.kind.value, target_id=change.user_id)
    if run_once(event_id, lambda: notices.tell(wiring.deps(), change), context):
        count(Business.NOTICES_SENT)
