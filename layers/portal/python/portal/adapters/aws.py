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
from typing import TYPE_CHECKING, Any, Final

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

from portal import constants as c

if TYPE_CHECKING:  # the stubs are a dev dependency; no layer ships them
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_sesv2 import SESV2Client

# The retry budget of every AWS call (docs/api.md, "Throttling"): botocore's standard mode, 3
# attempts in all. A throttled attempt waits rand(0, 1) s, then rand(0, 2) s (full jitter), so a
# throttled call gives up within 3 s of waiting and Portal answers 429 with its own Retry-After;
# other transient errors wait 50 ms scale (25 ms for DynamoDB). Standard mode's retry quota (500
# tokens a client, 5 a retry) stops an environment retrying into an outage. Short timeouts leave
# room inside API Gateway's 29 s, so a stuck call fails as Unavailable instead of timing out.
RETRY_MODE: Final = "standard"
MAX_ATTEMPTS: Final = 3
CLIENT_CONFIG = Config(
    # botocore's `max_attempts` counts retries only; `total_max_attempts` counts the first try too.
    retries={"mode": RETRY_MODE, "total_max_attempts": MAX_ATTEMPTS},
    connect_timeout=2,
    read_timeout=5,
    tcp_keepalive=True,
)

# AWS's error codes for "too many requests", the ones Portal's services answer: Cognito's request
# quotas (TooManyRequestsException), DynamoDB's throughput (ProvisionedThroughputExceededException,
# ThrottlingException, RequestLimitExceeded) and SES's sending rate. TransactionConflict is not one:
# it is another transaction holding an item (adapters/dynamo.py retries it and answers conflict).
THROTTLING_CODES = frozenset(
    {
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "Throttling",
    }
)
# The same, as a cancelled transaction reports it for one of its items.
THROTTLED_CANCELLATIONS = frozenset({"ThrottlingError", "ProvisionedThroughputExceeded"})


def throttled(error: ClientError) -> bool:
    """Whether AWS refused the call for its rate (after botocore's own retries)."""
    return str(error.response.get("Error", {}).get("Code", "")) in THROTTLING_CODES


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
