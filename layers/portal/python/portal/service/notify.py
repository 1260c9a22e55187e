"""Emails from use cases: fills the values every template shares, in the recipient's language."""

from __future__ import annotations

from portal.domain.model import Language, Person
from portal.service.deps import Deps
from portal.service.ports import EmailKind


def send(deps: Deps, to: Person, kind: EmailKind, **values: str) -> None:
    """Raises Unavailable when SES refuses: callers undo their change before re-raising."""
    deps.mailer.send(
        to.email,
        kind,
        to.profile.language if to.profile else Language.ENGLISH,
        {"brand": deps.brand, "portal_url": deps.portal_url, "given_name": to.profile.given_name, **values},
    )


def display_name(person: Person | None) -> str:
    """How an inviter is named in an email: the only other person's detail an email may carry."""
    if person is None:
        return ""
    full = f"{person.profile.given_name} {person.profile.family_name}".strip()
    return full
