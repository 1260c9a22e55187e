"""People: their own profile and services, and the helpdesk's care of accounts."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime

from portal.domain import catalogue, policy
from portal.domain.errors import CannotModifySelf, Forbidden, MfaMethodRequired, NotFound, PortalError
from portal.domain.model import (
    Caller,
    EmailKind,
    Language,
    Membership,
    MfaState,
    Person,
    Profile,
    Service,
)
from portal.domain.release import results_release_time
from portal.domain.status import membership_status
from portal.service import notices, trail
from portal.service.actors import load
from portal.service.deps import Deps
from portal.service.outcomes import confirmed
from portal.service.ports import Lookup
from portal.service.undo import compensate
from portal.service.views import MembershipSummary, PersonView

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ProfileChanges:
    """Only the fields given change; None for an optional field clears it (title, job role, phone)."""

    fields: dict[str, object]


def _summaries(memberships: list[Membership], now: datetime) -> list[MembershipSummary]:
    """The centre's name is kept on each membership: no read per centre."""
    return [
        MembershipSummary(
            centre_id=m.centre_id,
            centre_name=m.centre_name,
            account_type=m.account_type,
            permissions=m.permissions,
            status=membership_status(m.accepted, m.invited_at, now),
        )
        for m in sorted(memberships, key=lambda m: m.centre_id)
    ]


def _memberships(deps: Deps, person: Person | None) -> list[Membership]:
    """A person who counts no membership (a helpdesk account) needs no Query."""
    return deps.store.memberships_of(person.user_id) if person and person.memberships else []


def me(deps: Deps, caller: Caller) -> PersonView:
    """A disabled person's still-valid token gets nothing, not even their own profile."""
    actor, found = load(deps, caller)
    if actor.disabled:
        raise Forbidden("this account is disabled")
    person = found.person(caller.user_id)
    return PersonView(
        caller.user_id, person, actor.helpdesk, _summaries(_memberships(deps, person), deps.clock.now())
    )


def _own_record(deps: Deps, caller: Caller) -> tuple[bool, Person]:
    """(helpdesk?, the caller's own person) for a change of it: none without a profile, nor when disabled."""
    actor, found = load(deps, caller)
    person = found.person(caller.user_id)
    if person is None:
        raise NotFound("no profile yet: sign in once to create it")
    if person.disabled:
        raise Forbidden("this account is disabled")
    return actor.helpdesk, person


def update_profile(deps: Deps, caller: Caller, changes: ProfileChanges) -> PersonView:
    """Portal's record first, then Cognito (locale, names, phone for SMS codes); undone together."""
    helpdesk, person = _own_record(deps, caller)
    memberships = _memberships(deps, person)
    profile = replace(person.profile, **changes.fields)  # type: ignore[arg-type]
    if profile != person.profile:
        _store_profile(deps, caller.user_id, profile, memberships)
        try:
            confirmed(
                lambda: deps.directory.update_attributes(person.email, profile, before=person.profile),
                lambda: deps.directory.has_profile(person.email, profile),
            )
        except Exception:
            compensate(lambda: _store_profile(deps, caller.user_id, person.profile, memberships))
            raise
        trail.record(
            deps,
            caller,
            "profile.updated",
            target_id=caller.user_id,
            before={k: getattr(person.profile, k) for k in changes.fields},
            after={k: getattr(profile, k) for k in changes.fields},
        )
        if profile.phone_number != person.profile.phone_number:
            # To the email address: a notice by text to the new number would tell the wrong person.
            notices.tell_after(
                deps,
                replace(person, profile=profile),
                EmailKind.PHONE_CHANGED,
                phone_number=profile.phone_number or "",
            )
        names = {"title": profile.title, "given_name": profile.given_name, "family_name": profile.family_name}
        memberships = [replace(m, **names) for m in memberships]  # type: ignore[arg-type]
    summaries = _summaries(memberships, deps.clock.now())
    return PersonView(caller.user_id, replace(person, profile=profile), helpdesk, summaries)


