"""Who is calling, as stored now: decided on every request, never from cached token claims."""

from __future__ import annotations

from portal.domain.model import Caller
from portal.domain.policy import Actor
from portal.service.deps import Deps
from portal.service.ports import NOTHING, Found, Lookup


def load(
    deps: Deps, caller: Caller, centre_id: str | None = None, also: Lookup = NOTHING
) -> tuple[Actor, Found]:
    """One read: the caller's person record (disabled?) and membership at `centre_id`, and with
    them whatever else the use case needs (`also`), in the same BatchGetItem.

    Nothing read is shown or acted on before the policy has judged the actor. Whether the caller
    is in the helpdesk is asked of Cognito now (AdminListGroupsForUser), never taken from the
    token: a person removed from the group is refused at their next request. Only a token that
    claims the group is asked about (the claim can only narrow: someone added to the group since
    their token was issued signs in again first); a disabled helpdesk person is refused like
    anyone else.
    """
    mine = ((centre_id, caller.user_id),) if centre_id is not None else ()
    found = deps.store.read(
        Lookup(
            people=(caller.user_id, *also.people),
            members=(*mine, *also.members),
            centres=also.centres,
            series=also.series,
            emails=also.emails,
        )
    )
    person = found.person(caller.user_id)
    disabled = bool(person and person.disabled)
    actor = Actor(
        user_id=caller.user_id,
        helpdesk=caller.helpdesk_claim and not disabled and deps.directory.is_helpdesk(caller.user_id),
        disabled=disabled,
        membership=found.member(centre_id, caller.user_id),
    )
    return actor, found


def load_actor(deps: Deps, caller: Caller, centre_id: str | None = None) -> Actor:
    return load(deps, caller, centre_id)[0]
