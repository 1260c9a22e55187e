"""Tokens as Cognito issues them, signed with the emulated pool's key.

moto's own tokens differ from Cognito's (on the SRP path the ID token's `email` held the sub),
so the tokens are made here, with Cognito's claims: `email` is the email on every path, the ID
token carries the app client's readable attributes (`*_verified` as booleans) and
`cognito:username`, both carry `origin_jti`, `event_id` and `auth_time`. They are signed with the
key moto publishes as the pool's JWKS (`kid` `dummy`), so the local API gateway's authorizer
checks them as API Gateway checks Cognito's, and registered in moto's token maps, so
AdminUserGlobalSignOut and AdminDeleteUser end them.

Refresh tokens are opaque; with refresh token rotation (the deployed client's setting),
GetTokensFromRefreshToken hands out a new one, and the old one works on for the client's
grace period only. As in Cognito, rotation gives a new token, not more time: every refresh token
of a sign-in expires at the sign-in's time plus the client's refresh token validity, and the
tokens a refresh issues keep the sign-in's `auth_time` (only `iat` and `exp` move).
"""

from __future__ import annotations

import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt

from local.authorizer import SIGN_IN_SCOPE, issuer_for
from local.cognito.errors import CognitoError
from local.cognito.store import Person, Store

UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
DEFAULT_UNITS = {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}
DEFAULT_VALIDITY = {"AccessToken": 1, "IdToken": 1, "RefreshToken": 30}
BOOLEAN_CLAIMS = frozenset({"email_verified", "phone_number_verified"})


def _signing_key() -> Any:
    from moto.utilities.utils import load_resource  # noqa: PLC0415 - moto loads late

    return jwt.PyJWK(load_resource("moto.cognitoidp.models", "resources/jwks-private.json")).key


def validity(client: dict[str, Any], token: str) -> int:
    """Seconds, from the app client's settings (Cognito's defaults where it has none)."""
    units = (client.get("TokenValidityUnits") or {}).get(token) or DEFAULT_UNITS[token]
    value = client.get(f"{token}Validity") or DEFAULT_VALIDITY[token]
    return int(value) * UNIT_SECONDS[units]


@dataclass
class _Refresh:
    signed_in_at: float
    """When the sign-in that began this chain of rotated tokens happened: their lifetime runs from it."""
    auth_time: int
    replaced_at: float | None = None


class Tokens:
    def __init__(self, store: Store, region: str, clock: Callable[[], float]) -> None:
        self._store = store
        self._issuer = issuer_for(region, store.user_pool_id)
        self._clock = clock
        self._key = _signing_key()
        self._lock = threading.Lock()
        self._refresh: dict[str, _Refresh] = {}

    def issue(self, person: Person, client_id: str, client: dict[str, Any]) -> dict[str, Any]:
        """A sign-in's AuthenticationResult."""
        now = int(self._clock())
        origin_jti = str(uuid.uuid4())
        refresh = secrets.token_urlsafe(96)
        with self._lock:
            self._refresh[refresh] = _Refresh(self._clock(), now)
        return self._result(person, client_id, client, origin_jti, now, refresh)

    def refresh(self, token: str, client_id: str, client: dict[str, Any], rotate: bool) -> dict[str, Any]:
        """New access and ID tokens for a live refresh token (and a new refresh token if `rotate`)."""
        owner = self._store.refresh_owner(token)
        with self._lock:
            record = self._refresh.get(token)
        now = self._clock()
        grace = int((client.get("RefreshTokenRotation") or {}).get("RetryGracePeriodSeconds", 0))
        if (
            owner is None
            or record is None
            or owner[0] != client_id
            or now > record.signed_in_at + validity(client, "RefreshToken")
            or (record.replaced_at is not None and now > record.replaced_at + grace)
        ):
            raise CognitoError("NotAuthorizedException", "Invalid Refresh Token.")
        person = self._store.find(owner[1])
        if person is None or not person.enabled:
            raise CognitoError(
                "NotAuthorizedException", "User is disabled." if person else "Invalid Refresh Token."
            )
        new_refresh = None
        if rotate:
            new_refresh = secrets.token_urlsafe(96)
            with self._lock:
                record.replaced_at = record.replaced_at or now
                self._refresh[new_refresh] = _Refresh(record.signed_in_at, record.auth_time)
        return self._result(person, client_id, client, owner[2], record.auth_time, new_refresh)

    def _result(
        self,
        person: Person,
        client_id: str,
        client: dict[str, Any],
        origin_jti: str,
        auth_time: int,
        refresh: str | None,
    ) -> dict[str, Any]:
        now = int(self._clock())
        common: dict[str, Any] = {
            "sub": person.sub,
            "iss": self._issuer,
            "origin_jti": origin_jti,
            "event_id": str(uuid.uuid4()),
            "auth_time": auth_time,
            "iat": now,
        }
        if person.groups:
            common["cognito:groups"] = list(person.groups)
        access_claims = common | {
            "client_id": client_id,
            "token_use": "access",
            "scope": SIGN_IN_SCOPE,
            "exp": now + validity(client, "AccessToken"),
            "jti": str(uuid.uuid4()),
            "username": person.username,
        }
        readable = client.get("ReadAttributes") or list(person.attributes)
        id_claims = common | {
            "cognito:username": person.username,
            "aud": client_id,
            "token_use": "id",
            "exp": now + validity(client, "IdToken"),
            "jti": str(uuid.uuid4()),
        }
        for name in readable:
            if name in person.attributes and name != "sub":
                value = person.attributes[name]
                id_claims[name] = value == "true" if name in BOOLEAN_CLAIMS else value
        access = self._sign(access_claims)
        id_token = self._sign(id_claims)
        self._store.register_tokens(person.sub, client_id, access, id_token, refresh, origin_jti)
        result: dict[str, Any] = {
            "AccessToken": access,
            "ExpiresIn": validity(client, "AccessToken"),
            "TokenType": "Bearer",
            "IdToken": id_token,
        }
        if refresh is not None:
            result["RefreshToken"] = refresh
        return result

    def _sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": "dummy"})

    def revoke(self, token: str, client_id: str) -> None:
        """RevokeToken: the refresh token, the tokens rotated from it and the access tokens of its
        sign-in stop working. An unknown token is not an error (RFC 7009)."""
        owner = self._store.refresh_owner(token)
        if owner is None:
            return
        if owner[0] != client_id:
            raise CognitoError("UnauthorizedException", "Token is not issued to this client.")
        self._store.revoke_sign_in(owner[2])
