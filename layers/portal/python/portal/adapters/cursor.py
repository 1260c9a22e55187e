"""Opaque, tamper-evident paging cursors.

A cursor is base64url(JSON) + "." + base64url(HMAC-SHA256) over that JSON with the settings'
cursor key. The JSON holds the position (a DynamoDB LastEvaluatedKey, and for the audit search
the month it had reached) and the scope it belongs to (which partition or index it walks), so a
cursor cannot be edited, forged, or replayed against another centre's list. Anything wrong
with it is the caller's input error, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from typing import Any

from portal.domain.errors import InvalidRequest

MAX_CURSOR_LENGTH = 4096

CursorKey = bytes | Callable[[], bytes]
"""The signing key, or what reads it, called at the first cursor made or checked: a deployed
function's key is a secret, and a request that pages nothing need not read it."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(key: CursorKey, body: bytes) -> bytes:
    return hmac.new(key if isinstance(key, bytes) else key(), body, hashlib.sha256).digest()


def _refuse(why: str) -> InvalidRequest:
    return InvalidRequest("the cursor is not valid for this list", {"cursor": why})


def encode(key: CursorKey, scope: str, position: Mapping[str, Any]) -> str:
    """A cursor for `position` within `scope` (e.g. "members:CENTRE#68101")."""
    body = json.dumps({"s": scope, "p": dict(position)}, separators=(",", ":"), sort_keys=True).encode()
    return f"{_b64(body)}.{_b64(_sign(key, body))}"


def decode(key: CursorKey, scope: str, cursor: str) -> dict[str, Any]:
    """The position in a cursor made by `encode` for the same scope; else InvalidRequest."""
    if not cursor or len(cursor) > MAX_CURSOR_LENGTH or cursor.count(".") != 1:
        raise _refuse("malformed")
    body_text, signature_text = cursor.split(".")
    try:
        body = _unb64(body_text)
        signature = _unb64(signature_text)
    except (binascii.Error, ValueError) as error:
        raise _refuse("malformed") from error
    if not hmac.compare_digest(signature, _sign(key, body)):
        raise _refuse("tampered or not issued by Portal")
    try:
        payload = json.loads(body)
    except ValueError as error:  # signed by us, so only a change of format could get here
        raise _refuse("malformed") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("p"), dict):
        raise _refuse("malformed")
    if payload.get("s") != scope:
        raise _refuse("belongs to another list")
    position: dict[str, Any] = payload["p"]
    return position


def string_key(value: object, names: tuple[str, ...]) -> dict[str, Any]:
    """Check that a decoded LastEvaluatedKey has exactly `names`, each a DynamoDB string."""
    if not isinstance(value, dict) or set(value) != set(names):
        raise _refuse("malformed")
    for name in names:
        attribute = value[name]
        if not isinstance(attribute, dict) or set(attribute) != {"S"} or not isinstance(attribute["S"], str):
            raise _refuse("malformed")
    return value
