"""The matrix's people, made in this process through the use cases (for the handler-level run).

Every cast has two centres of its own (`home`, `other`) and makes a centre or a person the first
time a case asks for them, so a case allowed to change state can have a cast of its own cheaply.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from portal import constants as c
from portal.domain.model import AccountType, Caller, Permission
from portal.service import centres, members, people
from portal.service.deps import Deps
from portal.service.invitations import Invitation

from tests.api.events import Who
from tests.api.world import NUMBERS
from tests.integration import conftest as integration
from tests.integration.world import HELPDESK
from tests.security.matrix import HOME, MEMBERSHIPS, NOWHERE

CASTS = itertools.count(1)
SERIES = itertools.count(1)
NEVER_MADE = "00000"  # tests/api's worlds number centres from 10000


@dataclass
class LocalCast:
    deps: Deps
    quiet: Callable[[], AbstractContextManager[None]] = nullcontext
    enrol: Callable[[str], None] = lambda sub: None
    """Puts a sub in Cognito's helpdesk group, as operators do: asked again whenever the helpdesk is
    named, since a reset of the store (empty_store) removes every user."""
    tag: str = field(default_factory=lambda: f"c{next(CASTS)}p{os.getpid()}")
    centres: dict[str, str] = field(default_factory=dict)
    people: dict[str, Who] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.people["helpdesk"] = Who.helpdesk(f"helpdesk-{self.tag}")
        self.people["stranger"] = Who(f"stranger-{self.tag}")
        self.centres[NOWHERE] = NEVER_MADE

    # --- the Cast protocol --------------------------------------------------------------------

    def centre_id(self, kind: str) -> str:
        if kind not in self.centres:
            self.centres[kind] = self.new_centre_id()
            centres.create_centre(self.deps, self._helpdesk(), self.centres[kind], f"Centre {kind.title()}")
        return self.centres[kind]

    def user_id(self, role: str) -> str:
        return self.who(role).sub

    def email(self, role: str) -> str:
        self.who(role)
        return self.emails.get(role, f"{role}.{self.tag}@school.example")

    def new_email(self, label: str) -> str:
        return f"{label}.{next(SERIES)}.{self.tag}@school.example"

    def new_centre_id(self) -> str:
        return f"{next(NUMBERS):05d}"

    def new_series_id(self) -> str:
        return f"2026-summer-{self.tag}s{next(SERIES)}"

    # --- people ---------------------------------------------------------------------------------

    def who(self, role: str) -> Who:
        if role == "helpdesk":
            self.enrol(self.people[role].sub)
        if role not in self.people:
            with self.quiet():
                self._make(role)
        return self.people[role]

    def _helpdesk(self) -> Caller:
        self.enrol(self.people["helpdesk"].sub)
        return Caller(self.people["helpdesk"].sub, helpdesk_claim=True, request_id="matrix-cast")

    def _invite(self, role: str, centre: str, account_type: AccountType, accept: bool) -> str:
        email = self.new_email(role.replace("_", "."))
        invitation = Invitation(
            email=email,
            account_type=account_type,
            given_name="Cast",
            family_name="Member",
            permissions=frozenset({Permission.ENTRIES}) if account_type is AccountType.USER else None,
        )
        centre_id = self.centre_id(centre)
        if account_type is AccountType.EXAMS_OFFICER:
            view, _ = centres.appoint_exams_officer(self.deps, self._helpdesk(), centre_id, invitation)
        else:
            view = members.invite(self.deps, self._helpdesk(), centre_id, invitation)
        user_id = view.membership.user_id
        if accept:
            people.record_sign_in(self.deps, user_id, email)
        self.emails[role] = email
        return user_id

    def _make(self, role: str) -> None:
        if role == "deleted":
            user_id = self._invite(role, HOME, AccountType.USER, accept=True)
            members.delete_member(self.deps, self._helpdesk(), self.centre_id(HOME), user_id)
        else:
            spec = MEMBERSHIPS[role]
            user_id = self._invite(role, spec.centre, AccountType(spec.account_type), accept=not spec.pending)
            if role == "disabled":
                people.set_enabled(self.deps, self._helpdesk(), user_id, enabled=False)
        self.people[role] = Who(user_id)


def empty_store(clients: Any, resources: Any) -> None:
    """Tables and pool emptied, as tests/integration's `clean` does before each test (its helpdesk
    account made again)."""
    integration._empty_table(clients.dynamodb, resources.state_table, (c.STATE_PK, c.STATE_SK))
    integration._empty_table(clients.dynamodb, resources.audit_table, (c.AUDIT_PK, c.AUDIT_SK))
    integration._empty_table(clients.dynamodb, resources.idempotency_table, (c.IDEMPOTENCY_PK,))
    integration._delete_users(clients.cognito, resources.user_pool_id)
    integration.enrol_helpdesk(resources.user_pool_id, HELPDESK.user_id, resources.region)
