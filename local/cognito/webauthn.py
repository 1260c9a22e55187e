"""Passkeys (WebAuthn) as Cognito runs them: registration, the credential store, and the assertion
that signs a person in with `USER_AUTH` and the `WEB_AUTHN` challenge.

The ceremonies are checked by py_webauthn (`webauthn`, pinned), never by hand: attestation objects,
authenticator data, COSE keys and signatures are all its work. What is Cognito's is around it:

- the relying party is the pool's (`WebAuthnConfiguration.RelyingPartyId`; locally `localhost`), and
  an origin is allowed when its host is that RP ID or under it, over https (http for `localhost`
  only): Cognito knows no ports, so any local port of `localhost` may register and sign in;
- user verification is required when the pool says `UserVerification: required` (Portal's does);
- a registration challenge is used once, by the person and the app client that asked for it,
  within REGISTRATION_VALIDITY; a sign-in challenge is used once, within its sign-in session;
- a credential belongs to one person (its id is unique in the pool, its user handle is theirs);
  a signature counter that goes backwards, a deleted credential, another person's credential, a
  wrong origin or relying party, a replayed assertion: each refused with the error Cognito gives.

The credential store is moto's user object (store.py), so deleting a user deletes their passkeys.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import webauthn
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    decode_credential_public_key,
    parse_attestation_object,
    parse_client_data_json,
)
from webauthn.helpers.cose import COSEAlgorithmIdentifier
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from local.cognito import moto_patches
from local.cognito.context import Context, Payload, PendingRegistration, SignIn
from local.cognito.errors import CognitoError
from local.cognito.store import Passkey, Person

REGISTRATION_VALIDITY = 300  # seconds a StartWebAuthnRegistration challenge may be answered in
REGISTRATION_TIMEOUT_MS = 60_000  # what the options ask the browser to wait (Cognito's example)
MAX_PASSKEYS = 20  # per person; ListWebAuthnCredentials' largest page is 20 too
MULTI_FACTOR = moto_patches.MULTI_FACTOR
ALGORITHMS = (  # what Cognito offers in pubKeyCredParams: ES256, then RS256
    COSEAlgorithmIdentifier.ECDSA_SHA_256,
    COSEAlgorithmIdentifier.RSASSA_PKCS1_v1_5_SHA_256,
)
FRIENDLY_NAMES = {"cross-platform": "Roaming passkey", "platform": "Platform passkey"}
REFUSED = CognitoError("NotAuthorizedException", "Invalid credential or auth state for the user.")


@dataclass(frozen=True, slots=True)
class RelyingParty:
    id: str
    user_verification: bool  # required
    multi_factor: bool  # a passkey with user verification satisfies the pool's MFA


# --- the pool's settings ----------------------------------------------------------------------------


def enabled(pool: Payload) -> bool:
    """Passkeys are a first factor of the pool (Policies.SignInPolicy.AllowedFirstAuthFactors)."""
    factors = ((pool.get("Policies") or {}).get("SignInPolicy") or {}).get("AllowedFirstAuthFactors")
    return "WEB_AUTHN" in (factors or ())


def relying_party(pool: Payload) -> RelyingParty:
    if not enabled(pool):
        raise CognitoError("WebAuthnNotEnabledException", "Passkeys are not enabled for this user pool.")
    config = pool.get("WebAuthnConfiguration") or {}
    if not config.get("RelyingPartyId"):
        raise CognitoError(
            "WebAuthnConfigurationMissingException",
            "The user pool has no relying party id and no user pool domain.",
        )
    return RelyingParty(
        id=str(config["RelyingPartyId"]),
        user_verification=config.get("UserVerification", "required") == "required",
        multi_factor=config.get("FactorConfiguration") == MULTI_FACTOR,
    )


def origin_allowed(origin: str, rp_id: str) -> bool:
    """The origin's host is the RP ID or a subdomain of it; https, or http for localhost."""
    parts = urlsplit(origin)
    host = (parts.hostname or "").lower()
    secure = parts.scheme == "https" or (parts.scheme == "http" and host == "localhost")
    return secure and (host == rp_id or host.endswith("." + rp_id)) and not parts.path.strip("/")


