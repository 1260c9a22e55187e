"""Managing a centre's members: the EO's and Admins' use cases (and the helpdesk's, at any centre)."""

from __future__ import annotations

from portal.domain import catalogue, policy
from portal.domain.errors import NotFound, NotPending
from portal.domain.model import AccountType, Caller, Membership, Permission
from portal.domain.policy import Actor
from portal.service import lookups, notify, trail
from portal.service.actors import load_actor
from portal.service.deps import Deps
from portal.service.invitations import Invitation, invite_person, send_invitation
from portal.service.ports import EmailKind, MemberFilter, Page, PageRequest
from portal.service.undo import compensate
from portal.service.views import MemberView


def _manager(deps: Deps, caller: Caller, centre_id: str) -> Actor:
    """Authorise before anything else is read, so a stranger learns nothing about the centre."""
    actor = load_actor(deps, caller, centre_id)
    policy.require_manager(actor)
    return actor


def list_members(
    deps: Deps, caller: Caller, centre_id: str, where: MemberFilter, page: PageRequest
) -> Page[MemberView]:
    _manager(deps, caller, centre_id)
    lookups.centre(deps, centre_id)
    now = deps.clock.now()
    found = deps.store.list_members(centre_id, page, where, now)
    return Page([MemberView.of(m, now) for m in found.items], found.next_cursor)


def get_member(deps: Deps, caller: Caller, centre_id: str, user_id: str) -> MemberView:
    _manager(deps, caller, centre_id)
    return MemberView.of(lookups.member(deps, centre_id, user_id), deps.clock.now())


def invite(deps: Deps, caller: Caller, centre_id: str, invitation: Invitation) -> MemberView:
    actor = load_actor(deps, caller, centre_id)
    policy.authorise_invite(actor, invitation.account_type)
    centre = lookups.centre(deps, centre_id)
    membership, _person, new = invite_person(deps, caller, centre, invitation)
    trail.record(
        deps,
        caller,
        "member.invited" if new else "member.added",
        centre_id=centre_id,
        target_id=membership.user_id,
        target_email=membership.email,
        after=trail.membership_facts(membership),
    )
    return MemberView.of(membership, deps.clock.now())


def change_access(
    deps: Deps,
    caller: Caller,
    centre_id: str,
    user_id: str,
    account_type: AccountType | None,
    permissions: frozenset[Permission] | None,
) -> MemberView:
    """Move between Admin and User and/or replace a User's permissions; takes effect at once."""
    actor = _manager(deps, caller, centre_id)
    target = lookups.member(deps, centre_id, user_id)
    policy.authorise_change(actor, target, account_type)
    new_type = account_type or target.account_type
    if permissions is None and new_type is target.account_type:
        new_permissions = target.permissions
    else:
        new_permissions = catalogue.permissions_for(new_type, permissions)
    if new_type is target.account_type and new_permissions == target.permissions:
        return MemberView.of(target, deps.clock.now())
    updated = deps.store.change_access(target, new_type, new_permissions)
    person = deps.store.get_person(user_id)
    if person is not None:
        try:
            notify.send(
                deps,
                person,
                EmailKind.ACCESS_CHANGED,
                centre_name=lookups.centre(deps, centre_id).name,
                centre_id=centre_id,
                account_type=new_type.value,
                permissions=", ".join(sorted(p.value for p in new_permissions)),
            )
        except Exception:
            compensate(lambda: deps.store.change_access(updated, target.account_type, target.permissions))
            raise
    trail.record(
        deps,
        caller,
        "member.access_changed",
        centre_id=centre_id,
        target_id=user_id,
        target_email=target.email,
        before=trail.membership_facts(target),
        after=trail.membership_facts(updated),
    )
    return MemberView.of(updated, deps.clock.now())


def delete_member(deps: Deps, caller: Caller, centre_id: str, user_id: str) -> None:
    """Access ends at once; the person's last membership takes their Cognito user with it."""
    actor = _manager(deps, caller, centre_id)
    target = lookups.member(deps, centre_id, user_id)
    policy.authorise_delete(actor, target)
    _remove(deps, caller, target, notify_person=True, action="member.deleted")


def withdraw_invitation(deps: Deps, caller: Caller, centre_id: str, user_id: str) -> None:
    """A pending invitation only; with it, the temporary password stops working (if last)."""
    actor = _manager(deps, caller, centre_id)
    target = lookups.member(deps, centre_id, user_id)
    policy.authorise_invitation(actor, target)
    if target.accepted:
        raise NotPending("the invitation has already been accepted")
    _remove(deps, caller, target, notify_person=False, action="invitation.withdrawn")


def _remove(deps: Deps, caller: Caller, target: Membership, notify_person: bool, action: str) -> None:
    others = [m for m in deps.store.memberships_of(target.user_id) if m.centre_id != target.centre_id]
    person = deps.store.get_person(target.user_id)
    last = person if not others else None
    deps.store.remove_membership(target, last)
    try:
        if notify_person and person is not None:
            centre = deps.store.get_centre(target.centre_id)
            notify.send(
                deps,
                person,
                EmailKind.ACCOUNT_REMOVED,
                centre_name=centre.name if centre else target.centre_id,
                centre_id=target.centre_id,
            )
        if last is not None:
            deps.directory.delete_user(last.email)
    except Exception:
        compensate(lambda: deps.store.restore_membership(target, last))
        raise
    trail.record(
        deps,
        caller,
        action,
        centre_id=target.centre_id,
        target_id=target.user_id,
        target_email=target.email,
        before=trail.membership_facts(target),
        after={"account_deleted": last is not None},
    )


def resend_invitation(deps: Deps, caller: Caller, centre_id: str, user_id: str) -> MemberView:
    """A new temporary password and 60 more days, for every pending membership the person has.

    Cognito cannot give back a replaced temporary password: if the email then fails, the dates
    are restored and the error reported, and a retry sends a fresh password.
    """
    actor = _manager(deps, caller, centre_id)
    target = lookups.member(deps, centre_id, user_id)
    policy.authorise_invitation(actor, target)
    if target.accepted:
        raise NotPending("the invitation has already been accepted")
    person = deps.store.get_person(user_id)
    if person is None:
        raise NotFound(lookups.NO_SUCH_MEMBER)
    centre = lookups.centre(deps, centre_id)
    now = deps.clock.now()
    before = deps.store.refresh_invitations(user_id, now, caller.user_id)
    password = deps.new_password()
    try:
        deps.directory.set_temporary_password(person.email, password)
        inviter = notify.inviter_name(deps, caller.user_id)
        send_invitation(deps, person, centre, password, now, inviter, EmailKind.NEW_INVITATION)
    except Exception:
        compensate(lambda: deps.store.restore_invitations(before))
        raise
    trail.record(
        deps,
        caller,
        "invitation.resent",
        centre_id=centre_id,
        target_id=user_id,
        target_email=person.email,
        before=trail.membership_facts(target),
    )
    return MemberView.of(lookups.member(deps, centre_id, user_id), now)
