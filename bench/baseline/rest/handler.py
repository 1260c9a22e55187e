"""Baseline REST function: what a minimal Powertools API function of Portal's kind pays.

A validating `APIGatewayRestResolver`, one pydantic model, Logger, Tracer and Metrics as Portal
configures them (X-Ray patches botocore only, events and responses are not logged or traced),
and one boto3 client, made at import as Powertools' examples make theirs. Its route reads one
DynamoDB item, as the lightest of Portal's routes do. Not Portal code: the bench copies this
folder as a function's asset and imports `handler` from it.
"""

from __future__ import annotations

import os
from typing import Any

import boto3
from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from pydantic import BaseModel

logger = Logger(service="baseline")
tracer = Tracer(service="baseline", patch_modules=["botocore"])
metrics = Metrics(namespace="Baseline", service="baseline")
app = APIGatewayRestResolver(enable_validation=True)
dynamodb = boto3.client("dynamodb")
TABLE = os.environ.get("PORTAL_STATE_TABLE", "baseline")


class Item(BaseModel):
    item_id: str
    found: bool
    name: str | None = None


@app.get("/items/<item_id>")
def get_item(item_id: str) -> Item:
    key = {"pk": {"S": f"ITEM#{item_id}"}, "sk": {"S": "ITEM"}}
    item = dynamodb.get_item(TableName=TABLE, Key=key).get("Item")
    metrics.add_metric(name="ItemsRead", unit=MetricUnit.Count, value=1)
    name = item.get("name", {}).get("S") if item else None
    return Item(item_id=item_id, found=item is not None, name=name)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST, log_event=False)
@tracer.capture_lambda_handler(capture_response=False)
@metrics.log_metrics
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
