"""The API as the local portal serves it, in this process: the local gateway in front of the handlers.

For `make test`'s short fuzz run: the same gateway (routing from ROUTES, problem answers for
unknown routes) and the same handlers as `make run`, on this process's moto, with a stand-in
for the Cognito authorizer that knows a few opaque tokens (one per role). The long run talks to
a real local portal, with real tokens from its Cognito endpoint (test_deep_http.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from werkzeug.wrappers import Request, Response

from local.authorizer import Unauthorized, bare_token
from local.gateway import Gateway
from tests.api.events import FakeContext, Who

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


class TokenAuthorizer:
    """Claims for the tokens it was given; anything else is refused, as a bad token is."""

    def __init__(self, tokens: Mapping[str, Who]) -> None:
        self._tokens = dict(tokens)

    def claims(self, header: str | None) -> dict[str, str]:
        token = bare_token(header)
        who = self._tokens.get(token)
        if who is None:
            raise Unauthorized("unknown token")
        return who.claims()


def served(modules: Mapping[str, ModuleType], tokens: Mapping[str, Who]) -> Callable[..., Iterable[bytes]]:
    """A WSGI app: `/openapi.json` (docs/openapi.json) and every route of the API."""

    def invoke(function: str, event: dict[str, Any]) -> Any:
        return modules[function].handler(event, FakeContext(function_name=function))

    gateway = Gateway(TokenAuthorizer(tokens), invoke)  # type: ignore[arg-type]
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        if request.path == "/openapi.json":
            response = Response(json.dumps(document), mimetype="application/json")
        else:
            response = gateway(request)
        return response(environ, start_response)

    return app
