"""Changes to memberships and people: access, invitation dates, profile, disabling, sign-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from portal.domain.errors import AdminLimitReached, Conflict, NotFound
from portal.domain.model import (
    AccountType,
    Centre,
    Language,
    Membership,
    MfaState,
    Permission,
    Person,
    Profile,
)

ALL = frozenset(Permission)
RESOURCES = frozenset({Permission.RESOURCES})


@pytest.fixture
def centres(store):
    for number in ("68101", "68102"):
        store.create_centre(Centre(number, f"Centre {number}"))


def add(store, clock, user_id, account_type=AccountType.USER, centre_id="68101", accepted=False):
    person = Person(
        user_id, f"{user_id}@example.org", Profile(given_name=user_id.title(), family_name="Hughes")
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
        store.reserve_email(
            person.email, centre_id, None if account_type is AccountType.USER else account_type
        )
        store.add_person(person, member)
    else:
        store.add_membership(member)
    return member


# --- access ------------------------------------------------------------------------------------


def test_promoting_a_user_takes_an_admin_place_and_demoting_gives_it_back(store, clock, centres):
    member = add(store, clock, "ann")

    admin = store.change_access(member, AccountType.ADMIN, ALL)
    assert store.get_membership("68101", "ann") == admin
    assert store.get_centre("68101").admins == 1

    user = store.change_access(admin, AccountType.USER, RESOURCES | {Permission.RESULTS})
    assert store.get_membership("68101", "ann") == user
    assert store.get_centre("68101").admins == 0


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
    store.remove_membership(store.get_membership("68101", "ann"))
    with pytest.raises(NotFound):
        store.change_access(member, AccountType.ADMIN, ALL)


# --- invitations -------------------------------------------------------------------------------


def test_refresh_restarts_every_pending_invitation_and_restore_puts_the_dates_back(store, clock, centres):
    first = add(store, clock, "ann")
    clock.advance(timedelta(days=10))
    second = add(store, clock, "ann", centre_id="68102")
    clock.advance(timedelta(days=50))

    before = store.refresh_invitations("ann", clock.now(), "helper")

    assert sorted(before, key=lambda m: m.centre_id) == [first, second]
    for m in store.memberships_of("ann"):
        assert (m.invited_at, m.invited_by) == (clock.now(), "helper")
    store.restore_invitations(before)
    assert sorted(store.memberships_of("ann"), key=lambda m: m.centre_id) == [first, second]


def test_refresh_leaves_accepted_memberships_alone(store, clock, centres):
    accepted = add(store, clock, "ann", accepted=True)
    assert store.refresh_invitations("ann", clock.now() + timedelta(days=1), "helper") == []
    assert store.get_membership("68101", "ann") == accepted


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

    person = store.update_profile("ann", profile)

    assert person.profile == profile
    assert store.get_person("ann") == person
    for m in store.memberships_of("ann"):
        assert (m.title, m.given_name, m.family_name) == ("Ms", "Ann", "Rhys")


def test_clearing_optional_fields_removes_them(store, clock, centres):
    add(store, clock, "ann")
    store.update_profile(
        "ann", Profile(title="Dr", given_name="Ann", family_name="Rhys", phone_number="+447700900123")
    )
    person = store.update_profile("ann", Profile(given_name="Ann", family_name="Rhys"))
    assert person.profile == Profile(given_name="Ann", family_name="Rhys")
    assert store.get_membership("68101", "ann").title is None


def test_profile_and_disabling_need_a_person(store):
    with pytest.raises(NotFound):
        store.update_profile("nobody", Profile(given_name="N", family_name="O"))
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
    store.update_profile("ann", Profile(given_name="Ann", family_name="Rhys", language=Language.WELSH))
    store.record_sign_in("ann", "other@example.org", clock.now(), MfaState())
    person = store.get_person("ann")
    assert person.email == "ann@example.org"
    assert person.profile.language is Language.WELSH
