"""In-memory fakes of the ports (service/ports.py), raising the adapters' typed errors.

They keep the adapters' rules, so the use cases run against them in microseconds: every write
is checked whole before anything changes (a transaction), a membership added or removed moves
its centre's counters, Admin places and Exams Officer and its person's count together, and the
person's last membership leaves them `closing`. Where the adapter decides from a condition on
the stored item (the membership as it was read, the count of memberships), the fake decides
from the same stored fact. What they leave out: paging (a list is one page), indexes lagging,
and AWS's own failures (tests/security/test_faults.py covers those on moto).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from portal.constants import MAX_ADMINS_PER_CENTRE
from portal.domain.errors import (
    AccountClosing,
    AdminLimitReached,
    AlreadyMember,
    CentreExists,
    Conflict,
    ExamsOfficerExists,
    NotFound,
)
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
from portal.domain.status import membership_status
from portal.service.ports import (
    AuditFilter,
    DirectoryUser,
    Found,
    Lookup,
    MemberFilter,
    Page,
    PageRequest,
    Removal,
)

Tally = dict[tuple[AccountType, bool], int]


def _tally(*changes: tuple[Membership | None, int]) -> Tally:
    out: Tally = {}
    for m, delta in changes:
        if m is not None:
            key = (m.account_type, m.accepted)
            out[key] = out.get(key, 0) + delta
    return out


def _as_read(stored: Membership | None, m: Membership) -> None:
    """The adapter's `remove_member_as_read`: gone is NotFound, changed is Conflict."""
    if stored is None:
        raise NotFound("no such member at this centre")
    same = (stored.account_type, stored.permissions, stored.accepted, stored.invited_at)
    if same != (m.account_type, m.permissions, m.accepted, m.invited_at):
        raise Conflict("member at this centre changed at the same moment; please retry")


