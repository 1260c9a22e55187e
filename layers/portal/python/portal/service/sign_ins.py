"""Sign-in history: a person's own recent sign-ins, and any person's for the helpdesk.

Cognito's threat protection records every sign-in attempt (AdminListUserAuthEvents); this is the
one read path that asks Cognito, since Portal keeps no copy. What is shown says when, whether it
succeeded, how (password or passkey), Cognito's risk level and whether the device was new; never
the address or place Cognito also records (docs/rules.md, "Sign-in history").
"""

from __future__ import annotations

from portal.domain import policy
from portal.domain.errors import Forbidden, NotFound
from portal.domain.model import Caller, SignInEvent
from portal.service.actors import load
from portal.service.deps import Deps
from portal.service.ports import Lookup, Page, PageRequest


def _scope(user_id: str) -> str:
    return f"sign-ins:{user_id}"


def my_sign_ins(deps: Deps, caller: Caller, page: PageRequest) -> Page[SignInEvent]:
    """Before a first sign-in made a profile there is nothing to show (and no address to ask by)."""
    actor, found = load(deps, caller)
    if actor.disabled:
        raise Forbidden("this account is disabled")
    person = found.person(caller.user_id)
    if person is None or person.closing is not None:
        return Page([])
    return deps.directory.sign_ins(person.email, page, _scope(caller.user_id))


def sign_ins_of(deps: Deps, caller: Caller, user_id: str, page: PageRequest) -> Page[SignInEvent]:
    """The helpdesk's view of any person it can find."""
    actor, found = load(deps, caller, None, Lookup(people=(user_id,)))
    policy.require_helpdesk(actor)
    person = found.person(user_id)
    if person is None or person.closing is not None:
        raise NotFound("no such person")
    return deps.directory.sign_ins(person.email, page, _scope(user_id))
