"""domain.md, Permissions: every row of the table, for EO, Admin and User, and the results day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from portal.domain import catalogue
from portal.domain.catalogue import ALL_PERMISSIONS, GRANTABLE_TO_USER, UserRule, permissions_for, services
from portal.domain.errors import PermissionNotGrantable
from portal.domain.model import Access, AccountType, Permission, Service
from portal.domain.release import results_release_time

P = Permission
EO, ADMIN, USER = AccountType.EXAMS_OFFICER, AccountType.ADMIN, AccountType.USER
STAFF = [EO, ADMIN]
FULL, VIEW, NONE = Access.FULL, Access.VIEW, Access.NONE
ALWAYS, NEVER, WHEN_GRANTED = UserRule.ALWAYS, UserRule.NEVER, UserRule.WHEN_GRANTED

# permission, EO and Admin access, how a User holds it, a holding User's access
TABLE = [
    (P.RESOURCES, FULL, ALWAYS, FULL),
    (P.A2C_KEYS, FULL, NEVER, NONE),
    (P.QUESTION_PAPERS, FULL, NEVER, NONE),
    (P.IAMIS, FULL, WHEN_GRANTED, FULL),
    (P.ACCESS_ARRANGEMENTS, FULL, WHEN_GRANTED, FULL),
    (P.ENTRIES, FULL, WHEN_GRANTED, VIEW),  # EO/Admin make entries; a User views
    (P.RESULTS, FULL, WHEN_GRANTED, VIEW),  # EO/Admin see under embargo; a User from 08:00
    (P.VIEW_SCRIPTS, FULL, WHEN_GRANTED, FULL),
]
ROWS = [pytest.param(*row, id=row[0].value) for row in TABLE]
GRANTABLE = {P.IAMIS, P.ACCESS_ARRANGEMENTS, P.ENTRIES, P.RESULTS, P.VIEW_SCRIPTS}
NOT_GRANTABLE = [P.A2C_KEYS, P.QUESTION_PAPERS]

RESULTS_DAY = date(2026, 8, 13)  # a Thursday in BST
RELEASE = results_release_time(RESULTS_DAY)  # 08:00+01:00 == 07:00 UTC
LONG_BEFORE = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def access_map(result: list[Service]) -> dict[Permission, Service]:
    return {s.service: s for s in result}


# --- the catalogue itself ---------------------------------------------------------------------


def test_permission_names_are_those_of_the_table_in_order():
    assert [p.value for p in Permission] == [
        "resources",
        "a2c_keys",
        "question_papers",
        "iamis",
        "access_arrangements",
        "entries",
        "results",
        "view_scripts",
    ]
    assert [e.permission for e in catalogue.CATALOGUE] == [row[0] for row in TABLE]


@pytest.mark.parametrize(("permission", "staff", "rule", "user_access"), ROWS)
def test_catalogue_row(permission, staff, rule, user_access):
    entry = catalogue.BY_PERMISSION[permission]
    assert (entry.staff_access, entry.user_rule, entry.user_access) == (staff, rule, user_access)
    assert entry.released_on_results_day is (permission is P.RESULTS)


def test_grantable_to_a_user_is_exactly_the_five():
    assert GRANTABLE_TO_USER == GRANTABLE
    assert frozenset(Permission) == ALL_PERMISSIONS


# --- services: one entry per permission, for every account type -------------------------------


@pytest.mark.parametrize("account_type", [EO, ADMIN, USER])
@pytest.mark.parametrize("released_at", [None, RELEASE])
def test_one_service_per_permission_in_catalogue_order(account_type, released_at):
    held = permissions_for(account_type, None)
    result = services(account_type, held, released_at, LONG_BEFORE)
    assert [s.service for s in result] == [row[0] for row in TABLE]


@pytest.mark.parametrize(("permission", "staff", "rule", "user_access"), ROWS)
@pytest.mark.parametrize("account_type", STAFF)
@pytest.mark.parametrize("released_at", [None, RELEASE], ids=["no_series", "series"])
def test_staff_have_their_access_always(permission, staff, rule, user_access, account_type, released_at):
    held = permissions_for(account_type, None)
    for now in (LONG_BEFORE, RELEASE - timedelta(microseconds=1), RELEASE, RELEASE + timedelta(days=1)):
        got = access_map(services(account_type, held, released_at, now))[permission]
        assert got == Service(permission, staff, available_from=None)


@pytest.mark.parametrize(("permission", "staff", "rule", "user_access"), ROWS)
def test_user_without_grants(permission, staff, rule, user_access):
    held = permissions_for(USER, None)
    got = access_map(services(USER, held, None, LONG_BEFORE))[permission]
    expected = user_access if rule is ALWAYS else NONE
    assert got == Service(permission, expected)


@pytest.mark.parametrize(("permission", "staff", "rule", "user_access"), ROWS)
def test_user_granted_only_this_permission(permission, staff, rule, user_access):
    if rule is NEVER:
        with pytest.raises(PermissionNotGrantable):
            permissions_for(USER, [permission])
        return
    held = permissions_for(USER, [permission])
    got = access_map(services(USER, held, None, LONG_BEFORE))
    assert got[permission] == Service(permission, user_access)
    for other in GRANTABLE - {permission}:
        assert got[other].access is NONE, other


@pytest.mark.parametrize(("permission", "staff", "rule", "user_access"), ROWS)
def test_user_granted_everything_grantable(permission, staff, rule, user_access):
    held = permissions_for(USER, GRANTABLE)
    got = access_map(services(USER, held, None, LONG_BEFORE))[permission]
    assert got == Service(permission, user_access)


@pytest.mark.parametrize("permission", NOT_GRANTABLE)
def test_a_never_permission_stored_on_a_user_gives_nothing(permission):
    """Even if a bad set reached the store, a User never sees A2C keys or question papers."""
    held = frozenset({permission, P.RESOURCES})
    assert access_map(services(USER, held, None, LONG_BEFORE))[permission] == Service(permission, NONE)


def test_entries_is_view_only_for_a_user():
    held = permissions_for(USER, [P.ENTRIES])
    assert access_map(services(USER, held, None, LONG_BEFORE))[P.ENTRIES].access is VIEW
    for account_type in STAFF:
        staff_held = permissions_for(account_type, None)
        assert access_map(services(account_type, staff_held, None, LONG_BEFORE))[P.ENTRIES].access is FULL


# --- results on results day ------------------------------------------------------------------

TICK = timedelta(microseconds=1)
RESULTS_TIMES = [
    # moment, a User with `results`: access, available_from
    pytest.param(LONG_BEFORE, NONE, RELEASE, id="weeks_before"),
    pytest.param(datetime(2026, 8, 13, 0, 0, tzinfo=UTC), NONE, RELEASE, id="midnight_utc_on_the_day"),
    pytest.param(
        datetime(2026, 8, 13, 7, 59, tzinfo=timezone(timedelta(hours=1))), NONE, RELEASE, id="0759_bst"
    ),
    pytest.param(datetime(2026, 8, 13, 6, 59, 59, 999999, tzinfo=UTC), NONE, RELEASE, id="a_tick_before_utc"),
    pytest.param(RELEASE - TICK, NONE, RELEASE, id="a_tick_before"),
    pytest.param(RELEASE, VIEW, None, id="at_0800_uk"),
    pytest.param(datetime(2026, 8, 13, 7, 0, tzinfo=UTC), VIEW, None, id="at_0700_utc"),
    pytest.param(datetime(2026, 8, 13, 8, 0, tzinfo=UTC), VIEW, None, id="0800_utc_is_0900_uk"),
    pytest.param(RELEASE + TICK, VIEW, None, id="a_tick_after"),
    pytest.param(datetime(2027, 1, 1, tzinfo=UTC), VIEW, None, id="months_after"),
]


@pytest.mark.parametrize(("now", "access", "available_from"), RESULTS_TIMES)
def test_results_for_a_user_with_the_permission(now, access, available_from):
    held = permissions_for(USER, [P.RESULTS])
    got = access_map(services(USER, held, RELEASE, now))[P.RESULTS]
    assert got == Service(P.RESULTS, access, available_from)


@pytest.mark.parametrize(("now", "access", "available_from"), RESULTS_TIMES)
@pytest.mark.parametrize("account_type", STAFF)
def test_results_for_staff_full_throughout(now, access, available_from, account_type):
    got = access_map(services(account_type, permissions_for(account_type, None), RELEASE, now))[P.RESULTS]
    assert got == Service(P.RESULTS, FULL, None)


@pytest.mark.parametrize(("now", "access", "available_from"), RESULTS_TIMES)
def test_results_for_a_user_without_the_permission_is_none_without_a_date(now, access, available_from):
    held = permissions_for(USER, [P.ENTRIES])
    got = access_map(services(USER, held, RELEASE, now))[P.RESULTS]
    assert got == Service(P.RESULTS, NONE, None)


@pytest.mark.parametrize(("now", "access", "available_from"), RESULTS_TIMES)
def test_the_release_only_touches_results(now, access, available_from):
    held = permissions_for(USER, GRANTABLE)
    with_series = access_map(services(USER, held, RELEASE, now))
    without = access_map(services(USER, held, None, now))
    for permission in Permission:
        if permission is not P.RESULTS:
            assert with_series[permission] == without[permission]


def test_results_release_in_winter_uses_gmt():
    release = results_release_time(date(2027, 1, 14))
    held = permissions_for(USER, [P.RESULTS])
    before = datetime(2027, 1, 14, 7, 59, 59, tzinfo=UTC)
    at = datetime(2027, 1, 14, 8, 0, tzinfo=UTC)
    assert access_map(services(USER, held, release, before))[P.RESULTS].access is NONE
    assert access_map(services(USER, held, release, at))[P.RESULTS].access is VIEW


# --- permissions_for: what a member of each type holds -----------------------------------------


@pytest.mark.parametrize(
    ("requested", "held"),
    [
        pytest.param(None, {P.RESOURCES}, id="none_given"),
        pytest.param([], {P.RESOURCES}, id="empty"),
        pytest.param([P.RESOURCES], {P.RESOURCES}, id="resources_only"),
        *[pytest.param([p], {p, P.RESOURCES}, id=p.value) for p in sorted(GRANTABLE)],
        pytest.param([P.IAMIS, P.IAMIS, P.RESULTS], {P.IAMIS, P.RESULTS, P.RESOURCES}, id="duplicates"),
        pytest.param(sorted(GRANTABLE), GRANTABLE | {P.RESOURCES}, id="all_grantable"),
    ],
)
def test_permissions_for_a_user(requested, held):
    assert permissions_for(USER, requested) == frozenset(held)


@pytest.mark.parametrize(
    "requested",
    [
        pytest.param([P.A2C_KEYS], id="a2c_keys"),
        pytest.param([P.QUESTION_PAPERS], id="question_papers"),
        pytest.param([P.RESULTS, P.A2C_KEYS], id="with_a_grantable_one"),
        pytest.param(sorted(ALL_PERMISSIONS), id="everything"),
    ],
)
def test_permissions_not_grantable_to_a_user(requested):
    with pytest.raises(PermissionNotGrantable) as refused:
        permissions_for(USER, requested)
    for permission in set(requested) & set(NOT_GRANTABLE):
        assert permission.value in refused.value.detail  # a clear error names what was refused


@pytest.mark.parametrize("account_type", STAFF)
@pytest.mark.parametrize(
    "requested", [pytest.param(None, id="none_given"), pytest.param(sorted(ALL_PERMISSIONS), id="all")]
)
def test_staff_hold_every_permission(account_type, requested):
    assert permissions_for(account_type, requested) == ALL_PERMISSIONS


@pytest.mark.parametrize("account_type", STAFF)
@pytest.mark.parametrize(
    "requested",
    [
        pytest.param([], id="empty"),
        pytest.param([P.RESOURCES], id="resources_only"),
        pytest.param(sorted(GRANTABLE | {P.RESOURCES}), id="all_but_the_staff_only_ones"),
        pytest.param(sorted(ALL_PERMISSIONS - {P.RESULTS}), id="all_but_results"),
    ],
)
def test_staff_cannot_be_narrowed(account_type, requested):
    with pytest.raises(PermissionNotGrantable):
        permissions_for(account_type, requested)