@dataclass
class FakeStateStore:
    centres: dict[str, Centre] = field(default_factory=dict)
    members: dict[tuple[str, str], Membership] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    closed: set[str] = field(default_factory=set)
    claims: dict[str, str] = field(default_factory=dict)
    holds: dict[str, tuple[str, datetime]] = field(default_factory=dict)
    series: dict[str, Series] = field(default_factory=dict)

    # --- reads ---------------------------------------------------------------------------------

    def read(self, lookup: Lookup) -> Found:
        return Found(
            {u: self.people[u] for u in lookup.people if u in self.people},
            {k: self.members[k] for k in lookup.members if k in self.members},
            {c: self.centres[c] for c in lookup.centres if c in self.centres},
            {s: self.series[s] for s in lookup.series if s in self.series},
            {e: self.claims[e] for e in lookup.emails if e in self.claims},
            {e: self.holds[e][0] for e in lookup.emails if e in self.holds},
        )

    def get_centre(self, centre_id: str) -> Centre | None:
        return self.centres.get(centre_id)

    def get_person(self, user_id: str) -> Person | None:
        return self.people.get(user_id)

    def get_membership(self, centre_id: str, user_id: str) -> Membership | None:
        return self.members.get((centre_id, user_id))

    def get_series(self, series_id: str) -> Series | None:
        return self.series.get(series_id)

    def user_id_for_email(self, email: str) -> str | None:
        return self.claims.get(email)

    def list_centres(self, page: PageRequest) -> Page[Centre]:
        return Page(sorted(self.centres.values(), key=lambda c: c.centre_id)[: page.limit])

    def list_series(self, page: PageRequest) -> Page[Series]:
        return Page(sorted(self.series.values(), key=lambda s: s.series_id)[: page.limit])

    def list_members(
        self, centre_id: str, page: PageRequest, where: MemberFilter, now: datetime
    ) -> Page[Membership]:
        found = [
            m
            for (c, _), m in sorted(self.members.items())
            if c == centre_id
            and (where.account_type is None or m.account_type is where.account_type)
            and (where.status is None or membership_status(m.accepted, m.invited_at, now) is where.status)
        ]
        return Page(found[: page.limit])

    def expired_invitations(self, centre_id: str, now: datetime) -> dict[AccountType, int]:
        out = dict.fromkeys(AccountType, 0)
        for (c, _), m in self.members.items():
            if (
                c == centre_id
                and membership_status(m.accepted, m.invited_at, now) is MembershipStatus.EXPIRED
            ):
                out[m.account_type] += 1
        return out

    def memberships_of(self, user_id: str) -> list[Membership]:
        return [m for (_, u), m in sorted(self.members.items()) if u == user_id]

    def person_with_memberships(self, user_id: str) -> tuple[Person | None, list[Membership]]:
        return self.people.get(user_id), self.memberships_of(user_id)

    # --- centres and series --------------------------------------------------------------------

    def create_centre(self, centre: Centre) -> None:
        if centre.centre_id in self.centres:
            raise CentreExists(f"centre {centre.centre_id} already exists")
        self.centres[centre.centre_id] = centre

    def put_series(self, series: Series) -> None:
        self.series[series.series_id] = series

    # --- holds ---------------------------------------------------------------------------------

    def hold_email(self, email: str, token: str, at: datetime, stale_before: datetime) -> bool:
        if email in self.claims:
            raise Conflict("that email address changed at the same moment; please retry")
        held = self.holds.get(email)
        if held is not None and held[0] != token and held[1] >= stale_before:
            raise Conflict("that email address is being invited at the same moment; please retry")
        self.holds[email] = (token, at)
        return held is not None

    def release_email(self, email: str, token: str) -> None:
        if self.holds.get(email, ("",))[0] == token:
            del self.holds[email]

    # --- memberships: checks, then changes -----------------------------------------------------

    def _live(self, user_id: str) -> Person:
        person = self.people.get(user_id)
        if person is None:
            if user_id in self.closed:
                raise AccountClosing("that person's account is being closed; try again in a moment")
            raise NotFound("no such person")
        if person.closing is not None:
            raise AccountClosing("that person's account is being closed; try again in a moment")
        return person

    def _check_centre(self, centre_id: str, tally: Tally, eo: tuple[str | None, str | None] | None) -> Centre:
        centre = self.centres.get(centre_id)
        if centre is None:
            raise NotFound("no such centre")
        if eo is not None and centre.exams_officer_id != eo[0]:
            if eo[0] is None:
                raise ExamsOfficerExists(
                    "this centre already has an Exams Officer (an open invitation counts)"
                )
            raise Conflict("the centre's Exams Officer changed at the same moment; please retry")
        places = sum(d for (t, _), d in tally.items() if t is AccountType.ADMIN)
        if places > 0 and centre.admins + places > MAX_ADMINS_PER_CENTRE:
            raise AdminLimitReached("this centre has no Admin place left (open invitations count)")
        return centre

    def _move_centre(self, centre_id: str, tally: Tally, eo: tuple[str | None, str | None] | None) -> None:
        centre = self.centres[centre_id]
        accepted, pending = dict(centre.accepted), dict(centre.pending)
        for (t, is_accepted), d in tally.items():
            counts = accepted if is_accepted else pending
            counts[t] = counts.get(t, 0) + d
        places = sum(d for (t, _), d in tally.items() if t is AccountType.ADMIN)
        self.centres[centre_id] = replace(
            centre,
            accepted=accepted,
            pending=pending,
            admins=centre.admins + places,
            exams_officer_id=eo[1] if eo is not None else centre.exams_officer_id,
        )

    def _leave(self, user_id: str, since: datetime) -> datetime | None:
        """One membership fewer; with the last, the person is closing (since `since`)."""
        person = self._live(user_id)
        if person.memberships <= 1:
            self.people[user_id] = replace(person, memberships=0, closing=since)
            return since
        self.people[user_id] = replace(person, memberships=person.memberships - 1)
        return None

    def _check_leave(self, user_id: str) -> None:
        self._live(user_id)

    def add_person(
        self,
        person: Person,
        membership: Membership,
        replacing: Membership | None = None,
        replacing_memberships: int = 2,
        token: str | None = None,
    ) -> Removal | None:
        email = person.email
        if email in self.claims or person.user_id in self.people or person.user_id in self.closed:
            raise Conflict("that email address is already in use or being invited")
        held = self.holds.get(email)
        if held is not None and held[0] != token:
            raise Conflict("that email address is already in use or being invited")
        self._check_add(membership, replacing)
        self.claims[email] = person.user_id
        self.holds.pop(email, None)
        self.people[person.user_id] = replace(person, memberships=0, closing=None)
        return self._add(membership, replacing)

    def add_membership(
        self, membership: Membership, replacing: Membership | None = None, replacing_memberships: int = 2
    ) -> Removal | None:
        self._live(membership.user_id)
        self._check_add(membership, replacing)
        return self._add(membership, replacing)

    def _eo_change(self, m: Membership, replacing: Membership | None) -> tuple[str | None, str | None] | None:
        if m.account_type is not AccountType.EXAMS_OFFICER:
            return None
        return (replacing.user_id if replacing else None, m.user_id)

    def _check_add(self, m: Membership, replacing: Membership | None) -> None:
        if (m.centre_id, m.user_id) in self.members:
            raise AlreadyMember("that person is already a member of this centre")
        self._check_centre(m.centre_id, _tally((m, +1), (replacing, -1)), self._eo_change(m, replacing))
        if replacing is not None:
            _as_read(self.members.get((replacing.centre_id, replacing.user_id)), replacing)
            self._check_leave(replacing.user_id)

    def _add(self, m: Membership, replacing: Membership | None) -> Removal | None:
        self.members[(m.centre_id, m.user_id)] = m
        person = self.people[m.user_id]
        self.people[m.user_id] = replace(person, memberships=person.memberships + 1)
        self._move_centre(m.centre_id, _tally((m, +1), (replacing, -1)), self._eo_change(m, replacing))
        if replacing is None:
            return None
        del self.members[(replacing.centre_id, replacing.user_id)]
        return Removal(replacing, self._leave(replacing.user_id, m.invited_at))

    def remove_membership(self, membership: Membership, since: datetime, memberships: int = 2) -> Removal:
        m = membership
        _as_read(self.members.get((m.centre_id, m.user_id)), m)
        self._check_leave(m.user_id)
        eo = (m.user_id, None) if m.account_type is AccountType.EXAMS_OFFICER else None
        self._check_centre(m.centre_id, _tally((m, -1)), eo)
        del self.members[(m.centre_id, m.user_id)]
        self._move_centre(m.centre_id, _tally((m, -1)), eo)
        return Removal(m, self._leave(m.user_id, since))

    def _check_put_back(self, removal: Removal) -> None:
        m = removal.membership
        if (m.centre_id, m.user_id) in self.members:
            raise Conflict("the record changed at the same moment; please retry")
        person = self.people.get(m.user_id)
        if removal.closing is not None:
            if person is None or person.closing != removal.closing:
                raise Conflict("the record changed at the same moment; please retry")
        else:
            self._live(m.user_id)

    def _put_back(self, removal: Removal) -> None:
        m = removal.membership
        person = self.people[m.user_id]
        self.members[(m.centre_id, m.user_id)] = m
        if removal.closing is not None:
            self.people[m.user_id] = replace(person, memberships=1, closing=None)
        else:
            self.people[m.user_id] = replace(person, memberships=person.memberships + 1)

    def put_back(self, removal: Removal) -> None:
        m = removal.membership
        eo = (None, m.user_id) if m.account_type is AccountType.EXAMS_OFFICER else None
        self._check_put_back(removal)
        self._check_centre(m.centre_id, _tally((m, +1)), eo)
        self._put_back(removal)
        self._move_centre(m.centre_id, _tally((m, +1)), eo)

    def undo_add(
        self, membership: Membership, new_person: bool, replaced: Removal | None, since: datetime
    ) -> Removal:
        m = membership
        old = replaced.membership if replaced else None
        eo = (
            (m.user_id, old.user_id if old else None) if m.account_type is AccountType.EXAMS_OFFICER else None
        )
        tally = _tally((m, -1), (old, +1))
        _as_read(self.members.get((m.centre_id, m.user_id)), m)
        self._check_leave(m.user_id)
        self._check_centre(m.centre_id, tally, eo)
        if replaced is not None:
            self._check_put_back(replaced)
        del self.members[(m.centre_id, m.user_id)]
        closing = self._leave(m.user_id, since)
        self._move_centre(m.centre_id, tally, eo)
        if replaced is not None:
            self._put_back(replaced)
        return Removal(m, closing)

    def finish_close(self, user_id: str, email: str, since: datetime, keep_mark: bool = True) -> None:
        person = self.people.get(user_id)
        if person is None or person.closing != since or self.claims.get(email) != user_id:
            raise Conflict("the record changed at the same moment; please retry")
        del self.people[user_id]
        del self.claims[email]
        if keep_mark:
            self.closed.add(user_id)

    # --- changes -------------------------------------------------------------------------------

    def change_access(
        self, membership: Membership, account_type: AccountType, permissions: frozenset[Permission]
    ) -> Membership:
        m = membership
        stored = self.members.get((m.centre_id, m.user_id))
        if stored is None:
            raise NotFound("no such member at this centre")
        if (stored.account_type, stored.accepted) != (m.account_type, m.accepted):
            raise Conflict("member at this centre changed at the same moment; please retry")
        moved = replace(stored, account_type=account_type, permissions=permissions)
        tally = _tally((stored, -1), (moved, +1)) if account_type is not m.account_type else {}
        self._check_centre(m.centre_id, tally, None)
        self.members[(m.centre_id, m.user_id)] = moved
        self._move_centre(m.centre_id, tally, None)
        return replace(m, account_type=account_type, permissions=permissions)

    def refresh_invitations(
        self, user_id: str, pending: list[Membership], invited_at: datetime, invited_by: str
    ) -> None:
        self._live(user_id)
        self._set_invitations([(m, invited_at, invited_by) for m in pending])

    def restore_invitations(self, memberships: list[Membership]) -> None:
        self._set_invitations([(m, m.invited_at, m.invited_by) for m in memberships])

    def _set_invitations(self, changes: list[tuple[Membership, datetime, str | None]]) -> None:
        for m, _, _ in changes:
            stored = self.members.get((m.centre_id, m.user_id))
            if stored is None:
                raise NotFound("no such member at this centre")
            if stored.account_type is not m.account_type or stored.accepted:
                raise Conflict("member at this centre changed at the same moment; please retry")
        for m, at, by in changes:
            key = (m.centre_id, m.user_id)
            self.members[key] = replace(self.members[key], invited_at=at, invited_by=by)

    def update_profile(self, user_id: str, profile: Profile, memberships: list[Membership]) -> None:
        person = self._live(user_id)
        self.people[user_id] = replace(person, profile=profile)
        names = {"title": profile.title, "given_name": profile.given_name, "family_name": profile.family_name}
        for m in memberships:
            key = (m.centre_id, m.user_id)
            if key in self.members:
                self.members[key] = replace(self.members[key], **names)  # type: ignore[arg-type]

    def set_disabled(self, user_id: str, disabled: bool) -> None:
        self.people[user_id] = replace(self._live(user_id), disabled=disabled)

    def set_mfa(self, user_id: str, mfa: MfaState) -> None:
        self.people[user_id] = replace(self._live(user_id), mfa=mfa)

    def record_sign_in(
        self, user_id: str, email: str, at: datetime, mfa: MfaState | None
    ) -> list[Membership]:
        person = self.people.get(user_id)
        if user_id in self.closed or (person is not None and person.closing is not None):
            raise AccountClosing("that person's account is being closed; try again in a moment")
        if person is None:
            person = Person(user_id=user_id, email=email, created_at=at)
        # As the table: a sign-in notes Cognito's factors (unless it could not say) and never
        # Portal's own passkey flags.
        seen = person.mfa
        if mfa is not None:
            seen = replace(seen, preferred=mfa.preferred, enabled=mfa.enabled)
        self.people[user_id] = replace(person, signed_in=True, last_sign_in_at=at, mfa=seen)
        accepted = []
        for m in self.memberships_of(user_id):
            key = (m.centre_id, m.user_id)
            if m.accepted:
                self.members[key] = replace(m, last_sign_in_at=at)
                continue
            now = replace(m, accepted=True, last_sign_in_at=at)
            self.members[key] = now
            self._move_centre(m.centre_id, _tally((m, -1), (now, +1)), None)
            accepted.append(now)
        return accepted


