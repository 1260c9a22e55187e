"""A centre with one person of every kind the account-type table knows, made through the use cases."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.domain.model import AccountType, Caller, Permission
from portal.service import centres, members, people
from portal.service.deps import Deps
from portal.service.invitations import Invitation

from tests.api.events import Who

CENTRE = "68101"
OTHER_CENTRE = "68102"
HELPDESK = Who.helpdesk("helpdesk-0001")
STRANGER = Who("stranger-0001")


@dataclass
class World:
    centre_id: str
    other_centre_id: str
    people: dict[str, Who] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, role: str) -> Who:
        try:
            return self.people[role]
        except KeyError:
            raise AttributeError(role) from None

    def id(self, role: str) -> str:
        return self.people[role].sub


def _caller(who: Who) -> Caller:
    return Caller(who.sub, helpdesk=bool(who.groups), request_id="seed")


def _invite(
    deps: Deps, by: Caller, centre_id: str, email: str, account_type: AccountType, **kw: object
) -> str:
    given, family = email.split("@", maxsplit=1)[0].split(".")
    invitation = Invitation(
        email=email,
        account_type=account_type,
        given_name=given.capitalize(),
        family_name=family.capitalize(),
        permissions=kw.get("permissions"),  # type: ignore[arg-type]
    )
    if account_type is AccountType.EXAMS_OFFICER:
        view, _ = centres.appoint_exams_officer(deps, by, centre_id, invitation)
    else:
        view = members.invite(deps, by, centre_id, invitation)
    return view.membership.user_id


def build_world(deps: Deps) -> World:
    """68101: EO, Admin, User (entries), an invited User, a disabled Admin; 68102: its own EO."""
    world = World(CENTRE, OTHER_CENTRE)
    hd = _caller(HELPDESK)
    centres.create_centre(deps, hd, CENTRE, "Ysgol Gyfun Test")
    centres.create_centre(deps, hd, OTHER_CENTRE, "Other College")
    plan = [
        ("eo", CENTRE, AccountType.EXAMS_OFFICER, True, None),
        ("admin", CENTRE, AccountType.ADMIN, True, None),
        ("user", CENTRE, AccountType.USER, True, frozenset({Permission.ENTRIES})),
        ("invited", CENTRE, AccountType.USER, False, None),
        ("disabled", CENTRE, AccountType.ADMIN, True, None),
        ("other", OTHER_CENTRE, AccountType.EXAMS_OFFICER, True, None),
    ]
    for role, centre_id, account_type, accept, permissions in plan:
        email = f"{role}.person@school.example"
        by = hd if account_type is AccountType.EXAMS_OFFICER else _caller(world.eo)
        user_id = _invite(deps, by, centre_id, email, account_type, permissions=permissions)
        if accept:
            people.record_sign_in(deps, user_id, email)
        world.people[role] = Who(user_id)
        world.emails[role] = email
    deps.store.set_disabled(world.id("disabled"), True)
    world.people["helpdesk"] = HELPDESK
    world.people["stranger"] = STRANGER
    return world
