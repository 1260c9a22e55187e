"""Centres: created by the helpdesk, summarised for their managers, their EO appointed or replaced."""

from __future__ import annotations

from collections import Counter

from portal.constants import MAX_ADMINS_PER_CENTRE
from portal.domain import policy
from portal.domain.model import AccountType, Caller, Centre, MembershipStatus
from portal.domain.status import membership_status
from portal.service import lookups, trail
from portal.service.actors import load_actor
from portal.service.deps import Deps
from portal.service.invitations import Invitation, Replacement, invite_person
from portal.service.ports import Page, PageRequest
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
    policy.require_manager(load_actor(deps, caller, centre_id))
    centre = lookups.centre(deps, centre_id)
    now = deps.clock.now()
    tally: Counter[tuple[AccountType, MembershipStatus]] = Counter(
        (m.account_type, membership_status(m.accepted, m.invited_at, now))
        for m in deps.store.all_members(centre_id)
    )
    counts = {t: {s: tally[(t, s)] for s in MembershipStatus} for t in AccountType}
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
    """
    policy.require_helpdesk(load_actor(deps, caller, centre_id))
    centre = lookups.centre(deps, centre_id)
    eo_invitation = Invitation(
        email=invitation.email,
        account_type=AccountType.EXAMS_OFFICER,
        given_name=invitation.given_name,
        family_name=invitation.family_name,
        title=invitation.title,
    )
    current = next(
        (m for m in deps.store.all_members(centre_id) if m.account_type is AccountType.EXAMS_OFFICER), None
    )
    replacing = None
    if current is not None:
        others = [m for m in deps.store.memberships_of(current.user_id) if m.centre_id != centre_id]
        replacing = Replacement(current, None if others else deps.store.get_person(current.user_id))
    membership, _person, new = invite_person(deps, caller, centre, eo_invitation, replacing)
    trail.record(
        deps,
        caller,
        "exams_officer.replaced" if current else ("member.invited" if new else "member.added"),
        centre_id=centre_id,
        target_id=membership.user_id,
        target_email=membership.email,
        before={**(trail.membership_facts(current) or {}), "user_id": current.user_id} if current else None,
        after=trail.membership_facts(membership),
    )
    return MemberView.of(membership, deps.clock.now()), current is not None
