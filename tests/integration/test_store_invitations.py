"""Invitations and removals: places taken and given back, typed refusals, exact undo."""

from __future__ import annotations

from dataclasses import replace

import pytest
from portal.domain.errors import (
    AdminLimitReached,
    AlreadyMember,
    Conflict,
    ExamsOfficerExists,
    NotFound,
    Unavailable,
)
from portal.domain.model import AccountType, Centre, Membership, Permission, Person, Profile

ALL = frozenset(Permission)


@pytest.fixture
def snapshot(store, settings, clients):
    """Every item of the state table, to compare a state before and after an undo exactly."""

    def take():
        items = []
        for page in clients.dynamodb.get_paginator("scan").paginate(TableName=settings.state_table):
            items += page.get("Items", [])
        return sorted(items, key=lambda i: (i["pk"]["S"], i["sk"]["S"]))

    return take


@pytest.fixture
def centre(store):
    store.create_centre(Centre("68101", "Demo"))
    return store.get_centre("68101")


def person_and_member(clock, user_id, account_type=AccountType.ADMIN, centre_id="68101", accepted=False):
    person = Person(
        user_id,
        f"{user_id}@example.org",
        Profile(title="Dr", given_name=user_id.title(), family_name="Evans"),
        created_at=clock.now(),
    )
    member = Membership(
        centre_id,
        user_id,
        person.email,
        account_type,
        ALL if account_type is not AccountType.USER else frozenset({Permission.RESOURCES}),
        clock.now(),
        "inviter",
        accepted=accepted,
        title="Dr",
        given_name=user_id.title(),
        family_name="Evans",
    )
    return person, member


def add_new(store, clock, user_id, account_type=AccountType.ADMIN, centre_id="68101"):
    person, member = person_and_member(clock, user_id, account_type, centre_id)
    store.reserve_email(person.email, centre_id, None if account_type is AccountType.USER else account_type)
    store.add_person(person, member)
    return person, member


# --- reserving places --------------------------------------------------------------------------


def test_a_reservation_takes_an_admin_place_and_the_fourth_is_refused(store, centre):
    for i in range(3):
        store.reserve_email(f"a{i}@example.org", "68101", AccountType.ADMIN)

    with pytest.raises(AdminLimitReached):
        store.reserve_email("a3@example.org", "68101", AccountType.ADMIN)
    assert store.get_centre("68101").admins == 3
    assert store.user_id_for_email("a3@example.org") is None


def test_a_second_exams_officer_is_refused(store, centre):
    store.reserve_email("eo@example.org", "68101", AccountType.EXAMS_OFFICER)

    with pytest.raises(ExamsOfficerExists):
        store.reserve_email("eo2@example.org", "68101", AccountType.EXAMS_OFFICER)
    assert store.get_centre("68101").exams_officers == 1


def test_users_take_no_place(store, centre):
    for i in range(5):
        store.reserve_email(f"u{i}@example.org", "68101", None)
    assert store.get_centre("68101") == centre


def test_a_claimed_email_or_a_missing_centre_is_refused(store, centre):
    store.reserve_email("ann@example.org", "68101", None)

    with pytest.raises(Conflict):
        store.reserve_email("Ann@Example.org", "68101", AccountType.ADMIN)
    with pytest.raises(NotFound):
        store.reserve_email("bob@example.org", "99999", AccountType.ADMIN)
    with pytest.raises(NotFound):
        store.reserve_email("bob@example.org", "99999", None)
    assert store.get_centre("68101").admins == 0


def test_a_reserved_email_has_no_owner_yet_and_release_gives_the_place_back(store, centre, snapshot):
    before = snapshot()
    store.reserve_email("ann@example.org", "68101", AccountType.ADMIN)
    assert store.user_id_for_email("ann@example.org") is None

    store.release_email("ann@example.org", "68101", AccountType.ADMIN)

    assert snapshot() == before


def test_release_refuses_a_finished_claim(store, clock, centre):
    person, _ = add_new(store, clock, "ann")
    with pytest.raises(Conflict):
        store.release_email(person.email, "68101", AccountType.ADMIN)
    assert store.user_id_for_email(person.email) == "ann"


