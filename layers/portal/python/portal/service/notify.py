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


def inviter_name(deps: Deps, person: Person | None) -> str:
    """How an inviter is named in an email: the only other person's detail an email may carry.

    A helpdesk account may have no Portal profile yet; it is then named as the brand's helpdesk.
    """
    full = f"{person.profile.given_name} {person.profile.family_name}".strip() if person else ""
    return full or f"{deps.brand} helpdesk"
