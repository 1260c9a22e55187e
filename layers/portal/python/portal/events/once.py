"""Each event handled once per id: Powertools idempotency on Portal's idempotency table.

AWS delivers events at least once (EventBridge retries an invocation that failed; CloudWatch
Logs may deliver a batch again). The first delivery of an id claims it before the notice goes
and records it done after; a delivery of the same id later finds it done and sends nothing. A
delivery that fails frees the id, so the retry sends the notice. Ids are kept 7 days, longer
than any redelivery (EventBridge gives up after 24 hours).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function

from portal.idempotency_store import persistence

KEY_PREFIX = "portal-event"
CONFIG = IdempotencyConfig(event_key_jmespath="event_id", expires_after_seconds=7 * 24 * 3600)


def run_once(event_id: str, work: Callable[[], bool], context: Any) -> bool:
    """`work()` unless an earlier delivery of `event_id` already did it; its answer either way."""
    CONFIG.register_lambda_context(context)

    @idempotent_function(  # type: ignore[untyped-decorator]
        data_keyword_argument="signal",
        persistence_store=persistence("events"),
        config=CONFIG,
        key_prefix=KEY_PREFIX,
    )
    def handle(signal: dict[str, str]) -> bool:
        return work()

    return bool(handle(signal={"event_id": event_id}))
