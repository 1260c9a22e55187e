"""The local portal's one HTTP server: the API's routes, the Cognito endpoint, docs and tools."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.wrappers import Request, Response

from local import apidocs, cors
from local.cognito.endpoint import CognitoEndpoint
from local.console import Console
from local.gateway import Gateway
from local.logs import request_line
from local.responses import api_problem
from local.tools import Tools

log = logging.getLogger("local")

COGNITO_PATH = "/_cognito"


class LocalPortal:
    """A WSGI application; which part answers is decided by the path alone."""

    def __init__(
        self, gateway: Gateway, cognito: CognitoEndpoint, tools: Tools, api_url: str, console: Console
    ) -> None:
        self._gateway = gateway
        self._cognito = cognito
        self._tools = tools
        self._api_url = api_url
        self._console = console

    def route(self, request: Request) -> Response:
        path = request.path
        if request.method == "OPTIONS":
            return cors.preflight(request)
        if path == COGNITO_PATH or path.startswith(COGNITO_PATH + "/"):
            return self._cognito(request, path[len(COGNITO_PATH) :])
        if path == "/_local/config":
            return self._tools.config(request)
        if path == "/_local/mailbox":
            return self._tools.mailbox(request)
        if path == "/_local/sms":
            return self._tools.sms(request)
        if path == "/_local/clock":
            return self._tools.clock(request)
        if path == "/_local/throttle":
            return self._tools.throttle(request)
        if path == "/openapi.json":
            return apidocs.openapi(request, self._api_url)
        if path in ("/docs", "/docs/"):
            return apidocs.page(request)
        if self._console.serves(path):  # `/` is the console's sign-in page, where emails lead
            return self._console(request)
        return self._gateway(request)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        try:
            response = self.route(request)
        except Exception:
            log.exception("%s failed", request_line(request.method, request.path))
            response = api_problem("internal_error", "see the console")
        return cors.decorate(request, response)(environ, start_response)
