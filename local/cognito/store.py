"""The person store: moto's own user pool objects, read and written in this process.

moto runs in this process (local/aws.py), so the sign-in state machine reads and writes moto's
objects directly, under the lock moto's server holds for each request: a password is checked
against the one Portal's functions set through moto's API, MFA settings written here are what
AdminGetUser shows them, and an AdminUserGlobalSignOut or AdminDeleteUser made by a function ends
the tokens issued here (they are registered in moto's own token maps). What moto has no field for
(email MFA, each person's TOTP secret, passkeys and passkey MFA) is kept on moto's user object
too, so it goes with the user: AdminDeleteUser takes their passkeys with it.
"""

from __future__ import annotations

import contextlib
import hmac
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from local import aws
from local.cognito import moto_patches

TOTP = "SOFTWARE_TOKEN_MFA"
SMS = "SMS_MFA"
EMAIL = "EMAIL_OTP"
FACTORS = (TOTP, SMS, EMAIL)  # the order Cognito lists them in


@dataclass(frozen=True, slots=True)
class Person:
    """A snapshot of one user, as the state machine needs it."""

    sub: str
    username: str  # Cognito's: the sub, in a pool that signs in by email
    status: str  # CONFIRMED, FORCE_CHANGE_PASSWORD, RESET_REQUIRED
    enabled: bool
    attributes: dict[str, str]
    groups: tuple[str, ...]
    mfa: tuple[str, ...]  # enabled factors, in FACTORS order
    preferred: str | None
    passkey_mfa: bool = False  # WebAuthnMfaSettings: passkey sign-in counts as MFA for this person

    @property
    def email(self) -> str:
        return self.attributes.get("email", "")

    @property
    def phone(self) -> str:
        return self.attributes.get("phone_number", "")

    def verified(self, attribute: str) -> bool:
        return self.attributes.get(f"{attribute}_verified") == "true"


