"""Who is calling: the Cognito authorizer's claims, as API Gateway passes them to the function.

Only `sub` and `cognito:groups` are read. Whether the caller may do anything is decided later
from stored data (service.actors); the helpdesk group is the one claim api.md lets us trust.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from portal.constants import HELPDESK_GROUP
from portal.domain.model import Caller

SUB = re.compile(r"^[A-Za-z0-9-]{1,128}$")
GROUP_SEPARATORS = re.compile(r"[,\s]+")


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


def caller_from(event: Mapping[str, Any]) -> Caller:
    """The caller of an API Gateway REST proxy event; raises Unauthenticated without a `sub`."""
    context = _member(event, "requestContext")
    claims = claims_of(event)
    sub = claims.get("sub")
    if not isinstance(sub, str) or not SUB.match(sub):
        raise Unauthenticated("the request carries no valid access token")
    request_id = context.get("requestId")
    return Caller(
        user_id=sub,
        helpdesk=HELPDESK_GROUP in groups(claims.get("cognito:groups")),
        request_id=request_id if isinstance(request_id, str) else None,
    )
