"""Memberships added and removed: places, counters, each person's count, typed refusals, exact undo.

Every transaction that adds or removes a membership changes its centre and its person in the
same step, so these tests check the three together: the membership, the centre's counters and
places, and the person's count of memberships (or their closing).
"""

from __future__ import annotations

import pytest
from portal.adapters.dynamo import CONFLICT_ATTEMPTS
from portal.domain.errors import (
    AccountClosing,
    AdminLimitReached,
    AlreadyMember,
    Conflict,
    ExamsOfficerExists,
    NotFound,
    Unavailable,
)
from portal.domain.model import AccountType, Centre, Membership, MfaState, Permission, Person, Profile

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
        memberships=1,
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
        centre_name="Demo",
    )
    return person, member


def add_new(store, clock, user_id, account_type=AccountType.ADMIN, centre_id="68101", accepted=False):
    person, member = person_and_member(clock, user_id, account_type, centre_id, accepted)
    store.add_person(person, member)
    return person, member


def counted(store, user_id):
    person = store.get_person(user_id)
    return None if person is None else person.memberships


# --- adding ------------------------------------------------------------------------------------


def test_a_new_person_is_one_transaction_claim_record_membership_and_counters(store, clock, centre):
    _, member = add_new(store, clock, "ann")

    assert store.get_membership("68101", "ann") == member
    assert store.user_id_for_email("ann@example.org") == "ann"
    assert counted(store, "ann") == 1
    centre = store.get_centre("68101")
    assert (centre.admins, centre.pending[AccountType.ADMIN]) == (1, 1)


def test_admin_places_are_limited_and_open_invitations_count(store, clock, centre, snapshot):
    for i in range(3):
        add_new(store, clock, f"admin{i}")
    before = snapshot()

    with pytest.raises(AdminLimitReached):
        add_new(store, clock, "fourth")

    assert snapshot() == before
    assert store.get_centre("68101").admins == 3


def test_the_centre_names_its_one_exams_officer(store, clock, centre):
    add_new(store, clock, "eo", AccountType.EXAMS_OFFICER)
    assert store.get_centre("68101").exams_officer_id == "eo"
    with pytest.raises(ExamsOfficerExists):
        add_new(store, clock, "second", AccountType.EXAMS_OFFICER)


def test_users_take_no_place_but_are_counted(store, clock, centre):
    add_new(store, clock, "ann", AccountType.USER)
    centre = store.get_centre("68101")
    assert (centre.admins, centre.exams_officer_id, centre.pending[AccountType.USER]) == (0, None, 1)


def test_a_claimed_email_or_a_missing_centre_is_refused(store, clock, centre, snapshot):
    add_new(store, clock, "ann", AccountType.USER)
    before = snapshot()
    _, member = person_and_member(clock, "other", AccountType.USER)
    with pytest.raises(Conflict):
        store.add_person(Person("other", "ann@example.org", memberships=1), member)
    _, elsewhere = person_and_member(clock, "bob", AccountType.USER, centre_id="99999")
    with pytest.raises(NotFound):
        store.add_person(Person("bob", "bob@example.org", memberships=1), elsewhere)
    assert snapshot() == before


def test_an_existing_person_joins_with_their_count(store, clock, centre):
    store.create_centre(Centre("68102", "Second"))
    add_new(store, clock, "ann", AccountType.USER)
    _, second = person_and_member(clock, "ann", AccountType.ADMIN, centre_id="68102")

    store.add_membership(second)

    assert counted(store, "ann") == 2
    assert store.get_centre("68102").admins == 1
    with pytest.raises(AlreadyMember):
        store.add_membership(second)
    assert counted(store, "ann") == 2


def test_nobody_joins_a_missing_or_closing_person(store, clock, centre):
    store.create_centre(Centre("68102", "Second"))
    _, stranger = person_and_member(clock, "nobody", AccountType.USER)
    with pytest.raises(NotFound):
        store.add_membership(stranger)
    _, member = add_new(store, clock, "ann", AccountType.USER)
    store.remove_membership(member, clock.now(), memberships=1)
    _, second = person_and_member(clock, "ann", AccountType.USER, centre_id="68102")
    with pytest.raises(AccountClosing):
        store.add_membership(second)
    assert store.get_membership("68102", "ann") is None


