"""The API's OpenAPI document, assembled from the resolvers of the API functions.

Run only by `scripts/generate_openapi.py` and the drift test: never at a cold start.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.openapi.merge import OpenAPIMerge
from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer, Server, Tag

from portal.constants import PUBLIC_ROUTES
from portal.http.openapi import SECURITY_SCHEME

TITLE = "Portal API"
VERSION = "1"
DESCRIPTION = (
    "The exam board's identity-and-access API. Every error is `application/problem+json` with a "
    "stable `code`; docs/api.md lists the codes and the decisions behind this document."
)
COGNITO = HTTPBearer(
    bearerFormat="JWT",
    description="A Cognito user pool access token in `Authorization: Bearer <token>`, checked by API "
    "Gateway's Cognito authorizer (the bare token without `Bearer ` is accepted too).",
)
POWERTOOLS_VALIDATION = ("HTTPValidationError", "ValidationError", "ResponseValidationError")


def _tidy(document: dict[str, Any]) -> dict[str, Any]:
    """Two corrections Powertools cannot be told at route level.

    Its default `422 Validation Error` entry is replaced here by our own answers (validation is
    400 `invalid_request`), and public routes say they need no token (`security: []`).
    """
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            responses = operation.get("responses", {})
            schema_ref = json.dumps(responses.get("422", {}))
            if "HTTPValidationError" in schema_ref:
                del responses["422"]
            if (method.upper(), path) in PUBLIC_ROUTES:
                operation["security"] = []
    schemas = document.get("components", {}).get("schemas", {})
    for name in POWERTOOLS_VALIDATION:
        if f'"#/components/schemas/{name}"' not in json.dumps(document.get("paths")):
            schemas.pop(name, None)
    return document


def build(apps: Iterable[APIGatewayRestResolver]) -> dict[str, Any]:
    merge = OpenAPIMerge(
        title=TITLE,
        version=VERSION,
        description=DESCRIPTION,
        servers=[Server(url="/v1", description="API Gateway stage v1")],
        tags=[
            Tag(name="self service", description="Any signed-in person"),
            Tag(name="centre management", description="A centre's EO and Admins, and the helpdesk"),
            Tag(name="helpdesk", description="The awarding body's helpdesk only"),
            Tag(name="operations"),
        ],
        security_schemes={SECURITY_SCHEME: COGNITO},
        security=[{SECURITY_SCHEME: []}],
        on_conflict="error",
    )
    for app in apps:
        merge.add_schema(app.get_openapi_schema().model_dump(mode="json", by_alias=True, exclude_none=True))
    return _tidy(json.loads(merge.get_openapi_json_schema()))


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
