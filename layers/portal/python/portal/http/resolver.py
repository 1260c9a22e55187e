"""The one resolver factory: validation on, problem+json errors, log keys per request."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response
from aws_lambda_powertools.event_handler.middlewares import NextMiddleware

from portal import constants as c
from portal.domain.validation import CENTRE_ID
from portal.http import errors
from portal.http.caller import SUB, claims_of
from portal.http.fields import USER_ID_PATTERN
from portal.http.validation import json_loads, json_only, media_type_in_lower_case
from portal.observability import logger

USER_ID = re.compile(USER_ID_PATTERN)
API_HEADER_NAMES = frozenset(name.lower() for name in c.API_RESPONSE_HEADERS)
PATH_PARAMETER = r"(?P\1[^/]+)"


class PortalResolver(APIGatewayRestResolver):
    """Powertools' REST resolver, matching a path parameter as API Gateway does: any characters
    but `/`.

    Powertools' own pattern takes only word and URI characters, so `/centres/68%0A01` would be an
    unknown route (404) while `/centres/6810é` reached validation (400). Here both reach the
    parameter's own check, so a malformed parameter is always `400 invalid_request` naming it, and
    only a path whose fixed segments match no route is `404` (docs/api.md, Input). `\\Z`, not `$`:
    `$` also matches before a trailing newline, which would make `/me\\n` the route `/me`.

    The one place Portal reaches into Powertools: it has no public hook for the pattern a path
    parameter matches, so `_compile_regex` (a static method, unchanged since 2.x) is overridden;
    tests/api/test_bad_input.py fails if Powertools stops calling it.
    """

    @staticmethod
    def _compile_regex(rule: str, base_regex: str = "") -> re.Pattern[str]:
        return re.compile("^" + re.sub(r"(<\w+>)", PATH_PARAMETER, rule) + r"/*\Z")

    def resolve(self, event: Mapping[str, Any], context: Any) -> dict[str, Any]:
        """Powertools matches media types in lower case only (portal.http.validation). Every answer,
        errors and replays included, leaves with `API_RESPONSE_HEADERS` (nothing cached, no sniffing)."""
        return with_api_headers(super().resolve(media_type_in_lower_case(event), context))


def _without_api_headers(headers: object) -> dict[str, Any]:
    if not isinstance(headers, dict):
        return {}
    return {k: v for k, v in headers.items() if str(k).lower() not in API_HEADER_NAMES}


def with_api_headers(result: dict[str, Any]) -> dict[str, Any]:
    """A proxy result with `API_RESPONSE_HEADERS` in its own header form, over any of the same name."""
    if isinstance(result.get("multiValueHeaders"), dict):
        added = {name: [value] for name, value in c.API_RESPONSE_HEADERS.items()}
        result["multiValueHeaders"] = _without_api_headers(result["multiValueHeaders"]) | added
        if "headers" in result:
            result["headers"] = _without_api_headers(result["headers"])
    else:
        result["headers"] = _without_api_headers(result.get("headers")) | dict(c.API_RESPONSE_HEADERS)
    return result


def log_keys(app: APIGatewayRestResolver, next_middleware: NextMiddleware) -> Response[object]:
    """Ids only, and only well-formed ones: actor (the token's sub), centre and target user.

    Runs after validation, so an invalid request is logged (as refused) without them.
    """
    event = app.current_event.raw_event
    params = event.get("pathParameters") or {}
    candidates = (
        ("actor_id", claims_of(event).get("sub"), SUB),
        ("centre_id", params.get("centre_id"), CENTRE_ID),
        ("target_id", params.get("user_id"), USER_ID),
    )
    logger.append_keys(
        **{key: value for key, value, form in candidates if isinstance(value, str) and form.fullmatch(value)}
    )
    response = next_middleware(app)
    route = f"{app.current_event.http_method} {event.get('resource', '')}"
    logger.info("request answered", extra={"route": route, "status": response.status_code})
    return response


def cors_config(environ: Mapping[str, str]) -> CORSConfig | None:
    """The stage's frontend origins, and only those; none set (tests, local portal) means no CORS.

    Read when the resolver is built, at cold start: routes are registered at import time, and
    API Gateway's proxy integration passes the function's headers through unchanged.
    """
    origins = [o.strip() for o in environ.get(c.ENV_CORS_ORIGINS, "").split(",") if o.strip()]
    if not origins:
        return None
    return CORSConfig(
        allow_origin=origins[0],
        extra_origins=origins[1:],
        allow_headers=list(c.CORS_ALLOW_HEADERS),
        expose_headers=list(c.CORS_EXPOSE_HEADERS),
        max_age=c.CORS_MAX_AGE_SECONDS,
    )


def make_resolver(environ: Mapping[str, str] = os.environ) -> APIGatewayRestResolver:
    """Debug off explicitly: Powertools' debug mode prints whole events, which carry personal data."""
    app = PortalResolver(
        enable_validation=True, debug=False, cors=cors_config(environ), json_body_deserializer=json_loads
    )
    errors.register(app)
    app.use(middlewares=[json_only, log_keys])
    return app
