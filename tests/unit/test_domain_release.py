"""Results release: 08:00 Europe/London on results day, BST or GMT, checked against zoneinfo."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from portal.domain.release import results_release_time, results_release_utc, uk_offset

LONDON = ZoneInfo("Europe/London")
GMT, BST = timedelta(0), timedelta(hours=1)

# The UK's changes: last Sunday of March (to BST) and of October (to GMT).
CHANGES = {
    2024: (date(2024, 3, 31), date(2024, 10, 27)),
    2025: (date(2025, 3, 30), date(2025, 10, 26)),
    2026: (date(2026, 3, 29), date(2026, 10, 25)),
    2027: (date(2027, 3, 28), date(2027, 10, 31)),
    2028: (date(2028, 3, 26), date(2028, 10, 29)),
    2029: (date(2029, 3, 25), date(2029, 10, 28)),
    2030: (date(2030, 3, 31), date(2030, 10, 27)),
}


def london_0800(day: date) -> datetime:
    return datetime.combine(day, time(8, 0), tzinfo=LONDON)


def problems(day: date) -> list[str]:
    got = results_release_time(day)
    want = london_0800(day)
    found = []
    if got != want:
        found.append(f"{day}: {got.isoformat()} is not the instant {want.isoformat()}")
    if got.utcoffset() != want.utcoffset():
        found.append(f"{day}: offset {got.utcoffset()} != {want.utcoffset()}")
    if (got.date(), got.time()) != (day, time(8, 0)):
        found.append(f"{day}: local time {got.isoformat()} is not 08:00 on the day")
    utc = results_release_utc(day)
    if utc != want or utc.utcoffset() != GMT:
        found.append(f"{day}: UTC {utc.isoformat()} is not {want.astimezone(UTC).isoformat()}")
    return found


@pytest.mark.parametrize(("year", "changes"), CHANGES.items())
def test_change_dates_agree_with_zoneinfo(year, changes):
    to_bst, to_gmt = changes
    for day, before, after in ((to_bst, GMT, BST), (to_gmt, BST, GMT)):
        assert day.weekday() == 6
        assert datetime(year, day.month, day.day, 0, 59, tzinfo=UTC).astimezone(LONDON).utcoffset() == before
        assert datetime(year, day.month, day.day, 1, 0, tzinfo=UTC).astimezone(LONDON).utcoffset() == after


@pytest.mark.parametrize("year", sorted(CHANGES))
def test_every_day_of_the_year(year):
    day, found = date(year, 1, 1), []
    while day.year == year:
        found += problems(day)
        day += timedelta(days=1)
    assert not found, "\n".join(found[:20])


def around_changes() -> list[object]:
    out: list[object] = []
    for year, (to_bst, to_gmt) in CHANGES.items():
        for change, after in ((to_bst, BST), (to_gmt, GMT)):
            before = GMT if after == BST else BST
            for shift in range(-3, 4):
                day = change + timedelta(days=shift)
                out.append(pytest.param(day, after if shift >= 0 else before, id=day.isoformat()))
        for day, offset in ((date(year, 1, 15), GMT), (date(year, 7, 1), BST), (date(year, 12, 21), GMT)):
            out.append(pytest.param(day, offset, id=day.isoformat()))
    # results days of the summer series are in August (BST); January series results in March (GMT)
    out += [
        pytest.param(date(2026, 8, 13), BST, id="2026-a-level"),
        pytest.param(date(2026, 8, 20), BST, id="2026-gcse"),
    ]
    return out


@pytest.mark.parametrize(("day", "offset"), around_changes())
def test_release_around_the_changes(day, offset):
    got = results_release_time(day)
    assert got.utcoffset() == offset == london_0800(day).utcoffset()
    assert got == london_0800(day)
    assert (got.date(), got.hour, got.minute, got.second, got.microsecond) == (day, 8, 0, 0, 0)
    assert uk_offset(day).utcoffset(None) == offset
    assert results_release_utc(day) == got
    assert results_release_utc(day).hour == 8 - offset.seconds // 3600


@pytest.mark.parametrize("year", range(1996, 2038, 1))
def test_midsummer_and_midwinter_beyond_the_sweep(year):
    for day in (date(year, 1, 15), date(year, 6, 21), date(year, 8, 15), date(year, 12, 21)):
        assert not problems(day)
