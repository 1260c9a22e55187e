"""Tokens the emulated pool would never issue (expired, for another client), signed with its key.

moto signs every pool's tokens with one key that ships in its package; signing with it here is
how a test gets a token that is genuine in every way but the one being tested.
"""

from __future__ import annotations

import time
from typing import Any

import jwt
from moto.utilities.utils import load_resource  # reads moto's packed resources as moto does


def _private_key() -> Any:
    return jwt.PyJWK(load_resource("moto.cognitoidp.models", "resources/jwks-private.json")).key


def forge(claims: dict[str, Any], **changes: Any) -> str:
    payload = {**claims, **changes}
    return jwt.encode(payload, _private_key(), algorithm="RS256", headers={"kid": "dummy"})


def claims_of(token: str) -> dict[str, Any]:
    decoded: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return decoded


def expired(token: str) -> str:
    now = int(time.time())
    return forge(claims_of(token), iat=now - 7200, exp=now - 3600)
