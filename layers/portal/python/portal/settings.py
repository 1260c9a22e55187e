"""Settings: read once from the environment into one typed, frozen object.

Handlers build it at cold start and pass it down; domain and service code never read the
environment themselves. Nothing here calls AWS: a deployed function's cursor key is named by
its secret's ARN, which the adapters read when a cursor is first made or checked
(adapters/factory.py), so a request that pages nothing reads no secret.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from portal import constants as c


class SettingsError(RuntimeError):
    """A required setting is missing: a deployment fault, not a caller's."""


@dataclass(frozen=True, slots=True)
class Settings:
    state_table: str
    audit_table: str
    idempotency_table: str
    user_pool_id: str
    sender: str
    cursor_key: bytes  # empty when only its secret is named
    configuration_set: str | None = None
    brand: str = c.DEFAULT_BRAND
    portal_url: str = c.DEFAULT_PORTAL_URL
    helpdesk_email: str = c.DEFAULT_HELPDESK_EMAIL
    stage: str = "dev"
    region: str = c.REGION
    cursor_key_secret_arn: str = ""
    client_ids: tuple[str, ...] = ()
    """The app clients whose access tokens are Portal's (only the API functions need them)."""

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        """Build settings from environment variables: the cursor key itself, or its secret's ARN."""

        def need(name: str) -> str:
            value = environ.get(name, "").strip()
            if not value:
                raise SettingsError(f"setting {name} is missing")
            return value

        key = environ.get(c.ENV_CURSOR_KEY, "").strip()
        arn = "" if key else need(c.ENV_CURSOR_KEY_SECRET_ARN)
        return cls(
            state_table=need(c.ENV_STATE_TABLE),
            audit_table=need(c.ENV_AUDIT_TABLE),
            idempotency_table=environ.get(c.ENV_IDEMPOTENCY_TABLE, ""),
            user_pool_id=need(c.ENV_USER_POOL_ID),
            sender=need(c.ENV_SENDER),
            cursor_key=key.encode(),
            configuration_set=environ.get(c.ENV_CONFIGURATION_SET) or None,
            brand=environ.get(c.ENV_BRAND) or c.DEFAULT_BRAND,
            portal_url=environ.get(c.ENV_PORTAL_URL) or c.DEFAULT_PORTAL_URL,
            helpdesk_email=environ.get(c.ENV_HELPDESK_EMAIL) or c.DEFAULT_HELPDESK_EMAIL,
            stage=environ.get(c.ENV_STAGE) or "dev",
            region=environ.get("AWS_REGION") or c.REGION,
            cursor_key_secret_arn=arn,
            client_ids=tuple(i.strip() for i in environ.get(c.ENV_CLIENT_IDS, "").split(",") if i.strip()),
        )
