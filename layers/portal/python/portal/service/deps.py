"""What every use case is given: the ports, the clock, and the brand it writes emails under."""

from __future__ import annotations

import secrets
import string
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from portal.constants import (
    DEFAULT_BRAND,
    DEFAULT_HELPDESK_EMAIL,
    DEFAULT_PORTAL_URL,
    TEMPORARY_PASSWORD_LENGTH,
)
from portal.service.ports import AuditLog, Clock, Directory, Mailer, StateStore

T = TypeVar("T")

# No look-alike characters: people type temporary passwords off an email.
PASSWORD_ALPHABET = "".join(ch for ch in string.ascii_letters + string.digits if ch not in "0O1lI")


def generate_temporary_password() -> str:
    """Random, well over the minimum length; the pool has no composition rules to satisfy."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH))


@dataclass(frozen=True, slots=True)
class Deps:
    store: StateStore
    audit: AuditLog
    directory: Directory
    mailer: Mailer
    clock: Clock
    brand: str = DEFAULT_BRAND
    portal_url: str = DEFAULT_PORTAL_URL
    helpdesk_email: str = DEFAULT_HELPDESK_EMAIL
    new_password: Callable[[], str] = field(default=generate_temporary_password)


class _Lazy:
    """Stands in for a port until its first use, then passes every attribute to the port it built."""

    __slots__ = ("_build", "_lock", "_port")

    def __init__(self, build: Callable[[], object]) -> None:
        self._build: Callable[[], object] | None = build
        self._lock = threading.Lock()
        self._port: object = None

    def _built(self) -> object:
        with self._lock:  # the local portal's functions share one process, and may first meet here
            if self._build is not None:
                self._port, self._build = self._build(), None
        return self._port

    def __getattr__(self, name: str) -> Any:
        return getattr(self._port if self._build is None else self._built(), name)


def lazy(build: Callable[[], T]) -> T:
    """A port that `build()` makes at its first use, once: a cold start pays only for what it uses.

    A read route then builds no Cognito or SES client, and imports no email template.
    """
    return cast("T", _Lazy(build))
