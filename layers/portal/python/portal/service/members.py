"""Managing a centre's members: the EO's and Admins' use cases (and the helpdesk's, at any centre).

Each starts with one read (`actors.load`): the caller's records and what the use case acts on,
together. docs/api.md lists every use case's calls.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from portal.domain import catalogue, policy, validation
from portal.domain.errors import AddressNotInvitable, HelpdeskAccount, NotFound, NotPending
from portal.domain.model import AccountType, Caller, EmailKind, Membership, Permission, Person
from portal.domain.policy import Actor
from portal.service import closing, lookups, notify, trail
from portal.service.actors import load
from portal.service.deps import Deps
from portal.service.invitations import Invitation, invite_person, send_invitation
from portal.service.outcomes import settled
from portal.service.ports import (
    NOTHING,
    Found,
    Lookup,
    MemberFilter,
    Page,
    PageRequest,
    Removal,
)
from portal.service.undo import compensate
from portal.service.views import MemberView


def _manager(deps: Deps, caller: Caller, centre_id: str, also: Lookup = NOTHING) -> tuple[Actor, Found]:
    """Authorise before anything read is used, so a stranger learns nothing about the centre."""
    actor, found = load(deps, caller, centre_id, also)
    policy.require_manager(actor)
    return actor, found


def _with_member(deps: Deps, caller: Caller, centre_id: str, user_id: str) -> tuple[Actor, Found, Membership]:
    actor, found = _manager(
        deps, caller, centre_id, Lookup(members=((centre_id, user_id),), people=(user_id,))
    )
    return actor, found, lookups.member(found, centre_id, user_id)


def list_members(
    deps: Deps, caller: Caller, centre_id: str, where: MemberFilter, page: PageRequest
) -> Page[MemberView]:
    _, found = _manager(deps, caller, centre_id, Lookup(centres=(centre_id,)))
    lookups.centre(found, centre_id)
    now = deps.clock.now()
    listed = deps.store.list_members(centre_id, page, where, now)
    return Page([MemberView.of(m, now) for m in listed.items], listed.next_cursor)


def get_member(deps: Deps, caller: Caller, centre_id: str, user_id: str) -> MemberView:
    _, _, target = _with_member(deps, caller, centre_id, user_id)
    return MemberView.of(target, deps.clock.now())


def invite(deps: Deps, caller: Caller, centre_id: str, invitation: Invitation) -> MemberView:
    """The answer is the centre's new record of its member, made of what the caller sent (see
    docs/rules.md): nothing of the person's profile or use of Portal elsewhere."""
    invitation = replace(invitation, email=validation.normalise_email(invitation.email))
    actor, found = load(deps, caller, centre_id, Lookup(centres=(centre_id,), emails=(invitation.email,)))
    policy.authorise_invite(actor, invitation.account_type)
    centre = lookups.centre(found, centre_id)
    try:
        added = invite_person(deps, caller, centre, invitation, found)
    except HelpdeskAccount:
        if actor.helpdesk:
            raise
        # The helpdesk may know its own; an EO or Admin is told nothing of why, and the attempt
        # is in the centre's log (with nothing there that says why either).
        trail.record(
            deps,
            caller,
            "invitation.refused",
            centre_id=centre_id,
            target_email=invitation.email,
            after={"account_type": invitation.account_type.value},
        )
        raise AddressNotInvitable(
            "that email address cannot be invited to a centre; check it, or ask the helpdesk"
        ) from None
    trail.record(
        deps,
        caller,
        "member.invited" if added.new else "member.added",
        centre_id=centre_id,
        target_id=added.membership.user_id,
        target_email=added.membership.email,
        after=trail.membership_facts(added.membership),
    )
    return MemberView.of(added.membership, deps.clock.now())


