"""What every use case is given: the ports, the clock, and the brand it writes emails under."""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass, field

from portal.constants import TEMPORARY_PASSWORD_LENGTH
from portal.service.ports import AuditLog, Clock, Directory, Mailer, StateStore

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
    brand: str = "WJEC"
    portal_url: str = "https://portal.wjec.co.uk"
    new_password: Callable[[], str] = field(default=generate_temporary_password)
