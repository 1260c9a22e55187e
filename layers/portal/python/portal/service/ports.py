"""The small interfaces the use cases need from the outside world. Adapters implement them.

Every method either does all of what it says or nothing (one DynamoDB transaction, one Cognito
call), and raises only `portal.domain.errors` types, so the use cases can undo earlier steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from portal.domain.model import (
    AccountType,
    AuditRecord,
    Centre,
    EmailKind,
    Language,
    Membership,
    MembershipStatus,
    MfaState,
    Permission,
    Person,
    Profile,
    Series,
    SignInEvent,
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


@dataclass(frozen=True, slots=True)
class Lookup:
    """Items to read together, in one request: people, memberships (centre, user), centres,
    series, and the owners of email claims."""

    people: tuple[str, ...] = ()
    members: tuple[tuple[str, str], ...] = ()
    centres: tuple[str, ...] = ()
    series: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()


NOTHING = Lookup()


@dataclass(frozen=True, slots=True)
class Found:
    """What a Lookup found; anything missing is simply absent (a closed account is no person)."""

    people: Mapping[str, Person] = field(default_factory=dict)
    members: Mapping[tuple[str, str], Membership] = field(default_factory=dict)
    centres: Mapping[str, Centre] = field(default_factory=dict)
    series: Mapping[str, Series] = field(default_factory=dict)
    owners: Mapping[str, str] = field(default_factory=dict)
    holds: Mapping[str, str] = field(default_factory=dict)
    """Email addresses held by an invitation still on its way (no owner yet): its token."""

    def person(self, user_id: str | None) -> Person | None:
        return self.people.get(user_id) if user_id else None

    def member(self, centre_id: str | None, user_id: str | None) -> Membership | None:
        return self.members.get((centre_id, user_id)) if centre_id and user_id else None

    def centre(self, centre_id: str | None) -> Centre | None:
        return self.centres.get(centre_id) if centre_id else None

    def owner(self, email: str | None) -> str | None:
        return self.owners.get(email) if email else None

    def merged(self, other: Found) -> Found:
        return Found(
            {**self.people, **other.people},
            {**self.members, **other.members},
            {**self.centres, **other.centres},
            {**self.series, **other.series},
            {**self.owners, **other.owners},
            {**self.holds, **other.holds},
        )


@dataclass(frozen=True, slots=True)
class Removal:
    """A membership removed by a transaction; `closing` (the time) when it was the person's
    last, so the person is now closing: their Cognito user is to be deleted, then the account
    closed with `finish_close`, or everything put back with `put_back`."""

    membership: Membership
    closing: datetime | None = None


class StateReader(Protocol):
    """What a request reads first, and single items by key: strongly consistent."""

    def read(self, lookup: Lookup) -> Found:
        """One BatchGetItem, strongly consistent."""

    def get_centre(self, centre_id: str) -> Centre | None: ...
    def get_person(self, user_id: str) -> Person | None: ...
    def get_membership(self, centre_id: str, user_id: str) -> Membership | None: ...
    def get_series(self, series_id: str) -> Series | None: ...
    def user_id_for_email(self, email: str) -> str | None: ...


class CentreStore(Protocol):
    """Centres and their lists of members."""

    def list_centres(self, page: PageRequest) -> Page[Centre]: ...
    def create_centre(self, centre: Centre) -> None:
        """Raises CentreExists."""

    def list_members(
        self, centre_id: str, page: PageRequest, where: MemberFilter, now: datetime
    ) -> Page[Membership]:
        """One Query: the filters are key conditions on the centre's partition or an index."""

    def expired_invitations(self, centre_id: str, now: datetime) -> dict[AccountType, int]:
        """Pending memberships invited more than 60 days ago, by account type (pending ones only)."""


class MemberStore(Protocol):
    """Memberships added, removed, put back and changed, each with its centre's counters and its
    person's count of memberships in the same transaction (docs/rules.md, The data model)."""

    def memberships_of(self, user_id: str) -> list[Membership]: ...
    def add_person(
        self,
        person: Person,
        membership: Membership,
        replacing: Membership | None = None,
        replacing_memberships: int = 2,
        token: str | None = None,
    ) -> Removal | None:
        """A new person (their email claim, record and first membership). With `replacing`
        (the Exams Officer being replaced), that membership goes in the same transaction;
        `replacing_memberships` (that person's count as read) picks which variant is tried first.
        With `token`, the claim replaces that invitation's hold (`hold_email`).

        Raises Conflict (email claimed), AdminLimitReached, ExamsOfficerExists, NotFound."""

    def add_membership(
        self, membership: Membership, replacing: Membership | None = None, replacing_memberships: int = 2
    ) -> Removal | None:
        """A membership for an existing person, who must not be closing (AccountClosing).

        Raises AlreadyMember, AdminLimitReached, ExamsOfficerExists, NotFound, AccountClosing."""

    def remove_membership(self, membership: Membership, since: datetime, memberships: int = 2) -> Removal:
        """Delete the membership as it was read; with the person's last, they become closing.
        `memberships` (the person's count as read) picks which variant is tried first.

        Raises NotFound if it is already gone, Conflict if it changed since it was read."""

    def put_back(self, removal: Removal) -> None:
        """Undo `remove_membership` (before the Cognito user was deleted)."""

    def undo_add(
        self, membership: Membership, new_person: bool, replaced: Removal | None, since: datetime
    ) -> Removal:
        """Undo `add_person` or `add_membership`: the membership goes (as `remove_membership`
        would: with the person's last they become closing) and `replaced` comes back."""

    def change_access(
        self, membership: Membership, account_type: AccountType, permissions: frozenset[Permission]
    ) -> Membership:
        """Conditional on the stored account type; moves counters and a place between Admin and User.

        Raises AdminLimitReached, NotFound, Conflict."""


