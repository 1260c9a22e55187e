"""Cognito's user-activity log (threat protection), through a CloudWatch Logs subscription: a
person told of a sign-in to their account that Cognito judged high-risk. Once per Cognito
event id; a failure is raised, and CloudWatch Logs delivers the batch again.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.data_classes import CloudWatchLogsEvent, event_source
from portal import wiring
from portal.events import user_activity
from portal.events.once import run_once
from portal.observability import Business, count, logger, metrics, tracer
from portal.service import notices


@logger.inject_lambda_context(log_event=False, clear_state=True)
@tracer.capture_lambda_handler(capture_response=False, capture_error=False)
@metrics.log_metrics
@event_source(data_class=CloudWatchLogsEvent)
def handler(event: CloudWatchLogsEvent, context: Any) -> None:
    messages = (record.message for record in event.parse_logs_data().log_events)
    deps = wiring.deps()
    for event_id, change in user_activity.changes_of(messages, wiring.settings().user_pool_id):
        if run_once(event_id, lambda change=change: notices.tell(deps, change), context):  # type: ignore[misc]
            count(Business.NOTICES_SENT)
