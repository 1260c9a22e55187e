"""boto3 clients built in one place, lazily, with timeouts and retries fit for a Lambda function.

Nothing is created at import time: importing a handler needs no credentials and no network.
The endpoint comes from boto3's own `AWS_ENDPOINT_URL` when set (the local portal), so the
same code talks to AWS or to moto. The session reads its service models from `aws_models/`
first: botocore's own, cut to the operations Portal calls (`scripts/aws_models.py`), so that
making a client does not parse a whole service's model at every cold start.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

from portal import constants as c

if TYPE_CHECKING:  # the stubs are a dev dependency; no layer ships them
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_sesv2 import SESV2Client

# Standard retries back off on throttling; short timeouts leave room inside API Gateway's 29 s,
# so a stuck call fails as Unavailable instead of timing the whole request out.
CLIENT_CONFIG = Config(
    retries={"mode": "standard", "max_attempts": 3},
    connect_timeout=2,
    read_timeout=5,
    tcp_keepalive=True,
)


def retried(error: ClientError) -> bool:
    """Whether botocore retried the call (after a time-out, say) before this error: an earlier
    attempt may then have taken effect, and this error may be the retry meeting its result."""
    return int(error.response.get("ResponseMetadata", {}).get("RetryAttempts", 0) or 0) > 0


MODELS = Path(__file__).with_name("aws_models")


@cache
def _session(region: str) -> boto3.session.Session:
    """One session per region: creating clients from a shared session is cheaper than from new ones.
    Its loader is made on first use, so the data path set here is searched before botocore's own."""
    core = botocore.session.get_session()
    core.set_config_variable("data_path", str(MODELS))
    return boto3.session.Session(botocore_session=core, region_name=region)


def dynamodb(region: str = c.REGION) -> DynamoDBClient:
    return _session(region).client("dynamodb", config=CLIENT_CONFIG)


def cognito(region: str = c.REGION) -> CognitoIdentityProviderClient:
    return _session(region).client("cognito-idp", config=CLIENT_CONFIG)


def sesv2(region: str = c.REGION) -> SESV2Client:
    return _session(region).client("sesv2", config=CLIENT_CONFIG)


def read_secret(arn: str) -> str:
    """A secret's string value: the cursor key, read once, when a first cursor is made or checked."""
    region = arn.split(":")[3] if arn.startswith("arn:") and arn.count(":") >= 6 else c.REGION
    # No boto3-stubs for Secrets Manager in this project: one call, typed at its result.
    client: Any = _session(region).client("secretsmanager", config=CLIENT_CONFIG)
    value = client.get_secret_value(SecretId=arn).get("SecretString")
    if not isinstance(value, str) or not value:
        raise RuntimeError("the secret has no string value")
    return value


class SystemClock:
    """The Clock port on the system time, always timezone-aware UTC."""

    def now(self) -> datetime:
        return datetime.now(UTC)