class PeopleStore(Protocol):
    """People: their profile, flags and sign-ins, and the end of a closed account."""

    def person_with_memberships(self, user_id: str) -> tuple[Person | None, list[Membership]]:
        """One Query of the person's partition of the by_user index."""

    def finish_close(self, user_id: str, email: str, since: datetime, keep_mark: bool = True) -> None:
        """After the Cognito user is deleted: the claim goes and the person record becomes the
        closed mark (`keep_mark`), or goes entirely (an invitation undone before any email)."""

    def update_profile(self, user_id: str, profile: Profile, memberships: list[Membership]) -> None:
        """Also copies the names onto the person's memberships (for listings)."""

    def set_disabled(self, user_id: str, disabled: bool) -> None: ...
    def set_mfa(self, user_id: str, mfa: MfaState) -> None:
        """All of the person's MFA state: as read from the directory now, and Portal's own flags."""

    def record_sign_in(
        self, user_id: str, email: str, at: datetime, mfa: MfaState | None
    ) -> list[Membership]:
        """Accept pending memberships, note the sign-in; returns the memberships newly accepted.
        `mfa` None keeps the MFA state noted before."""


class InvitationStore(Protocol):
    """An invitation's hold on an address, and the dates of pending invitations."""

    def hold_email(self, email: str, token: str, at: datetime, stale_before: datetime) -> bool:
        """Hold the address for the invitation `token` before its Cognito user is made: no other
        invitation can make one meanwhile. Taken over when held by the same token (a retry of
        the same request) or since before `stale_before` (abandoned). Returns whether it was
        held before (so a Cognito user already there may be that earlier try's).

        Raises Conflict if the address has an owner or another invitation holds it."""

    def release_email(self, email: str, token: str) -> None:
        """Let go of a hold that never became a claim; a hold that is not this token's stays."""

    def refresh_invitations(
        self, user_id: str, pending: list[Membership], invited_at: datetime, invited_by: str
    ) -> None:
        """Restart the 60 days of the person's pending memberships (the person must not be closing)."""

    def restore_invitations(self, memberships: list[Membership]) -> None: ...


class SeriesStore(Protocol):
    def list_series(self, page: PageRequest) -> Page[Series]: ...
    def put_series(self, series: Series) -> None: ...


class StateStore(StateReader, CentreStore, MemberStore, PeopleStore, InvitationStore, SeriesStore, Protocol):
    """Centres, memberships, people, email claims and series (the state table), by role: a
    caller that needs one role can ask for it alone; `adapters/state_store.py` implements all.

    Every write is one transaction (a person with more than 99 memberships aside). Each one that
    adds or removes a membership also changes its centre's counters and its person's count of
    memberships, with conditions on both (docs/rules.md, The data model).
    """


class AuditLog(Protocol):
    """Append-only: no update, no delete."""

    def append(self, record: AuditRecord) -> None: ...
    def for_centre(self, centre_id: str, page: PageRequest) -> Page[AuditRecord]: ...
    def search(self, where: AuditFilter, page: PageRequest, now: datetime) -> Page[AuditRecord]: ...


@dataclass(frozen=True, slots=True)
class DirectoryUser:
    """A Cognito user as the directory finds it by email."""

    user_id: str
    helpdesk: bool
    recent: bool
    enabled: bool = True
    confirmed: bool = False
    """Whether the person has set their own password (no longer FORCE_CHANGE_PASSWORD)."""


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
    def reset_mfa(self, email: str) -> None:
        """Every MFA method off, passkey sign-in too, then signed out everywhere."""

    def set_passkey_mfa(self, email: str, enabled: bool) -> None:
        """Passkey sign-in on or off (Cognito's passkey MFA). Raises MfaMethodRequired when Cognito
        refuses it for want of another MFA method."""

    def update_attributes(self, email: str, profile: Profile, before: Profile) -> None:
        """Send Cognito what changed from `before` (names, locale, phone number)."""

    def find_user(self, email: str) -> DirectoryUser | None:
        """The Cognito user with that email, if any: whether helpdesk, whether made just now,
        enabled, confirmed. Also what settles a Cognito step whose answer was lost."""

    def has_profile(self, email: str, profile: Profile) -> bool:
        """Whether Cognito holds what `update_attributes` sends of `profile` (a lost answer's re-read)."""

    def mfa_state(self, email: str) -> MfaState: ...
    def is_helpdesk(self, user_id: str) -> bool:
        """Whether the user (by `sub`) is in the helpdesk group now; a user gone is not."""

    def sign_ins(self, email: str, page: PageRequest, scope: str) -> Page[SignInEvent]:
        """The person's sign-in attempts, newest first, as Cognito's threat protection recorded
        them (AdminListUserAuthEvents); the cursor is Portal's, signed and bound to `scope`."""


class Mailer(Protocol):
    def send(self, to: str, kind: EmailKind, language: Language, values: Mapping[str, str]) -> None:
        """Render the template of `kind` in `language` and send it. Raises Unavailable."""


class Clock(Protocol):
    def now(self) -> datetime: ...
