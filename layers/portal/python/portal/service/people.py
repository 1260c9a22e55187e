"""People: their own profile and services, and the helpdesk's care of accounts."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime

from portal.domain import catalogue, policy
from portal.domain.errors import CannotModifySelf, Forbidden, NotFound, PortalError
from portal.domain.model import Caller, Language, Membership, MfaState, Person, Service
from portal.domain.release import results_release_time
from portal.domain.status import membership_status
from portal.service import notify, trail
from portal.service.actors import load_actor
from portal.service.deps import Deps
from portal.service.ports import EmailKind
from portal.service.undo import compensate
from portal.service.views import MembershipSummary, PersonView

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ProfileChanges:
    """Only the fields given change; None for an optional field clears it (title, job role, phone)."""

    fields: dict[str, object]


def _summaries(deps: Deps, memberships: list[Membership], now: datetime) -> list[MembershipSummary]:
    out = []
    for m in sorted(memberships, key=lambda m: m.centre_id):
        centre = deps.store.get_centre(m.centre_id)
        out.append(
            MembershipSummary(
                centre_id=m.centre_id,
                centre_name=centre.name if centre else "",
                account_type=m.account_type,
                permissions=m.permissions,
                status=membership_status(m.accepted, m.invited_at, now),
            )
        )
    return out


def _view(deps: Deps, user_id: str, helpdesk: bool) -> PersonView:
    person = deps.store.get_person(user_id)
    memberships = deps.store.memberships_of(user_id)
    return PersonView(user_id, person, helpdesk, _summaries(deps, memberships, deps.clock.now()))


def me(deps: Deps, caller: Caller) -> PersonView:
    """A disabled person's still-valid token gets nothing, not even their own profile."""
    actor = load_actor(deps, caller)
    if actor.disabled:
        raise Forbidden("this account is disabled")
    return _view(deps, caller.user_id, actor.helpdesk)


def update_profile(deps: Deps, caller: Caller, changes: ProfileChanges) -> PersonView:
    """Portal's record first, then Cognito (locale, names, phone for SMS codes); undone together."""
    person = deps.store.get_person(caller.user_id)
    if person is None:
        raise NotFound("no profile yet: sign in once to create it")
    if person.disabled:
        raise Forbidden("this account is disabled")
    profile = replace(person.profile, **changes.fields)  # type: ignore[arg-type]
    if profile == person.profile:
        return me(deps, caller)
    deps.store.update_profile(caller.user_id, profile)
    try:
        deps.directory.update_attributes(person.email, profile, before=person.profile)
    except Exception:
        compensate(lambda: deps.store.update_profile(caller.user_id, person.profile))
        raise
    trail.record(
        deps,
        caller,
        "profile.updated",
        target_id=caller.user_id,
        before={k: getattr(person.profile, k) for k in changes.fields},
        after={k: getattr(profile, k) for k in changes.fields},
    )
    return me(deps, caller)


def my_services(deps: Deps, caller: Caller, centre_id: str, series_id: str | None) -> list[Service]:
    """The tiles of a member's home page at this centre, decided now from stored data."""
    membership = policy.require_member(load_actor(deps, caller, centre_id))
    released_at = None
    if series_id is not None:
        series = deps.store.get_series(series_id)
        if series is None:
            raise NotFound("no such exam series")
        released_at = results_release_time(series.results_day)
    return catalogue.services(membership.account_type, membership.permissions, released_at, deps.clock.now())


def find_person(deps: Deps, caller: Caller, email: str) -> PersonView:
    policy.require_helpdesk(load_actor(deps, caller))
    user_id = deps.store.user_id_for_email(email)
    if user_id is None:
        raise NotFound("no person with that email")
    return _view(deps, user_id, helpdesk=False)


def _person_for_helpdesk(deps: Deps, caller: Caller, user_id: str) -> Person:
    policy.require_helpdesk(load_actor(deps, caller))
    person = deps.store.get_person(user_id)
    if person is None:
        raise NotFound("no such person")
    return person


def reset_mfa(deps: Deps, caller: Caller, user_id: str) -> None:
    """The person sets MFA up again at next sign-in. The reset stands even if the email fails:
    it cannot be undone, and the person learns of it at sign-in anyway."""
    person = _person_for_helpdesk(deps, caller, user_id)
    deps.directory.reset_mfa(person.email)
    notified = True
    try:
        notify.send(deps, person, EmailKind.MFA_RESET)
    except PortalError:
        notified = False
        log.warning("MFA reset email not sent", extra={"target_id": user_id})
    trail.record(
        deps, caller, "mfa.reset", target_id=user_id, target_email=person.email, after={"notified": notified}
    )


def set_enabled(deps: Deps, caller: Caller, user_id: str, enabled: bool) -> None:
    """All centres at once. Portal's flag first: it is what refuses the person's next request."""
    person = _person_for_helpdesk(deps, caller, user_id)
    if user_id == caller.user_id:
        raise CannotModifySelf("you cannot disable or enable yourself")
    deps.store.set_disabled(user_id, not enabled)
    try:
        if enabled:
            deps.directory.enable_user(person.email)
        else:
            deps.directory.disable_user(person.email)
    except Exception:
        compensate(lambda: deps.store.set_disabled(user_id, person.disabled))
        raise
    trail.record(
        deps,
        caller,
        "person.enabled" if enabled else "person.disabled",
        target_id=user_id,
        target_email=person.email,
        before={"disabled": person.disabled},
        after={"disabled": not enabled},
    )


def record_sign_in(deps: Deps, user_id: str, email: str) -> list[Membership]:
    """Post-authentication: pending memberships become active; MFA state and time are noted."""
    try:
        mfa = deps.directory.mfa_state(email)
    except PortalError:
        mfa = MfaState()
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
