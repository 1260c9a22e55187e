"""Reads that a use case cannot go on without: a missing centre or member is NotFound."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.domain.errors import NotFound

if TYPE_CHECKING:
    from portal.domain.model import Centre, Membership
    from portal.service.deps import Deps

NO_SUCH_MEMBER = "no such member at this centre"


def centre(deps: Deps, centre_id: str) -> Centre:
    found = deps.store.get_centre(centre_id)
    if found is None:
        raise NotFound("no such centre")
    return found


def member(deps: Deps, centre_id: str, user_id: str) -> Membership:
    found = deps.store.get_membership(centre_id, user_id)
    if found is None:
        raise NotFound(NO_SUCH_MEMBER)
    return found
