"""The small interfaces the use cases need from the outside world. Adapters implement them.

Every method either does all of what it says or nothing (one DynamoDB transaction, one Cognito
call), and raises only `portal.domain.errors` types, so the use cases can undo earlier steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Generic, Protocol, TypeVar

from portal.domain.model import (
    AccountType,
    AuditRecord,
    Centre,
    Language,
    Membership,
    MembershipStatus,
    MfaState,
    Permission,
    Person,
    Profile,
    Series,
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None = None


@dataclass(frozen=True, slots=True)
class PageRequest:
    """`cursor` is opaque to callers: adapters sign it, and a bad one raises InvalidRequest."""

    limit: int = 50
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class MemberFilter:
    status: MembershipStatus | None = None
    account_type: AccountType | None = None


@dataclass(frozen=True, slots=True)
class AuditFilter:
    centre_id: str | None = None
    actor_id: str | None = None
    target_id: str | None = None


class StateStore(Protocol):
    """Centres, memberships, people, email claims and series (the state table)."""

    # Centres and series
    def get_centre(self, centre_id: str) -> Centre | None: ...
    def create_centre(self, centre: Centre) -> None:
        """Raises CentreExists."""

    def list_centres(self, page: PageRequest) -> Page[Centre]: ...
    def put_series(self, series: Series) -> None: ...
    def get_series(self, series_id: str) -> Series | None: ...
    def list_series(self, page: PageRequest) -> Page[Series]: ...

    # Reads
    def load_actor(self, user_id: str, centre_id: str | None) -> tuple[Person | None, Membership | None]:
        """The caller's person record and membership at `centre_id`, in one request."""

    def get_membership(self, centre_id: str, user_id: str) -> Membership | None: ...
    def list_members(
        self, centre_id: str, page: PageRequest, where: MemberFilter, now: datetime
    ) -> Page[Membership]: ...
    def all_members(self, centre_id: str) -> list[Membership]: ...
    def memberships_of(self, user_id: str) -> list[Membership]: ...
    def get_person(self, user_id: str) -> Person | None: ...
    def user_id_for_email(self, email: str) -> str | None:
        """The owner of an email claim, or None (also None while a claim is only reserved)."""

    # Invitations: each is one transaction
    def reserve_email(self, email: str, centre_id: str, account_type: AccountType | None) -> None:
        """Claim `email` for a new person and take a place of `account_type` (None: no place).

        Raises NotFound (no centre), ExamsOfficerExists, AdminLimitReached, Conflict (claimed)."""

    def release_email(self, email: str, centre_id: str, account_type: AccountType | None) -> None:
        """Undo `reserve_email`."""

    def add_person(
        self,
        person: Person,
        membership: Membership,
        replacing: Membership | None = None,
        replacing_person: Person | None = None,
    ) -> None:
        """Store a new person and their first membership; finish the email claim.

        With `replacing` (the EO being replaced) that membership goes in the same transaction,
        and with `replacing_person` that person's record and email claim too."""

    def add_membership(
        self,
        membership: Membership,
        replacing: Membership | None = None,
        replacing_person: Person | None = None,
    ) -> None:
        """A membership for an existing person; takes a place unless it replaces `replacing`.

        Raises AlreadyMember, ExamsOfficerExists, AdminLimitReached, NotFound (centre or person gone)."""

    def remove_membership(self, membership: Membership, person: Person | None = None) -> None:
        """Delete the membership and give back its place; with `person`, also their record and claim.

        Raises NotFound if it is already gone, Conflict if it changed since it was read."""

    def restore_membership(self, membership: Membership, person: Person | None = None) -> None:
        """Undo `remove_membership` (or a replacement): put back what was deleted."""

    def undo_add(
        self,
        membership: Membership,
        person: Person | None,
        replacing: Membership | None = None,
        replacing_person: Person | None = None,
    ) -> None:
        """Undo `add_person` or `add_membership` completely: remove what was added, restore what was replaced.

        After `add_person` (pass `person`) this also undoes its `reserve_email`: the claim is
        deleted and the place taken is given back, so no `release_email` follows. After
        `add_membership` (person None) the place it took is given back. With `replacing`, no
        place changed hands, so counters stay as they are."""

    # Changes
    def change_access(
        self, membership: Membership, account_type: AccountType, permissions: frozenset[Permission]
    ) -> Membership:
        """Conditional on the stored account type; moves a place between Admin and User.

        Raises AdminLimitReached, NotFound, Conflict."""

    def refresh_invitations(self, user_id: str, invited_at: datetime, invited_by: str) -> list[Membership]:
        """Restart the 60 days of every pending membership of the person; returns them as before."""

    def restore_invitations(self, memberships: list[Membership]) -> None: ...
    def update_profile(self, user_id: str, profile: Profile) -> Person:
        """Also copies the names onto the person's memberships (for listings)."""

    def set_disabled(self, user_id: str, disabled: bool) -> None: ...
    def record_sign_in(self, user_id: str, email: str, at: datetime, mfa: MfaState) -> list[Membership]:
        """Accept pending memberships, note the sign-in; returns the memberships newly accepted."""


class AuditLog(Protocol):
    """Append-only: no update, no delete."""

    def append(self, record: AuditRecord) -> None: ...
    def for_centre(self, centre_id: str, page: PageRequest) -> Page[AuditRecord]: ...
    def search(self, where: AuditFilter, page: PageRequest, now: datetime) -> Page[AuditRecord]: ...


class Directory(Protocol):
    """Cognito: credentials and the attributes needed to send codes. Keyed by sign-in email."""

    def create_user(self, email: str, temporary_password: str, profile: Profile) -> str:
        """Create the user with Cognito's own message suppressed; returns its `sub`.

        Raises Conflict if the user exists, Unavailable on any other failure."""

    def set_temporary_password(self, email: str, temporary_password: str) -> None: ...
    def delete_user(self, email: str) -> None:
        """Sign out everywhere, then delete. A user already gone is not an error."""

    def disable_user(self, email: str) -> None:
        """Disable and sign out everywhere."""

    def enable_user(self, email: str) -> None: ...
    def reset_mfa(self, email: str) -> None: ...
    def update_attributes(self, email: str, profile: Profile, before: Profile) -> None:
        """Send Cognito what changed from `before` (names, locale, phone number)."""

    def mfa_state(self, email: str) -> MfaState: ...


class EmailKind(StrEnum):
    INVITATION = "invitation"
    NEW_INVITATION = "new_invitation"
    ACCESS_CODE = "access_code"
    MFA_CODE = "mfa_code"
    ADDED_TO_CENTRE = "added_to_centre"
    ACCESS_CHANGED = "access_changed"
    ACCOUNT_REMOVED = "account_removed"
    MFA_RESET = "mfa_reset"


class Mailer(Protocol):
    def send(self, to: str, kind: EmailKind, language: Language, values: Mapping[str, str]) -> None:
        """Render the template of `kind` in `language` and send it. Raises Unavailable."""


class Clock(Protocol):
    def now(self) -> datetime: ...
