"""domain.md, Membership status: invited, expired (after 60 days), active; and no others."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from portal.constants import INVITATION_VALIDITY_DAYS, TEMPORARY_PASSWORD_VALIDITY_DAYS
from portal.domain.model import MembershipStatus
from portal.domain.status import invitation_expires_at, membership_status

INVITED_AT = datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
DAY = timedelta(days=1)
TICK = timedelta(microseconds=1)
INVITED, EXPIRED, ACTIVE = MembershipStatus.INVITED, MembershipStatus.EXPIRED, MembershipStatus.ACTIVE


def test_statuses_are_exactly_the_three_of_the_api():
    assert {s.value for s in MembershipStatus} == {"invited", "expired", "active"}


def test_an_invitation_lasts_as_long_as_the_temporary_password():
    assert INVITATION_VALIDITY_DAYS == TEMPORARY_PASSWORD_VALIDITY_DAYS == 60
    assert invitation_expires_at(INVITED_AT) == INVITED_AT + 60 * DAY


@pytest.mark.parametrize(
    ("elapsed", "status"),
    [
        pytest.param(-DAY, INVITED, id="clock_skew_before_invitation"),
        pytest.param(timedelta(0), INVITED, id="at_invitation"),
        pytest.param(DAY, INVITED, id="a_day_later"),
        pytest.param(59 * DAY, INVITED, id="59_days"),
        pytest.param(60 * DAY - TICK, INVITED, id="a_tick_before_60_days"),
        pytest.param(60 * DAY, INVITED, id="exactly_60_days"),
        pytest.param(60 * DAY + TICK, EXPIRED, id="a_tick_after_60_days"),
        pytest.param(60 * DAY + timedelta(seconds=1), EXPIRED, id="a_second_after_60_days"),
        pytest.param(61 * DAY, EXPIRED, id="61_days"),
        pytest.param(3650 * DAY, EXPIRED, id="ten_years"),
    ],
)
def test_pending_invitation(elapsed, status):
    assert membership_status(False, INVITED_AT, INVITED_AT + elapsed) is status


@pytest.mark.parametrize("elapsed", [timedelta(0), 60 * DAY, 60 * DAY + TICK, 3650 * DAY])
def test_accepted_is_active_whatever_the_time(elapsed):
    assert membership_status(True, INVITED_AT, INVITED_AT + elapsed) is ACTIVE


@pytest.mark.parametrize(
    ("now", "status"),
    [
        pytest.param(INVITED_AT + 60 * DAY, INVITED, id="utc"),
        pytest.param((INVITED_AT + 60 * DAY).astimezone(timezone(timedelta(hours=1))), INVITED, id="bst"),
        pytest.param(
            (INVITED_AT + 60 * DAY + TICK).astimezone(timezone(timedelta(hours=1))), EXPIRED, id="bst+"
        ),
    ],
)
def test_the_boundary_is_an_instant_not_a_wall_clock_time(now, status):
    """Invited in GMT, judged in BST (the 60 days span the March change): same instant, same answer."""
    assert membership_status(False, INVITED_AT, now) is status


def test_status_at_and_after_the_expiry_time():
    expires = invitation_expires_at(INVITED_AT)
    assert membership_status(False, INVITED_AT, expires) is INVITED
    assert membership_status(False, INVITED_AT, expires + TICK) is EXPIRED
