"""Tokens the emulated pool would never issue (expired, for another client), signed with its key.

moto signs every pool's tokens with one key that ships in its package; signing with it here is
how a test gets a token that is genuine in every way but the one being tested.
"""

from __future__ import annotations

import json
import time
from importlib import resources
from typing import Any

import jwt


def _private_key() -> Any:
    text = resources.files("moto.cognitoidp").joinpath("resources/jwks-private.json").read_text()
    return jwt.PyJWK(json.loads(text)).key


def forge(claims: dict[str, Any], **changes: Any) -> str:
    payload = {**claims, **changes}
    return jwt.encode(payload, _private_key(), algorithm="RS256", headers={"kid": "dummy"})


def claims_of(token: str) -> dict[str, Any]:
    decoded: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return decoded


def expired(token: str) -> str:
    now = int(time.time())
    return forge(claims_of(token), iat=now - 7200, exp=now - 3600)
