"""Each event handled once per id: Powertools idempotency on Portal's idempotency table.

AWS delivers events at least once (EventBridge retries an invocation that failed; CloudWatch
Logs may deliver a batch again). The first delivery of an id claims it before the notice goes
and records it done after; a delivery of the same id later finds it done and sends nothing. A
delivery that fails frees the id, so the retry sends the notice. Ids are kept 7 days, longer
than any redelivery (EventBridge gives up after 24 hours).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)

from portal import constants as c
from portal import wiring
from portal.settings import SettingsError

KEY_PREFIX = "portal-event"
CONFIG = IdempotencyConfig(event_key_jmespath="event_id", expires_after_seconds=7 * 24 * 3600)


@cache
def _persistence() -> DynamoDBPersistenceLayer:
    settings = wiring.settings()
    if not settings.idempotency_table:
        raise SettingsError(f"setting {c.ENV_IDEMPOTENCY_TABLE} is missing")
    return DynamoDBPersistenceLayer(
        table_name=settings.idempotency_table,
        key_attr=c.IDEMPOTENCY_PK,
        expiry_attr=c.IDEMPOTENCY_TTL,
        boto3_client=wiring.dynamodb(),
    )


def run_once(event_id: str, work: Callable[[], bool], context: Any) -> bool:
    """`work()` unless an earlier delivery of `event_id` already did it; its answer either way."""
    CONFIG.register_lambda_context(context)

    @idempotent_function(  # type: ignore[untyped-decorator]
        data_keyword_argument="signal", persistence_store=_persistence(), config=CONFIG, key_prefix=KEY_PREFIX
    )
    def handle(signal: dict[str, str]) -> bool:
        return work()

    return bool(handle(signal={"event_id": event_id}))
