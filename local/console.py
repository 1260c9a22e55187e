"""The web console on the local portal: the built files at `/`, `/config.json`, the headers.

The console is one static build (`console/dist`, made by `make console`, which `make run` and
`make test` run when its sources changed) that reads its settings from `/config.json`. Here that
file is written from the running portal's own config, and every console answer carries the
security headers of `portal.constants.console_headers`, which CloudFront's response headers
policy is built from too, so a browser test meets the Content Security Policy a visitor on AWS
meets. Console routes are hash
routes (`/#/settings`): no console path can collide with an API path.
"""

from __future__ import annotations

import json
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from portal.constants import (
    DEFAULT_HELPDESK_EMAIL,
    IDLE_TIMEOUT_MINUTES,
    IDLE_WARNING_MINUTES,
    SERVICES,
    console_headers,
)
from werkzeug.security import safe_join
from werkzeug.wrappers import Request, Response

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "console" / "dist"
INDEX = "index.html"
NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portal: the console is not built</title></head>
<body><h1>The console is not built</h1>
<p>Run <code>make console</code> (or start the portal with <code>make run</code>, which builds it),
then reload. The API's docs are at <a href="/docs">/docs</a>.</p></body></html>
"""


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def security_headers(api_url: str, cognito_endpoint: str) -> dict[str, str]:
    """The headers of every console answer: the deployed console's, for these origins."""
    return console_headers(origin(api_url), origin(cognito_endpoint))


# Whom the help page names locally: the guide's IT helpdesk and Portal team, as the stages in
# cdk.json name them, so the help page, the console's sentences and the security notices the
# local functions send all name the same helpdesk.
HELPDESK_EMAIL = DEFAULT_HELPDESK_EMAIL
PORTAL_TEAM_EMAIL = "portal@wjec.co.uk"


def local_services(api_url: str) -> dict[str, str]:
    """Each service's local page (local/services.py): the defaults of the stage setting `services`."""
    return {service: f"{api_url}/_local/services/{service}" for service in SERVICES}


@dataclass(frozen=True)
class ConsoleSettings:
    """What the console's config.json says (CONTRACTS.md): as on AWS (infra/console.py), with the
    local Cognito endpoint and each service's local page."""

    api_url: str
    region: str
    user_pool_id: str
    client_id: str
    cognito_endpoint: str | None
    sender: str | None = None
    helpdesk_email: str = HELPDESK_EMAIL
    portal_team_email: str = PORTAL_TEAM_EMAIL
    idle_minutes: int = IDLE_TIMEOUT_MINUTES
    idle_warning_minutes: int = IDLE_WARNING_MINUTES

    def as_json(self) -> dict[str, Any]:
        return {
            "api_url": self.api_url,
            "region": self.region,
            "user_pool_id": self.user_pool_id,
            "client_id": self.client_id,
            "cognito_endpoint": self.cognito_endpoint,
            "services": local_services(self.api_url),
            "sender": self.sender,
            "helpdesk_email": self.helpdesk_email,
            "portal_team_email": self.portal_team_email,
            "idle_minutes": self.idle_minutes,
            "idle_warning_minutes": self.idle_warning_minutes,
        }


class Console:
    """Serves `console/dist` read from disk on each request, so a rebuild shows on reload."""

    def __init__(self, settings: ConsoleSettings, dist: Path = DIST) -> None:
        self._settings = settings
        self._dist = dist
        self._headers = security_headers(settings.api_url, settings.cognito_endpoint or settings.api_url)

    def serves(self, path: str) -> bool:
        """`/`, `/index.html`, `/config.json`, and the build's own files (`/assets/…`, `/favicon.svg`)."""
        if path in ("/", "/" + INDEX, "/config.json"):
            return True
        return path.startswith("/assets/") or (path.count("/") == 1 and self._file(path) is not None)

    def __call__(self, request: Request) -> Response:
        path = request.path
        if request.method not in ("GET", "HEAD"):
            response = Response("Method Not Allowed\n", status=405, mimetype="text/plain")
            response.headers["Allow"] = "GET, HEAD"
        elif path == "/config.json":
            response = Response(json.dumps(self._settings.as_json()), mimetype="application/json")
            response.headers["Cache-Control"] = "no-store"
        elif path in ("/", "/" + INDEX):
            response = self._index()
        else:
            response = self._asset(path)
        response.headers.update(self._headers)
        return response

    def _file(self, path: str) -> Path | None:
        joined = safe_join(str(self._dist), path.lstrip("/"))
        if joined is None:
            return None
        candidate = Path(joined)
        return candidate if candidate.is_file() else None

    def _index(self) -> Response:
        index = self._dist / INDEX
        if not index.is_file():
            return Response(NOT_BUILT, status=503, mimetype="text/html")
        response = Response(index.read_bytes(), mimetype="text/html")
        response.headers["Cache-Control"] = "no-cache"
        return response

    def _asset(self, path: str) -> Response:
        found = self._file(path)
        if found is None:
            return Response("Not Found\n", status=404, mimetype="text/plain")
        mimetype = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        response = Response(found.read_bytes(), mimetype=mimetype)
        # Vite names assets by content hash: they never change under the same name.
        immutable = path.startswith("/assets/")
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if immutable else "no-cache"
        return response
