"""Build the use cases' dependencies from settings: the one place adapters are chosen."""

from __future__ import annotations

from portal.adapters import aws
from portal.adapters.audit_log import DynamoAuditLog
from portal.adapters.directory import CognitoDirectory
from portal.adapters.mailer import SesMailer
from portal.adapters.state_store import DynamoStateStore
from portal.service.deps import Deps
from portal.settings import Settings


def build_deps(settings: Settings) -> Deps:
    """Clients are made here, at the first request of a cold start, never at import."""
    dynamodb = aws.dynamodb(settings.region)
    return Deps(
        store=DynamoStateStore(dynamodb, settings.state_table, settings.cursor_key),
        audit=DynamoAuditLog(dynamodb, settings.audit_table, settings.cursor_key),
        directory=CognitoDirectory(aws.cognito(settings.region), settings.user_pool_id),
        mailer=SesMailer(aws.sesv2(settings.region), settings.sender, settings.configuration_set),
        clock=aws.SystemClock(),
        brand=settings.brand,
        portal_url=settings.portal_url,
    )
