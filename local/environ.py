"""The environment a deployed function gets from the CDK stack, built from the same Settings."""

from __future__ import annotations

import os

from portal import constants as c
from portal.settings import Settings


def function_environment(settings: Settings, log_level: str = "WARNING") -> dict[str, str]:
    """Settings as environment variables (the inverse of Settings.from_environ), plus Powertools'."""
    env = {
        c.ENV_STATE_TABLE: settings.state_table,
        c.ENV_AUDIT_TABLE: settings.audit_table,
        c.ENV_IDEMPOTENCY_TABLE: settings.idempotency_table,
        c.ENV_USER_POOL_ID: settings.user_pool_id,
        c.ENV_SENDER: settings.sender,
        c.ENV_CURSOR_KEY: settings.cursor_key.decode(),
        c.ENV_BRAND: settings.brand,
        c.ENV_PORTAL_URL: settings.portal_url,
        c.ENV_HELPDESK_EMAIL: settings.helpdesk_email,
        c.ENV_STAGE: settings.stage,
        "AWS_REGION": settings.region,
        "POWERTOOLS_SERVICE_NAME": c.SERVICE_NAME,
        "POWERTOOLS_METRICS_NAMESPACE": c.METRICS_NAMESPACE,
        "POWERTOOLS_METRICS_DISABLED": "true",  # no CloudWatch here: EMF lines would only be noise
        "POWERTOOLS_TRACE_DISABLED": "true",
        "POWERTOOLS_LOG_LEVEL": log_level,
    }
    if settings.configuration_set:
        env[c.ENV_CONFIGURATION_SET] = settings.configuration_set
    if settings.client_ids:
        env[c.ENV_CLIENT_IDS] = ",".join(settings.client_ids)
    return env


def apply(env: dict[str, str]) -> None:
    """Set before the handlers are imported: they read their settings at cold start."""
    os.environ.update(env)
