"""A software passkey authenticator, as a browser and its platform authenticator answer WebAuthn:
`create()` for StartWebAuthnRegistration's options (RegistrationResponseJSON), `get()` for
CREDENTIAL_REQUEST_OPTIONS (AuthenticationResponseJSON, as the string Cognito takes).

The CBOR, COSE and binary layouts are fido2's (`fido2.webauthn`, `fido2.cose`), the keys and
signatures the `cryptography` package's. What a test may get wrong on purpose is a parameter: the
origin, the relying party, user verification, the counter, the key algorithm.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from fido2.cose import ES256, CoseKey, EdDSA
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import AttestationObject, AttestedCredentialData, AuthenticatorData, CollectedClientData

FLAG = AuthenticatorData.FLAG
AAGUID = bytes(16)  # "none" attestation: no model is claimed


@dataclass
class Credential:
    """One passkey the authenticator holds: its id, key, owner and counter."""

    credential_id: bytes
    key: ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey
    rp_id: str
    user_handle: bytes
    sign_count: int = 0

    @property
    def id(self) -> str:
        return websafe_encode(self.credential_id)

    def cose(self) -> CoseKey:
        if isinstance(self.key, ed25519.Ed25519PrivateKey):
            key: CoseKey = EdDSA.from_cryptography_key(self.key.public_key())
        else:
            key = ES256.from_cryptography_key(self.key.public_key())
        return key

    def sign(self, data: bytes) -> bytes:
        if isinstance(self.key, ed25519.Ed25519PrivateKey):
            return self.key.sign(data)
        return self.key.sign(data, ec.ECDSA(hashes.SHA256()))


@dataclass
class Authenticator:
    """A platform authenticator (internal transport, resident keys, user verification) in a
    browser at `origin`."""

    origin: str = "http://localhost:8000"
    verifies_user: bool = True
    attachment: str = "platform"
    credentials: list[Credential] = field(default_factory=list)

    def create(
        self,
        options: dict[str, Any],
        *,
        origin: str | None = None,
        rp_id: str | None = None,
        ed25519_key: bool = False,
        credential_id: bytes | None = None,
    ) -> dict[str, Any]:
        """navigator.credentials.create() for CredentialCreationOptions, serialised as Amplify does
        (`credential_id`: reuse an id, as a cloned authenticator would)."""
        rp = rp_id or options["rp"]["id"]
        key: ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey = (
            ed25519.Ed25519PrivateKey.generate() if ed25519_key else ec.generate_private_key(ec.SECP256R1())
        )
        credential_id = credential_id or secrets.token_bytes(32)
        credential = Credential(credential_id, key, rp, websafe_decode(options["user"]["id"]))
        client_data = CollectedClientData.create(
            "webauthn.create", websafe_decode(options["challenge"]), origin or self.origin
        )
        auth_data = AuthenticatorData.create(
            hashlib.sha256(rp.encode()).digest(),
            self._flags() | FLAG.AT,
            0,
            AttestedCredentialData.create(AAGUID, credential.credential_id, credential.cose()),
        )
        attestation = AttestationObject.create("none", auth_data, {})
        self.credentials.append(credential)
        return self._public_key_credential(
            credential,
            {
                "clientDataJSON": websafe_encode(bytes(client_data)),
                "attestationObject": websafe_encode(bytes(attestation)),
                "transports": ["internal"],
                "publicKeyAlgorithm": credential.cose().ALGORITHM,
                "authenticatorData": websafe_encode(bytes(auth_data)),
            },
        )

    def get(
        self,
        request_options: str | dict[str, Any],
        *,
        credential: Credential | None = None,
        origin: str | None = None,
        rp_id: str | None = None,
        sign_count: int | None = None,
        user_handle: bytes | None = None,
    ) -> str:
        """navigator.credentials.get() for CREDENTIAL_REQUEST_OPTIONS: the AuthenticationResponseJSON
        string Cognito takes as CREDENTIAL. Uses the first allowed credential it holds (or the one given)."""
        options = json.loads(request_options) if isinstance(request_options, str) else request_options
        if credential is None:
            allowed = {c["id"] for c in options.get("allowCredentials") or []}
            credential = next(c for c in self.credentials if c.id in allowed or not allowed)
        credential.sign_count = credential.sign_count + 1 if sign_count is None else sign_count
        client_data = CollectedClientData.create(
            "webauthn.get", websafe_decode(options["challenge"]), origin or self.origin
        )
        auth_data = AuthenticatorData.create(
            hashlib.sha256((rp_id or options["rpId"]).encode()).digest(), self._flags(), credential.sign_count
        )
        signature = credential.sign(bytes(auth_data) + client_data.hash)
        answer = self._public_key_credential(
            credential,
            {
                "clientDataJSON": websafe_encode(bytes(client_data)),
                "authenticatorData": websafe_encode(bytes(auth_data)),
                "signature": websafe_encode(signature),
                "userHandle": websafe_encode(user_handle or credential.user_handle),
            },
        )
        return json.dumps(answer)

    def _public_key_credential(self, credential: Credential, response: dict[str, Any]) -> dict[str, Any]:
        """A PublicKeyCredential as JSON (RegistrationResponseJSON, AuthenticationResponseJSON)."""
        return {
            "id": credential.id,
            "rawId": credential.id,
            "type": "public-key",
            "clientExtensionResults": {},
            "authenticatorAttachment": self.attachment,
            "response": response,
        }

    def _flags(self) -> AuthenticatorData.FLAG:
        return FLAG.UP | FLAG.UV if self.verifies_user else FLAG.UP
