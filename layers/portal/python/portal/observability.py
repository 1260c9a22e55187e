"""Logger, tracer and business metrics, configured once for every Portal function.

Nothing personal is ever logged: ids only (request, actor, centre, target), never an email,
name, phone number, token or password. Events are not logged, and responses are not attached
to traces, because both carry personal data.
"""

from __future__ import annotations

import logging
from enum import StrEnum

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit

from portal.constants import METRICS_NAMESPACE, SERVICE_NAME

logger = Logger(service=SERVICE_NAME, log_uncaught_exceptions=False)
# Only botocore: it is the one library Portal calls out through (X-Ray's default patches some 30
# modules, from sqlite3 to httpx, none of them used here, and costs each cold start their imports).
TRACED_MODULES = ("botocore",)
tracer = Tracer(service=SERVICE_NAME, patch_modules=TRACED_MODULES)
metrics = Metrics(namespace=METRICS_NAMESPACE, service=SERVICE_NAME)

# Third-party loggers print request parameters (emails, tokens) at DEBUG; a log level turned
# up for our own code must not turn them up too.
for _name in ("botocore", "boto3", "urllib3", "aws_lambda_powertools"):
    logging.getLogger(_name).setLevel(logging.WARNING)


class Business(StrEnum):
    """The business events operations watch (dashboard and alarms read these names)."""

    INVITATIONS_SENT = "InvitationsSent"
    INVITATIONS_ACCEPTED = "InvitationsAccepted"
    INVITATIONS_WITHDRAWN = "InvitationsWithdrawn"
    MEMBERSHIPS_DELETED = "MembershipsDeleted"
    PERMISSIONS_CHANGED = "PermissionsChanged"
    ACCESS_DENIED = "AccessDenied"
    MFA_RESETS = "MfaResets"
    NOTICES_SENT = "SecurityNoticesSent"


def count(event: Business, value: int = 1) -> None:
    """One EMF count, flushed when the invocation ends."""
    if value > 0:
        metrics.add_metric(name=event.value, unit=MetricUnit.Count, value=value)
