"""Inviting a person to a centre, for any account type, undoing every step if a later one fails.

A new person: create the Cognito user → one transaction (email claim, person, membership, the
centre's counters, and the replaced Exams Officer's membership if any) → email. An existing
person: one transaction (membership, their count of memberships, the centre) → email. A failure
undoes, in reverse, every step already taken. The Cognito user comes first because its `sub` is
the membership's key; until the transaction commits it has no password anyone knows, and if the
transaction is refused it is deleted again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.constants import MAX_ADMINS_PER_CENTRE
from portal.domain import catalogue
from portal.domain.errors import (
    AccountClosing,
    AccountOutsidePortal,
    AdminLimitReached,
    AlreadyMember,
    Conflict,
    ExamsOfficerExists,
    HelpdeskAccount,
    PortalError,
)
from portal.domain.model import (
    AccountType,
    Caller,
    Centre,
    EmailKind,
    Language,
    Membership,
    Permission,
    Person,
    Profile,
)
from portal.domain.status import invitation_expires_at
from portal.service import closing, notify
from portal.service.deps import Deps
from portal.service.ports import Found, Removal
from portal.service.undo import compensate


@dataclass(frozen=True, slots=True)
class Invitation:
    """What the inviter gives. `email` is already normalised; `permissions` only for a User."""

    email: str
    account_type: AccountType
    given_name: str
    family_name: str
    title: str | None = None
    permissions: frozenset[Permission] | None = None


@dataclass(frozen=True, slots=True)
class Replacement:
    """The Exams Officer being replaced, and their person record as read."""

    membership: Membership
    person: Person | None


@dataclass(frozen=True, slots=True)
class Added:
    membership: Membership
    person: Person
    new: bool
    """Whether the person is new to Portal."""
    replaced: Removal | None = None


@dataclass(frozen=True, slots=True)
class _Plan:
    caller: Caller
    centre: Centre
    invitation: Invitation
    permissions: frozenset[Permission]
    now: datetime
    inviter_name: str
    replacing: Replacement | None

    def membership(self, user_id: str, email: str, accepted: bool) -> Membership:
        """The centre's own record of its member: the names the inviter gave (the person's own
        profile edits overwrite them later), no sign-in at this centre yet (docs/rules.md)."""
        return Membership(
            centre_id=self.centre.centre_id,
            user_id=user_id,
            email=email,
            account_type=self.invitation.account_type,
            permissions=self.permissions,
            invited_at=self.now,
            invited_by=self.caller.user_id,
            accepted=accepted,
            title=self.invitation.title,
            given_name=self.invitation.given_name,
            family_name=self.invitation.family_name,
            last_sign_in_at=None,
            centre_name=self.centre.name,
        )

    @property
    def replaced_member(self) -> Membership | None:
        return self.replacing.membership if self.replacing else None

    @property
    def replaced_count(self) -> int:
        person = self.replacing.person if self.replacing else None
        return person.memberships if person else 2


def invite_person(
    deps: Deps,
    caller: Caller,
    centre: Centre,
    invitation: Invitation,
    found: Found,
    replacing: Replacement | None = None,
) -> Added:
    """Add the membership. `found` is what the caller's read brought: the caller's person (to
    name the inviter) and the owner of the email's claim (and, if read, their person record)."""
    plan = _Plan(
        caller,
        centre,
        invitation,
        catalogue.permissions_for(invitation.account_type, invitation.permissions),
        deps.clock.now(),
        notify.inviter_name(deps, found.person(caller.user_id)),
        replacing,
    )
    owner = found.owner(invitation.email)
    if replacing is not None and owner == replacing.membership.user_id:
        raise AlreadyMember("that person is already this centre's Exams Officer")
    _check_places(plan)
    if owner is None:
        return _add_new(deps, plan)
    person = found.person(owner) or deps.store.get_person(owner)
    if person is None:
        raise Conflict("that email address changed at the same moment; please retry")
    if person.closing is not None:
        if not closing.is_stale(deps, person):
            raise AccountClosing("that person's account is being closed; try again in a moment")
        closing.heal(deps, person)
        return _add_new(deps, plan)
    return _add_existing(deps, plan, person)


def _check_places(plan: _Plan) -> None:
    """Refuse early what the transaction would refuse anyway, before Cognito is called."""
    centre, account_type = plan.centre, plan.invitation.account_type
    if account_type is AccountType.ADMIN and centre.admins >= MAX_ADMINS_PER_CENTRE:
        raise AdminLimitReached("this centre has no Admin place left (open invitations count)")
    if account_type is AccountType.EXAMS_OFFICER and plan.replacing is None and centre.exams_officer_id:
        raise ExamsOfficerExists("this centre already has an Exams Officer (an open invitation counts)")


