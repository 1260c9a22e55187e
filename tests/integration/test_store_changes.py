"""Changes to memberships and people: access, invitation dates, profile, disabling, sign-in."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from portal.domain.errors import AccountClosing, AdminLimitReached, Conflict, NotFound
from portal.domain.model import (
    AccountType,
    Centre,
    Language,
    Membership,
    MembershipStatus,
    MfaState,
    Permission,
    Person,
    Profile,
)
from portal.service.ports import MemberFilter, PageRequest

ALL = frozenset(Permission)
RESOURCES = frozenset({Permission.RESOURCES})


@pytest.fixture
def centres(store):
    for number in ("68101", "68102"):
        store.create_centre(Centre(number, f"Centre {number}"))


def add(store, clock, user_id, account_type=AccountType.USER, centre_id="68101", accepted=False):
    person = Person(
        user_id,
        f"{user_id}@example.org",
        Profile(given_name=user_id.title(), family_name="Hughes"),
        memberships=1,
    )
    member = Membership(
        centre_id,
        user_id,
        person.email,
        account_type,
        RESOURCES if account_type is AccountType.USER else ALL,
        clock.now(),
        "inviter",
        accepted=accepted,
        given_name=person.profile.given_name,
        family_name="Hughes",
    )
    if store.get_person(user_id) is None:
        store.add_person(person, member)
    else:
        store.add_membership(member)
    return member


def counts(store, centre_id="68101"):
    """The centre's counters: {(type, accepted): n} for those not zero."""
    centre = store.get_centre(centre_id)
    tally = {(t, True): n for t, n in centre.accepted.items()} | {
        (t, False): n for t, n in centre.pending.items()
    }
    return {key: n for key, n in tally.items() if n}


# --- access ------------------------------------------------------------------------------------


def test_promoting_a_user_takes_an_admin_place_and_demoting_gives_it_back(store, clock, centres):
    member = add(store, clock, "ann")

    admin = store.change_access(member, AccountType.ADMIN, ALL)
    assert store.get_membership("68101", "ann") == admin
    assert store.get_centre("68101").admins == 1
    assert counts(store) == {(AccountType.ADMIN, False): 1}

    user = store.change_access(admin, AccountType.USER, RESOURCES | {Permission.RESULTS})
    assert store.get_membership("68101", "ann") == user
    assert store.get_centre("68101").admins == 0
    assert counts(store) == {(AccountType.USER, False): 1}


def test_promotion_past_the_limit_is_refused_and_changes_nothing(store, clock, centres):
    for i in range(3):
        add(store, clock, f"admin{i}", AccountType.ADMIN)
    member = add(store, clock, "ann")

    with pytest.raises(AdminLimitReached):
        store.change_access(member, AccountType.ADMIN, ALL)
    assert store.get_membership("68101", "ann") == member
    assert store.get_centre("68101").admins == 3


def test_a_permission_change_keeps_the_places(store, clock, centres):
    member = add(store, clock, "ann")
    changed = store.change_access(member, AccountType.USER, RESOURCES | {Permission.ENTRIES})
    assert store.get_membership("68101", "ann").permissions == changed.permissions
    assert store.get_centre("68101").admins == 0


def test_access_changes_are_conditional_on_the_stored_type(store, clock, centres):
    member = add(store, clock, "ann")
    store.change_access(member, AccountType.ADMIN, ALL)

    with pytest.raises(Conflict):
        store.change_access(member, AccountType.ADMIN, ALL)  # read as a User, now an Admin
    store.remove_membership(store.get_membership("68101", "ann"), clock.now(), memberships=1)
    with pytest.raises(NotFound):
        store.change_access(member, AccountType.ADMIN, ALL)


# --- invitations -------------------------------------------------------------------------------


def test_refresh_restarts_every_pending_invitation_and_restore_puts_the_dates_back(store, clock, centres):
    first = add(store, clock, "ann")
    clock.advance(timedelta(days=10))
    second = add(store, clock, "ann", centre_id="68102")
    clock.advance(timedelta(days=50))

    store.refresh_invitations("ann", [first, second], clock.now(), "helper")

    for m in store.memberships_of("ann"):
        assert (m.invited_at, m.invited_by) == (clock.now(), "helper")
    now = clock.now()
    invited = MemberFilter(status=MembershipStatus.INVITED)
    assert len(store.list_members("68102", PageRequest(), invited, now + timedelta(days=59)).items) == 1
    store.restore_invitations([first, second])
    assert sorted(store.memberships_of("ann"), key=lambda m: m.centre_id) == [first, second]


def test_refresh_refuses_an_accepted_membership_and_a_closing_person(store, clock, centres):
    accepted = add(store, clock, "ann", accepted=True)
    with pytest.raises(Conflict):
        store.refresh_invitations("ann", [replace(accepted, accepted=False)], clock.now(), "helper")
    assert store.get_membership("68101", "ann") == accepted
    pending = add(store, clock, "bob")
    store.remove_membership(pending, clock.now(), memberships=1)
    with pytest.raises(AccountClosing):
        store.refresh_invitations("bob", [], clock.now(), "helper")


# --- profile and disabling ---------------------------------------------------------------------