def change_access(
    deps: Deps,
    caller: Caller,
    centre_id: str,
    user_id: str,
    account_type: AccountType | None,
    permissions: frozenset[Permission] | None,
) -> MemberView:
    """Move between Admin and User and/or replace a User's permissions; takes effect at once."""
    actor, found, target = _with_member(deps, caller, centre_id, user_id)
    policy.authorise_change(actor, target, account_type)
    new_type = account_type or target.account_type
    if permissions is None and new_type is target.account_type:
        new_permissions = target.permissions
    else:
        new_permissions = catalogue.permissions_for(new_type, permissions)
    if new_type is target.account_type and new_permissions == target.permissions:
        return MemberView.of(target, deps.clock.now())
    updated = deps.store.change_access(target, new_type, new_permissions)
    person = found.person(user_id)
    if person is not None:
        try:
            notify.send(
                deps,
                person,
                EmailKind.ACCESS_CHANGED,
                centre_name=target.centre_name or centre_id,
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
    actor, found, target = _with_member(deps, caller, centre_id, user_id)
    policy.authorise_delete(actor, target)
    _remove(deps, caller, target, found.person(user_id), notify_person=True, action="member.deleted")


def withdraw_invitation(deps: Deps, caller: Caller, centre_id: str, user_id: str) -> None:
    """A pending invitation only; with it, the temporary password stops working (if last)."""
    actor, found, target = _with_member(deps, caller, centre_id, user_id)
    policy.authorise_invitation(actor, target)
    if target.accepted:
        raise NotPending("the invitation has already been accepted")
    _remove(deps, caller, target, found.person(user_id), notify_person=False, action="invitation.withdrawn")


def _remove(
    deps: Deps, caller: Caller, target: Membership, person: Person | None, notify_person: bool, action: str
) -> None:
    """The transaction decides whether this was the person's last membership (see closing.py):
    then the email goes first, the Cognito user after (it cannot be undone), the record last."""
    since = deps.clock.now()
    removal = settled(
        lambda: deps.store.remove_membership(target, since, person.memberships if person else 2),
        lambda: _removed(deps, target, since),
    )
    try:
        if notify_person and person is not None:
            notify.send(
                deps,
                person,
                EmailKind.ACCOUNT_REMOVED,
                centre_name=target.centre_name or target.centre_id,
                centre_id=target.centre_id,
            )
        if removal.closing is not None:
            closing.delete_user(deps, target.email)
    except Exception:
        compensate(lambda: deps.store.put_back(removal))
        raise
    if removal.closing is not None:
        closing.finish(deps, target.user_id, target.email, removal.closing)
    trail.record(
        deps,
        caller,
        action,
        centre_id=target.centre_id,
        target_id=target.user_id,
        target_email=target.email,
        before=trail.membership_facts(target),
        after={"account_deleted": removal.closing is not None},
    )


def _removed(deps: Deps, target: Membership, since: datetime) -> Removal | None:
    """Settle a lost answer of `remove_membership`: the membership is gone and its person is
    either still there (not the last) or closing since this request's time (the last)."""
    found = deps.store.read(Lookup(members=((target.centre_id, target.user_id),), people=(target.user_id,)))
    if found.member(target.centre_id, target.user_id) is not None:
        return None
    person = found.person(target.user_id)
    if person is None:
        return None
    if person.closing is None:
        return Removal(target, None)
    return Removal(target, since) if person.closing == since else None


def resend_invitation(deps: Deps, caller: Caller, centre_id: str, user_id: str) -> MemberView:
    """A new temporary password and 60 more days, for every pending membership the person has.

    Cognito cannot give back a replaced temporary password: if the email then fails, the dates
    are restored and the error reported, and a retry sends a fresh password.
    """
    actor, found, target = _with_member(deps, caller, centre_id, user_id)
    policy.authorise_invitation(actor, target)
    if target.accepted:
        raise NotPending("the invitation has already been accepted")
    person = found.person(user_id)
    if person is None:
        raise NotFound(lookups.NO_SUCH_MEMBER)
    now = deps.clock.now()
    listed = [m for m in deps.store.memberships_of(user_id) if not m.accepted and m.centre_id != centre_id]
    pending = [target, *listed]  # the index may lag behind the target, read just now
    deps.store.refresh_invitations(user_id, pending, now, caller.user_id)
    password = deps.new_password()
    try:
        deps.directory.set_temporary_password(person.email, password)
        inviter = notify.inviter_name(deps, found.person(caller.user_id))
        send_invitation(
            deps,
            person,
            centre_id,
            target.centre_name or centre_id,
            password,
            now,
            inviter,
            EmailKind.NEW_INVITATION,
        )
    except Exception:
        compensate(lambda: deps.store.restore_invitations(pending))
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
    return MemberView.of(replace(target, invited_at=now, invited_by=caller.user_id), now)