# --- adding ------------------------------------------------------------------------------------


def test_add_person_stores_person_membership_and_owner(store, clock, centre):
    person, member = add_new(store, clock, "ann")

    assert store.get_person("ann") == person
    assert store.get_membership("68101", "ann") == member
    assert store.user_id_for_email("ann@example.org") == "ann"
    assert store.get_centre("68101").admins == 1


def test_add_person_without_a_reservation_changes_nothing(store, clock, centre, snapshot):
    person, member = person_and_member(clock, "ann")
    before = snapshot()
    with pytest.raises(NotFound):
        store.add_person(person, member)
    assert snapshot() == before


def test_add_membership_takes_a_place_and_refuses_a_second_one(store, clock, centre):
    store.create_centre(Centre("68102", "Second"))
    add_new(store, clock, "ann", AccountType.USER, centre_id="68102")
    _, member = person_and_member(clock, "ann", AccountType.ADMIN)

    store.add_membership(member)

    assert store.get_centre("68101").admins == 1
    with pytest.raises(AlreadyMember):
        store.add_membership(member)
    assert store.get_centre("68101").admins == 1


def test_add_membership_refuses_a_missing_person_and_a_full_centre(store, clock, centre):
    _, ghost = person_and_member(clock, "ghost", AccountType.USER)
    with pytest.raises(NotFound):
        store.add_membership(ghost)

    store.create_centre(Centre("68102", "Second", exams_officers=1))
    add_new(store, clock, "ann", AccountType.USER)
    _, as_eo = person_and_member(clock, "ann", AccountType.EXAMS_OFFICER, centre_id="68102")
    with pytest.raises(ExamsOfficerExists):
        store.add_membership(as_eo)


def test_undo_add_after_add_person_restores_the_state_before_the_reservation(store, clock, centre, snapshot):
    before = snapshot()
    person, member = add_new(store, clock, "ann")

    store.undo_add(member, person)

    assert snapshot() == before


def test_undo_add_after_add_membership_gives_the_place_back(store, clock, centre, snapshot):
    store.create_centre(Centre("68102", "Second"))
    add_new(store, clock, "ann", AccountType.USER, centre_id="68102")
    before = snapshot()
    _, member = person_and_member(clock, "ann", AccountType.ADMIN)
    store.add_membership(member)

    store.undo_add(member, None)

    assert snapshot() == before


# --- replacing the Exams Officer ---------------------------------------------------------------


def test_a_new_eo_replaces_the_old_in_one_step_and_undo_puts_everything_back(store, clock, centre, snapshot):
    old_person, old_eo = add_new(store, clock, "old", AccountType.EXAMS_OFFICER)
    before = snapshot()
    new_person, new_eo = person_and_member(clock, "new", AccountType.EXAMS_OFFICER)
    store.reserve_email(new_person.email, "68101", None)  # a replacement takes no place

    store.add_person(new_person, new_eo, replacing=old_eo, replacing_person=old_person)

    assert store.get_membership("68101", "old") is None
    assert store.get_person("old") is None
    assert store.user_id_for_email(old_person.email) is None
    assert store.get_membership("68101", "new") == new_eo
    assert store.get_centre("68101").exams_officers == 1

    store.undo_add(new_eo, new_person, replacing=old_eo, replacing_person=old_person)

    assert snapshot() == before


def test_an_existing_person_replaces_the_eo_whose_other_memberships_stay(store, clock, centre, snapshot):
    store.create_centre(Centre("68102", "Second"))
    _, old_eo = add_new(store, clock, "old", AccountType.EXAMS_OFFICER)
    add_new(store, clock, "new", AccountType.USER, centre_id="68102")
    before = snapshot()
    _, new_eo = person_and_member(clock, "new", AccountType.EXAMS_OFFICER)

    store.add_membership(new_eo, replacing=old_eo)

    assert store.get_membership("68101", "old") is None
    assert store.get_person("old") is not None
    assert store.get_centre("68101").exams_officers == 1
    store.undo_add(new_eo, None, replacing=old_eo)
    assert snapshot() == before