def sign_in_available(ctx: Context, person: Person | None) -> bool:
    """WEB_AUTHN is one of the person's AvailableChallenges: the pool allows passkeys, they have
    one, and, in a pool that requires MFA, passkeys satisfy it and their passkey MFA is on."""
    pool = ctx.pool()
    if person is None or not enabled(pool) or not ctx.store.passkeys(person.sub):
        return False
    config = pool.get("WebAuthnConfiguration") or {}
    if pool["MfaConfiguration"] != "ON":
        return True
    return config.get("FactorConfiguration") == MULTI_FACTOR and person.passkey_mfa


# --- registration ---------------------------------------------------------------------------------


def start_web_authn_registration(ctx: Context, body: Payload) -> Payload:
    client_id, person, _ = ctx.caller(body)
    rp = relying_party(ctx.pool())
    challenge = secrets.token_bytes(32)
    _forget_expired(ctx)
    ctx.pending_registrations[challenge] = PendingRegistration(
        person.sub, client_id, ctx.clock() + REGISTRATION_VALIDITY
    )
    options = webauthn.generate_registration_options(
        rp_id=rp.id,
        rp_name=rp.id,
        user_id=person.sub.encode(),
        user_name=person.email,
        user_display_name=person.email,
        challenge=challenge,
        timeout=REGISTRATION_TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            require_resident_key=True,
            user_verification=_requirement(rp),
        ),
        exclude_credentials=_descriptors(ctx.store.passkeys(person.sub)),
        supported_pub_key_algs=list(ALGORITHMS),
    )
    creation: Payload = json.loads(webauthn.options_to_json(options))
    creation.pop("attestation", None)  # Cognito's options leave it to the default, "none"
    return {"CredentialCreationOptions": creation}


def complete_web_authn_registration(ctx: Context, body: Payload) -> Payload:
    client_id, person, _ = ctx.caller(body)
    rp = relying_party(ctx.pool())
    credential = body.get("Credential")
    if not isinstance(credential, dict):
        raise _invalid("Credential must be a RegistrationResponseJSON object")
    response = credential.get("response") or {}
    client_data = _client_data(response)
    pending = ctx.pending_registrations.pop(client_data.challenge, None)  # a challenge is used once
    if pending is None or pending.sub != person.sub or ctx.clock() > pending.expires_at:
        raise CognitoError("WebAuthnChallengeNotFoundException", "The registration challenge was not found.")
    if pending.client_id != client_id:
        raise CognitoError("WebAuthnClientMismatchException", "The access token is another app client's.")
    if not origin_allowed(client_data.origin, rp.id):
        raise CognitoError(
            "WebAuthnOriginNotAllowedException", "The origin does not match the relying party id."
        )
    _check_authenticator(response, rp)
    try:
        verified = webauthn.verify_registration_response(
            credential=credential,
            expected_challenge=client_data.challenge,
            expected_rp_id=rp.id,
            expected_origin=client_data.origin,
            require_user_verification=rp.user_verification,
            supported_pub_key_algs=list(ALGORITHMS),
        )
    except WebAuthnException as error:
        raise _invalid(f"The credential could not be verified: {error}") from error
    if len(ctx.store.passkeys(person.sub)) >= MAX_PASSKEYS:
        raise CognitoError("LimitExceededException", f"A user may register at most {MAX_PASSKEYS} passkeys.")
    attachment = credential.get("authenticatorAttachment")
    transports = response.get("transports") or []
    passkey = Passkey(
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        relying_party_id=rp.id,
        friendly_name=FRIENDLY_NAMES.get(str(attachment), "Passkey"),
        attachment=str(attachment) if attachment in FRIENDLY_NAMES else None,
        transports=tuple(str(t) for t in transports if isinstance(t, str)),
        created_at=ctx.clock(),
        client_id=client_id,
    )
    if not ctx.store.add_passkey(person.sub, passkey):
        raise _invalid("The credential is already registered")
    ctx.triggers.api_call("CompleteWebAuthnRegistration", person)  # what CloudTrail records (signals.py)
    return {}


