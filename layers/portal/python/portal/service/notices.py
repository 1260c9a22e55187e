"""Security notices: each person is told, by email, of every change to their own account.

Who is told what (docs/rules.md, "Security notices"): only the person whose account changed,
at their own address, in their language, from the no-reply sender; a notice names nobody else
(the helpdesk is named as the board's helpdesk, never as a person) and always says what to do
if it was not them. The signal that reports a change (Cognito's user-activity log, CloudTrail
through EventBridge, or Portal's own API) is read at the edge (`portal.signals`); this module
only decides. A signal is handled once per event id by its function (Powertools idempotency),
so a change redelivered is not told twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from portal.domain.errors import PortalError
from portal.domain.model import NOTICES, EmailKind, MfaMethod, Person
from portal.service import notify
from portal.service.deps import Deps

log = logging.getLogger(__name__)

WITH_METHODS = frozenset({EmailKind.MFA_SET_UP, EmailKind.MFA_CHANGED})


@dataclass(frozen=True, slots=True)
class AccountChange:
    """A change to one person's account, as a signal reported it: the person by `user_id` (the
    `sub`) or, where the signal carries only that, their email; `at` when it happened."""

    kind: EmailKind
    user_id: str | None = None
    email: str | None = None
    at: datetime | None = None


def tell(deps: Deps, change: AccountChange) -> bool:
    """Email the person of `change`. False when there is nobody to tell: no Portal record of
    them (an account outside Portal), or an account being closed. Raises Unavailable when the
    email (or the look-up it needs) fails, so the signal is delivered again and told then."""
    if change.kind not in NOTICES:
        raise ValueError(f"{change.kind.value} is not a security notice")
    person = _person(deps, change)
    if person is None or person.closing is not None:
        log.info("security notice not sent: nobody to tell", extra={"notice": change.kind.value})
        return False
    notify.send(deps, person, change.kind, **_values(deps, person, change))
    return True


def tell_after(deps: Deps, person: Person, kind: EmailKind, **values: str) -> bool:
    """A notice for a change Portal's API has already made, which stands whether or not the
    email goes (it cannot wait for SES): False, and logged, when it did not go."""
    try:
        notify.send(deps, person, kind, **values)
    except PortalError:
        log.warning("security notice not sent", extra={"notice": kind.value, "target_id": person.user_id})
        return False
    return True


def methods(enabled: tuple[str, ...], passkey: bool) -> str:
    """The ways to sign in a notice lists: Cognito's MFA methods, and passkey sign-in when on."""
    known = [m for m in enabled if m in MfaMethod._value2member_map_]
    return ",".join([*known, *([MfaMethod.PASSKEY.value] if passkey else [])])


def _person(deps: Deps, change: AccountChange) -> Person | None:
    user_id = change.user_id
    if user_id is None and change.email:
        user_id = deps.store.user_id_for_email(change.email.strip().lower())
    return deps.store.get_person(user_id) if user_id else None


def _values(deps: Deps, person: Person, change: AccountChange) -> dict[str, str]:
    if change.kind in WITH_METHODS:
        mfa = deps.directory.mfa_state(person.email)
        return {"methods": methods(mfa.enabled, person.mfa.passkey)}
    if change.kind is EmailKind.RISKY_SIGN_IN:
        return {"when": (change.at or deps.clock.now()).isoformat()}
    if change.kind is EmailKind.PHONE_CHANGED:
        return {"phone_number": person.profile.phone_number or ""}
    return {}
