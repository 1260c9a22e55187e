"""The local portal as the bench uses it: emulated AWS with the demo data, started and always stopped.

The cold-start probes send each function's first event to the local portal's moto endpoint, so a
first request reads real items (the seeded demo centre, its Exams Officer, the helpdesk account)
through the same boto3 calls as in AWS, while moto's own work runs in another process and is not
counted in the function's CPU time. `local_portal()` (tests/e2e/portal.py's `running`: started as
`make run` starts it, always stopped) is also what the local-portal section times.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3
from portal import constants as c

from local.provision import Names
from local.seed import EXAMS_OFFICERS, HELPDESK
from tests.e2e.portal import LocalPortal
from tests.e2e.portal import running as local_portal  # started, and always stopped

__all__ = ["Scene", "local_portal", "scene_of"]

XRAY_DAEMON = "127.0.0.1:2000"  # Lambda's default; UDP, so nothing needs to listen
CURSOR_SECRET = "portal-bench-cursor-key"


@dataclass(frozen=True)
class Scene:
    """What a function's first request reaches: the endpoint, its settings, the seeded people."""

    endpoint: str
    settings: dict[str, str]
    centre_id: str
    eo_sub: str
    eo_email: str
    eo_given_name: str
    helpdesk_sub: str
    client_id: str
    """Portal's app client: the events' tokens are its (infra/functions.py names it to the API functions)."""

    @property
    def allow(self) -> tuple[str, ...]:
        """host:port pairs a first request may reach: moto, and the X-Ray daemon's address."""
        return (self.endpoint.removeprefix("http://"), XRAY_DAEMON)


def _session() -> boto3.session.Session:
    return boto3.session.Session(
        region_name=c.REGION, aws_access_key_id="bench", aws_secret_access_key="bench"
    )  # moto takes any


def _sub(idp: Any, pool: str, email: str) -> str:
    user = idp.admin_get_user(UserPoolId=pool, Username=email)
    return str(next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub"))


def scene_of(portal: LocalPortal) -> Scene:
    """The running portal's resources as infra/functions.py passes them to a function.

    As in AWS, the cursor key is in Secrets Manager (a secret made here in moto) and only its
    ARN is set: the first request reads it, as a deployed function's does.
    """
    config = portal.config
    endpoint, pool = str(config["aws_endpoint"]), str(config["user_pool_id"])
    names = Names()
    session = _session()
    secrets = session.client("secretsmanager", endpoint_url=endpoint)
    try:
        arn = secrets.describe_secret(SecretId=CURSOR_SECRET)["ARN"]
    except secrets.exceptions.ResourceNotFoundException:
        arn = secrets.create_secret(Name=CURSOR_SECRET, SecretString="bench-" + "k" * 40)["ARN"]
    idp = session.client("cognito-idp", endpoint_url=endpoint)
    eo = EXAMS_OFFICERS[0]
    assert eo.centre_id is not None
    settings = {
        c.ENV_STATE_TABLE: names.state_table,
        c.ENV_AUDIT_TABLE: names.audit_table,
        c.ENV_IDEMPOTENCY_TABLE: names.idempotency_table,
        c.ENV_USER_POOL_ID: pool,
        c.ENV_SENDER: names.sender,
        c.ENV_CONFIGURATION_SET: names.configuration_set,
        c.ENV_PORTAL_URL: str(config["api_url"]),
        c.ENV_CURSOR_KEY_SECRET_ARN: str(arn),
        c.ENV_CLIENT_IDS: str(config["client_id"]),
        "AWS_ENDPOINT_URL": endpoint,
    }
    return Scene(
        endpoint=endpoint,
        settings=settings,
        centre_id=eo.centre_id,
        eo_sub=_sub(idp, pool, eo.email),
        eo_email=eo.email,
        eo_given_name=eo.given_name,
        helpdesk_sub=_sub(idp, pool, HELPDESK.email),
        client_id=str(config["client_id"]),
    )
