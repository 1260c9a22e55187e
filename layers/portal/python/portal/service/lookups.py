"""What a use case cannot go on without, out of what it read: a missing centre or member is NotFound."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.domain.errors import NotFound

if TYPE_CHECKING:
    from portal.domain.model import Centre, Membership
    from portal.service.ports import Found

NO_SUCH_MEMBER = "no such member at this centre"


def centre(found: Found, centre_id: str) -> Centre:
    got = found.centre(centre_id)
    if got is None:
        raise NotFound("no such centre")
    return got


def member(found: Found, centre_id: str, user_id: str) -> Membership:
    got = found.member(centre_id, user_id)
    if got is None:
        raise NotFound(NO_SUCH_MEMBER)
    return got
