"""The state store's reads: centres, series, members with filters and paging, signed cursors.

Every read here is one request: `read` is one BatchGetItem, each list one Query (filters are key
conditions, never a FilterExpression)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, timedelta

import pytest
from portal.adapters import cursor
from portal.domain.errors import CentreExists, InvalidRequest
from portal.domain.model import (
    AccountType,
    Centre,
    Membership,
    MembershipStatus,
    Permission,
    Person,
    Profile,
    Series,
)
from portal.service.ports import Found, Lookup, MemberFilter, PageRequest

ALL = frozenset(Permission)


def invite(store, clock, centre_id, user_id, account_type=AccountType.USER, accepted=False, at=None):
    """A person and their membership, stored as an invitation stores them."""
    person = Person(
        user_id,
        f"{user_id}@example.org",
        Profile(given_name=user_id.title(), family_name="Jones"),
        memberships=1,
    )
    member = Membership(
        centre_id,
        user_id,
        person.email,
        account_type,
        ALL if account_type is not AccountType.USER else frozenset({Permission.RESOURCES}),
        at or clock.now(),
        "inviter",
        accepted=accepted,
        given_name=person.profile.given_name,
        family_name="Jones",
        centre_name="Demo",
    )
    store.add_person(person, member)
    return person, member


def test_a_centre_is_created_once_and_read_back(store, clock):
    centre = Centre("68101", "Ysgol Demo", created_at=clock.now())
    store.create_centre(centre)

    assert store.get_centre("68101") == replace(
        centre, accepted=dict.fromkeys(AccountType, 0), pending=dict.fromkeys(AccountType, 0)
    )
    assert store.get_centre("68102") is None
    with pytest.raises(CentreExists):
        store.create_centre(Centre("68101", "Another"))


def test_centres_are_listed_by_number_in_pages_without_a_scan(store):
    for number in ("68103", "68101", "68102"):
        store.create_centre(Centre(number, f"Centre {number}"))

    first = store.list_centres(PageRequest(limit=2))
    second = store.list_centres(PageRequest(limit=2, cursor=first.next_cursor))

    assert [c.centre_id for c in first.items] == ["68101", "68102"]
    assert [c.centre_id for c in second.items] == ["68103"]
    assert second.next_cursor is None


def test_series_are_stored_and_listed(store):
    store.put_series(Series("2026-summer", date(2026, 8, 13)))
    store.put_series(Series("2027-winter", date(2027, 3, 4)))
    store.put_series(Series("2026-summer", date(2026, 8, 20)))  # the helpdesk moves results day

    assert store.get_series("2026-summer") == Series("2026-summer", date(2026, 8, 20))
    assert store.get_series("nope") is None
    assert [s.series_id for s in store.list_series(PageRequest()).items] == ["2026-summer", "2027-winter"]


def test_one_read_brings_people_memberships_centres_series_and_email_owners(store, clock):
    store.create_centre(Centre("68101", "Demo"))
    store.put_series(Series("2026-summer", date(2026, 8, 13)))
    person, member = invite(store, clock, "68101", "ann", AccountType.ADMIN)

    found = store.read(
        Lookup(
            people=("ann", "nobody", "ann"),
            members=(("68101", "ann"), ("68102", "ann")),
            centres=("68101", "68102"),
            series=("2026-summer",),
            emails=("ann@example.org", "nobody@example.org"),
        )
    )

    assert found.person("ann") == person and found.person("nobody") is None
    assert found.member("68101", "ann") == member and found.member("68102", "ann") is None
    assert found.centre("68101").admins == 1 and found.centre("68102") is None
    assert found.series == {"2026-summer": Series("2026-summer", date(2026, 8, 13))}
    assert found.owners == {"ann@example.org": "ann"}
    assert store.read(Lookup()) == Found()


def test_times_come_back_aware_and_equal(store, clock):
    store.create_centre(Centre("68101", "Demo"))
    _, member = invite(store, clock, "68101", "ann")

    stored = store.get_membership("68101", "ann")

    assert stored == member
    assert stored.invited_at.tzinfo is not None
    assert stored.invited_at.utcoffset() == timedelta(0)
    assert stored.invited_at == clock.now().astimezone(UTC)


def test_a_person_s_memberships_come_from_the_index(store, clock):
    for number in ("68101", "68102"):
        store.create_centre(Centre(number, "Demo"))
    _, first = invite(store, clock, "68101", "ann")
    second = Membership("68102", "ann", first.email, AccountType.ADMIN, ALL, clock.now(), "helpdesk")
    store.add_membership(second)

    assert sorted(store.memberships_of("ann"), key=lambda m: m.centre_id) == [first, second]
    assert store.memberships_of("nobody") == []
    assert store.user_id_for_email("ANN@example.org") == "ann"
    person, memberships = store.person_with_memberships("ann")
    assert person.memberships == 2 and len(memberships) == 2
    assert store.person_with_memberships("nobody") == (None, [])


def test_members_filter_by_derived_status_and_account_type(store, clock):
    store.create_centre(Centre("68101", "Demo"))
    now = clock.now()
    invite(store, clock, "68101", "active", AccountType.ADMIN, accepted=True)
    invite(store, clock, "68101", "fresh", at=now - timedelta(days=60))  # exactly 60 days: still invited
    invite(store, clock, "68101", "stale", at=now - timedelta(days=60, seconds=1))
    invite(store, clock, "68101", "new")

    def ids(**where):
        return sorted(
            m.user_id for m in store.list_members("68101", PageRequest(), MemberFilter(**where), now).items
        )

    assert ids() == ["active", "fresh", "new", "stale"]
    assert ids(status=MembershipStatus.ACTIVE) == ["active"]
    assert ids(status=MembershipStatus.INVITED) == ["fresh", "new"]
    assert ids(status=MembershipStatus.EXPIRED) == ["stale"]
    assert ids(account_type=AccountType.ADMIN) == ["active"]
    assert ids(account_type=AccountType.USER, status=MembershipStatus.INVITED) == ["fresh", "new"]
    assert ids(account_type=AccountType.USER, status=MembershipStatus.EXPIRED) == ["stale"]
    assert ids(account_type=AccountType.ADMIN, status=MembershipStatus.ACTIVE) == ["active"]
    assert ids(account_type=AccountType.EXAMS_OFFICER) == []
    assert store.expired_invitations("68101", now) == {
        AccountType.EXAMS_OFFICER: 0,
        AccountType.ADMIN: 0,
        AccountType.USER: 1,
    }


def test_filters_are_key_conditions_never_a_filter_expression(store, clock, clients):
    store.create_centre(Centre("68101", "Demo"))
    invite(store, clock, "68101", "ann")
    sent: list[dict[str, object]] = []

    def record(params, **_):
        sent.append(params)

    clients.dynamodb.meta.events.register("provide-client-params.dynamodb.Query", record)
    try:
        for status in (None, *MembershipStatus):
            for account_type in (None, *AccountType):
                where = MemberFilter(status=status, account_type=account_type)
                store.list_members("68101", PageRequest(), where, clock.now())
        store.expired_invitations("68101", clock.now())
    finally:
        clients.dynamodb.meta.events.unregister("provide-client-params.dynamodb.Query", record)

    assert len(sent) == 17
    assert all("FilterExpression" not in params for params in sent)


def test_filtered_pages_fill_up_and_the_cursor_carries_on(store, clock):
    store.create_centre(Centre("68101", "Demo"))
    for i in range(7):
        invite(store, clock, "68101", f"u{i}", accepted=i % 2 == 0)  # u0, u2, u4, u6 active
    where = MemberFilter(status=MembershipStatus.ACTIVE)

    seen, page, pages = [], PageRequest(limit=3), 0
    while True:
        result = store.list_members("68101", page, where, clock.now())
        seen += [m.user_id for m in result.items]
        pages += 1
        if result.next_cursor is None:
            break
        assert len(result.items) == 3
        page = PageRequest(limit=3, cursor=result.next_cursor)

    assert seen == ["u0", "u2", "u4", "u6"]
    assert pages == 2


def test_unfiltered_members_page_through_everyone_once(store, clock):
    store.create_centre(Centre("68101", "Demo"))
    for i in range(5):
        invite(store, clock, "68101", f"u{i}")
    seen, cursor_ = [], None
    while True:
        result = store.list_members(
            "68101", PageRequest(limit=2, cursor=cursor_), MemberFilter(), clock.now()
        )
        seen += [m.user_id for m in result.items]
        cursor_ = result.next_cursor
        if cursor_ is None:
            break
    assert seen == [f"u{i}" for i in range(5)]


# --- cursors ---------------------------------------------------------------------------------------


def _members_cursor(store, clock):
    for number in ("68101", "68102"):
        store.create_centre(Centre(number, "Demo"))
    for i in range(3):
        invite(store, clock, "68101", f"u{i}")
    return store.list_members("68101", PageRequest(limit=1), MemberFilter(), clock.now()).next_cursor


def _refused(call):
    with pytest.raises(InvalidRequest) as refused:
        call()
    assert "cursor" in refused.value.errors
    return refused.value


def test_a_tampered_cursor_is_an_invalid_request(store, clock):
    token = _members_cursor(store, clock)
    body, signature = token.split(".")
    edited = cursor._b64(cursor._unb64(body).replace(b"u0", b"u1")) + "." + signature

    _refused(lambda: store.list_members("68101", PageRequest(cursor=edited), MemberFilter(), clock.now()))


@pytest.mark.parametrize("garbage", ["x", "a.b", "....", "%%%.%%%", "e30.", "e30.e30", "A" * 5000])
def test_a_malformed_cursor_is_an_invalid_request(store, clock, garbage):
    _members_cursor(store, clock)
    _refused(lambda: store.list_members("68101", PageRequest(cursor=garbage), MemberFilter(), clock.now()))


def test_a_cursor_of_another_centre_or_list_is_refused(store, clock):
    token = _members_cursor(store, clock)

    _refused(lambda: store.list_members("68102", PageRequest(cursor=token), MemberFilter(), clock.now()))
    _refused(lambda: store.list_centres(PageRequest(cursor=token)))
    _refused(lambda: store.list_series(PageRequest(cursor=token)))


def test_a_cursor_signed_with_another_key_is_refused(store, clock):
    _members_cursor(store, clock)
    forged = cursor.encode(
        b"not the key", "members:68101::", {"k": {"pk": {"S": "CENTRE#68101"}, "sk": {"S": "MEMBER#u0"}}}
    )
    _refused(lambda: store.list_members("68101", PageRequest(cursor=forged), MemberFilter(), clock.now()))


def test_a_validly_signed_cursor_with_a_bad_key_shape_is_refused(store, clock, settings):
    _members_cursor(store, clock)
    odd = cursor.encode(settings.cursor_key, "members:68101::", {"k": {"pk": {"N": "1"}}})
    _refused(lambda: store.list_members("68101", PageRequest(cursor=odd), MemberFilter(), clock.now()))