def _add_new(deps: Deps, plan: _Plan) -> Added:
    invitation = plan.invitation
    profile = Profile(
        title=invitation.title,
        given_name=invitation.given_name,
        family_name=invitation.family_name,
        language=Language.ENGLISH,
    )
    password = deps.new_password()
    try:
        user_id = deps.directory.create_user(invitation.email, password, profile)
    except Conflict:
        raise _why_taken(deps, invitation.email) from None
    person = Person(
        user_id=user_id, email=invitation.email, profile=profile, created_at=plan.now, memberships=1
    )
    membership = plan.membership(user_id, invitation.email, accepted=False)
    try:
        replaced = deps.store.add_person(person, membership, plan.replaced_member, plan.replaced_count)
    except Exception:
        compensate(lambda: deps.directory.delete_user(invitation.email))
        raise
    try:
        send_invitation(
            deps,
            person,
            plan.centre.centre_id,
            plan.centre.name,
            password,
            plan.now,
            plan.inviter_name,
            EmailKind.INVITATION,
        )
        _tell_replaced(deps, plan, replaced)
    except Exception:
        compensate(lambda: _undo(deps, membership, True, replaced, plan.now))
        raise
    _close_replaced(deps, plan, replaced)
    return Added(membership, person, True, replaced)


def _add_existing(deps: Deps, plan: _Plan, person: Person) -> Added:
    """A person who already has a Portal account: a membership and a notification, no password."""
    membership = plan.membership(person.user_id, person.email, accepted=person.signed_in)
    replaced = deps.store.add_membership(membership, plan.replaced_member, plan.replaced_count)
    try:
        notify.send(
            deps,
            person,
            EmailKind.ADDED_TO_CENTRE,
            inviter_name=plan.inviter_name,
            centre_name=plan.centre.name,
            centre_id=plan.centre.centre_id,
            account_type=membership.account_type.value,
        )
        _tell_replaced(deps, plan, replaced)
    except Exception:
        compensate(lambda: _undo(deps, membership, False, replaced, plan.now))
        raise
    _close_replaced(deps, plan, replaced)
    return Added(membership, person, False, replaced)


def _why_taken(deps: Deps, email: str) -> PortalError:
    """Cognito has the address, Portal has no claim on it: say which of the cases it is."""
    user = deps.directory.find_user(email)
    if user is None:
        return Conflict("that email address changed at the same moment; please retry")
    if user.helpdesk:
        return HelpdeskAccount(
            "that email address belongs to a helpdesk account, which cannot be a centre member"
        )
    if user.recent:
        return Conflict("that email address is being invited at the same moment; please retry")
    return AccountOutsidePortal(
        "that email address already has a sign-in account that Portal holds no record of; "
        "the helpdesk can remove it"
    )


def _undo(
    deps: Deps, membership: Membership, new_person: bool, replaced: Removal | None, since: datetime
) -> None:
    """Remove what was added and put back what was replaced; if that left the added person with
    no membership, close their account too (no email went out that they could use)."""
    removal = deps.store.undo_add(membership, new_person, replaced, since)
    if removal.closing is not None:
        deps.directory.delete_user(membership.email)
        deps.store.finish_close(membership.user_id, membership.email, removal.closing, keep_mark=False)


def send_invitation(
    deps: Deps,
    person: Person,
    centre_id: str,
    centre_name: str,
    password: str,
    now: datetime,
    inviter_name: str,
    kind: EmailKind,
) -> None:
    notify.send(
        deps,
        person,
        kind,
        email=person.email,
        temporary_password=password,
        inviter_name=inviter_name,
        centre_name=centre_name,
        centre_id=centre_id,
        expires_on=invitation_expires_at(now).date().isoformat(),
    )


def _tell_replaced(deps: Deps, plan: _Plan, replaced: Removal | None) -> None:
    """Tell the replaced Exams Officer, and delete their Cognito user if that was their last centre.

    Runs last of the steps that can be undone: deleting a Cognito user cannot be.
    """
    if replaced is None or plan.replacing is None:
        return
    old = plan.replacing.person
    if old is not None:
        notify.send(
            deps,
            old,
            EmailKind.ACCOUNT_REMOVED,
            centre_name=plan.centre.name,
            centre_id=plan.centre.centre_id,
        )
    if replaced.closing is not None:
        deps.directory.delete_user(replaced.membership.email)


def _close_replaced(deps: Deps, plan: _Plan, replaced: Removal | None) -> None:
    if replaced is not None and replaced.closing is not None:
        old = replaced.membership
        closing.finish(deps, old.user_id, old.email, replaced.closing)
