"""Calls the API functions' handlers as API Gateway would: route table → function → proxy event."""

from __future__ import annotations

import json
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from portal.service.ports import Clock

from tests.api.events import FakeContext, Who, rest_event, route_of

FUNCTIONS = ("self_service", "centre_users", "helpdesk")
OBSERVED: set[tuple[str, str, str, str]] = set()
"""(method, resource, outcome, caller's role) of every call in this process; outcome is a problem
code or `ok`, the role is the world's name for the caller (`eo`, `helpdesk`, ...) or `anonymous`."""
ROLE_OF: dict[str, str] = {}
"""Subject → role, filled by the worlds as they make people."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: str | None

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    @property
    def code(self) -> str | None:
        """The problem's stable code (None for a success)."""
        data = self.json
        return data.get("code") if isinstance(data, dict) else None

    @property
    def fields(self) -> set[str]:
        """The offending fields of a 400."""
        return {e["field"] for e in (self.json or {}).get("errors", [])}

    def __repr__(self) -> str:
        return f"Answer({self.status}, {self.body!r})"


class Api:
    """`clock`: the tests' clock, so a token is issued at the moment the use cases see (a fresh
    sign-in unless the caller's `Who` says when they signed in)."""

    def __init__(self, modules: dict[str, ModuleType], clock: Clock | None = None) -> None:
        self.modules = modules
        self.clock = clock

    def raw(self, event: dict[str, Any], function: str | None = None) -> Answer:
        if function is None:
            routed = route_of(event["httpMethod"], event["path"])
            function = routed[0] if routed else "self_service"
        result = self.modules[function].handler(event, FakeContext(function_name=function))
        headers: dict[str, str] = {}
        for name, values in (result.get("multiValueHeaders") or {}).items():
            headers[name] = values[-1]
        headers.update(result.get("headers") or {})
        body = result.get("body")
        assert body is None or isinstance(body, str), "API Gateway needs a string body"
        answer = Answer(int(result["statusCode"]), headers, body)
        if route_of(event["httpMethod"], event["path"]) is not None:
            claims = (event["requestContext"].get("authorizer") or {}).get("claims") or {}
            role = ROLE_OF.get(claims.get("sub", ""), "anonymous" if not claims else "other person")
            OBSERVED.add((event["httpMethod"], event["resource"], answer.code or "ok", role))
        return answer

    def call(self, method: str, path: str, who: Who | None = None, **kwargs: Any) -> Answer:
        function = kwargs.pop("function", None)
        if self.clock is not None:
            kwargs.setdefault("at", self.clock.now())
        return self.raw(rest_event(method, path, who=who, **kwargs), function)

    def get(self, path: str, who: Who | None = None, **kwargs: Any) -> Answer:
        return self.call("GET", path, who, **kwargs)

    def post(self, path: str, who: Who | None = None, **kwargs: Any) -> Answer:
        return self.call("POST", path, who, **kwargs)

    def put(self, path: str, who: Who | None = None, **kwargs: Any) -> Answer:
        return self.call("PUT", path, who, **kwargs)

    def patch(self, path: str, who: Who | None = None, **kwargs: Any) -> Answer:
        return self.call("PATCH", path, who, **kwargs)

    def delete(self, path: str, who: Who | None = None, **kwargs: Any) -> Answer:
        return self.call("DELETE", path, who, **kwargs)


def refused(answer: Answer, status: int, code: str) -> None:
    """A problem answer with this status and code, in the problem+json shape of api.md."""
    assert (answer.status, answer.code) == (status, code), answer
    assert answer.headers.get("Content-Type") == "application/problem+json", answer.headers
    body = answer.json
    assert body["status"] == status and body["type"].endswith(code)
    assert {"type", "title", "status", "detail", "code"} <= set(body)
