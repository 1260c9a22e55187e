"""The access-token check of API Gateway's Cognito authorizer, against the emulated pool's JWKS.

What passes: an RS256 token signed by a key of the pool's JWKS, issued by the pool, not expired,
`token_use` `access`, with Cognito's sign-in scope (the methods' authorization scope). Like API
Gateway's, it does not check which app client the token was issued to: any client of the pool
passes here, and Portal's functions refuse the others themselves (portal/http/caller.py), so the
local portal shows what a deployed one does. Its claims go to the handler as API Gateway passes
them in `requestContext.authorizer.claims`: every value a string, lists comma-joined, `exp` and
`iat` written out as dates, `auth_time` as the digits of its seconds.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import jwt

SIGN_IN_SCOPE = "aws.cognito.signin.user.admin"
TIME_CLAIMS = frozenset({"exp", "iat", "nbf"})


class Unauthorized(Exception):
    """The token is missing or not one the authorizer accepts; the message says why (logged only)."""


def issuer_for(region: str, user_pool_id: str) -> str:
    return f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"


def bare_token(header: str | None) -> str:
    """`Bearer <token>` or the bare token, as api.md allows."""
    value = (header or "").strip()
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    if not value:
        raise Unauthorized("no token")
    return value


def _as_string(name: str, value: Any) -> str:
    if name in TIME_CLAIMS and isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def gateway_claims(claims: Mapping[str, Any]) -> dict[str, str]:
    """Claims as API Gateway (REST) puts them in the event: all strings."""
    return {name: _as_string(name, value) for name, value in claims.items()}


class Authorizer:
    def __init__(self, jwks: Mapping[str, Any], issuer: str) -> None:
        self._keys = {key["kid"]: jwt.PyJWK(dict(key)) for key in jwks.get("keys", [])}
        self._issuer = issuer

    def verify(self, header: str | None) -> dict[str, Any]:
        """The token's claims, as in the token; raises Unauthorized."""
        token = bare_token(header)
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            key = self._keys.get(str(kid))
            if key is None:
                raise Unauthorized("unknown signing key")
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=["RS256"],
                issuer=self._issuer,
                options={"require": ["exp", "iss", "sub", "token_use"], "verify_aud": False},
            )
        except jwt.PyJWTError as error:
            raise Unauthorized(str(error)) from error
        if claims.get("token_use") != "access":
            raise Unauthorized("not an access token")
        if SIGN_IN_SCOPE not in str(claims.get("scope", "")).split():
            raise Unauthorized("missing the sign-in scope")
        return claims

    def claims(self, header: str | None) -> dict[str, str]:
        """What the handler sees in `requestContext.authorizer.claims`; raises Unauthorized."""
        return gateway_claims(self.verify(header))
