"""Emails from use cases: fills the values every template shares, in the recipient's language."""

from __future__ import annotations

from portal.domain.model import EmailKind, Language, Person
from portal.service.deps import Deps


def send(deps: Deps, to: Person, kind: EmailKind, **values: str) -> None:
    """Raises Unavailable when SES refuses: callers undo their change before re-raising."""
    language = to.profile.language if to.profile else Language.ENGLISH
    deps.mailer.send(to.email, kind, language, email_values(deps, to.profile.given_name, **values))


def email_values(deps: Deps, given_name: str, **values: str) -> dict[str, str]:
    """What every template is given: the brand, the console's address, whom it greets, and the
    helpdesk's address (every security notice says where to turn if it was not them)."""
    return {
        "brand": deps.brand,
        "portal_url": deps.portal_url,
        "given_name": given_name,
        "helpdesk_email": deps.helpdesk_email,
        **values,
    }


def inviter_name(deps: Deps, person: Person | None) -> str:
    """How an inviter is named in an email: the only other person's detail an email may carry.

    A helpdesk account may have no Portal profile yet; it is then named as the brand's helpdesk.
    """
    full = f"{person.profile.given_name} {person.profile.family_name}".strip() if person else ""
    return full or f"{deps.brand} helpdesk"
