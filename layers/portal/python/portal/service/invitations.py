"""Inviting a person to a centre, for any account type, undoing every step if a later one fails.

Order: reserve (claim + place, one transaction) → create the Cognito user → store person and
membership → email. A failure undoes, in reverse, every step already taken.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from portal.domain import catalogue, validation
from portal.domain.errors import AlreadyMember, NotFound
from portal.domain.model import (
    AccountType,
    Caller,
    Centre,
    Language,
    Membership,
    Permission,
    Person,
    Profile,
)
from portal.domain.status import invitation_expires_at
from portal.service import notify
from portal.service.deps import Deps
from portal.service.ports import EmailKind
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
    """The Exams Officer being replaced, and their person record if this was their last membership."""

    membership: Membership
    person: Person | None


def place_taken(account_type: AccountType) -> AccountType | None:
    """Only EO and Admin places are counted (and limited)."""
    return None if account_type is AccountType.USER else account_type


def invite_person(
    deps: Deps,
    caller: Caller,
    centre: Centre,
    invitation: Invitation,
    replacing: Replacement | None = None,
) -> tuple[Membership, Person, bool]:
    """Add the membership; returns it, the person, and whether the person is new to Portal."""
    invitation = dataclasses.replace(invitation, email=validation.normalise_email(invitation.email))
    permissions = catalogue.permissions_for(invitation.account_type, invitation.permissions)
    now = deps.clock.now()
    inviter_name = notify.inviter_name(deps, caller.user_id)
    existing_id = deps.store.user_id_for_email(invitation.email)
    if existing_id is not None:
        person = deps.store.get_person(existing_id)
        if person is None:
            raise NotFound("that person's record is missing")
        membership = _membership(
            centre, person, invitation, permissions, now, caller, accepted=person.signed_in
        )
        _add_existing(deps, centre, person, membership, inviter_name, replacing)
        return membership, person, False
    person, membership = _add_new(deps, caller, centre, invitation, permissions, now, inviter_name, replacing)
    return membership, person, True


def _membership(
    centre: Centre,
    person: Person,
    invitation: Invitation,
    permissions: frozenset[Permission],
    now: datetime,
    caller: Caller,
    accepted: bool,
) -> Membership:
    return Membership(
        centre_id=centre.centre_id,
        user_id=person.user_id,
        email=person.email,
        account_type=invitation.account_type,
        permissions=permissions,
        invited_at=now,
        invited_by=caller.user_id,
        accepted=accepted,
        title=person.profile.title,
        given_name=person.profile.given_name,
        family_name=person.profile.family_name,
        last_sign_in_at=person.last_sign_in_at,
    )


def _add_existing(
    deps: Deps,
    centre: Centre,
    person: Person,
    membership: Membership,
    inviter_name: str,
    replacing: Replacement | None,
) -> None:
    """A person who already has a Portal account: a membership and a notification, no password."""
    if replacing is not None and replacing.membership.user_id == person.user_id:
        raise AlreadyMember("that person is already this centre's Exams Officer")
    old = replacing.membership if replacing else None
    old_person = replacing.person if replacing else None
    deps.store.add_membership(membership, replacing=old, replacing_person=old_person)
    try:
        notify.send(
            deps,
            person,
            EmailKind.ADDED_TO_CENTRE,
            inviter_name=inviter_name,
            centre_name=centre.name,
            centre_id=centre.centre_id,
            account_type=membership.account_type.value,
        )
        _finish_replacement(deps, centre, replacing)
    except Exception:
        compensate(lambda: deps.store.undo_add(membership, None, replacing=old, replacing_person=old_person))
        raise


def _add_new(
    deps: Deps,
    caller: Caller,
    centre: Centre,
    invitation: Invitation,
    permissions: frozenset[Permission],
    now: datetime,
    inviter_name: str,
    replacing: Replacement | None,
) -> tuple[Person, Membership]:
    profile = Profile(
        title=invitation.title,
        given_name=invitation.given_name,
        family_name=invitation.family_name,
        language=Language.ENGLISH,
    )
    place = None if replacing else place_taken(invitation.account_type)
    deps.store.reserve_email(invitation.email, centre.centre_id, place)
    password = deps.new_password()
    try:
        user_id = deps.directory.create_user(invitation.email, password, profile)
    except Exception:
        compensate(lambda: deps.store.release_email(invitation.email, centre.centre_id, place))
        raise
    person = Person(user_id=user_id, email=invitation.email, profile=profile, created_at=now)
    membership = _membership(centre, person, invitation, permissions, now, caller, accepted=False)
    old = replacing.membership if replacing else None
    old_person = replacing.person if replacing else None
    try:
        deps.store.add_person(person, membership, replacing=old, replacing_person=old_person)
    except Exception:
        compensate(
            lambda: deps.directory.delete_user(invitation.email),
            lambda: deps.store.release_email(invitation.email, centre.centre_id, place),
        )
        raise
    try:
        send_invitation(deps, person, centre, password, now, inviter_name, EmailKind.INVITATION)
        _finish_replacement(deps, centre, replacing)
    except Exception:
        compensate(
            lambda: deps.store.undo_add(membership, person, replacing=old, replacing_person=old_person),
            lambda: deps.directory.delete_user(invitation.email),
        )
        raise
    return person, membership


def send_invitation(
    deps: Deps,
    person: Person,
    centre: Centre,
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
        centre_name=centre.name,
        centre_id=centre.centre_id,
        expires_on=invitation_expires_at(now).date().isoformat(),
    )


def _finish_replacement(deps: Deps, centre: Centre, replacing: Replacement | None) -> None:
    """Tell the replaced Exams Officer, and close their account if this was their last centre.

    Runs last of the reversible steps: deleting a Cognito user cannot be undone.
    """
    if replacing is None:
        return
    old = replacing.membership
    old_person = replacing.person or deps.store.get_person(old.user_id)
    if old_person is not None:
        notify.send(
            deps, old_person, EmailKind.ACCOUNT_REMOVED, centre_name=centre.name, centre_id=centre.centre_id
        )
    if replacing.person is not None:
        deps.directory.delete_user(replacing.person.email)
