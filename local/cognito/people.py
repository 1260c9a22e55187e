"""Who a Cognito call is about: users looked up in moto, and the sessions of their sign-ins.

A challenge names its person only through the session; moto keeps that to itself, so the proxy
notes each session it sees answered, with the `sub` of the person it belongs to.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import jwt
from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

Payload = dict[str, Any]


@dataclass(frozen=True, slots=True)
class User:
    username: str  # Cognito's: the `sub` in a pool that signs in by email
    attributes: dict[str, str]  # as a trigger event carries them
    mfa: tuple[str, ...]  # UserMFASettingList

    @property
    def sub(self) -> str:
        return self.attributes["sub"]


@dataclass
class People:
    cognito: CognitoIdentityProviderClient  # moto's, with admin rights
    user_pool_id: str
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _session_subs: dict[str, str] = field(default_factory=dict)
    _verified: set[str] = field(default_factory=set)

    def user(self, username: str) -> User:
        """By email or sub; raises moto's UserNotFoundException."""
        found = self.cognito.admin_get_user(UserPoolId=self.user_pool_id, Username=username)
        attributes = {a["Name"]: a.get("Value", "") for a in found.get("UserAttributes", [])}
        attributes["cognito:user_status"] = found.get("UserStatus", "CONFIRMED")
        return User(found["Username"], attributes, tuple(found.get("UserMFASettingList", [])))

    def sub(self, username: str) -> str | None:
        try:
            return self.user(username).sub
        except self.cognito.exceptions.UserNotFoundException:
            return None

    def remember(self, session: str | None, sub: str | None, verified: bool = False) -> None:
        """`verified`: the session follows a verified software token (MFA set-up may complete)."""
        if session and sub:
            with self._lock:
                self._session_subs[session] = sub
                if verified:
                    self._verified.add(session)

    def of_session(self, session: str | None) -> str | None:
        with self._lock:
            return self._session_subs.get(session or "")

    def verified(self, session: str | None) -> bool:
        with self._lock:
            return (session or "") in self._verified

    def caller(self, body: Payload) -> str | None:
        """Whom a call with a `Session` or an `AccessToken` is about."""
        if body.get("Session"):
            return self.of_session(body["Session"])
        return token_sub(body.get("AccessToken"))


def token_sub(token: str | None) -> str | None:
    """The `sub` of an access token moto issued (moto checks the token itself when called)."""
    try:
        return str(jwt.decode(token or "", options={"verify_signature": False})["sub"])
    except (jwt.PyJWTError, KeyError):
        return None