@dataclass
class FakeUser:
    user_id: str
    attributes: dict[str, str | None]
    created_at: datetime
    enabled: bool = True
    confirmed: bool = False
    helpdesk: bool = False
    password: str = ""


@dataclass
class FakeDirectory:
    """Cognito by email: users made, deleted, disabled; `recent` by the fake clock."""

    clock: FakeClock
    users: dict[str, FakeUser] = field(default_factory=dict)
    signed_out: list[str] = field(default_factory=list)
    helpdesk: set[str] = field(default_factory=set)
    """The subs in the helpdesk group (operators' accounts: no email here)."""
    _ids: itertools.count[int] = field(default_factory=itertools.count)

    def create_user(self, email: str, temporary_password: str, profile: Profile) -> str:
        if email in self.users:
            raise Conflict("a user with that email address already exists")
        sub = f"00000000-0000-4000-8000-{next(self._ids):012d}"
        self.users[email] = FakeUser(sub, _attributes(profile), self.clock.now(), password=temporary_password)
        return sub

    def _user(self, email: str) -> FakeUser:
        if email not in self.users:
            raise NotFound("no such user in the directory")
        return self.users[email]

    def set_temporary_password(self, email: str, temporary_password: str) -> None:
        self._user(email).password = temporary_password

    def delete_user(self, email: str) -> None:
        self.signed_out.append(email)
        self.users.pop(email, None)

    def disable_user(self, email: str) -> None:
        self._user(email).enabled = False
        self.signed_out.append(email)

    def enable_user(self, email: str) -> None:
        self._user(email).enabled = True

    def reset_mfa(self, email: str) -> None:
        self._user(email)
        self.signed_out.append(email)

    def set_passkey_mfa(self, email: str, enabled: bool) -> None:
        self._user(email)

    def update_attributes(self, email: str, profile: Profile, before: Profile) -> None:
        self._user(email).attributes.update(_attributes(profile))

    def find_user(self, email: str) -> DirectoryUser | None:
        user = self.users.get(email)
        if user is None:
            return None
        recent = self.clock.now() - user.created_at < timedelta(minutes=2)
        return DirectoryUser(user.user_id, user.helpdesk, recent, user.enabled, user.confirmed)

    def has_profile(self, email: str, profile: Profile) -> bool:
        return self._user(email).attributes == _attributes(profile)

    def mfa_state(self, email: str) -> MfaState:
        self._user(email)
        return MfaState()

    def is_helpdesk(self, user_id: str) -> bool:
        return user_id in self.helpdesk or any(
            u.helpdesk and u.user_id == user_id for u in self.users.values()
        )

    def sign_ins(self, email: str, page: PageRequest, scope: str) -> Page[SignInEvent]:
        """The fakes record no sign-in attempts (the local Cognito and moto tiers do)."""
        self._user(email)
        return Page([])


