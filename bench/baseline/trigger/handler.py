"""Baseline Cognito trigger: what a minimal Powertools post-authentication function pays.

Powertools' event data class, Logger, Tracer and Metrics as Portal configures them, and one
boto3 client made at import; the trigger reads one DynamoDB item and returns the event, as
Cognito requires. Not Portal code: the bench imports `handler` from this folder as Lambda would.
"""

from __future__ import annotations

import os
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import event_source
from aws_lambda_powertools.utilities.data_classes.cognito_user_pool_event import (
    PostAuthenticationTriggerEvent,
)

logger = Logger(service="baseline")
tracer = Tracer(service="baseline", patch_modules=["botocore"])
metrics = Metrics(namespace="Baseline", service="baseline")
dynamodb = boto3.client("dynamodb")
TABLE = os.environ.get("PORTAL_STATE_TABLE", "baseline")


@logger.inject_lambda_context(log_event=False)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
@event_source(data_class=PostAuthenticationTriggerEvent)
def handler(event: PostAuthenticationTriggerEvent, context: Any) -> dict[str, Any]:
    user_id = event.request.user_attributes["sub"]
    key = {"pk": {"S": f"PERSON#{user_id}"}, "sk": {"S": "PERSON"}}
    found = "Item" in dynamodb.get_item(TableName=TABLE, Key=key)
    metrics.add_metric(name="SignIns", unit=MetricUnit.Count, value=1)
    logger.info("sign-in noted", extra={"known": found})
    raw: dict[str, Any] = event.raw_event
    return raw
