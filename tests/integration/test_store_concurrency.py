"""Limits hold under concurrent requests (domain.md): ten requests race for the last place.

moto serves concurrent requests without isolation, so the `aws` fixture serialises its
requests as AWS is atomic per request (see `_serialise_moto` in conftest.py); Portal's
conditions then decide. Without that lock, about 1 round in 30 to 60 ends wrongly in moto: a
second winner, or a committed reservation erased by another thread's rollback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from portal.domain.errors import AdminLimitReached, ExamsOfficerExists, PortalError
from portal.domain.model import AccountType, Centre, Membership, Permission, Person, Profile
from portal.service.ports import Removal

THREADS = 10


def race(action: Callable[[int], object]) -> list[str]:
    """Run `action(i)` in THREADS threads released together; the outcome of each, by name."""
    results: list[str] = []
    barrier = threading.Barrier(THREADS)
    lock = threading.Lock()

    def run(i: int) -> None:
        barrier.wait()
        try:
            action(i)
            outcome = "ok"
        except PortalError as error:
            outcome = type(error).__name__
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _new(clock, i: int, account_type: AccountType) -> tuple[Person, Membership]:
    person = Person(f"p{i}", f"p{i}@example.org", Profile(given_name="P", family_name=str(i)), memberships=1)
    member = Membership(
        "68101", person.user_id, person.email, account_type, frozenset(Permission), clock.now(), "eo"
    )
    return person, member


def test_ten_invitations_for_the_last_admin_place_make_exactly_one_admin(store, clock):
    store.create_centre(Centre("68101", "Demo", admins=2))

    results = race(lambda i: store.add_person(*_new(clock, i, AccountType.ADMIN)))

    assert results.count("ok") == 1
    assert results.count(AdminLimitReached.__name__) == THREADS - 1
    assert store.get_centre("68101").admins == 3
    added = [i for i in range(THREADS) if store.get_membership("68101", f"p{i}")]
    assert len(added) == 1
    assert [i for i in range(THREADS) if store.user_id_for_email(f"p{i}@example.org")] == added


def test_ten_invitations_of_an_exams_officer_make_exactly_one(store, clock):
    store.create_centre(Centre("68101", "Demo"))

    results = race(lambda i: store.add_person(*_new(clock, i, AccountType.EXAMS_OFFICER)))

    assert results.count("ok") == 1
    assert results.count(ExamsOfficerExists.__name__) == THREADS - 1
    centre = store.get_centre("68101")
    assert store.get_membership("68101", centre.exams_officer_id) is not None


def test_ten_users_promoted_at_once_to_the_last_admin_place_make_one_admin(store, clock):
    store.create_centre(Centre("68101", "Demo", admins=2))
    users = []
    for i in range(THREADS):
        person = Person(
            f"user-{i}", f"user{i}@example.org", Profile(given_name="U", family_name=str(i)), memberships=1
        )
        member = Membership(
            "68101", person.user_id, person.email, AccountType.USER, frozenset(), clock.now(), "eo"
        )
        store.add_person(person, member)
        users.append(member)

    results = race(lambda i: store.change_access(users[i], AccountType.ADMIN, frozenset(Permission)))

    assert results.count("ok") == 1
    assert results.count(AdminLimitReached.__name__) == THREADS - 1
    assert store.get_centre("68101").admins == 3
    admins = [u for u in users if store.get_membership("68101", u.user_id).account_type is AccountType.ADMIN]
    assert len(admins) == 1


def test_ten_removals_of_a_person_s_ten_memberships_close_the_account_exactly_once(store, clock):
    """Each removal decides inside its transaction whether it takes the last membership: exactly
    one does, whatever the order, and the person is left closing with a count of zero."""
    person = Person("ann", "ann@example.org", Profile(given_name="Ann", family_name="Evans"), memberships=1)
    joined: list[Membership] = []
    for i in range(THREADS):
        centre_id = f"{68101 + i}"
        store.create_centre(Centre(centre_id, "Demo"))
        m = Membership(centre_id, "ann", person.email, AccountType.USER, frozenset(), clock.now(), "eo")
        store.add_membership(m) if joined else store.add_person(person, m)
        joined.append(m)
    removals: list[Removal] = []

    results = race(
        lambda i: removals.append(store.remove_membership(joined[i], clock.now(), memberships=THREADS))
    )

    assert results.count("ok") == THREADS
    assert [r.closing is not None for r in removals].count(True) == 1
    left = store.get_person("ann")
    assert (left.memberships, left.closing) == (0, clock.now())