def _attributes(profile: Profile) -> dict[str, str | None]:
    return {
        "locale": profile.language.value,
        "given_name": profile.given_name,
        "family_name": profile.family_name,
        "phone_number": profile.phone_number,
    }


@dataclass
class FakeMailer:
    sent: list[tuple[str, EmailKind, Language, Mapping[str, str]]] = field(default_factory=list)

    def send(self, to: str, kind: EmailKind, language: Language, values: Mapping[str, str]) -> None:
        self.sent.append((to, kind, language, dict(values)))


@dataclass
class FakeAuditLog:
    records: list[AuditRecord] = field(default_factory=list)

    def append(self, record: AuditRecord) -> None:
        self.records.append(record)

    def for_centre(self, centre_id: str, page: PageRequest) -> Page[AuditRecord]:
        return Page([r for r in reversed(self.records) if r.centre_id == centre_id][: page.limit])

    def search(self, where: AuditFilter, page: PageRequest, now: datetime) -> Page[AuditRecord]:
        found = [
            r
            for r in reversed(self.records)
            if (where.centre_id is None or r.centre_id == where.centre_id)
            and (where.actor_id is None or r.actor_id == where.actor_id)
            and (where.target_id is None or r.target_id == where.target_id)
        ]
        return Page(found[: page.limit])


@dataclass
class FakeClock:
    current: datetime

    def now(self) -> datetime:
        return self.current

    def advance(self, by: timedelta) -> None:
        self.current += by
