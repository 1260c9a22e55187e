"""Per-person TOTP secrets: moto gives every user one fixed secret, Cognito gives each their own.

The proxy hands out a fresh secret at AssociateSoftwareToken, checks codes against the person's
own secret, and only then passes moto a code for moto's shared secret, so moto's own checks
(sessions, verified state) still run.
"""

from __future__ import annotations

import threading

import pyotp


def moto_secret() -> str:
    from moto.cognitoidp.models import COGNITO_TOTP_MFA_SECRET  # noqa: PLC0415 - moto loads late

    return str(COGNITO_TOTP_MFA_SECRET)


def moto_code() -> str:
    """The code moto accepts right now."""
    return str(pyotp.TOTP(moto_secret()).now())


def matches(secret: str, code: str) -> bool:
    """One 30-second step either side, as authenticator apps and Cognito allow for clock drift."""
    return pyotp.TOTP(secret).verify(code.strip(), valid_window=1)


class TotpSecrets:
    """Keyed by the person's `sub`: pending from association until verified, then active."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[str, str] = {}
        self._active: dict[str, str] = {}
        self._reserved: dict[str, str] = {}

    def reserve(self, sub: str, secret: str) -> None:
        """The next association for `sub` hands out `secret` (the seed's fixed secrets)."""
        with self._lock:
            self._reserved[sub] = secret

    def associate(self, sub: str) -> str:
        with self._lock:
            secret = self._reserved.pop(sub, None) or pyotp.random_base32()
            self._pending[sub] = secret
            return secret

    def pending(self, sub: str) -> str | None:
        with self._lock:
            return self._pending.get(sub)

    def activate(self, sub: str) -> None:
        with self._lock:
            if sub in self._pending:
                self._active[sub] = self._pending.pop(sub)

    def active(self, sub: str) -> str | None:
        with self._lock:
            return self._active.get(sub)
