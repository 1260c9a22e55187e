"""The policy: may this actor do this to that member at that centre (domain.md, Account types).

Every decision is made from stored data: the actor's membership at the centre (or None), read
on this request, and whether the actor is helpdesk and not disabled.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.domain.errors import CannotModifyExamsOfficer, CannotModifySelf, Forbidden
from portal.domain.model import AccountType, Membership


@dataclass(frozen=True, slots=True)
class Actor:
    """The caller as stored: helpdesk (group claim, not disabled) and their membership here."""

    user_id: str
    helpdesk: bool = False
    disabled: bool = False
    membership: Membership | None = None

    @property
    def account_type(self) -> AccountType | None:
        return self.membership.account_type if self.membership else None


MANAGERS = (AccountType.EXAMS_OFFICER, AccountType.ADMIN)
NO_ACCESS = "you do not have access to this centre"


def require_enabled(actor: Actor) -> None:
    """Any signed-in person whose account is not disabled (what every person may read)."""
    if actor.disabled:
        raise Forbidden("this account is disabled")


def require_helpdesk(actor: Actor) -> None:
    if actor.disabled or not actor.helpdesk:
        raise Forbidden("only the helpdesk may do this")


def require_member(actor: Actor) -> Membership:
    """Any member of the centre (used for a member's own view of it)."""
    if actor.disabled or actor.membership is None:
        raise Forbidden(NO_ACCESS)
    return actor.membership


def require_manager(actor: Actor) -> None:
    """Helpdesk, or the centre's EO or an Admin: who may see and manage its members."""
    if actor.disabled:
        raise Forbidden(NO_ACCESS)
    if actor.helpdesk:
        return
    if actor.account_type not in MANAGERS:
        raise Forbidden(NO_ACCESS if actor.membership is None else "your account type cannot manage users")


def authorise_invite(actor: Actor, account_type: AccountType) -> None:
    """EO: helpdesk only. Admin and User: helpdesk, EO or Admin."""
    if account_type is AccountType.EXAMS_OFFICER:
        require_helpdesk(actor)
        return
    require_manager(actor)


def _authorise_on_member(actor: Actor, target: Membership) -> None:
    require_manager(actor)
    if not actor.helpdesk and actor.membership is not None and actor.membership.centre_id != target.centre_id:
        raise Forbidden(NO_ACCESS)  # a membership authorises only at its own centre
    if target.user_id == actor.user_id:
        raise CannotModifySelf("you cannot change or delete your own membership")
    if target.account_type is AccountType.EXAMS_OFFICER and not actor.helpdesk:
        raise CannotModifyExamsOfficer("only the helpdesk can change or remove the Exams Officer")


def authorise_delete(actor: Actor, target: Membership) -> None:
    """Delete a membership, or withdraw or resend its invitation."""
    _authorise_on_member(actor, target)


authorise_invitation = authorise_delete


def authorise_change(actor: Actor, target: Membership, new_type: AccountType | None) -> None:
    """Change permissions or move between Admin and User. The EO is replaced, never edited."""
    _authorise_on_member(actor, target)
    if target.account_type is AccountType.EXAMS_OFFICER:
        raise CannotModifyExamsOfficer("the Exams Officer's access is fixed; the helpdesk replaces them")
    if new_type is AccountType.EXAMS_OFFICER:
        raise CannotModifyExamsOfficer("the Exams Officer is appointed by the helpdesk")
