"""The audit log: append-only, newest first, paged, searchable by centre, actor, target and any
combination of them, each view one Query with no FilterExpression."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from portal import constants as c
from portal.adapters.audit_log import DynamoAuditLog
from portal.domain.errors import Conflict, InvalidRequest
from portal.domain.model import AuditRecord
from portal.service.ports import AuditFilter, PageRequest


def record(clock, n, centre_id="68101", actor="eo", target="ann", **extra):
    return AuditRecord(
        record_id=f"rec-{n:03d}",
        at=clock.now(),
        action=extra.pop("action", "member.invited"),
        actor_id=actor,
        centre_id=centre_id,
        target_id=target,
        target_email=f"{target}@example.org" if target else None,
        before=extra.pop("before", None),
        after=extra.pop("after", {"account_type": "user", "permissions": ["resources"], "accepted": False}),
        request_id=f"req-{n}",
    )


def write(audit_log, clock, count, step=timedelta(minutes=1), **kwargs):
    out = []
    for n in range(count):
        out.append(record(clock, n, **kwargs))
        audit_log.append(out[-1])
        clock.advance(step)
    return out


def every_page(fetch, limit):
    items, cursor, pages = [], None, 0
    while True:
        page = fetch(PageRequest(limit=limit, cursor=cursor))
        items += page.items
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            return items, pages


def test_a_record_reads_back_as_written(audit_log, clock):
    written = record(clock, 1, before={"disabled": False, "count": 2, "ratio": 0.5}, after={"disabled": True})
    audit_log.append(written)

    assert audit_log.for_centre("68101", PageRequest()).items == [written]


def test_a_record_is_never_overwritten(settings, clients, clock):
    """A second put of the same key (as a resent request would make) is refused."""
    same_moment = DynamoAuditLog(clients.dynamodb, settings.audit_table, settings.cursor_key, lambda: 7)
    first = record(clock, 1)
    same_moment.append(first)

    with pytest.raises(Conflict):
        same_moment.append(record(clock, 1, action="member.deleted"))
    assert same_moment.for_centre("68101", PageRequest()).items == [first]


def test_records_of_one_instant_read_newest_written_first(audit_log, clock):
    written = [record(clock, n, action=f"step.{n}") for n in (5, 3, 9, 1)]  # ids in no order
    for r in written:
        audit_log.append(r)

    assert audit_log.for_centre("68101", PageRequest()).items == list(reversed(written))


def test_records_expire_after_the_retention_period(audit_log, clock, settings, clients):
    audit_log.append(record(clock, 1))
    item = clients.dynamodb.scan(TableName=settings.audit_table)["Items"][0]
    expected = clock.now() + timedelta(days=c.AUDIT_RETENTION_DAYS)
    assert int(item[c.AUDIT_TTL]["N"]) == int(expected.timestamp())
    assert item[c.AUDIT_EVERYTHING_PK]["S"] == "portal"
    ttl = clients.dynamodb.describe_time_to_live(TableName=settings.audit_table)["TimeToLiveDescription"]
    assert ttl["AttributeName"] == c.AUDIT_TTL


def test_a_centre_s_log_is_newest_first_and_paged(audit_log, clock):
    written = write(audit_log, clock, 7)
    write(audit_log, clock, 2, centre_id="68102")

    items, pages = every_page(lambda p: audit_log.for_centre("68101", p), limit=3)

    assert items == list(reversed(written))
    assert pages == 3


def test_search_by_actor_and_target_use_their_indexes(audit_log, clock):
    by_eo = write(audit_log, clock, 3, actor="eo", target="ann")
    by_admin = write(audit_log, clock, 2, actor="admin", target="ann", centre_id="68102")
    other = write(audit_log, clock, 2, actor="eo", target="bob", centre_id=None)

    def search(**where):
        return every_page(lambda p: audit_log.search(AuditFilter(**where), p, clock.now()), limit=2)[0]

    assert search(actor_id="eo") == list(reversed(by_eo + other))
    assert search(target_id="ann") == list(reversed(by_eo + by_admin))
    assert search(actor_id="eo", target_id="ann") == list(reversed(by_eo))
    assert search(centre_id="68102", actor_id="admin") == list(reversed(by_admin))
    assert search(centre_id="68102", actor_id="eo") == []
    assert search(centre_id="68101", target_id="ann") == list(reversed(by_eo))
    assert search(centre_id="68102", actor_id="admin", target_id="ann") == list(reversed(by_admin))
    assert search(centre_id="68101", actor_id="eo", target_id="bob") == []
    assert search(actor_id="nobody") == []


def test_every_view_is_one_query_per_page_without_a_filter_expression(audit_log, clock, clients):
    write(audit_log, clock, 3, actor="eo", target="ann")
    write(audit_log, clock, 3, actor="admin", target="bob", centre_id="68102")
    sent: list[dict[str, object]] = []

    def record_query(params, **_):
        sent.append(params)

    clients.dynamodb.meta.events.register("provide-client-params.dynamodb.Query", record_query)
    try:
        views = 0
        for centre_id in (None, "68101"):
            for actor_id in (None, "eo"):
                for target_id in (None, "ann"):
                    where = AuditFilter(centre_id=centre_id, actor_id=actor_id, target_id=target_id)
                    page = audit_log.search(where, PageRequest(limit=2), clock.now())
                    newest = "admin" if where == AuditFilter() else "eo"  # eo's records: 68101, ann
                    assert [r.actor_id for r in page.items] == [newest, newest]
                    views += 1
    finally:
        clients.dynamodb.meta.events.unregister("provide-client-params.dynamodb.Query", record_query)

    assert (views, len(sent)) == (8, 8)
    assert all("FilterExpression" not in params for params in sent)


def test_search_without_filters_is_the_whole_log_newest_first_however_sparse(audit_log, clock):
    """One index holds every record: a sparse log still gives its newest page in one Query."""
    moments = [
        datetime(2024, 12, 31, 23, 59, tzinfo=UTC),
        datetime(2025, 3, 5, 9, 0, tzinfo=UTC),
        datetime(2025, 3, 6, 9, 0, tzinfo=UTC),
        datetime(2026, 10, 31, 23, 0, tzinfo=UTC),
        datetime(2026, 11, 1, 8, 0, tzinfo=UTC),
        datetime(2026, 11, 29, 9, 0, tzinfo=UTC),
    ]
    written = []
    for n, moment in enumerate(moments):
        clock.set(moment)
        written.append(record(clock, n, centre_id=None if n % 2 else "68101"))
        audit_log.append(written[-1])

    items, pages = every_page(lambda p: audit_log.search(AuditFilter(), p, clock.now()), limit=2)

    assert items == list(reversed(written))
    assert pages == 3


def test_an_empty_log_has_one_empty_page(audit_log, clock):
    page = audit_log.search(AuditFilter(), PageRequest(), clock.now())
    assert (page.items, page.next_cursor) == ([], None)


def test_audit_cursors_are_tamper_evident_and_bound_to_their_search(audit_log, clock):
    write(audit_log, clock, 3)
    write(audit_log, clock, 3, centre_id="68102")
    centre_cursor = audit_log.for_centre("68101", PageRequest(limit=1)).next_cursor
    everything_cursor = audit_log.search(AuditFilter(), PageRequest(limit=1), clock.now()).next_cursor

    attempts = [
        lambda: audit_log.for_centre("68102", PageRequest(cursor=centre_cursor)),
        lambda: audit_log.search(AuditFilter(actor_id="eo"), PageRequest(cursor=centre_cursor), clock.now()),
        lambda: audit_log.search(AuditFilter(), PageRequest(cursor=centre_cursor), clock.now()),
        lambda: audit_log.for_centre("68101", PageRequest(cursor=everything_cursor)),
        lambda: audit_log.for_centre("68101", PageRequest(cursor=centre_cursor[:-2] + "AA")),
        lambda: audit_log.search(AuditFilter(), PageRequest(cursor="not-a-cursor"), clock.now()),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidRequest) as refused:
            attempt()
        assert "cursor" in refused.value.errors
