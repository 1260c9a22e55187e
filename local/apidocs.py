"""`/openapi.json` and `/docs`: the API's reference, readable and callable with no network.

The document is the committed `docs/openapi.json` (generated from the handlers' resolvers and
checked in CI), read on each request so a regenerated file shows at once. The page is one
self-contained HTML file (no CDN is reachable offline): sign in, then try any operation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from portal.constants import PUBLIC_ROUTES, ROUTES
from werkzeug.wrappers import Request, Response

from local.responses import json_response

OPENAPI_FILE = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"
PAGE_FILE = Path(__file__).resolve().parent / "apidocs.html"


def fallback_document() -> dict[str, Any]:
    """Only the routes, from constants.ROUTES, until docs/openapi.json exists."""
    paths: dict[str, dict[str, Any]] = {}
    for method, resource, function in ROUTES:
        operation: dict[str, Any] = {"summary": f"served by lambdas/{function}", "responses": {"200": {}}}
        if (method, resource) not in PUBLIC_ROUTES:
            operation["security"] = [{"cognito": []}]
        paths.setdefault(resource, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {"title": "Portal API (routes only: docs/openapi.json is missing)", "version": "local"},
        "paths": paths,
        "components": {"securitySchemes": {"cognito": {"type": "http", "scheme": "bearer"}}},
    }


def document(path: Path = OPENAPI_FILE) -> dict[str, Any]:
    if path.is_file():
        loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return loaded
    return fallback_document()


def openapi(request: Request, api_url: str) -> Response:
    doc = document()
    doc["servers"] = [{"url": api_url, "description": "the local portal"}]
    return json_response(doc)


def page(request: Request) -> Response:
    return Response(PAGE_FILE.read_text(encoding="utf-8"), mimetype="text/html")
