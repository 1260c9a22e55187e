"""Centres: created by the helpdesk, summarised for their managers, their EO appointed or replaced."""

from __future__ import annotations

from portal.constants import MAX_ADMINS_PER_CENTRE
from portal.domain import policy, validation
from portal.domain.errors import AlreadyMember, Conflict
from portal.domain.model import AccountType, Caller, Centre, MembershipStatus
from portal.service import lookups, trail
from portal.service.actors import load, load_actor
from portal.service.deps import Deps
from portal.service.invitations import Invitation, Replacement, invite_person
from portal.service.ports import Lookup, Page, PageRequest
from portal.service.views import CentreSummary, MemberView


def create_centre(deps: Deps, caller: Caller, centre_id: str, name: str) -> Centre:
    policy.require_helpdesk(load_actor(deps, caller))
    centre = Centre(centre_id=centre_id, name=name, created_at=deps.clock.now())
    deps.store.create_centre(centre)
    trail.record(deps, caller, "centre.created", centre_id=centre_id, after={"name": name})
    return centre


def list_centres(deps: Deps, caller: Caller, page: PageRequest) -> Page[Centre]:
    policy.require_helpdesk(load_actor(deps, caller))
    return deps.store.list_centres(page)


def summarise(deps: Deps, caller: Caller, centre_id: str) -> CentreSummary:
    """From the centre's counters (kept by every membership transaction), plus one bounded read
    of pending invitations past their 60 days, only when the centre has pending invitations."""
    actor, found = load(deps, caller, centre_id, Lookup(centres=(centre_id,)))
    policy.require_manager(actor)
    centre = lookups.centre(found, centre_id)
    expired = dict.fromkeys(AccountType, 0)
    if any(centre.pending.values()):
        expired = deps.store.expired_invitations(centre_id, deps.clock.now())
    counts: dict[AccountType, dict[MembershipStatus, int]] = {}
    for t in AccountType:
        pending = max(0, centre.pending.get(t, 0))
        late = min(pending, expired.get(t, 0))  # the index may lag a moment behind the counters
        counts[t] = {
            MembershipStatus.INVITED: pending - late,
            MembershipStatus.EXPIRED: late,
            MembershipStatus.ACTIVE: max(0, centre.accepted.get(t, 0)),
        }
    return CentreSummary(
        centre_id=centre.centre_id,
        name=centre.name,
        counts=counts,
        admin_places_left=max(0, MAX_ADMINS_PER_CENTRE - centre.admins),
    )


def appoint_exams_officer(
    deps: Deps, caller: Caller, centre_id: str, invitation: Invitation
) -> tuple[MemberView, bool]:
    """Invite the centre's EO or, in one step, replace the current one (change of personnel).

    Returns the new EO and whether someone was replaced. The previous EO's membership ends in
    the same transaction that adds the new one; if it was their last, their account goes too.
    The centre item names its EO, so finding them reads one item, however large the centre.
    """
    email = validation.normalise_email(invitation.email)
    actor, found = load(deps, caller, None, Lookup(centres=(centre_id,), emails=(email,)))
    policy.require_helpdesk(actor)
    centre = lookups.centre(found, centre_id)
    eo_invitation = Invitation(
        email=email,
        account_type=AccountType.EXAMS_OFFICER,
        given_name=invitation.given_name,
        family_name=invitation.family_name,
        title=invitation.title,
    )
    current_id, owner = centre.exams_officer_id, found.owner(email)
    if current_id is not None and owner == current_id:
        raise AlreadyMember("that person is already this centre's Exams Officer")
    replacing = None
    wanted = tuple(u for u in (current_id, owner) if u)
    if wanted:
        members = ((centre_id, current_id),) if current_id else ()
        found = found.merged(deps.store.read(Lookup(people=wanted, members=members)))
    if current_id is not None:
        current = found.member(centre_id, current_id)
        if current is None:
            raise Conflict("the centre's Exams Officer changed at the same moment; please retry")
        replacing = Replacement(current, found.person(current_id))
    added = invite_person(deps, caller, centre, eo_invitation, found, replacing)
    current_membership = replacing.membership if replacing else None
    trail.record(
        deps,
        caller,
        "exams_officer.replaced" if replacing else ("member.invited" if added.new else "member.added"),
        centre_id=centre_id,
        target_id=added.membership.user_id,
        target_email=added.membership.email,
        before=(
            {**(trail.membership_facts(current_membership) or {}), "user_id": current_membership.user_id}
            if current_membership
            else None
        ),
        after=trail.membership_facts(added.membership),
    )
    return MemberView.of(added.membership, deps.clock.now()), replacing is not None