def test_a_profile_update_copies_the_names_onto_every_membership(store, clock, centres):
    add(store, clock, "ann")
    add(store, clock, "ann", AccountType.ADMIN, centre_id="68102")
    profile = Profile(
        title="Ms",
        given_name="Ann",
        family_name="Rhys",
        job_role="Data manager",
        language=Language.WELSH,
        phone_number="+447700900123",
    )

    store.update_profile("ann", profile, store.memberships_of("ann"))

    assert store.get_person("ann").profile == profile
    for m in store.memberships_of("ann"):
        assert (m.title, m.given_name, m.family_name) == ("Ms", "Ann", "Rhys")


def test_clearing_optional_fields_removes_them(store, clock, centres):
    mine = [add(store, clock, "ann")]
    store.update_profile(
        "ann", Profile(title="Dr", given_name="Ann", family_name="Rhys", phone_number="+447700900123"), mine
    )
    store.update_profile("ann", Profile(given_name="Ann", family_name="Rhys"), mine)
    assert store.get_person("ann").profile == Profile(given_name="Ann", family_name="Rhys")
    assert store.get_membership("68101", "ann").title is None


def test_profile_and_disabling_need_a_person(store):
    with pytest.raises(NotFound):
        store.update_profile("nobody", Profile(given_name="N", family_name="O"), [])
    with pytest.raises(NotFound):
        store.set_disabled("nobody", True)


def test_disabling_is_a_flag_on_the_person(store, clock, centres):
    add(store, clock, "ann")
    store.set_disabled("ann", True)
    assert store.get_person("ann").disabled
    store.set_disabled("ann", False)
    assert not store.get_person("ann").disabled


# --- sign-in -----------------------------------------------------------------------------------


def test_first_sign_in_accepts_every_pending_membership_and_notes_the_time(store, clock, centres):
    add(store, clock, "ann")
    add(store, clock, "ann", AccountType.ADMIN, centre_id="68102")
    clock.advance(timedelta(hours=2))
    mfa = MfaState(preferred="SOFTWARE_TOKEN_MFA", enabled=("SOFTWARE_TOKEN_MFA",))

    accepted = store.record_sign_in("ann", "ann@example.org", clock.now(), mfa)

    assert sorted(m.centre_id for m in accepted) == ["68101", "68102"]
    assert counts(store, "68101") == {(AccountType.USER, True): 1}
    assert counts(store, "68102") == {(AccountType.ADMIN, True): 1}
    active = MemberFilter(status=MembershipStatus.ACTIVE)
    assert len(store.list_members("68102", PageRequest(), active, clock.now()).items) == 1
    assert all(m.accepted and m.last_sign_in_at == clock.now() for m in accepted)
    person = store.get_person("ann")
    assert (person.signed_in, person.last_sign_in_at, person.mfa) == (True, clock.now(), mfa)
    for m in store.memberships_of("ann"):
        assert m.accepted and m.last_sign_in_at == clock.now()

    clock.advance(timedelta(days=1))
    assert store.record_sign_in("ann", "ann@example.org", clock.now(), MfaState()) == []
    assert store.get_person("ann").last_sign_in_at == clock.now()
    assert store.get_person("ann").mfa == MfaState()


def test_sign_in_creates_a_profile_for_an_account_made_by_hand(store, clock):
    accepted = store.record_sign_in("helpdesk-1", "Help@Example.org", clock.now(), MfaState())

    person = store.get_person("helpdesk-1")
    assert accepted == []
    assert person.email == "help@example.org"
    assert person.profile == Profile()
    assert person.signed_in and person.created_at == clock.now()


def test_sign_in_keeps_the_profile_it_finds(store, clock, centres):
    add(store, clock, "ann")
    store.update_profile(
        "ann",
        Profile(given_name="Ann", family_name="Rhys", language=Language.WELSH),
        store.memberships_of("ann"),
    )
    store.record_sign_in("ann", "other@example.org", clock.now(), MfaState())
    person = store.get_person("ann")
    assert person.email == "ann@example.org"
    assert person.profile.language is Language.WELSH


def test_a_closing_or_closed_account_refuses_a_sign_in(store, clock, centres):
    """A sign-in recorded after the last membership went must not bring a record back."""
    member = add(store, clock, "ann")
    removal = store.remove_membership(member, clock.now(), memberships=1)
    with pytest.raises(AccountClosing):
        store.record_sign_in("ann", "ann@example.org", clock.now(), MfaState())
    store.finish_close("ann", "ann@example.org", removal.closing)
    with pytest.raises(AccountClosing):
        store.record_sign_in("ann", "ann@example.org", clock.now(), MfaState())
    assert store.get_person("ann") is None
    assert store.user_id_for_email("ann@example.org") is None


def test_a_sign_in_whose_mfa_state_cognito_cannot_give_keeps_the_one_noted_before(store, clock, centres):
    """Results morning: AdminGetUser throttled (UserRead quota) must neither fail the sign-in nor
    blank the MFA state GET /me shows."""
    add(store, clock, "ann")
    mfa = MfaState(preferred="SOFTWARE_TOKEN_MFA", enabled=("SOFTWARE_TOKEN_MFA",))
    store.record_sign_in("ann", "ann@example.org", clock.now(), mfa)
    clock.advance(timedelta(days=1))
    assert store.record_sign_in("ann", "ann@example.org", clock.now(), None) == []
    person = store.get_person("ann")
    assert (person.last_sign_in_at, person.mfa) == (clock.now(), mfa)
