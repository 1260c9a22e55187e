"""The pool's two public documents, at Cognito's paths under the local endpoint:
`/<pool id>/.well-known/openid-configuration` (OpenID Connect discovery) and
`/<pool id>/.well-known/jwks.json` (the key set that signs its tokens).

As Cognito writes them, with one difference that makes them usable here: `jwks_uri` is the local
endpoint's own address, so a client that discovers the keys (an OIDC library, `aws-jwt-verify`
given the URL, a service's backend) fetches them from this machine. `issuer` stays Cognito's
(`https://cognito-idp.eu-west-2.amazonaws.com/<pool id>`), the `iss` of every local token, so a
verifier configured for the deployed pool's issuer verifies local tokens the same way. Portal's
pool has no domain (no hosted UI or OAuth endpoints), so the endpoints Cognito lists for a
domain (`authorization_endpoint`, `token_endpoint`, `userinfo_endpoint`) are not listed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Response

from local.cognito.errors import CognitoError

OPENID_CONFIGURATION = ".well-known/openid-configuration"
JWKS = ".well-known/jwks.json"


@dataclass(frozen=True, slots=True)
class WellKnown:
    user_pool_id: str
    issuer: str  # Cognito's: https://cognito-idp.<region>.amazonaws.com/<pool id>
    endpoint: str  # the local endpoint's base URL, where jwks_uri points
    jwks: dict[str, Any]

    @property
    def discovery_url(self) -> str:
        return f"{self.endpoint}/{self.user_pool_id}/{OPENID_CONFIGURATION}"

    def openid_configuration(self) -> dict[str, Any]:
        """Cognito's keys, in Cognito's (alphabetical) order."""
        return {
            "id_token_signing_alg_values_supported": ["RS256"],
            "issuer": self.issuer,
            "jwks_uri": f"{self.endpoint}/{self.user_pool_id}/{JWKS}",
            "response_types_supported": ["code", "token"],
            "scopes_supported": ["openid", "email", "phone", "profile"],
            "subject_types_supported": ["public"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }

    def answer(self, path: str) -> Response:
        """The document at `path` (after `/_cognito`), or Cognito's JSON error: never moto's."""
        pool, _, document = path.strip("/").partition("/")
        if document not in (OPENID_CONFIGURATION, JWKS):
            return CognitoError("ResourceNotFoundException", "No such document", 404).response()
        if pool != self.user_pool_id:
            missing = f"User pool {pool} does not exist."
            return CognitoError("ResourceNotFoundException", missing, 404).response()
        body = self.jwks if document == JWKS else self.openid_configuration()
        return Response(json.dumps(body), status=200, content_type="application/json")
