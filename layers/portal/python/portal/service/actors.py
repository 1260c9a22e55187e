"""Who is calling, as stored now: decided on every request, never from cached token claims."""

from __future__ import annotations

from portal.domain.model import Caller
from portal.domain.policy import Actor
from portal.service.deps import Deps


def load_actor(deps: Deps, caller: Caller, centre_id: str | None = None) -> Actor:
    """One read: the caller's person record (disabled?) and membership at `centre_id`.

    The helpdesk group comes from the token (api.md allows that one claim), but a disabled
    helpdesk person is refused like anyone else.
    """
    person, membership = deps.store.load_actor(caller.user_id, centre_id)
    return Actor(
        user_id=caller.user_id,
        helpdesk=caller.helpdesk,
        disabled=bool(person and person.disabled),
        membership=membership,
    )
