"""Steps whose answer may be lost: when AWS did the work but the answer never came back (a time-out
after DynamoDB committed, a connection dropped after Cognito deleted the user), the port raises
Unavailable just as if nothing had happened. Undoing blindly would then leave Cognito and Portal
disagreeing, so the use case asks instead: a strongly consistent re-read of what the step writes
(the item the transaction wrote, the Cognito user) decides whether it took effect.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from portal.domain.errors import PortalError, Unavailable

log = logging.getLogger(__name__)

T = TypeVar("T")


def settled(step: Callable[[], T], observe: Callable[[], T | None]) -> T:
    """Run `step`; if its answer is lost (Unavailable), `observe` re-reads what it writes and
    returns what the step would have returned had it taken effect, or None if it did not. With
    None (or a re-read that fails too), the step's own error stands."""
    try:
        return step()
    except Unavailable as error:
        try:
            seen = observe()
        except PortalError:
            seen = None
        if seen is None:
            raise error
        log.warning("step's answer was lost; a re-read found it done")
        return seen


def confirmed(step: Callable[[], object], done: Callable[[], bool]) -> None:
    """`settled` for a step that returns nothing: `done` re-reads whether it took effect."""
    settled(step, lambda: True if done() else None)
