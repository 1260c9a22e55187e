"""Faults at the adapter boundary, by counting calls: the n-th call to any port fails.

`Faulty` wraps each port of a `Deps` (store, audit, directory, mailer) in a proxy that counts
every method call across all of them. A clean run counts a use case's steps; then each step is
failed in turn. Nothing here names an adapter method, so the suite follows the use cases as
they change: a new step is a new call, and it is failed too.

Two kinds of fault:
    refused  the call fails before it does anything (AWS answered 5xx, throttled, unreachable)
    lost     the call takes effect, then fails (the answer was lost: a time-out after success)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from portal.domain.errors import Unavailable
from portal.service.deps import Deps

PORTS = ("store", "audit", "directory", "mailer")
REFUSED, LOST = "refused", "lost"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class Counter:
    fail_at: int | None = None
    mode: str = REFUSED
    calls: list[str] = field(default_factory=list)
    failed: str | None = None


class _Port:
    def __init__(self, name: str, real: object, counter: Counter) -> None:
        self._name, self._real, self._counter = name, real, counter

    def __getattr__(self, method: str) -> Any:
        real = getattr(self._real, method)
        if method.startswith("_") or not callable(real):
            return real
        counter = self._counter

        def call(*args: Any, **kwargs: Any) -> Any:
            counter.calls.append(f"{self._name}.{method}")
            due = counter.fail_at is not None and len(counter.calls) == counter.fail_at
            if due and counter.mode == REFUSED:
                counter.failed = counter.calls[-1]
                raise Unavailable(f"injected: {counter.calls[-1]} refused")
            result = real(*args, **kwargs)
            if due:
                counter.failed = counter.calls[-1]
                raise Unavailable(f"injected: {counter.calls[-1]} lost its answer")
            return result

        return call


def faulty(deps: Deps, counter: Counter) -> Deps:
    ports: dict[str, Any] = {name: _Port(name, getattr(deps, name), counter) for name in PORTS}
    return replace(deps, **ports)


def normalised(value: Any) -> Any:
    """Ids (Cognito subs, record ids) differ from one run to the next; what they say does not."""
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return sorted((normalised(v) for v in value), key=repr)
    if isinstance(value, str):
        return UUID.sub("<id>", value)
    return value


@dataclass
class Outcome:
    step: int
    call: str
    mode: str
    status: int
    verdict: str  # "before", "after" or "between"
    retried: int | None = None
    retry_verdict: str | None = None


@dataclass
class Sweep:
    """Every step of one use case failed in turn; `state()` reads what a use case can change."""

    name: str
    setup: Callable[[], Callable[[], Any]]
    """Makes the world afresh and returns the request: a callable giving (status, ...)"""
    state: Callable[[], dict[str, Any]]
    reset: Callable[[], None]
    counter: Counter
    outcomes: list[Outcome] = field(default_factory=list)

    def reference(self) -> tuple[dict[str, Any], dict[str, Any], int, int]:
        """(state before, state after, steps, success status) of a run with no fault."""
        self.reset()
        request = self.setup()
        before = normalised(self.state())
        self.counter.fail_at, self.counter.calls = None, []
        status = request()
        steps = len(self.counter.calls)
        assert 200 <= status < 300, f"{self.name}: the clean run answered {status}"
        return before, normalised(self.state()), steps, status

    def run(self, modes: tuple[str, ...] = (REFUSED,)) -> list[Outcome]:
        before, after, steps, _ = self.reference()
        for mode in modes:
            for step in range(1, steps + 1):
                self.reset()
                request = self.setup()
                assert normalised(self.state()) == before, f"{self.name}: setup is not repeatable"
                self.counter.fail_at, self.counter.mode, self.counter.calls = step, mode, []
                self.counter.failed = None
                status = request()
                self.counter.fail_at = None
                call = self.counter.failed or "(not reached)"
                outcome = Outcome(step, call, mode, status, self._verdict(before, after))
                if not 200 <= status < 300:
                    outcome.retried = request()
                    outcome.retry_verdict = self._verdict(before, after)
                self.outcomes.append(outcome)
        return self.outcomes

    def _verdict(self, before: dict[str, Any], after: dict[str, Any]) -> str:
        now = normalised(self.state())
        if now == before:
            return "before"
        if now == after:
            return "after"
        return "between"

    def failures(self, success_statuses: frozenset[int]) -> list[str]:
        found = []
        for o in self.outcomes:
            where = f"{self.name}, step {o.step} ({o.call}, {o.mode})"
            if o.verdict == "between":
                found.append(f"{where}: answered {o.status}, state is neither before nor after")
            elif 200 <= o.status < 300 and o.verdict != "after":
                found.append(f"{where}: answered {o.status} but the change is not there")
            elif not 200 <= o.status < 300 and o.status not in (409, 503):
                found.append(f"{where}: answered {o.status}, not a retryable problem")
            if o.retried is not None:
                if o.retried not in success_statuses:
                    found.append(f"{where}: the retry answered {o.retried}")
                elif o.retry_verdict != "after":
                    found.append(f"{where}: the retry answered {o.retried}, state {o.retry_verdict}")
        return found
