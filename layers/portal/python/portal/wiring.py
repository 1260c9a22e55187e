"""Composition root: settings and the use cases' ports, built lazily, once per execution environment.

Nothing here runs at import time, so importing a handler (for tests, or to generate the OpenAPI
document) needs no environment and no AWS; the first request of a cold start builds what it uses,
and only that: each port and its client at their first use (adapters/factory.py). Powertools'
idempotency store is http/idempotency.py's, made on the first request with an Idempotency-Key.
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

from portal.adapters import aws
from portal.adapters.factory import build_deps
from portal.service.deps import Deps
from portal.settings import Settings

if TYPE_CHECKING:  # the stubs are a dev dependency; no layer ships them
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
