"""One-time codes (forgot password, MFA by SMS or email, attribute verification) and Cognito's
lockout after repeated failures.

The numbers are Cognito's, as documented (docs/local-portal.md lists them):
- a forgot-password code is valid for 1 hour, an attribute verification code for 24 hours; a code
  sent at sign-in lives as long as its sign-in session (the app client's AuthSessionValidity,
  3 minutes by default);
- a code takes 5 wrong tries, then it is spent (LimitExceededException until a new one is asked for);
- after 5 failed sign-ins (wrong passwords or wrong MFA codes) a person is locked out for 1 second,
  doubling with each further failure up to about 15 minutes (2^(n-5) s for n failures); attempts
  while locked out fail with "Password attempts exceeded" and do not count; a sign-in after the
  lockout ends, or 15 minutes without any attempt, starts the count again.
"""

from __future__ import annotations

import hmac
import secrets
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from local.cognito.errors import CognitoError

FORGOT_PASSWORD_VALIDITY = 3600
VERIFICATION_VALIDITY = 24 * 3600
ATTEMPTS_PER_CODE = 5

FREE_FAILURES = 5
MAX_LOCKOUT = 15 * 60
QUIET_RESET = 15 * 60


def new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


@dataclass
class _Code:
    digits: str
    expires_at: float
    tries_left: int = ATTEMPTS_PER_CODE


class Codes:
    """Codes by purpose (e.g. `("forgot", sub)`); a new code replaces the last one."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._codes: dict[Hashable, _Code] = {}

    def issue(self, key: Hashable, validity: float) -> str:
        digits = new_code()
        with self._lock:
            self._codes[key] = _Code(digits, self._clock() + validity)
        return digits

    def use(self, key: Hashable, typed: str) -> None:
        """Spend the code if `typed` is it; raise Cognito's error otherwise."""
        with self._lock:
            code = self._codes.get(key)
            if code is None or self._clock() > code.expires_at:
                raise CognitoError(
                    "ExpiredCodeException", "Invalid code provided, please request a code again."
                )
            if code.tries_left <= 0:
                raise CognitoError(
                    "LimitExceededException", "Attempt limit exceeded, please try after some time."
                )
            if not hmac.compare_digest(code.digits, typed.strip()):
                code.tries_left -= 1
                raise CognitoError(
                    "CodeMismatchException", "Invalid verification code provided, please try again."
                )
            del self._codes[key]


@dataclass
class _Failures:
    count: int = 0
    locked_until: float = 0.0
    last_attempt: float = 0.0


class Lockout:
    """Failed sign-ins per username as typed (lower-cased), so an unknown email is treated alike."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, _Failures] = {}

    def check(self, username: str) -> None:
        now = self._clock()
        with self._lock:
            record = self._failures.get(username.strip().lower())
            if record is None:
                return
            if record.count >= FREE_FAILURES and now - record.last_attempt >= QUIET_RESET:
                del self._failures[username.strip().lower()]
                return
            if now < record.locked_until:
                record.last_attempt = now
                raise CognitoError("NotAuthorizedException", "Password attempts exceeded")

    def failed(self, username: str) -> None:
        now = self._clock()
        with self._lock:
            record = self._failures.setdefault(username.strip().lower(), _Failures())
            record.count += 1
            record.last_attempt = now
            if record.count >= FREE_FAILURES:
                record.locked_until = now + min(2 ** (record.count - FREE_FAILURES), MAX_LOCKOUT)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(username.strip().lower(), None)
