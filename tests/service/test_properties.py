"""The use cases' rules as properties, on the in-memory fakes (tests/service/fakes.py).

For any sequence of invitations, changes of access, deletions, withdrawals, appointments of an
Exams Officer and first sign-ins, made by the centres' managers and the helpdesk: each centre has
at most 1 EO and 3 Admins (open invitations count), its counters, places and named EO equal its
membership items, each person's count equals their memberships, and Cognito and Portal stay one
to one (docs/rules.md, Cognito and Portal, one to one). A refusal is one of the typed errors,
never anything else. No moto: the whole run takes seconds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from portal.constants import MAX_ADMINS_PER_CENTRE
from portal.domain.errors import AdminLimitReached, PortalError
from portal.domain.model import AccountType, Caller, Permission
from portal.service import centres, members, people
from portal.service.deps import Deps
from portal.service.invitations import Invitation

from tests.service.fakes import FakeAuditLog, FakeClock, FakeDirectory, FakeMailer, FakeStateStore

HELPDESK = Caller("helpdesk-0000", helpdesk_claim=True)
CENTRES = ("68101", "68102")
EMAILS = tuple(f"p{i}@school.example" for i in range(6))
START = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


@dataclass
class World:
    deps: Deps
    store: FakeStateStore
    directory: FakeDirectory
    clock: FakeClock


def _world() -> World:
    clock = FakeClock(START)
    store, directory = FakeStateStore(), FakeDirectory(clock, helpdesk={HELPDESK.user_id})
    passwords = iter(range(10**6))
    deps = Deps(
        store=store,
        audit=FakeAuditLog(),
        directory=directory,
        mailer=FakeMailer(),
        clock=clock,
        new_password=lambda: f"temporary-password-{next(passwords)}",
    )
    for centre_id in CENTRES:
        centres.create_centre(deps, HELPDESK, centre_id, f"Centre {centre_id}")
    return World(deps, store, directory, clock)


def _invitation(email: str, account_type: AccountType, grant: bool = False) -> Invitation:
    permissions = frozenset({Permission.RESOURCES, Permission.ENTRIES}) if grant else None
    return Invitation(email, account_type, "Ann", "Jones", permissions=permissions)


def _managers(w: World, centre_id: str) -> list[Caller]:
    return [
        Caller(m.user_id)
        for (c, _), m in sorted(w.store.members.items())
        if c == centre_id and m.account_type is not AccountType.USER
    ] + [HELPDESK]


def _member_id(w: World, centre_id: str, index: int) -> str:
    """The index-th member of the centre (so most changes reach someone), or nobody."""
    ids = sorted(u for (c, u) in w.store.members if c == centre_id)
    return ids[index % len(ids)] if ids and index < 8 else "nobody"


INVITE = st.tuples(
    st.just("invite"),
    st.sampled_from(CENTRES),
    st.integers(0, 9),
    st.sampled_from(EMAILS),
    st.sampled_from([AccountType.ADMIN, AccountType.USER]),
    st.booleans(),
)
OPS = st.one_of(
    INVITE,
    INVITE,
    st.tuples(st.just("appoint"), st.sampled_from(CENTRES), st.sampled_from(EMAILS)),
    st.tuples(st.just("change"), st.sampled_from(CENTRES), st.integers(0, 9), st.integers(0, 9),
              st.sampled_from([AccountType.ADMIN, AccountType.USER])),
    st.tuples(st.just("delete"), st.sampled_from(CENTRES), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("withdraw"), st.sampled_from(CENTRES), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("resend"), st.sampled_from(CENTRES), st.integers(0, 9), st.integers(0, 9)),
    st.tuples(st.just("sign_in"), st.sampled_from(EMAILS)),
    st.tuples(st.just("days_pass"), st.integers(1, 90)),
)  # fmt: skip


def _apply(w: World, op: tuple[Any, ...]) -> None:
    deps, kind = w.deps, op[0]
    if kind == "days_pass":
        w.clock.advance(timedelta(days=op[1]))
        return
    if kind == "sign_in":
        owner = w.store.claims.get(op[1])
        if owner is not None:
            people.record_sign_in(deps, owner, op[1])
        return
    centre_id = op[1]
    if kind == "appoint":
        centres.appoint_exams_officer(
            deps, HELPDESK, centre_id, _invitation(op[2], AccountType.EXAMS_OFFICER)
        )
        return
    managers = _managers(w, centre_id)
    caller = managers[op[2] % len(managers)]
    if kind == "invite":
        members.invite(deps, caller, centre_id, _invitation(op[3], op[4], grant=op[5]))
        return
    target = _member_id(w, centre_id, op[3])
    if kind == "change":
        members.change_access(deps, caller, centre_id, target, op[4], None)
    elif kind == "delete":
        members.delete_member(deps, caller, centre_id, target)
    elif kind == "withdraw":
        members.withdraw_invitation(deps, caller, centre_id, target)
    elif kind == "resend":
        members.resend_invitation(deps, caller, centre_id, target)


def _check(w: World) -> None:
    store, directory = w.store, w.directory
    for centre_id, centre in store.centres.items():
        mine = [m for (c, _), m in store.members.items() if c == centre_id]
        by_type = Counter(m.account_type for m in mine)
        assert by_type[AccountType.EXAMS_OFFICER] <= 1, centre_id
        assert by_type[AccountType.ADMIN] <= MAX_ADMINS_PER_CENTRE, centre_id
        assert centre.admins == by_type[AccountType.ADMIN]
        eo = [m.user_id for m in mine if m.account_type is AccountType.EXAMS_OFFICER]
        assert centre.exams_officer_id == (eo[0] if eo else None)
        for t in AccountType:
            assert centre.accepted.get(t, 0) == sum(m.account_type is t and m.accepted for m in mine)
            assert centre.pending.get(t, 0) == sum(m.account_type is t and not m.accepted for m in mine)
    per_person = Counter(u for (_, u) in store.members)
    for user_id, person in store.people.items():
        assert person.memberships == per_person[user_id], user_id
        assert per_person[user_id] > 0 and person.closing is None, "an account left half-closed"
    assert set(store.claims.values()) == set(store.people), "a claim without its person, or none"
    cognito = {u.user_id: email for email, u in directory.users.items()}
    for (_, user_id), m in store.members.items():
        assert cognito.get(user_id) == m.email, "a membership without its Cognito user"
        assert store.claims.get(m.email) == user_id
    for user_id in cognito:
        assert per_person[user_id] > 0, "a Cognito user without a membership"
    assert len(set(cognito.values())) == len(cognito) and not store.holds


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(OPS, max_size=30))
def test_any_sequence_keeps_the_limits_the_counters_and_cognito_one_to_one(
    ops: list[tuple[Any, ...]],
) -> None:
    w = _world()
    for op in ops:
        try:
            _apply(w, op)
            event(f"{op[0]}: done")
        except PortalError as refusal:  # a limit, a policy, a member gone: typed, nothing left behind
            event(f"{op[0]}: {type(refusal).__name__}")
        _check(w)


def test_the_fakes_refuse_a_fourth_admin_as_the_adapter_does() -> None:
    """The property can fail: the limit is the fakes' own rule, checked here on its own."""
    w = _world()
    centres.appoint_exams_officer(
        w.deps, HELPDESK, "68101", _invitation(EMAILS[0], AccountType.EXAMS_OFFICER)
    )
    eo = Caller(w.store.claims[EMAILS[0]])
    for email in EMAILS[1:4]:
        members.invite(w.deps, eo, "68101", _invitation(email, AccountType.ADMIN))
    with pytest.raises(AdminLimitReached):
        members.invite(w.deps, eo, "68101", _invitation(EMAILS[4], AccountType.ADMIN))
    _check(w)
