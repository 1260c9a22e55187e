"""Results release time: 08:00 UK time on results day, whether BST or GMT applies.

The UK rule (EU summer time since 1996: last Sunday of March to last Sunday of October,
changing at 01:00 UTC) is computed here rather than read from the tz database, so the answer
does not depend on tzdata being present in the Lambda runtime. 08:00 local is never in a
changeover hour, so it is never ambiguous. Tests check it against zoneinfo.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

RELEASE_LOCAL_TIME = time(8, 0)
GMT = timezone(timedelta(0), "GMT")
BST = timezone(timedelta(hours=1), "BST")


def _last_sunday(year: int, month: int) -> date:
    last = date(year, month + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - 6) % 7)


def uk_offset(day: date) -> timezone:
    """The UK's offset at 08:00 on `day`."""
    summer = _last_sunday(day.year, 3) <= day < _last_sunday(day.year, 10)
    return BST if summer else GMT


def results_release_time(results_day: date) -> datetime:
    """08:00 Europe/London on `results_day`, as an aware datetime with the UK offset."""
    return datetime.combine(results_day, RELEASE_LOCAL_TIME, tzinfo=uk_offset(results_day))


def results_release_utc(results_day: date) -> datetime:
    return results_release_time(results_day).astimezone(UTC)
