"""A centre with one person of every kind the account-type table knows, made lazily through the use cases.

Every world has centre numbers and email addresses of its own, so tests share the session's
tables and user pool without cleaning them: a person is made the first time a test asks for
them (`world.admin`), which keeps each test to the few Cognito users it really uses.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

from portal.domain.model import AccountType, Caller, Permission
from portal.service import centres, members, people
from portal.service.deps import Deps
from portal.service.invitations import Invitation

from tests.api.client import ROLE_OF
from tests.api.events import Who

UNKNOWN_CENTRE = "00000"
"""Never made: worlds number their centres from 10000."""


def _centre_numbers() -> itertools.count[int]:
    """Disjoint per xdist worker, so two workers never make the same centre."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw9")
    index = int(worker.removeprefix("gw") or 0) % 10
    return itertools.count(10_000 + index * 9_000)


NUMBERS = _centre_numbers()
WORLDS = itertools.count(1)


@dataclass(frozen=True)
class Role:
    centre: str  # "home" or "other"
    account_type: AccountType
    accept: bool = True
    permissions: frozenset[Permission] | None = None


ROLES: dict[str, Role] = {
    "eo": Role("home", AccountType.EXAMS_OFFICER),
    "admin": Role("home", AccountType.ADMIN),
    "second_admin": Role("home", AccountType.ADMIN),
    "user": Role("home", AccountType.USER, permissions=frozenset({Permission.ENTRIES})),
    "invited": Role("home", AccountType.USER, accept=False),
    "disabled": Role("home", AccountType.ADMIN),
    "other": Role("other", AccountType.EXAMS_OFFICER),
}


@dataclass
class World:
    deps: Deps
    quiet: Callable[[], AbstractContextManager[None]] = nullcontext
    """Wraps the making of a person, so their invitation is not counted as the test's email."""
    enrol: Callable[[str], None] = lambda sub: None
    """Makes the world's helpdesk account in Cognito's helpdesk group (by its sub), as operators do."""
    centre_id: str = field(default_factory=lambda: f"{next(NUMBERS):05d}")
    other_centre_id: str = field(default_factory=lambda: f"{next(NUMBERS):05d}")
    tag: int = field(default_factory=lambda: next(WORLDS))
    people: dict[str, Who] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        pid = os.getpid()
        self.people["helpdesk"] = Who.helpdesk(f"helpdesk-{pid}-{self.tag}")
        self.people["stranger"] = Who(f"stranger-{pid}-{self.tag}")
        ROLE_OF.update({self.people["helpdesk"].sub: "helpdesk", self.people["stranger"].sub: "stranger"})
        self.enrol(self.people["helpdesk"].sub)
        hd = self.caller("helpdesk")
        centres.create_centre(self.deps, hd, self.centre_id, "Ysgol Gyfun Test")
        centres.create_centre(self.deps, hd, self.other_centre_id, "Other College")

    def __getattr__(self, role: str) -> Who:
        people: dict[str, Who] = self.__dict__.get("people", {})
        if role in people:
            return people[role]
        if role.startswith("_") or role not in ROLES:
            raise AttributeError(role)
        with self.quiet():
            self._make(role)
        return self.people[role]

    def caller(self, role: str) -> Caller:
        who = self.people[role] if role in self.people else getattr(self, role)
        return Caller(who.sub, helpdesk_claim=bool(who.groups), request_id="seed")

    def ensure(self, *roles: str) -> World:
        for role in roles:
            getattr(self, role)
        return self

    def id(self, role: str) -> str:
        return str(getattr(self, role).sub)

    def email(self, role: str) -> str:
        self.ensure(role)
        return self.emails[role]

    def new_email(self, name: str) -> str:
        return f"{name}.w{self.tag}p{os.getpid()}@school.example"

    def series_id(self, season: str, year: int = 2026) -> str:
        """Series are global: each world names its own."""
        return f"{year}-{season}-w{self.tag}p{os.getpid()}"

    @property
    def users(self) -> str:
        return f"/centres/{self.centre_id}/users"

    def member(self, role: str) -> str:
        return f"{self.users}/{self.id(role)}"

    def _make(self, role: str) -> None:
        spec = ROLES[role]
        centre_id = self.centre_id if spec.centre == "home" else self.other_centre_id
        email = self.new_email(f"{role}.person")
        invitation = Invitation(
            email=email,
            account_type=spec.account_type,
            given_name=role.capitalize(),
            family_name="Person",
            permissions=spec.permissions,
        )
        hd = self.caller("helpdesk")
        if spec.account_type is AccountType.EXAMS_OFFICER:
            view, _ = centres.appoint_exams_officer(self.deps, hd, centre_id, invitation)
        else:
            view = members.invite(self.deps, hd, centre_id, invitation)
        user_id = view.membership.user_id
        if spec.accept:
            people.record_sign_in(self.deps, user_id, email)
        if role == "disabled":
            self.deps.store.set_disabled(user_id, True)
        self.people[role] = Who(user_id)
        self.emails[role] = email
        ROLE_OF[user_id] = role