def list_web_authn_credentials(ctx: Context, body: Payload) -> Payload:
    _, person, _ = ctx.caller(body)
    size = int(body.get("MaxResults") or MAX_PASSKEYS)
    if not 1 <= size <= MAX_PASSKEYS:
        raise _invalid(f"MaxResults must be between 0 and {MAX_PASSKEYS}")
    passkeys = sorted(ctx.store.passkeys(person.sub), key=lambda p: p.created_at)
    start = _page_start(body.get("NextToken"), len(passkeys))
    page = passkeys[start : start + size]
    answer: Payload = {"Credentials": [_description(p) for p in page]}
    if start + size < len(passkeys):
        answer["NextToken"] = base64.urlsafe_b64encode(str(start + size).encode()).decode()
    return answer


def delete_web_authn_credential(ctx: Context, body: Payload) -> Payload:
    _, person, _ = ctx.caller(body)
    try:
        credential_id = base64url_to_bytes(str(body.get("CredentialId", "")))
    except (ValueError, binascii.Error):
        credential_id = b""
    if not credential_id or not ctx.store.delete_passkey(person.sub, credential_id):
        raise CognitoError("ResourceNotFoundException", "The passkey credential was not found.")
    ctx.triggers.api_call("DeleteWebAuthnCredential", person)
    return {}


# --- sign-in --------------------------------------------------------------------------------------


def request_options(ctx: Context, sign_in: SignIn, person: Person) -> str:
    """CREDENTIAL_REQUEST_OPTIONS for a WEB_AUTHN challenge (a JSON string); the challenge is kept on
    the sign-in, which its session holds, so it expires with the session and is answered once."""
    rp = relying_party(ctx.pool())
    sign_in.webauthn_challenge = secrets.token_bytes(32)
    options = webauthn.generate_authentication_options(
        rp_id=rp.id,
        challenge=sign_in.webauthn_challenge,
        timeout=int((sign_in.expires_at - ctx.clock()) * 1000),
        allow_credentials=_descriptors(ctx.store.passkeys(person.sub)),
        user_verification=_requirement(rp),
    )
    return webauthn.options_to_json(options)


def verify_sign_in(ctx: Context, sign_in: SignIn, person: Person, answer: str) -> None:
    """Check the assertion (AuthenticationResponseJSON) against the sign-in's challenge and one of
    the person's own passkeys; record its counter. REFUSED when anything is wrong."""
    rp = relying_party(ctx.pool())
    challenge, sign_in.webauthn_challenge = sign_in.webauthn_challenge, None
    try:
        credential = json.loads(answer)
    except ValueError as error:
        raise _invalid("CREDENTIAL must be an AuthenticationResponseJSON string") from error
    if not isinstance(credential, dict) or challenge is None:
        raise REFUSED
    response = credential.get("response") or {}
    try:
        credential_id = base64url_to_bytes(str(credential.get("rawId") or credential.get("id") or ""))
        handle = response.get("userHandle")
        owner_matches = handle is None or base64url_to_bytes(str(handle)) == person.sub.encode()
        client_data = _client_data(response)
    except (ValueError, binascii.Error, CognitoError) as error:
        raise REFUSED from error
    passkey = next((p for p in ctx.store.passkeys(person.sub) if p.credential_id == credential_id), None)
    if passkey is None or not owner_matches or not origin_allowed(client_data.origin, rp.id):
        raise REFUSED
    try:
        verified = webauthn.verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp.id,
            expected_origin=client_data.origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=rp.user_verification,
        )
    except WebAuthnException as error:  # signature, counter, RP ID hash, user verification, challenge
        raise REFUSED from error
    ctx.store.passkey_used(person.sub, passkey.credential_id, verified.new_sign_count, ctx.clock())


