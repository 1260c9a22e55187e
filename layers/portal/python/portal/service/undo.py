"""Compensation: undo steps already taken when a later one fails, without hiding the failure."""

from __future__ import annotations

import logging
from collections.abc import Callable

from portal.domain.errors import PortalError

log = logging.getLogger(__name__)


def compensate(*steps: Callable[[], object]) -> None:
    """Run each undo step in order. One that fails is logged and the rest still run, so the
    caller can re-raise the original error (the one the user needs to see)."""
    for step in steps:
        try:
            step()
        except PortalError as error:
            log.error("undo step failed", extra={"undo_error": type(error).__name__})
