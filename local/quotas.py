"""AWS's "too many requests", on demand: the local portal can throttle DynamoDB and Cognito calls as
AWS does when a quota or a table's throughput runs out, so that Portal's retries, its 429 answers
and the console's patience can be seen and tested here (issue 21, docs/capacity.md).

A rule names a service, the operations it applies to (or a Cognito quota category, which names
them), and either a rate (a token bucket of that many calls per second, as Cognito's request-rate
quotas are) or a number of calls to refuse outright. `/_local/throttle` sets the rules (tests, the
load test); without rules nothing is throttled. Refused calls get AWS's own answer (HTTP 400 with
the service's error type), so botocore and Amplify meet exactly what they would meet in AWS.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# Cognito's quota categories (AWS's "API operation categories and request rate quotas"), as far as
# Portal and its clients call them.
COGNITO_CATEGORIES: Mapping[str, frozenset[str]] = {
    "UserAuthentication": frozenset(
        {
            "InitiateAuth",
            "RespondToAuthChallenge",
            "AdminInitiateAuth",
            "AdminRespondToAuthChallenge",
            "GetTokensFromRefreshToken",
        }
    ),
    "UserRead": frozenset({"AdminGetUser", "GetUser", "AdminListGroupsForUser"}),
    "UserCreation": frozenset({"AdminCreateUser", "SignUp"}),
    "UserUpdate": frozenset(
        {
            "AdminUpdateUserAttributes",
            "AdminDeleteUserAttributes",
            "AdminSetUserPassword",
            "AdminSetUserMFAPreference",
            "AdminUserGlobalSignOut",
            "AdminDisableUser",
            "AdminEnableUser",
            "AdminDeleteUser",
        }
    ),
}
# What each service answers when it throttles (the error type botocore reads from `__type`).
ANSWERS = {
    "dynamodb": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
    "cognito-idp": "TooManyRequestsException",
}
TARGET_PREFIXES = {"DynamoDB_20120810.": "dynamodb", "AWSCognitoIdentityProviderService.": "cognito-idp"}


class RuleError(ValueError):
    """A rule that cannot be applied: its message says which field is wrong."""


@dataclass
class Rule:
    service: str
    operations: frozenset[str] | None  # None: every operation of the service
    rate: float | None = None  # calls per second, with a burst of as many
    times: int | None = None  # or: the next this many calls
    refused: int = 0
    _tokens: float = 0.0
    _at: float = field(default_factory=time.monotonic)

    @classmethod
    def parse(cls, raw: object) -> Rule:
        if not isinstance(raw, Mapping):
            raise RuleError("each rule is an object")
        service = raw.get("service")
        if service not in ANSWERS:
            raise RuleError(f"service must be one of {sorted(ANSWERS)}")
        operations: set[str] = set(raw.get("operations") or ())
        category = raw.get("category")
        if category is not None:
            if service != "cognito-idp" or category not in COGNITO_CATEGORIES:
                raise RuleError(f"category must be one of Cognito's {sorted(COGNITO_CATEGORIES)}")
            operations |= COGNITO_CATEGORIES[category]
        rate, times = raw.get("rate"), raw.get("times")
        if (rate is None) == (times is None):
            raise RuleError("give either rate (calls per second) or times (calls to refuse)")
        if rate is not None and (isinstance(rate, bool) or not isinstance(rate, int | float) or rate <= 0):
            raise RuleError("rate must be a number above 0")
        if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
            raise RuleError("times must be a whole number above 0")
        rule = cls(service, frozenset(operations) or None, float(rate) if rate else None, times)
        rule._tokens = rule.rate or 0.0
        return rule

    def applies(self, service: str, operation: str) -> bool:
        return service == self.service and (self.operations is None or operation in self.operations)

    def refuses(self, now: float) -> bool:
        if self.times is not None:
            if self.refused < self.times:
                self.refused += 1
                return True
            return False
        assert self.rate is not None
        self._tokens = min(self.rate, self._tokens + (now - self._at) * self.rate)
        self._at = now
        if self._tokens >= 1:
            self._tokens -= 1
            return False
        self.refused += 1
        return True

    def as_json(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "operations": sorted(self.operations) if self.operations else None,
            "rate": self.rate,
            "times": self.times,
            "refused": self.refused,
        }


class Throttles:
    """The rules in force; thread-safe, as every request thread asks."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._rules: list[Rule] = []
        self._lock = threading.Lock()
        self._clock = clock

    def set(self, raw: Iterable[object]) -> None:
        rules = [Rule.parse(r) for r in raw]
        with self._lock:
            self._rules = rules

    def as_json(self) -> dict[str, Any]:
        with self._lock:
            return {"rules": [r.as_json() for r in self._rules]}

    def refused(self, service: str, operation: str) -> str | None:
        """The error type to answer this call with, or None to let it through."""
        with self._lock:
            now = self._clock()
            for rule in self._rules:
                if rule.applies(service, operation) and rule.refuses(now):
                    return ANSWERS[service]
        return None


def _target(environ: Mapping[str, Any]) -> tuple[str, str] | None:
    target = str(environ.get("HTTP_X_AMZ_TARGET", ""))
    for prefix, service in TARGET_PREFIXES.items():
        if target.startswith(prefix):
            return service, target.removeprefix(prefix)
    return None


def throttling(throttles: Throttles) -> Callable[[WsgiApp], WsgiApp]:
    """A WSGI middleware for moto's server: the calls Portal's functions make to DynamoDB and
    Cognito, refused as AWS refuses them when a rule says so."""

    def wrap(app: WsgiApp) -> WsgiApp:
        def middleware(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterator[bytes]:
            call = _target(environ)
            kind = throttles.refused(*call) if call else None
            if kind is None:
                yield from app(environ, start_response)
                return
            length = int(environ.get("CONTENT_LENGTH") or 0)
            if length:  # read, as a server would, before answering
                environ["wsgi.input"].read(length)
            body = json.dumps({"__type": kind, "message": "Rate exceeded (the local portal's throttle)"})
            error_type = kind.rpartition("#")[2]
            headers = [("Content-Type", "application/x-amz-json-1.0"), ("x-amzn-ErrorType", error_type)]
            start_response("400 Bad Request", headers)
            yield body.encode()

        return middleware

    return wrap
