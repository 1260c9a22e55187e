"""Composition root: settings and the use cases' ports, built lazily, once per execution environment.

Nothing here runs at import time, so importing a handler (for tests, or to generate the OpenAPI
document) needs no environment and no AWS; the first request of a cold start builds what it uses,
and only that: each port and its client at their first use (adapters/factory.py), Powertools'
idempotency only on a request that carries an Idempotency-Key.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

from portal import constants as c
from portal.adapters import aws
from portal.adapters.factory import build_deps
from portal.service.deps import Deps
from portal.settings import Settings, SettingsError

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer
    from mypy_boto3_dynamodb import DynamoDBClient


@cache
def settings() -> Settings:
    return Settings.from_environ(os.environ)


@cache
def dynamodb() -> DynamoDBClient:
    """The one DynamoDB client of an execution environment: the state, audit and idempotency tables'."""
    return aws.dynamodb(settings().region)


@cache
def deps() -> Deps:
    return build_deps(settings(), dynamodb)


@cache
def idempotency_store() -> DynamoDBPersistenceLayer:
    """Powertools' idempotency records, on their own table (keys as `infra/` creates them)."""
    from aws_lambda_powertools.utilities.idempotency import (  # noqa: PLC0415 - only routes that use it
        DynamoDBPersistenceLayer,
    )

    config = settings()
    if not config.idempotency_table:
        raise SettingsError(f"setting {c.ENV_IDEMPOTENCY_TABLE} is missing")
    return DynamoDBPersistenceLayer(
        table_name=config.idempotency_table,
        key_attr=c.IDEMPOTENCY_PK,
        expiry_attr=c.IDEMPOTENCY_TTL,
        boto3_client=dynamodb(),
    )
