"""Inviting a person to a centre, for any account type, undoing every step if a later one fails.

A new person: create the Cognito user → one transaction (email claim, person, membership, the
centre's counters, and the replaced Exams Officer's membership if any) → email. An existing
person: one transaction (membership, their count of memberships, the centre) → email. A failure
undoes, in reverse, every step already taken. The Cognito user comes first because its `sub` is
the membership's key; until the transaction commits it has no password anyone knows, and if the
transaction is refused it is deleted again.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

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
    Unavailable,
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
from portal.service.outcomes import settled
from portal.service.ports import DirectoryUser, Found, Lookup, Removal
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
    request_key: str | None = None
    """The request's Idempotency-Key, if any: a retry of the same request then takes over the
    hold its earlier try left on the address at once, instead of after HOLD_STALE."""


HOLD_STALE = timedelta(minutes=2)
"""A hold on an address older than this was abandoned (a request lasts at most 29 s)."""


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
    token: str

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
        _token(caller, invitation.request_key),
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
    email, token = invitation.email, plan.token
    held_before = _hold(deps, email, token, plan.now)
    password = deps.new_password()
    user_id = _create_user(deps, email, password, profile, token, held_before)
    person = Person(user_id=user_id, email=email, profile=profile, created_at=plan.now, memberships=1)
    membership = plan.membership(user_id, email, accepted=False)
    try:
        (replaced,) = settled(
            lambda: (
                deps.store.add_person(person, membership, plan.replaced_member, plan.replaced_count, token),
            ),
            lambda: _added(deps, plan, membership),
        )
    except Exception:
        compensate(lambda: _discard(deps, email, token))
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
    (replaced,) = settled(
        lambda: (deps.store.add_membership(membership, plan.replaced_member, plan.replaced_count),),
        lambda: _added(deps, plan, membership),
    )
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


def _token(caller: Caller, request_key: str | None) -> str:
    """The same for every try of one request (its caller and Idempotency-Key), else new."""
    if request_key is None:
        return uuid.uuid4().hex
    return hashlib.sha256(f"{caller.user_id}\n{request_key}".encode()).hexdigest()[:32]


def _hold(deps: Deps, email: str, token: str, now: datetime) -> bool:
    """Hold the address before Cognito is called; a lost answer is settled by reading the hold."""

    def held() -> tuple[bool] | None:
        found = deps.store.read(Lookup(emails=(email,)))
        return (False,) if found.holds.get(email) == token else None

    (before,) = settled(lambda: (deps.store.hold_email(email, token, now, now - HOLD_STALE),), held)
    return before


def _create_user(
    deps: Deps, email: str, password: str, profile: Profile, token: str, held_before: bool
) -> str:
    """Make the Cognito user, under this invitation's hold on the address. Its answer may be
    lost (then a Cognito user of that address, made just now and never signed in as, is this
    invitation's: no other could be made under the hold), or the user may be an earlier try's
    (the hold was there before: a retry of this request, or an abandoned one). Either is taken
    with a new temporary password, so only this invitation's email carries one that works.

    The hold is let go when no Cognito user of this invitation's is left; while one may be, it
    stays, so the next try of the address finds it (`held_before`) instead of an unknown user."""
    try:
        return deps.directory.create_user(email, password, profile)
    except Unavailable as error:
        user_id = _ours(deps.directory.find_user(email), recent_counts=True, held_before=held_before)
        if user_id is None:  # (if the look-up fails too, the hold stays for the next try)
            compensate(lambda: deps.store.release_email(email, token))
            raise error
    except Conflict:
        user_id = _ours(deps.directory.find_user(email), recent_counts=False, held_before=held_before)
        if user_id is None:
            compensate(lambda: deps.store.release_email(email, token))
            raise _why_taken(deps, email) from None
    try:
        deps.directory.set_temporary_password(email, password)
    except Exception:
        compensate(lambda: _discard(deps, email, token))
        raise
    return user_id


def _ours(user: DirectoryUser | None, recent_counts: bool, held_before: bool) -> str | None:
    if user is None or user.helpdesk or user.confirmed:
        return None
    return user.user_id if held_before or (recent_counts and user.recent) else None


def _discard(deps: Deps, email: str, token: str) -> None:
    """Delete this invitation's Cognito user, then let go of the hold (kept if the delete fails)."""
    closing.delete_user(deps, email)
    deps.store.release_email(email, token)


def _added(deps: Deps, plan: _Plan, membership: Membership) -> tuple[Removal | None] | None:
    """Settle a lost answer of `add_person`/`add_membership`: the membership as this request
    made it (its time and inviter) is there, and the replaced EO's is gone, or it did not happen.
    The replaced person is closing since this request's time if it took their last membership."""
    old = plan.replaced_member
    members = ((membership.centre_id, membership.user_id),) + (((old.centre_id, old.user_id),) if old else ())
    found = deps.store.read(Lookup(members=members, people=(old.user_id,) if old else ()))
    now = found.member(membership.centre_id, membership.user_id)
    if now is None or now.invited_at != membership.invited_at or now.invited_by != membership.invited_by:
        return None
    if old is None:
        return (None,)
    if found.member(old.centre_id, old.user_id) is not None:
        return None
    person = found.person(old.user_id)
    last = person is not None and person.closing == membership.invited_at
    return (Removal(old, membership.invited_at if last else None),)


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
        closing.delete_user(deps, membership.email)
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
        closing.delete_user(deps, replaced.membership.email)


def _close_replaced(deps: Deps, plan: _Plan, replaced: Removal | None) -> None:
    if replaced is not None and replaced.closing is not None:
        old = replaced.membership
        closing.finish(deps, old.user_id, old.email, replaced.closing)