def _store_profile(deps: Deps, user_id: str, profile: Profile, memberships: list[Membership]) -> None:
    def done() -> bool:
        now = deps.store.get_person(user_id)
        return now is not None and now.profile == profile

    confirmed(lambda: deps.store.update_profile(user_id, profile, memberships), done)


def my_services(deps: Deps, caller: Caller, centre_id: str, series_id: str | None) -> list[Service]:
    """The tiles of a member's home page at this centre, decided now from stored data."""
    actor, found = load(deps, caller, centre_id, Lookup(series=(series_id,) if series_id else ()))
    membership = policy.require_member(actor)
    released_at = None
    if series_id is not None:
        series = found.series.get(series_id)
        if series is None:
            raise NotFound("no such exam series")
        released_at = results_release_time(series.results_day)
    return catalogue.services(membership.account_type, membership.permissions, released_at, deps.clock.now())


def find_person(deps: Deps, caller: Caller, email: str) -> PersonView:
    """The claim is read with the caller; the person and their memberships are one Query."""
    actor, found = load(deps, caller, None, Lookup(emails=(email,)))
    policy.require_helpdesk(actor)
    user_id = found.owner(email)
    if user_id is None:
        raise NotFound("no person with that email")
    person, memberships = deps.store.person_with_memberships(user_id)
    return PersonView(user_id, person, False, _summaries(memberships, deps.clock.now()))


def _other_person_for_helpdesk(deps: Deps, caller: Caller, user_id: str, refusal: str) -> Person:
    """The person a helpdesk account action is for, who is never the caller: nobody disables,
    enables or resets the MFA of their own account (another helpdesk member can)."""
    actor, found = load(deps, caller, None, Lookup(people=(user_id,)))
    policy.require_helpdesk(actor)
    person = found.person(user_id)
    if person is None or person.closing is not None:
        raise NotFound("no such person")
    if user_id == caller.user_id:
        raise CannotModifySelf(refusal)
    return person


def reset_mfa(deps: Deps, caller: Caller, user_id: str) -> None:
    """The person sets MFA up again at next sign-in. The reset stands even if the email fails:
    it cannot be undone, and the person learns of it at sign-in anyway.

    Passkey sign-in goes off with the rest (Cognito has no call that removes another person's
    passkey), and the person is asked to review their passkeys (`passkey_review`) before they turn
    it on again: one may be on the lost device (docs/rules.md, Lost devices)."""
    person = _other_person_for_helpdesk(deps, caller, user_id, "you cannot reset your own MFA")
    reset = MfaState(passkey=False, passkey_review=True)
    # Portal's record first, as `set_enabled` does: Cognito's reset cannot be undone, the record can.
    confirmed(lambda: deps.store.set_mfa(user_id, reset), lambda: _mfa_is(deps, user_id, reset))
    try:
        confirmed(
            lambda: deps.directory.reset_mfa(person.email),
            lambda: not deps.directory.mfa_state(person.email).enabled,
        )
    except Exception:
        compensate(lambda: deps.store.set_mfa(user_id, person.mfa))
        raise
    notified = notices.tell_after(deps, person, EmailKind.MFA_RESET)
    trail.record(
        deps, caller, "mfa.reset", target_id=user_id, target_email=person.email, after={"notified": notified}
    )


