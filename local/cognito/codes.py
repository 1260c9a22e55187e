"""Forgot-password codes: moto makes one but checks it only in its own prefixed form.

moto answers ForgotPassword with a code `moto-confirmation-code:123456` in a response header
(not AWS's way) and accepts any code without that prefix. The proxy mails the six digits, keeps
them here for an hour (Cognito's validity), checks what the person types, and passes moto the
prefixed form so moto's check runs too.
"""

from __future__ import annotations

import threading
import time

MOTO_PREFIX = "moto-confirmation-code:"
VALIDITY_SECONDS = 3600


class CodeCheck:
    MISSING = "missing"
    MISMATCH = "mismatch"
    EXPIRED = "expired"
    OK = "ok"


class ResetCodes:
    def __init__(self, validity_seconds: float = VALIDITY_SECONDS) -> None:
        self._lock = threading.Lock()
        self._codes: dict[str, tuple[str, float]] = {}
        self._validity = validity_seconds

    def issue(self, sub: str, moto_code: str) -> str:
        """Remember the code moto made for `sub`; returns the digits a person types."""
        digits = moto_code.removeprefix(MOTO_PREFIX)
        with self._lock:
            self._codes[sub] = (digits, time.monotonic())
        return digits

    def check(self, sub: str, typed: str) -> str:
        with self._lock:
            entry = self._codes.get(sub)
        if entry is None:
            return CodeCheck.MISSING
        digits, issued = entry
        if time.monotonic() - issued > self._validity:
            return CodeCheck.EXPIRED
        return CodeCheck.OK if typed.strip() == digits else CodeCheck.MISMATCH

    def used(self, sub: str) -> None:
        with self._lock:
            self._codes.pop(sub, None)

    @staticmethod
    def for_moto(typed: str) -> str:
        return MOTO_PREFIX + typed.strip()
