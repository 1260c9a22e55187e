"""Settings: read once from the environment into one typed, frozen object.

Handlers build it at cold start and pass it down; domain and service code never read the
environment themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    cursor_key: bytes
    configuration_set: str | None = None
    brand: str = "WJEC"
    portal_url: str = "https://portal.wjec.co.uk"
    stage: str = "dev"
    region: str = c.REGION

    @classmethod
    def from_environ(
        cls,
        environ: Mapping[str, str],
        read_secret: Callable[[str], str] | None = None,
    ) -> Settings:
        """Build settings from environment variables; `read_secret` resolves the cursor key's ARN."""

        def need(name: str) -> str:
            value = environ.get(name, "").strip()
            if not value:
                raise SettingsError(f"setting {name} is missing")
            return value

        key = environ.get(c.ENV_CURSOR_KEY, "").strip()
        if not key:
            arn = need(c.ENV_CURSOR_KEY_SECRET_ARN)
            if read_secret is None:
                raise SettingsError("the cursor key is in a secret but no secret reader was given")
            key = read_secret(arn)
        return cls(
            state_table=need(c.ENV_STATE_TABLE),
            audit_table=need(c.ENV_AUDIT_TABLE),
            idempotency_table=environ.get(c.ENV_IDEMPOTENCY_TABLE, ""),
            user_pool_id=need(c.ENV_USER_POOL_ID),
            sender=need(c.ENV_SENDER),
            cursor_key=key.encode(),
            configuration_set=environ.get(c.ENV_CONFIGURATION_SET) or None,
            brand=environ.get(c.ENV_BRAND) or "WJEC",
            portal_url=environ.get(c.ENV_PORTAL_URL) or "https://portal.wjec.co.uk",
            stage=environ.get(c.ENV_STAGE) or "dev",
            region=environ.get("AWS_REGION") or c.REGION,
        )
