"""CORS: the stage's frontend origins get the headers a browser needs, on answers and problems."""

from __future__ import annotations

from typing import Any, cast

from portal.constants import ENV_CORS_ORIGINS
from portal.domain.errors import Forbidden
from portal.http.resolver import make_resolver

from tests.api.events import FakeContext, rest_event

ORIGINS = "https://portal.example.org,https://admin.example.org"


def _app():
    app = make_resolver({ENV_CORS_ORIGINS: ORIGINS})

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/me")
    def refused() -> dict[str, str]:
        raise Forbidden("no")

    return app


def _call(app, path: str, origin: str) -> Any:
    return app.resolve(rest_event("GET", path, headers={"Origin": origin}), cast("Any", FakeContext()))


def test_each_listed_origin_is_allowed_on_answers_and_problems():
    app = _app()
    for origin in ORIGINS.split(","):
        for path, status in (("/health", 200), ("/me", 403)):
            answer = _call(app, path, origin)
            assert answer["statusCode"] == status
            assert answer["multiValueHeaders"]["Access-Control-Allow-Origin"] == [origin]


def test_another_origin_gets_no_cors_headers():
    answer = _call(_app(), "/health", "https://evil.example.com")
    assert "Access-Control-Allow-Origin" not in answer["multiValueHeaders"]


def test_without_origins_the_resolver_sends_no_cors_headers():
    app = make_resolver({})

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    answer = app.resolve(
        rest_event("GET", "/health", headers={"Origin": "https://portal.example.org"}),
        cast("Any", FakeContext()),
    )
    assert "Access-Control-Allow-Origin" not in answer["multiValueHeaders"]