def set_passkey_sign_in(deps: Deps, caller: Caller, enabled: bool) -> MfaState:
    """The caller's passkey sign-in on or off (Cognito's passkey MFA, which Amplify cannot set).

    On needs another MFA method on (read from Cognito now, the one truth of it; Cognito checks it
    again). Either way ends a review asked for by an MFA reset. Idempotent: asking for what already
    is changes nothing and records nothing."""
    _, person = _own_record(deps, caller)
    now = deps.directory.mfa_state(person.email)
    if enabled and not now.enabled:
        raise MfaMethodRequired("turn on an authenticator app, text messages or email codes first")
    deps.directory.set_passkey_mfa(person.email, enabled)
    after = replace(now, passkey=enabled, passkey_review=False)
    before = person.mfa
    if after == before:
        return after
    try:
        confirmed(
            lambda: deps.store.set_mfa(caller.user_id, after), lambda: _mfa_is(deps, caller.user_id, after)
        )
    except Exception:
        compensate(lambda: deps.directory.set_passkey_mfa(person.email, before.passkey))
        raise
    if (before.passkey, before.passkey_review) != (after.passkey, after.passkey_review):
        trail.record(
            deps,
            caller,
            "mfa.passkey",
            target_id=caller.user_id,
            before={"passkey": before.passkey, "passkey_review": before.passkey_review},
            after={"passkey": after.passkey, "passkey_review": after.passkey_review},
        )
    if before.passkey != after.passkey:  # an MFA change made through Portal, not a CloudTrail signal
        notices.tell_after(
            deps, person, EmailKind.MFA_CHANGED, methods=notices.methods(now.enabled, after.passkey)
        )
    return after


def _mfa_is(deps: Deps, user_id: str, mfa: MfaState) -> bool:
    now = deps.store.get_person(user_id)
    return now is not None and now.mfa == mfa


def set_enabled(deps: Deps, caller: Caller, user_id: str, enabled: bool) -> None:
    """All centres at once. Portal's flag first: it is what refuses the person's next request.
    The person is told when this changed their account (not when it was already so); the change
    stands if that email fails, and the audit record says whether it went."""
    person = _other_person_for_helpdesk(deps, caller, user_id, "you cannot disable or enable yourself")
    _store_disabled(deps, user_id, not enabled)
    email = person.email

    def cognito_done() -> bool:
        user = deps.directory.find_user(email)
        return user is not None and user.enabled is enabled

    try:
        if enabled:
            confirmed(lambda: deps.directory.enable_user(email), cognito_done)
        else:
            confirmed(lambda: deps.directory.disable_user(email), cognito_done)
    except Exception:
        compensate(lambda: _store_disabled(deps, user_id, person.disabled))
        raise
    changed = person.disabled is enabled
    notified = changed and notices.tell_after(
        deps, person, EmailKind.ACCOUNT_ENABLED if enabled else EmailKind.ACCOUNT_DISABLED
    )
    trail.record(
        deps,
        caller,
        "person.enabled" if enabled else "person.disabled",
        target_id=user_id,
        target_email=person.email,
        before={"disabled": person.disabled},
        after={"disabled": not enabled, "notified": notified},
    )


def _store_disabled(deps: Deps, user_id: str, disabled: bool) -> None:
    def done() -> bool:
        now = deps.store.get_person(user_id)
        return now is not None and now.disabled is disabled

    confirmed(lambda: deps.store.set_disabled(user_id, disabled), done)


def record_sign_in(deps: Deps, user_id: str, email: str) -> list[Membership]:
    """Post-authentication: pending memberships become active; MFA state and time are noted.

    The MFA state is bookkeeping for GET /me: when Cognito cannot give it (its UserRead quota on
    results morning, say), the sign-in goes ahead and the state noted before is kept."""
    mfa: MfaState | None
    try:
        mfa = deps.directory.mfa_state(email)
    except PortalError:
        mfa = None
    accepted = deps.store.record_sign_in(user_id, email, deps.clock.now(), mfa)
    for m in accepted:
        trail.record(
            deps,
            Caller(user_id),
            "invitation.accepted",
            centre_id=m.centre_id,
            target_id=user_id,
            target_email=email,
        )
    return accepted


def language_of(deps: Deps, user_id: str) -> Language:
    """The language Cognito's own messages (codes) are written in for this person."""
    person = deps.store.get_person(user_id)
    return person.profile.language if person else Language.ENGLISH
