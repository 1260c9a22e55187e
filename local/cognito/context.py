"""What every operation of the local Cognito works with: the store, tokens, codes, the lockout,
the sign-in sessions, the messages, and the pool's and app client's settings as provisioned."""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from local.cognito import password_policy
from local.cognito.codes import Codes, Lockout
from local.cognito.errors import CognitoError
from local.cognito.srp import Exchange
from local.cognito.store import EMAIL, SMS, Person, Store
from local.cognito.tokens import Tokens
from local.cognito.triggers import Triggers

Payload = dict[str, Any]


@dataclass
class SignIn:
    """One sign-in in progress: the challenge it waits for, and what that challenge needs."""

    sub: str | None  # None for an unknown username: the challenge goes on, then fails alike
    username: str  # as the client typed it
    client_id: str
    challenge: str
    expires_at: float
    srp: Exchange | None = None
    code: str | None = None  # an SMS or email code sent for this challenge
    setting_up: str | None = None  # the factor this challenge sets up, enabled once it passes
    totp_secret: str | None = None  # handed out at AssociateSoftwareToken
    totp_verified: bool = False
    method: str = "password"  # how the person proved who they are: "password" or "passkey"
    available: tuple[str, ...] = ()  # USER_AUTH's AvailableChallenges, for SELECT_CHALLENGE
    webauthn_challenge: bytes | None = None  # a WEB_AUTHN challenge's, until it is answered once


@dataclass(frozen=True, slots=True)
class PendingRegistration:
    """A StartWebAuthnRegistration's challenge: whose, for which app client, until when."""

    sub: str
    client_id: str
    expires_at: float


@dataclass
class Sessions:
    """Sign-in sessions by their opaque token; each answered challenge gets a new one."""

    _lock: threading.Lock = field(default_factory=threading.Lock)
    _open: dict[str, SignIn] = field(default_factory=dict)

    def open(self, sign_in: SignIn, token: str | None = None) -> str:
        # Cognito's own begin "AYABe": never with "-", which a command line would take for an option.
        token = token or "AYABe" + secrets.token_urlsafe(192)
        with self._lock:
            self._open[token] = sign_in
        return token

    def get(self, token: str | None, now: float) -> SignIn:
        with self._lock:
            sign_in = self._open.get(token or "")
            if sign_in is not None and now > sign_in.expires_at:
                del self._open[token or ""]
                raise CognitoError(
                    "NotAuthorizedException", "Invalid session for the user, session is expired."
                )
        if sign_in is None:
            raise CognitoError("NotAuthorizedException", "Invalid session for the user.")
        return sign_in

    def close(self, token: str | None) -> None:
        with self._lock:
            self._open.pop(token or "", None)


@dataclass
class Context:
    store: Store
    tokens: Tokens
    triggers: Triggers
    clock: Callable[[], float] = time.time
    sessions: Sessions = field(default_factory=Sessions)
    codes: Codes = field(init=False)
    lockout: Lockout = field(init=False)
    reserved_totp: dict[str, str] = field(default_factory=dict)  # sub -> the next secret handed out
    pending_totp: dict[str, str] = field(default_factory=dict)  # sub -> associated, not yet verified
    pending_registrations: dict[bytes, PendingRegistration] = field(default_factory=dict)  # by challenge

    def __post_init__(self) -> None:
        self.codes = Codes(self.clock)
        self.lockout = Lockout(self.clock)

    @property
    def pool_short_id(self) -> str:
        """The pool id without its region, as SRP hashes it."""
        return self.store.user_pool_id.split("_", 1)[1]

    def client(self, client_id: Any) -> Payload:
        client = self.store.client_config(str(client_id or ""))
        if client is None:
            raise CognitoError("ResourceNotFoundException", f"User pool client {client_id} does not exist.")
        return client

    def pool(self) -> Payload:
        return self.store.pool_config()

    def session_validity(self, client: Payload) -> float:
        return 60.0 * int(client.get("AuthSessionValidity") or 3)

    def check_password(self, password: str) -> None:
        policy = self.pool().get("Policies", {}).get("PasswordPolicy", {})
        password_policy.check(policy, password)

    def caller(self, body: Payload) -> tuple[str, Person, Payload]:
        """(client id, person, client) of a call authorised by its AccessToken."""
        owner = self.store.access_owner(str(body.get("AccessToken", "")))
        person = self.store.find(owner[1]) if owner else None
        if owner is None or person is None:
            raise CognitoError("NotAuthorizedException", "Access Token has been revoked")
        if not person.enabled:
            raise CognitoError("NotAuthorizedException", "User is disabled.")
        return owner[0], person, self.client(owner[0])

    def recovery(self, person: Person) -> str:
        """The medium a forgot-password code goes by ("EMAIL" or "SMS"), as the pool's
        AccountRecoverySetting says: a verified email or phone qualifies unless it is also the
        person's MFA factor."""
        setting = self.pool().get("AccountRecoverySetting") or {}
        mechanisms = sorted(setting.get("RecoveryMechanisms") or [], key=lambda m: int(m["Priority"]))
        for mechanism in (m["Name"] for m in mechanisms):
            if mechanism == "admin_only":
                raise CognitoError("NotAuthorizedException", "Contact administrator to reset password.")
            if mechanism == "verified_email" and person.verified("email") and EMAIL not in person.mfa:
                return "EMAIL"
            if (
                mechanism == "verified_phone_number"
                and person.verified("phone_number")
                and SMS not in person.mfa
            ):
                return "SMS"
        raise CognitoError(
            "InvalidParameterException",
            "Cannot reset password for the user as there is no registered/verified email or phone_number",
        )


def masked_email(email: str) -> str:
    """Where Cognito says an email went: `a***@e***`."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain[:1]}***"


def masked_phone(number: str) -> str:
    return "+" + "*" * max(len(number) - 5, 0) + number[-4:]


def delivery(medium: str, person: Person) -> dict[str, str]:
    """CodeDeliveryDetails."""
    if medium == "SMS":
        return {
            "Destination": masked_phone(person.phone),
            "DeliveryMedium": "SMS",
            "AttributeName": "phone_number",
        }
    return {"Destination": masked_email(person.email), "DeliveryMedium": "EMAIL", "AttributeName": "email"}


def json_list(values: Any) -> str:
    """Cognito sends lists in challenge parameters as JSON strings."""
    return json.dumps(list(values))
