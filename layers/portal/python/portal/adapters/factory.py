"""Build the use cases' dependencies from settings: the one place adapters are chosen.

Each port is made at its first use (`service.deps.lazy`), its client with it: a read route builds
no Cognito or SES client (and loads no email template: the mailer does at its first email), and
nothing at all is made at import. A cursor key kept in Secrets Manager is read, once, when the
first cursor is made or checked.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from portal.adapters import aws
from portal.adapters.audit_log import DynamoAuditLog
from portal.adapters.cursor import CursorKey
from portal.adapters.directory import CognitoDirectory
from portal.adapters.mailer import SesMailer
from portal.adapters.state_store import DynamoStateStore
from portal.service.deps import Deps, lazy
from portal.settings import Settings

if TYPE_CHECKING:  # the stubs are a dev dependency; no layer ships them
    from mypy_boto3_dynamodb import DynamoDBClient


def build_deps(settings: Settings, dynamodb: Callable[[], DynamoDBClient] | None = None) -> Deps:
    """`dynamodb` provides the one DynamoDB client the tables share (made at first use if not given)."""
    tables = dynamodb or cache(lambda: aws.dynamodb(settings.region))
    key = cursor_key(settings)
    return Deps(
        store=lazy(lambda: DynamoStateStore(tables(), settings.state_table, key)),
        audit=lazy(lambda: DynamoAuditLog(tables(), settings.audit_table, key)),
        directory=lazy(lambda: CognitoDirectory(aws.cognito(settings.region), settings.user_pool_id)),
        mailer=lazy(
            lambda: SesMailer(aws.sesv2(settings.region), settings.sender, settings.configuration_set)
        ),
        clock=aws.SystemClock(),
        brand=settings.brand,
        portal_url=settings.portal_url,
    )


def cursor_key(settings: Settings) -> CursorKey:
    """The key itself, or a reader of its secret that reads it once."""
    if settings.cursor_key:
        return settings.cursor_key
    return cache(lambda: aws.read_secret(settings.cursor_key_secret_arn).encode())