# --- helpers --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ClientData:
    challenge: bytes
    origin: str


def _client_data(response: Any) -> _ClientData:
    if not isinstance(response, dict):
        raise _invalid("response must be an object")
    try:
        parsed = parse_client_data_json(base64url_to_bytes(str(response.get("clientDataJSON", ""))))
    except (ValueError, binascii.Error, WebAuthnException) as error:
        raise _invalid("clientDataJSON is not valid") from error
    return _ClientData(parsed.challenge, parsed.origin)


def _check_authenticator(response: Payload, rp: RelyingParty) -> None:
    """The relying party, user verification and algorithm, each refused with its own error."""
    try:
        attestation = parse_attestation_object(base64url_to_bytes(str(response.get("attestationObject", ""))))
    except (ValueError, binascii.Error, WebAuthnException) as error:
        raise _invalid("attestationObject is not valid") from error
    data = attestation.auth_data
    if data.rp_id_hash != hashlib.sha256(rp.id.encode()).digest():
        raise CognitoError(
            "WebAuthnRelyingPartyMismatchException", "The credential is for another relying party."
        )
    if rp.user_verification and not data.flags.uv:
        raise CognitoError(
            "WebAuthnCredentialNotSupportedException", "The authenticator did not verify the user."
        )
    attested = data.attested_credential_data
    if attested is None:
        raise _invalid("attestationObject has no credential")
    try:
        algorithm = decode_credential_public_key(attested.credential_public_key).alg
    except WebAuthnException as error:
        raise CognitoError("WebAuthnCredentialNotSupportedException", "Unsupported public key.") from error
    if algorithm not in ALGORITHMS:
        raise CognitoError("WebAuthnCredentialNotSupportedException", "Unsupported public key algorithm.")


def _requirement(rp: RelyingParty) -> UserVerificationRequirement:
    required = rp.user_verification
    return UserVerificationRequirement.REQUIRED if required else UserVerificationRequirement.PREFERRED


def _descriptors(passkeys: tuple[Passkey, ...]) -> list[PublicKeyCredentialDescriptor]:
    known = {t.value for t in AuthenticatorTransport}
    return [
        PublicKeyCredentialDescriptor(
            id=p.credential_id,
            transports=[AuthenticatorTransport(t) for t in p.transports if t in known] or None,
        )
        for p in passkeys
    ]


def _description(passkey: Passkey) -> Payload:
    """WebAuthnCredentialDescription."""
    described: Payload = {
        "CredentialId": bytes_to_base64url(passkey.credential_id),
        "FriendlyCredentialName": passkey.friendly_name,
        "RelyingPartyId": passkey.relying_party_id,
        "AuthenticatorTransports": list(passkey.transports),
        "CreatedAt": passkey.created_at,
    }
    if passkey.attachment:
        described["AuthenticatorAttachment"] = passkey.attachment
    return described


def _page_start(token: Any, total: int) -> int:
    if token is None:
        return 0
    try:
        start = int(base64.urlsafe_b64decode(str(token).encode()).decode())
    except (ValueError, binascii.Error) as error:
        raise _invalid("NextToken is not valid") from error
    if not 0 < start <= total:
        raise _invalid("NextToken is not valid")
    return start


def _forget_expired(ctx: Context) -> None:
    now = ctx.clock()
    for challenge, pending in list(ctx.pending_registrations.items()):
        if now > pending.expires_at:
            ctx.pending_registrations.pop(challenge, None)


def _invalid(message: str) -> CognitoError:
    return CognitoError("InvalidParameterException", message)