# --- removing: the last membership is decided inside the transaction ------------------------------


def test_removing_one_of_two_keeps_the_person(store, clock, centre):
    store.create_centre(Centre("68102", "Second"))
    _, first = add_new(store, clock, "ann", AccountType.USER)
    _, second = person_and_member(clock, "ann", AccountType.USER, centre_id="68102")
    store.add_membership(second)

    removal = store.remove_membership(first, clock.now(), memberships=2)

    assert removal.closing is None
    assert counted(store, "ann") == 1
    assert store.get_centre("68101").pending[AccountType.USER] == 0


def test_removing_the_last_leaves_the_person_closing_and_finish_close_leaves_a_mark(store, clock, centre):
    _, member = add_new(store, clock, "ann", AccountType.USER)

    removal = store.remove_membership(member, clock.now(), memberships=1)

    assert removal.closing == clock.now()
    assert store.get_person("ann").closing == clock.now()
    store.finish_close("ann", "ann@example.org", removal.closing)
    assert store.get_person("ann") is None
    assert store.user_id_for_email("ann@example.org") is None
    assert store.person_with_memberships("ann") == (None, [])


def test_a_wrong_guess_of_the_count_is_corrected_by_the_transaction(store, clock, centre):
    """The read said two memberships, but one went meanwhile: the removal is the last after all,
    and the other way round. Either way the transaction, not the read, decides."""
    store.create_centre(Centre("68102", "Second"))
    _, member = add_new(store, clock, "ann", AccountType.USER)
    assert store.remove_membership(member, clock.now(), memberships=2).closing == clock.now()

    _, first = add_new(store, clock, "bob", AccountType.USER)
    _, second = person_and_member(clock, "bob", AccountType.USER, centre_id="68102")
    store.add_membership(second)
    assert store.remove_membership(first, clock.now(), memberships=1).closing is None
    assert counted(store, "bob") == 1


def test_put_back_undoes_a_removal_exactly(store, clock, centre, snapshot):
    add_new(store, clock, "eo", AccountType.EXAMS_OFFICER)
    _, member = add_new(store, clock, "ann")
    before = snapshot()

    store.put_back(store.remove_membership(member, clock.now(), memberships=1))
    assert snapshot() == before

    eo = store.get_membership("68101", "eo")
    store.put_back(store.remove_membership(eo, clock.now(), memberships=1))
    assert snapshot() == before


def test_put_back_never_makes_a_fourth_admin(store, clock, centre):
    _, member = add_new(store, clock, "ann")
    removal = store.remove_membership(member, clock.now(), memberships=1)
    for i in range(3):
        add_new(store, clock, f"admin{i}")
    with pytest.raises(AdminLimitReached):
        store.put_back(removal)
    assert store.get_centre("68101").admins == 3


def test_remove_says_not_found_when_gone_and_conflict_when_changed(store, clock, centre):
    _, member = add_new(store, clock, "ann", AccountType.USER)
    store.change_access(member, AccountType.ADMIN, ALL)
    with pytest.raises(Conflict):
        store.remove_membership(member, clock.now())  # read as a User
    admin = store.get_membership("68101", "ann")
    store.remove_membership(admin, clock.now(), memberships=1)
    with pytest.raises(NotFound):
        store.remove_membership(admin, clock.now())


# --- replacing the Exams Officer ------------------------------------------------------------------


