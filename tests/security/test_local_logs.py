"""Issue 11, problem 6: no line the local portal logs holds a query value.

The gateway's own line for each request, its 401 line, and any other library's line (werkzeug
quotes the request line when it refuses one) go through `local.logs`; the whole e2e run's log
is checked as well (tests/security/logscan.py, from tests/e2e/conftest.py).
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from local import logs
from local.authorizer import Unauthorized
from local.gateway import Gateway

SECRET_EMAIL = "secret.person@school.example"
TOKEN = "eyJraWQiOiJzZWNyZXQifQ.eyJzdWIiOiJzZWNyZXQifQ.c2lnbmF0dXJl"
QUERY = {"email": SECRET_EMAIL, "access_token": TOKEN, "cursor": "c2VjcmV0LWN1cnNvcg"}
VALUES = [SECRET_EMAIL, TOKEN, "c2VjcmV0LWN1cnNvcg", "secret.person", "school.example"]


class _Authorizer:
    def __init__(self, accept: bool) -> None:
        self.accept = accept

    def claims(self, header: str | None) -> dict[str, str]:
        if not self.accept:
            raise Unauthorized("no token")
        return {"sub": "0b6f3c5e-1d2a-4c8e-9f00-000000000001", "cognito:groups": "helpdesk"}


def _invoke(function: str, event: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": "{}"}


def _request(path: str, query: dict[str, str]) -> Request:
    headers = [("Authorization", "Bearer x")]
    return Request(EnvironBuilder(path=path, query_string=query, headers=headers).get_environ())


@pytest.mark.parametrize("accept", [True, False], ids=["answered", "refused"])
@pytest.mark.parametrize("path", ["/users", "/v1/users", "/centres/68101/users", "/nowhere"])
def test_the_gateway_logs_no_query_value(caplog: pytest.LogCaptureFixture, path: str, accept: bool) -> None:
    gateway = Gateway(_Authorizer(accept), _invoke)  # type: ignore[arg-type]
    with caplog.at_level(logging.DEBUG, logger="local"):
        gateway(_request(path, QUERY))
    lines = [r.getMessage() for r in caplog.records]
    assert lines, "the gateway logs each request"
    assert any("email=…" in line for line in lines)  # the names stay, to debug by
    for value in VALUES:
        assert not any(value in line for line in lines), (value, lines)


def test_a_request_cannot_forge_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    gateway = Gateway(_Authorizer(True), _invoke)  # type: ignore[arg-type]
    with caplog.at_level(logging.INFO, logger="local"):
        gateway(_request("/me\n2026-12-01 INFO local.gateway: GET /admin → 200", {}))
    assert all("\n" not in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    "message",
    [
        f'code 400, message Bad request syntax ("GET /users?email={SECRET_EMAIL} HTTP/1.1 x")',
        f"GET /v1/users?access_token={TOKEN}&email={SECRET_EMAIL} → 200",
        f'127.0.0.1 - - "GET /_local/mailbox?to={SECRET_EMAIL} HTTP/1.1" 200 -',
    ],
)
def test_any_other_logger_loses_query_values(message: str) -> None:
    root = logging.getLogger("tests.security.local_logs")
    handler = logging.Handler()
    seen: list[str] = []
    handler.emit = lambda record: seen.append(record.getMessage())  # type: ignore[method-assign]
    root.addHandler(handler)
    root.propagate = False
    try:
        logs.install(root)
        root.warning("%s", message)
    finally:
        root.removeHandler(handler)
    assert seen and all(value not in seen[0] for value in VALUES), seen
    assert "?" in seen[0] and "=…" in seen[0]


def test_request_line_keeps_names_only() -> None:
    assert logs.request_line("GET", "/users", ["email", "email"]) == "GET /users?email=…"
    assert logs.request_line("GET", "/me") == "GET /me"
    assert logs.request_line("GET", "/m\x1b[2Je") == "GET /m\\x1b[2Je"


# --- the scan of a whole run's log (used by tests/e2e/conftest.py and the long runs' portal) -------


def test_the_scan_finds_what_a_log_must_not_hold() -> None:
    from tests.security.logscan import personal_data  # noqa: PLC0415

    accounts = [
        {"email": "eo@demo-centre.example.org", "password": "demo-centre-password", "totp_secret": "2P5M6RG3"}
    ]
    banner = (
        "Portal is running locally\n  email eo@demo-centre.example.org  password demo-centre-password\n"
        "Walkthrough: README.md"
    )
    clean = (
        banner
        + '\n2026 INFO local.gateway: GET /users?email=… → 200 (3 ms)\n{"level":"INFO","actor_id":"abc"}'
    )
    assert personal_data(clean, accounts) == []
    for line in [
        "GET /users?email=ann@school.example → 200",
        "GET /me?access_token=x → 401",
        "Bearer eyJraWQiOiJ0ZXN0In0.eyJzdWIiOiJ4In0.sig",
        "phone +447700900123 saved",
        "signed in with demo-centre-password",
        "hello Eira",
        "secret 2P5M6RG3 used",
    ]:
        assert personal_data(banner + "\n" + line, accounts), line