def test_a_replacement_is_refused_if_the_old_eo_changed_meanwhile(store, clock, centre, snapshot):
    old_person, old_eo = add_new(store, clock, "old", AccountType.EXAMS_OFFICER)
    store.record_sign_in("old", old_person.email, clock.now(), old_person.mfa)  # accepted since read
    new_person, new_eo = person_and_member(clock, "new", AccountType.EXAMS_OFFICER)
    store.reserve_email(new_person.email, "68101", None)
    before = snapshot()

    with pytest.raises(Conflict):
        store.add_person(new_person, new_eo, replacing=old_eo, replacing_person=old_person)
    assert snapshot() == before


# --- removing ----------------------------------------------------------------------------------


def test_remove_gives_the_place_back_and_restore_undoes_it_exactly(store, clock, centre, snapshot):
    add_new(store, clock, "eo", AccountType.EXAMS_OFFICER)
    person, member = add_new(store, clock, "ann")
    before = snapshot()

    store.remove_membership(member, person)

    assert store.get_membership("68101", "ann") is None
    assert store.get_person("ann") is None
    assert store.user_id_for_email(person.email) is None
    assert store.get_centre("68101").admins == 0
    store.restore_membership(member, person)
    assert snapshot() == before


def test_remove_keeps_the_person_when_not_given(store, clock, centre):
    person, member = add_new(store, clock, "ann", AccountType.USER)
    store.remove_membership(member)
    assert store.get_person("ann") == person
    assert store.user_id_for_email(person.email) == "ann"


def test_remove_says_not_found_when_gone_and_conflict_when_changed(store, clock, centre):
    _, member = add_new(store, clock, "ann")
    changed = store.change_access(member, AccountType.USER, frozenset({Permission.RESOURCES}))

    with pytest.raises(Conflict):
        store.remove_membership(member)
    store.remove_membership(changed)
    with pytest.raises(NotFound):
        store.remove_membership(changed)


def test_restore_never_makes_a_fourth_admin(store, clock, centre):
    _, member = add_new(store, clock, "ann")
    store.remove_membership(member)
    for i in range(3):
        store.reserve_email(f"other{i}@example.org", "68101", AccountType.ADMIN)

    with pytest.raises(AdminLimitReached):
        store.restore_membership(member)
    assert store.get_centre("68101").admins == 3


# --- failures ----------------------------------------------------------------------------------


def test_a_transaction_conflict_is_a_conflict_and_changes_nothing(
    store, clock, centre, clients, fail, snapshot
):
    before = snapshot()
    injected = fail.transaction(clients.dynamodb)

    with pytest.raises(Conflict):
        store.reserve_email("ann@example.org", "68101", AccountType.ADMIN)
    assert injected.failed == 1
    assert snapshot() == before
    store.reserve_email("ann@example.org", "68101", AccountType.ADMIN)  # the next one goes through


def test_a_cancellation_reason_maps_to_the_step_s_own_error(store, centre, clients, fail):
    fail.transaction(clients.dynamodb, reasons=["None", "ConditionalCheckFailed"])
    with pytest.raises(NotFound):  # the centre step, with no old item returned
        store.reserve_email("ann@example.org", "68101", AccountType.ADMIN)


def test_throttling_is_unavailable(store, centre, clients, fail):
    fail.aws(clients.dynamodb, "get_item", "ProvisionedThroughputExceededException")
    with pytest.raises(Unavailable):
        store.get_centre("68101")
    fail.transaction(clients.dynamodb, reasons=["ThrottlingError"])
    with pytest.raises(Unavailable):
        store.reserve_email("ann@example.org", "68101", None)


def test_the_replaced_person_is_only_removed_with_their_own_claim(store, clock, centre):
    """A claim taken over by someone else is never deleted on the old owner's behalf."""
    person, member = add_new(store, clock, "ann", AccountType.USER)
    bob, _ = add_new(store, clock, "bob", AccountType.USER)
    stale = replace(person, email=bob.email)  # as if ann's address had passed to bob
    with pytest.raises(Conflict):
        store.remove_membership(member, stale)
    assert store.get_membership("68101", "ann") == member
    assert store.user_id_for_email(bob.email) == "bob"
