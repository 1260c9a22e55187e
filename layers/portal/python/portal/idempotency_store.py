"""Powertools' idempotency records, on their own table (keys as `infra/` creates them), through
the function's one DynamoDB client: one store for the API's `Idempotency-Key` (http/idempotency.py)
and the security events' event ids (events/once.py), made at its first use."""

from __future__ import annotations

from functools import cache

from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

from portal import constants as c
from portal import wiring
from portal.settings import SettingsError


@cache
def persistence(user: str = "api") -> DynamoDBPersistenceLayer:
    """One layer per `user` of the table: Powertools configures a layer for the function that uses
    it (its key and validation expressions, its prefix), so the API's and the security events'
    must not share one; the local portal runs every function in one process."""
    settings = wiring.settings()
    if not settings.idempotency_table:
        raise SettingsError(f"setting {c.ENV_IDEMPOTENCY_TABLE} is missing")
    return DynamoDBPersistenceLayer(
        table_name=settings.idempotency_table,
        key_attr=c.IDEMPOTENCY_PK,
        expiry_attr=c.IDEMPOTENCY_TTL,
        boto3_client=wiring.dynamodb(),
    )