class Store:
    """One user pool of moto's in-process backend."""

    def __init__(self, user_pool_id: str, lock: contextlib.AbstractContextManager[Any] | None = None) -> None:
        moto_patches.install()
        self.user_pool_id = user_pool_id
        self._lock = lock if lock is not None else aws.MOTO_LOCK

    @contextlib.contextmanager
    def _pool(self) -> Iterator[Any]:
        from moto.cognitoidp.models import cognitoidp_backends  # noqa: PLC0415 - moto loads late

        with self._lock:
            region = self.user_pool_id.split("_", 1)[0]
            yield cognitoidp_backends[aws.ACCOUNT_ID][region].user_pools[self.user_pool_id]

    def _user(self, pool: Any, username: str) -> Any:
        name = username.strip()
        return pool._get_user(name.lower() if "@" in name else name)

    # --- people ----------------------------------------------------------------------------------

    def find(self, username: str) -> Person | None:
        """By email (any case) or sub."""
        with self._pool() as pool:
            user = self._user(pool, username)
            return None if user is None else _person(user)

    def password_matches(self, sub: str, password: str) -> bool:
        with self._pool() as pool:
            user = pool.users.get(sub)
            stored = (user.password or "") if user is not None else ""
        return user is not None and hmac.compare_digest(stored.encode(), password.encode())

    def password(self, sub: str) -> str:
        with self._pool() as pool:
            return str(pool.users[sub].password or "")

    def set_password(self, sub: str, password: str) -> None:
        from moto.cognitoidp.models import UserStatus  # noqa: PLC0415

        with self._pool() as pool:
            user = pool.users[sub]
            user.password = password
            user.status = UserStatus.CONFIRMED

    def set_attributes(self, sub: str, values: dict[str, str]) -> None:
        with self._pool() as pool:
            pool.users[sub].update_attributes([{"Name": k, "Value": v} for k, v in values.items()])

    def delete_attributes(self, sub: str, names: list[str]) -> None:
        """Those the person has; one they do not have is nothing to delete (moto's own refuses it)."""
        with self._pool() as pool:
            user = pool.users[sub]
            user.attributes = [a for a in user.attributes if a["Name"] not in names]

    # --- MFA -------------------------------------------------------------------------------------

    def enable_mfa(self, sub: str, factor: str, enabled: bool = True, preferred: bool | None = None) -> None:
        """`preferred` True makes it the preferred factor; False stops it being preferred."""
        with self._pool() as pool:
            user = pool.users[sub]
            if factor == TOTP:
                user.software_token_mfa_enabled = enabled
                user.token_verified = user.token_verified or enabled
            elif factor == SMS:
                user.sms_mfa_enabled = enabled
            else:
                user.email_mfa_enabled = enabled
            if preferred:
                user.preferred_mfa_setting = factor
            elif (preferred is False or not enabled) and user.preferred_mfa_setting == factor:
                user.preferred_mfa_setting = ""

    def totp_secret(self, sub: str) -> str | None:
        with self._pool() as pool:
            user = pool.users.get(sub)
            return getattr(user, "local_totp_secret", None)

    def set_totp_secret(self, sub: str, secret: str) -> None:
        with self._pool() as pool:
            pool.users[sub].local_totp_secret = secret

    # --- threat protection's record of sign-ins (AdminListUserAuthEvents reads it: moto_patches) --

    def record_auth_event(self, sub: str, event: dict[str, Any]) -> None:
        with self._pool() as pool:
            user = pool.users.get(sub)
            if user is not None:
                events = getattr(user, "local_auth_events", None) or []
                user.local_auth_events = [event, *events][: moto_patches.AUTH_EVENTS_KEPT]

    # --- passkeys --------------------------------------------------------------------------------

    def passkeys(self, sub: str) -> tuple[Passkey, ...]:
        with self._pool() as pool:
            user = pool.users.get(sub)
            return tuple(getattr(user, "local_passkeys", ())) if user is not None else ()

    def add_passkey(self, sub: str, passkey: Passkey) -> bool:
        """False if the credential is registered already, to this person or anyone else."""
        with self._pool() as pool:
            for user in pool.users.values():
                if any(p.credential_id == passkey.credential_id for p in getattr(user, "local_passkeys", ())):
                    return False
            user = pool.users[sub]
            user.local_passkeys = (*getattr(user, "local_passkeys", ()), passkey)
            return True

    def delete_passkey(self, sub: str, credential_id: bytes) -> bool:
        with self._pool() as pool:
            user = pool.users.get(sub)
            kept = tuple(p for p in getattr(user, "local_passkeys", ()) if p.credential_id != credential_id)
            if user is None or len(kept) == len(getattr(user, "local_passkeys", ())):
                return False
            user.local_passkeys = kept
            return True

    def passkey_used(self, sub: str, credential_id: bytes, sign_count: int, at: float) -> None:
        with self._pool() as pool:
            user = pool.users.get(sub)
            if user is not None:
                user.local_passkeys = tuple(
                    replace(p, sign_count=sign_count, last_used_at=at)
                    if p.credential_id == credential_id
                    else p
                    for p in getattr(user, "local_passkeys", ())
                )

    def set_passkey_mfa(self, sub: str, enabled: bool) -> None:
        with self._pool() as pool:
            pool.users[sub].webauthn_mfa_enabled = enabled

    # --- tokens, in moto's own maps (so moto's sign-outs end them) --------------------------------

    def register_tokens(
        self, sub: str, client_id: str, access: str, id_token: str, refresh: str | None, origin_jti: str
    ) -> None:
        with self._pool() as pool:
            pool.access_tokens[access] = (client_id, sub)
            pool.id_tokens[id_token] = (client_id, sub)
            if refresh is not None:
                pool.refresh_tokens[refresh] = (client_id, sub, origin_jti)

    def refresh_owner(self, refresh: str) -> tuple[str, str, str] | None:
        """(client id, sub, origin jti) of a live refresh token; None once revoked or signed out."""
        with self._pool() as pool:
            owner = pool.refresh_tokens.get(refresh)
            if owner is None or pool.users.get(owner[1]) is None:
                return None
            return (str(owner[0]), str(owner[1]), str(owner[2]))

    def access_owner(self, access: str) -> tuple[str, str] | None:
        """(client id, sub) of a live access token: not revoked, its user still there."""
        with self._pool() as pool:
            owner = pool.access_tokens.get(access)
            if owner is None or pool.users.get(owner[1]) is None:
                return None
            return (str(owner[0]), str(owner[1]))

    def revoke_sign_in(self, origin_jti: str) -> None:
        """Every refresh token and access token of one sign-in (they share its origin jti)."""
        import jwt  # noqa: PLC0415

        with self._pool() as pool:
            for token, owner in list(pool.refresh_tokens.items()):
                if owner is not None and owner[2] == origin_jti:
                    pool.refresh_tokens[token] = None
            for token in list(pool.access_tokens):
                if jwt.decode(token, options={"verify_signature": False}).get("origin_jti") == origin_jti:
                    pool.access_tokens.pop(token)

    def sign_out(self, sub: str) -> None:
        with self._pool() as pool:
            pool.sign_out(sub)

    # --- configuration, as provisioned from the stack's constants -------------------------------

    def pool_config(self) -> dict[str, Any]:
        with self._pool() as pool:
            return dict(pool.extended_config) | {
                "MfaConfiguration": pool.mfa_config,
                "WebAuthnConfiguration": dict(getattr(pool, "web_authn_config", None) or {}),
                "Factors": tuple(
                    factor
                    for factor, on in (
                        (TOTP, (pool.token_mfa_config or {}).get("Enabled")),
                        (SMS, pool.sms_mfa_config),
                        (EMAIL, getattr(pool, "email_mfa_config", None) is not None),
                    )
                    if on
                ),
                "Required": tuple(
                    name for name, a in pool.schema_attributes.items() if a.to_json().get("Required")
                ),
            }

    def client_config(self, client_id: str) -> dict[str, Any] | None:
        with self._pool() as pool:
            client = pool.clients.get(client_id)
            return None if client is None else dict(client.extended_config)


@dataclass(frozen=True, slots=True)
class Passkey:
    """One registered WebAuthn credential, as Cognito keeps it for ListWebAuthnCredentials and sign-in."""

    credential_id: bytes
    public_key: bytes  # COSE, as the authenticator gave it
    sign_count: int
    relying_party_id: str
    friendly_name: str
    attachment: str | None  # "platform" or "cross-platform", as the browser said
    transports: tuple[str, ...]
    created_at: float
    client_id: str  # the app client that registered it
    last_used_at: float | None = None


def _person(user: Any) -> Person:
    attributes = {a["Name"]: a.get("Value", "") for a in user.attributes}
    mfa = tuple(
        factor
        for factor, on in (
            (TOTP, user.software_token_mfa_enabled),
            (SMS, user.sms_mfa_enabled),
            (EMAIL, getattr(user, "email_mfa_enabled", False)),
        )
        if on
    )
    status = getattr(user.status, "value", user.status)
    return Person(
        sub=user.id,
        username=user.username,
        status=str(status),
        enabled=bool(user.enabled),
        attributes=attributes,
        groups=tuple(sorted(g.group_name for g in user.groups)),
        mfa=mfa,
        preferred=user.preferred_mfa_setting or None,
        passkey_mfa=bool(getattr(user, "webauthn_mfa_enabled", False)),
    )
