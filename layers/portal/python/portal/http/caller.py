"""Who is calling: the Cognito authorizer's claims, as API Gateway passes them to the function.

API Gateway's Cognito authorizer checks a token's signature, issuer, expiry and scope, but not
which app client it was issued to: any app client of the pool would pass. So the function checks
`client_id` against the app clients that are Portal's own (a setting) and `token_use`, and refuses
anything else as unauthenticated (api.md, Calling it).

Read besides: `sub`, `auth_time` (for the changes that need a recent sign-in) and
`cognito:groups`, which is only a claim: whether the caller is in the helpdesk is decided from
Cognito at each request (service/actors.py), as is everything else from stored data.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import UTC, datetime
from typing import Any

from portal.constants import HELPDESK_GROUP
from portal.domain.model import Caller

SUB = re.compile(r"^[A-Za-z0-9-]{1,128}$")
GROUP_SEPARATORS = re.compile(r"[,\s]+")
EPOCH = re.compile(r"^\d{1,12}(\.\d+)?$")
WRITTEN_OUT = "%a %b %d %H:%M:%S UTC %Y"


class Unauthenticated(Exception):
    """No usable identity on the request: the authorizer passed no claims, or no `sub`."""


def groups(value: object) -> frozenset[str]:
    """`cognito:groups` in every form it arrives in.

    API Gateway's REST Cognito authorizer flattens the list to a string: `"helpdesk"`,
    `"[helpdesk, other]"` or `"helpdesk,other"`; a JSON list string or a real list (the local
    gateway, HTTP APIs) is read too. Group names cannot contain spaces or commas.
    """
    if isinstance(value, list | tuple):
        items = [str(item) for item in value]
    elif isinstance(value, str):
        text = value.strip()
        if text.startswith("[") and text.endswith("]"):
            text = text[1:-1]
        items = GROUP_SEPARATORS.split(text)
    else:
        return frozenset()
    return frozenset(clean for item in items if (clean := item.strip().strip("\"'")))


def _member(parent: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = parent.get(key)
    return value if isinstance(value, Mapping) else {}


def claims_of(event: Mapping[str, Any]) -> Mapping[str, Any]:
    """`requestContext.authorizer.claims`, or nothing (public route, or no authorizer)."""
    return _member(_member(_member(event, "requestContext"), "authorizer"), "claims")


def instant(value: object) -> datetime | None:
    """A time claim as API Gateway passes it: seconds since the epoch, as a number or its digits
    (`auth_time`), or written out as `Tue Jul 16 13:48:45 UTC 2019` (`exp`, `iat`); else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds: float = value
    elif isinstance(value, str) and EPOCH.match(value.strip()):
        seconds = float(value.strip())
    elif isinstance(value, str):
        try:
            return datetime.strptime(value.strip(), WRITTEN_OUT).replace(tzinfo=UTC)
        except ValueError:
            return None
    else:
        return None
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def caller_from(event: Mapping[str, Any], clients: Collection[str] | None = None) -> Caller:
    """The caller of an API Gateway REST proxy event; raises Unauthenticated without a `sub`, and,
    when `clients` is given, for a token that is not an access token of one of those app clients."""
    context = _member(event, "requestContext")
    claims = claims_of(event)
    sub = claims.get("sub")
    if not isinstance(sub, str) or not SUB.match(sub):
        raise Unauthenticated("the request carries no valid access token")
    if clients is not None and (
        claims.get("token_use") != "access" or claims.get("client_id") not in clients
    ):
        raise Unauthenticated("the token was not issued to Portal")
    request_id = context.get("requestId")
    return Caller(
        user_id=sub,
        helpdesk_claim=HELPDESK_GROUP in groups(claims.get("cognito:groups")),
        request_id=request_id if isinstance(request_id, str) else None,
        auth_time=instant(claims.get("auth_time")),
    )
