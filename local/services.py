"""The board's services, as small local stand-ins (`/_local/services/<service>`): where the home
page's tiles lead on the local portal (the stage setting `services` locally, local/console.py).

Each is what docs/services.md tells a service team to build, in miniature: a page, and a backend
that (1) verifies the person's Portal access token, with PyJWT, through the pool's discovery
document (issuer, key set, `token_use`, `client_id`), then (2) asks Portal, with the person's own
token, what they may do at the centre (`GET /me/centres/{centre_id}/services`, and `GET /me` for
who they are), on every request, remembering nothing: a permission changed or a membership
deleted shows on the next request. The page, on the console's own origin, takes the token from
the console's session (in the tab's sessionStorage, or from the console's open tabs, as
console/src/auth/storage.ts shares it); a service on an origin of its own gets the person's token
as docs/services.md says.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Collection
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jwt
import requests
from portal.constants import SERVICES
from werkzeug.wrappers import Request, Response

from local.authorizer import Unauthorized, bare_token
from local.responses import json_response

PREFIX = "/_local/services/"
PAGES = Path(__file__).resolve().parent / "service_page"
ASSETS = {"service.js": "text/javascript", "service.css": "text/css"}
CATALOGUES = Path(__file__).resolve().parent.parent / "console" / "src" / "i18n"
TIMEOUT = 10
REQUIRED_CLAIMS = ["exp", "iat", "iss", "sub", "token_use", "client_id"]
ACCESS = "access"  # the token_use of an access token (an ID token's is "id")


class ServiceTokens:
    """How a service's backend verifies a Portal access token (docs/services.md, Python).

    The discovery document gives the issuer and the key set's address; PyJWT's `PyJWKClient`
    fetches the keys (and fetches again for a key id it has not seen: Cognito rotates keys). The
    algorithm is fixed (RS256, what Cognito signs with), never read from the token.
    """

    def __init__(self, discovery_url: str, client_ids: Collection[str]) -> None:
        self._discovery_url = discovery_url
        self._client_ids = frozenset(client_ids)
        self._lock = threading.Lock()
        self._issuer: str | None = None
        self._keys: jwt.PyJWKClient | None = None

    def _discover(self) -> tuple[str, jwt.PyJWKClient]:
        with self._lock:
            if self._issuer is None or self._keys is None:
                document = requests.get(self._discovery_url, timeout=TIMEOUT).json()
                self._issuer, self._keys = str(document["issuer"]), jwt.PyJWKClient(str(document["jwks_uri"]))
            return self._issuer, self._keys

    def verify(self, token: str) -> dict[str, Any]:
        """The claims of a live Portal access token; `Unauthorized` for anything else."""
        issuer, keys = self._discover()
        try:
            key = keys.get_signing_key_from_jwt(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                issuer=issuer,
                options={"require": REQUIRED_CLAIMS, "verify_aud": False},  # access tokens have no aud
            )
        except jwt.PyJWTError as error:
            raise Unauthorized(str(error)) from error
        if claims["token_use"] != ACCESS:
            raise Unauthorized("not an access token")
        if claims["client_id"] not in self._client_ids:
            raise Unauthorized("issued to another app client")
        return claims


def _names() -> dict[str, dict[str, str]]:
    """Each service's name in both languages, from the console's own catalogues."""
    names: dict[str, dict[str, str]] = {}
    for language in ("en", "cy"):
        catalogue = json.loads((CATALOGUES / f"{language}.json").read_text(encoding="utf-8"))
        names[language] = {s: catalogue.get(f"service.{s}.name", s) for s in SERVICES}
    return names


class LocalServices:
    """`/_local/services/<service>`: the page; `.../<service>/access?centre_id=`: its backend."""

    def __init__(self, api_url: str, tokens: ServiceTokens, headers: dict[str, str]) -> None:
        self._api = api_url.rstrip("/")
        self._tokens = tokens
        self._headers = headers
        self._http = requests.Session()

    def __call__(self, request: Request) -> Response:
        parts = request.path.removeprefix(PREFIX).split("/")
        if request.method not in ("GET", "HEAD"):
            response = _error(405, "method_not_allowed", "GET only")
        elif len(parts) == 1 and parts[0] in ASSETS:
            response = Response((PAGES / parts[0]).read_bytes(), mimetype=ASSETS[parts[0]])
        elif len(parts) == 1 and parts[0] in SERVICES:
            response = Response((PAGES / "index.html").read_bytes(), mimetype="text/html")
            response.headers["Cache-Control"] = "no-store"
        elif len(parts) == 2 and parts[0] in SERVICES and parts[1] == "access":
            response = self.access(request, parts[0])
        else:
            response = _error(404, "not_found", "no such service")
        response.headers.update(self._headers)
        return response

    def access(self, request: Request, service: str) -> Response:
        """The service's backend: who is asking, for which centre, with what access; asked of
        Portal now, with the person's own token."""
        try:
            token = bare_token(request.headers.get("Authorization"))
            claims = self._tokens.verify(token)
        except Unauthorized:
            return _error(401, "unauthenticated", "no live Portal access token")
        centre_id = request.args.get("centre_id", "")
        series_id = request.args.get("series_id")
        auth = {"Authorization": f"Bearer {token}"}
        decision = self._http.get(
            f"{self._api}/me/centres/{quote(centre_id, safe='')}/services",
            params={"series_id": series_id} if series_id else None,
            headers=auth,
            timeout=TIMEOUT,
        )
        if decision.status_code != 200:  # Portal's own answer: 400, 401, 403 (no membership), 404
            body = decision.json()
            return _error(decision.status_code, str(body.get("code")), str(body.get("detail", "")))
        me = self._http.get(f"{self._api}/me", headers=auth, timeout=TIMEOUT).json()
        entry = next(e for e in decision.json()["services"] if e["service"] == service)
        centre: dict[str, Any] = next((m for m in me["memberships"] if m["centre_id"] == centre_id), {})
        names = " ".join(n for n in (me.get("given_name"), me.get("family_name")) if n)
        return json_response(
            {
                "service": service,
                "names": {language: names_[service] for language, names_ in _names().items()},
                "person": {"user_id": claims["sub"], "name": names, "email": me.get("email")},
                "centre": {"centre_id": centre_id, "name": centre.get("centre_name")},
                "access": entry["access"],
                "available_from": entry["available_from"],
            }
        )


def _error(status: int, code: str, detail: str) -> Response:
    body = json.dumps({"status": status, "code": code, "detail": detail})
    return Response(body, status=status, mimetype="application/json")
