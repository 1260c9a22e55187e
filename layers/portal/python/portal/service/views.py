"""What the use cases return: plain, read-only views that the HTTP layer serialises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.domain.model import (
    AccountType,
    Membership,
    MembershipStatus,
    MfaState,
    Permission,
    Person,
)
from portal.domain.status import membership_status


@dataclass(frozen=True, slots=True)
class MemberView:
    membership: Membership
    status: MembershipStatus

    @classmethod
    def of(cls, membership: Membership, now: datetime) -> MemberView:
        return cls(membership, membership_status(membership.accepted, membership.invited_at, now))


@dataclass(frozen=True, slots=True)
class MembershipSummary:
    """One of a person's memberships, as the person (or the helpdesk) sees it."""

    centre_id: str
    centre_name: str
    account_type: AccountType
    permissions: frozenset[Permission]
    status: MembershipStatus


@dataclass(frozen=True, slots=True)
class PersonView:
    user_id: str
    person: Person | None
    helpdesk: bool
    memberships: list[MembershipSummary]

    @property
    def mfa(self) -> MfaState:
        return self.person.mfa if self.person else MfaState()


@dataclass(frozen=True, slots=True)
class CentreSummary:
    centre_id: str
    name: str
    counts: dict[AccountType, dict[MembershipStatus, int]]
    admin_places_left: int
