"""The local API gateway: api.md's routes, each turned into a proxy event for its function.

Routing comes from `constants.ROUTES`, the table the CDK stack builds API Gateway from, so a
route exists locally exactly when it exists in AWS. Every route but `PUBLIC_ROUTES` passes the
Cognito authorizer's check first. Paths are served as on the API's custom domain (`/me`) and as on
the stage's own URL (`/v1/me`).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from portal.constants import NO_ROUTE_DETAIL, PUBLIC_ROUTES, ROUTES
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from local.authorizer import Authorizer, Unauthorized
from local.events import STAGE, proxy_event
from local.logs import request_line
from local.responses import api_problem, from_proxy_result, problem, unauthenticated

log = logging.getLogger("local.gateway")

STAGE_PREFIX = f"/{STAGE}"
Invoke = Callable[[str, dict[str, object]], object]


@dataclass(frozen=True, slots=True)
class Target:
    function: str
    resource: str
    public: bool


def werkzeug_rule(resource: str) -> str:
    """`/centres/{centre_id}` → `/centres/<centre_id>`: one path segment per parameter, as in API Gateway."""
    return re.sub(r"\{(\w+)\}", r"<\1>", resource)


def build_map() -> tuple[Map, dict[str, Target]]:
    targets: dict[str, Target] = {}
    rules = []
    for method, resource, function in ROUTES:
        endpoint = f"{method} {resource}"
        targets[endpoint] = Target(function, resource, (method, resource) in PUBLIC_ROUTES)
        rules.append(Rule(werkzeug_rule(resource), endpoint=endpoint, methods=[method], strict_slashes=False))
    return Map(rules, merge_slashes=False), targets


class Gateway:
    def __init__(self, authorizer: Authorizer, invoke: Invoke) -> None:
        self._map, self._targets = build_map()
        self._authorizer = authorizer
        self._invoke = invoke

    def serves(self, path: str) -> bool:
        """Whether some route matches `path` (for any method)."""
        try:
            self._map.bind("local").match(path, method="GET")
        except MethodNotAllowed:
            return True
        except NotFound:
            return False
        return True

    def allowed_methods(self, path: str) -> list[str]:
        return sorted(self._map.bind("local").allowed_methods(path))

    def __call__(self, request: Request) -> Response:
        started = time.monotonic()
        response = self._dispatch(request)
        log.info(
            "%s → %s (%.0f ms)",
            request_line(request.method, request.path, request.args.keys()),
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response

    def _dispatch(self, request: Request) -> Response:
        path = request.path
        if path.startswith(STAGE_PREFIX + "/"):  # the execute-api form of the URL: /v1/me
            path = path[len(STAGE_PREFIX) :]
        try:
            endpoint, arguments = self._map.bind("local").match(path, method=request.method)
        except MethodNotAllowed:
            return problem(
                405, "method_not_allowed", "Method Not Allowed", f"{request.method} is not served here"
            )
        except NotFound:
            return api_problem("not_found", NO_ROUTE_DETAIL)
        target = self._targets[str(endpoint)]
        claims = None
        if not target.public:
            try:
                claims = self._authorizer.claims(request.headers.get("Authorization"))
            except Unauthorized as why:
                log.info("401 for %s: %s", request_line(request.method, request.path), why)
                return unauthenticated()
        parameters = {k: str(v) for k, v in arguments.items()}
        event = proxy_event(request, path, target.resource, parameters, claims)
        try:
            result = self._invoke(target.function, event)
        except Exception:
            log.exception("function %s failed", target.function)
            return problem(502, "bad_gateway", "Bad Gateway", "the function raised an error")
        return from_proxy_result(result)
