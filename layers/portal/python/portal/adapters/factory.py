"""Build the use cases' dependencies from settings: the one place adapters are chosen.

Each port is made at its first use (`service.deps.lazy`), its client with it: a read route builds
no Cognito or SES client and imports neither their adapters nor the audit log's (the mailer
loads the email templates at its first email), and nothing at all is made at import. A cursor
key kept in Secrets Manager is read, once, when the first cursor is made or checked.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from portal.adapters import aws
from portal.adapters.cursor import CursorKey
from portal.adapters.state_store import DynamoStateStore
from portal.service.deps import Deps, lazy
from portal.service.ports import AuditLog, Directory, Mailer
from portal.settings import Settings

if TYPE_CHECKING:  # the stubs are a dev dependency; no layer ships them
    from mypy_boto3_dynamodb import DynamoDBClient

Tables = Callable[[], "DynamoDBClient"]


def build_deps(settings: Settings, dynamodb: Tables | None = None) -> Deps:
    """`dynamodb` provides the one DynamoDB client the tables share (made at first use if not given)."""
    tables = dynamodb or cache(lambda: aws.dynamodb(settings.region))
    key = cursor_key(settings)
    return Deps(
        store=lazy(lambda: DynamoStateStore(tables(), settings.state_table, key)),
        audit=lazy(lambda: _audit_log(tables, settings, key)),
        directory=lazy(lambda: _directory(settings, key)),
        mailer=lazy(lambda: _mailer(settings)),
        clock=aws.SystemClock(),
        brand=settings.brand,
        portal_url=settings.portal_url,
        helpdesk_email=settings.helpdesk_email,
    )


def cursor_key(settings: Settings) -> CursorKey:
    """The key itself, or a reader of its secret that reads it once."""
    if settings.cursor_key:
        return settings.cursor_key
    return cache(lambda: aws.read_secret(settings.cursor_key_secret_arn).encode())


# Imported at first use: the routes and triggers that read only never load these adapters.


def _audit_log(tables: Tables, settings: Settings, key: CursorKey) -> AuditLog:
    from portal.adapters.audit_log import DynamoAuditLog  # noqa: PLC0415

    return DynamoAuditLog(tables(), settings.audit_table, key)


def _directory(settings: Settings, key: CursorKey) -> Directory:
    from portal.adapters.directory import CognitoDirectory  # noqa: PLC0415

    return CognitoDirectory(aws.cognito(settings.region), settings.user_pool_id, key)


def _mailer(settings: Settings) -> Mailer:
    from portal.adapters.mailer import SesMailer  # noqa: PLC0415

    return SesMailer(aws.sesv2(settings.region), settings.sender, settings.configuration_set)
