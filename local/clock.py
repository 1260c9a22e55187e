"""The local portal's clock: Portal's Clock port, which `/_local/clock` can move, so a test or the
load test can stand at 07:59 on a results day and watch 08:00 arrive (issue 21) without waiting for
one. Only Portal's own decisions read it (results released, invitations expired, times recorded);
Cognito's tokens keep the real time, as they would, so a moved clock never expires a session.

`set(now, rate)`: from this moment the clock reads `now`, then runs `rate` times as fast as real
time (1: as a clock does; 30: half an hour a minute). `reset()`: the real time again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any


class LocalClock:
    def __init__(self, real: Callable[[], float] = time.time) -> None:
        self._real = real
        self._lock = threading.Lock()
        self._base: tuple[float, float, float] | None = None  # (real at set, set to, rate)

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.timestamp(), UTC)

    def timestamp(self) -> float:
        with self._lock:
            base = self._base
        real = self._real()
        if base is None:
            return real
        at, to, rate = base
        return to + (real - at) * rate

    def set(self, now: datetime, rate: float = 1.0) -> None:
        if now.tzinfo is None:
            raise ValueError("the time must carry its offset")
        if not 0 < rate <= 3600:
            raise ValueError("rate must be above 0 and at most 3600")
        with self._lock:
            self._base = (self._real(), now.timestamp(), rate)

    def reset(self) -> None:
        with self._lock:
            self._base = None

    def as_json(self) -> dict[str, Any]:
        with self._lock:
            base = self._base
        return {"now": self.now().isoformat(), "rate": base[2] if base else 1.0, "moved": base is not None}