def test_a_new_eo_replaces_the_old_in_one_step_and_undo_puts_everything_back(store, clock, centre, snapshot):
    add_new(store, clock, "old", AccountType.EXAMS_OFFICER)
    old = store.get_membership("68101", "old")
    before = snapshot()
    person, new = person_and_member(clock, "new", AccountType.EXAMS_OFFICER)

    replaced = store.add_person(person, new, replacing=old, replacing_memberships=1)

    assert replaced.membership == old and replaced.closing == clock.now()
    assert store.get_membership("68101", "old") is None
    assert store.get_centre("68101").exams_officer_id == "new"
    assert store.get_person("old").closing == clock.now()

    removal = store.undo_add(new, True, replaced, clock.now())
    assert removal.closing == clock.now()  # the new person is closing: delete their user, then
    store.finish_close("new", person.email, removal.closing, keep_mark=False)
    assert snapshot() == before


def test_an_existing_person_replaces_the_eo_whose_other_memberships_stay(store, clock, centre, snapshot):
    store.create_centre(Centre("68102", "Second"))
    add_new(store, clock, "old", AccountType.EXAMS_OFFICER)
    _, elsewhere = person_and_member(clock, "old", AccountType.USER, centre_id="68102")
    store.add_membership(elsewhere)
    add_new(store, clock, "ann", AccountType.USER, centre_id="68102")
    old = store.get_membership("68101", "old")
    before = snapshot()
    _, ann_as_eo = person_and_member(clock, "ann", AccountType.EXAMS_OFFICER)

    replaced = store.add_membership(ann_as_eo, replacing=old, replacing_memberships=2)

    assert replaced.closing is None
    assert (counted(store, "old"), counted(store, "ann")) == (1, 2)
    store.undo_add(ann_as_eo, False, replaced, clock.now())
    assert snapshot() == before


def test_a_replacement_is_refused_if_the_old_eo_changed_meanwhile(store, clock, centre, snapshot):
    add_new(store, clock, "old", AccountType.EXAMS_OFFICER)
    old = store.get_membership("68101", "old")
    store.record_sign_in("old", "old@example.org", clock.now(), MfaState())
    before = snapshot()
    person, new = person_and_member(clock, "new", AccountType.EXAMS_OFFICER)

    with pytest.raises(Conflict):
        store.add_person(person, new, replacing=old, replacing_memberships=1)  # read before sign-in
    assert snapshot() == before


# --- failures ----------------------------------------------------------------------------------


def test_a_transaction_conflict_is_a_conflict_and_changes_nothing(
    store, clock, centre, clients, fail, snapshot
):
    before = snapshot()
    injected = fail.transaction(clients.dynamodb, times=CONFLICT_ATTEMPTS)

    with pytest.raises(Conflict):
        add_new(store, clock, "ann")
    assert injected.failed == CONFLICT_ATTEMPTS  # tried again, then given up
    assert snapshot() == before
    add_new(store, clock, "ann")  # the next one goes through


def test_a_cancellation_reason_maps_to_the_step_s_own_error(store, clock, centre, clients, fail):
    fail.transaction(clients.dynamodb, reasons=["None", "None", "None", "ConditionalCheckFailed"])
    with pytest.raises(NotFound):  # the centre step, with no old item returned
        add_new(store, clock, "ann")


def test_throttling_is_unavailable(store, clock, centre, clients, fail):
    fail.aws(clients.dynamodb, "batch_get_item", "ProvisionedThroughputExceededException")
    with pytest.raises(Unavailable):
        store.get_centre("68101")
    fail.transaction(clients.dynamodb, reasons=["ThrottlingError"])
    with pytest.raises(Unavailable):
        add_new(store, clock, "ann")


def test_finishing_a_close_removes_only_the_person_s_own_claim(store, clock, centre):
    """A claim taken over by someone else is never deleted on the old owner's behalf."""
    _, member = add_new(store, clock, "ann", AccountType.USER)
    add_new(store, clock, "bob", AccountType.USER)
    removal = store.remove_membership(member, clock.now(), memberships=1)
    with pytest.raises(Conflict):
        store.finish_close("ann", "bob@example.org", removal.closing)
    assert store.user_id_for_email("bob@example.org") == "bob"
    assert store.get_person("ann").closing == clock.now()  # still closing: nothing half-done
