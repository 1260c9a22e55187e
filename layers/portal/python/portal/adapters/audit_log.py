"""The AuditLog port on its own DynamoDB table: PutItem only, newest first, kept 2 years by TTL.

Records are partitioned by centre (`CENTRE#<id>`, or `GLOBAL` for actions at no centre) and
sorted by `<time>#<write sequence>#<record id>`; the indexes by month, actor and target share
that sort key, so every view reads newest first, and records of one instant (a use case writes
several with one clock reading) newest-written first rather than in the random order of their
ids. The functions' IAM policies allow no update or delete here, and the write is conditional,
so nothing is ever overwritten.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from portal import constants as c
from portal.adapters import cursor
from portal.adapters.dynamo import (
    Item,
    aws_errors,
    from_item,
    iso,
    parse_time,
    plain,
    query_page,
    to_item,
    value,
)
from portal.domain.errors import Conflict, InvalidRequest
from portal.domain.model import AuditRecord
from portal.service.ports import AuditFilter, Page, PageRequest

if TYPE_CHECKING:  # the stubs are a dev dependency; no layer ships them
    from mypy_boto3_dynamodb import DynamoDBClient

GLOBAL_PARTITION = "GLOBAL"
MONTHS_SEARCHED = 25
"""The helpdesk's unfiltered view walks back this many months: the 2 years records are kept, and one."""

TABLE_KEY = (c.AUDIT_PK, c.AUDIT_SK)
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def partition(centre_id: str | None) -> str:
    return f"CENTRE#{centre_id}" if centre_id else GLOBAL_PARTITION


def month_of(moment: datetime) -> str:
    return iso(moment)[:7]


def months_back(start: str, count: int) -> list[str]:
    """`start` ("YYYY-MM") and the months before it, newest first."""
    year, month = int(start[:4]), int(start[5:7])
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return out


def _jsonable(data: dict[str, object] | None) -> object:
    """before/after as DynamoDB maps: through JSON, so dates become strings and floats Decimals."""
    if data is None:
        return None
    return json.loads(json.dumps(data, default=str), parse_float=Decimal)


class WriteSequence:
    """Strictly increasing nanoseconds of wall time in this process: orders records of one instant.

    A transport retry resends the same request, so the same key, and is refused, not doubled."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0

    def __call__(self) -> int:
        with self._lock:
            self._last = max(self._last + 1, time.time_ns())
            return self._last


def sort_key(record: AuditRecord, sequence: int) -> str:
    return f"{iso(record.at)}#{sequence:020d}#{record.record_id}"


def record_item(record: AuditRecord, sequence: int) -> Item:
    expires = record.at + timedelta(days=c.AUDIT_RETENTION_DAYS)
    return to_item(
        {
            c.AUDIT_PK: partition(record.centre_id),
            c.AUDIT_SK: sort_key(record, sequence),
            c.AUDIT_BY_MONTH_PK: month_of(record.at),
            c.AUDIT_BY_ACTOR_PK: record.actor_id,
            c.AUDIT_BY_TARGET_PK: record.target_id,
            c.AUDIT_TTL: int(expires.timestamp()),
            "record_id": record.record_id,
            "at": iso(record.at),
            "action": record.action,
            "centre_id": record.centre_id,
            "target_email": record.target_email,
            "before": _jsonable(record.before),
            "after": _jsonable(record.after),
            "request_id": record.request_id,
        }
    )


def record_of(item: Item) -> AuditRecord:
    v = from_item(item)
    at = parse_time(v.get("at"))
    if at is None:
        raise ValueError("an audit record without a time")
    before, after = plain(v.get("before")), plain(v.get("after"))
    return AuditRecord(
        record_id=str(v["record_id"]),
        at=at,
        action=str(v["action"]),
        actor_id=str(v[c.AUDIT_BY_ACTOR_PK]),
        centre_id=v.get("centre_id"),
        target_id=v.get(c.AUDIT_BY_TARGET_PK),
        target_email=v.get("target_email"),
        before=before if isinstance(before, dict) else None,
        after=after if isinstance(after, dict) else None,
        request_id=v.get("request_id"),
    )


def _index_key(pk_name: str) -> tuple[str, ...]:
    return (pk_name, c.AUDIT_SK, c.AUDIT_PK)


class DynamoAuditLog:
    def __init__(
        self,
        client: DynamoDBClient,
        table: str,
        cursor_key: bytes,
        sequence: Callable[[], int] | None = None,
    ) -> None:
        self._db = client
        self._table = table
        self._key = cursor_key
        self._sequence = sequence or WriteSequence()

    def append(self, record: AuditRecord) -> None:
        """PutItem, refused (Conflict) if an item has the same key: nothing is ever overwritten."""
        with aws_errors("PutItem"):
            try:
                self._db.put_item(
                    TableName=self._table,
                    Item=record_item(record, self._sequence()),
                    ConditionExpression="attribute_not_exists(#pk)",
                    ExpressionAttributeNames={"#pk": c.AUDIT_PK},
                )
            except self._db.exceptions.ConditionalCheckFailedException as error:
                raise Conflict("that audit record already exists") from error

    def for_centre(self, centre_id: str, page: PageRequest) -> Page[AuditRecord]:
        return self._search_partition(AuditFilter(centre_id=centre_id), page)

    def search(self, where: AuditFilter, page: PageRequest, now: datetime) -> Page[AuditRecord]:
        if where.centre_id or where.actor_id or where.target_id:
            return self._search_partition(where, page)
        return self._search_months(page, now)

    # --- one partition: a centre, an actor or a target -----------------------------------------

    def _search_partition(self, where: AuditFilter, page: PageRequest) -> Page[AuditRecord]:
        """The most selective key first (centre, then actor, then target); the rest as filters."""
        if where.centre_id:
            index, pk_name, pk = None, c.AUDIT_PK, partition(where.centre_id)
            key_names: tuple[str, ...] = TABLE_KEY
            rest = {c.AUDIT_BY_ACTOR_PK: where.actor_id, c.AUDIT_BY_TARGET_PK: where.target_id}
        elif where.actor_id:
            index, pk_name, pk = c.AUDIT_BY_ACTOR_INDEX, c.AUDIT_BY_ACTOR_PK, where.actor_id
            key_names = _index_key(pk_name)
            rest = {c.AUDIT_BY_TARGET_PK: where.target_id}
        else:
            index, pk_name, pk = c.AUDIT_BY_TARGET_INDEX, c.AUDIT_BY_TARGET_PK, str(where.target_id)
            key_names = _index_key(pk_name)
            rest = {}
        request: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": "#k = :k",
            "ExpressionAttributeNames": {"#k": pk_name},
            "ExpressionAttributeValues": {":k": value(pk)},
            "ScanIndexForward": False,
        }
        if index:
            request["IndexName"] = index
        filters = [(name, v) for name, v in rest.items() if v]
        if filters:
            request["FilterExpression"] = " AND ".join(f"#f{i} = :f{i}" for i in range(len(filters)))
            for i, (name, v) in enumerate(filters):
                request["ExpressionAttributeNames"][f"#f{i}"] = name
                request["ExpressionAttributeValues"][f":f{i}"] = value(v)
        scope = f"audit:{where.centre_id or ''}:{where.actor_id or ''}:{where.target_id or ''}"
        start = None
        if page.cursor:
            position = cursor.decode(self._key, scope, page.cursor)
            start = cursor.string_key(position.get("k"), key_names)
        with aws_errors("Query"):
            items, last = query_page(self._db, request, _size(page), start, key_names)
        next_cursor = cursor.encode(self._key, scope, {"k": last}) if last else None
        return Page([record_of(i) for i in items], next_cursor)

    # --- everything: month by month, newest first ----------------------------------------------

    def _search_months(self, page: PageRequest, now: datetime) -> Page[AuditRecord]:
        months = months_back(month_of(now), MONTHS_SEARCHED)
        key_names = _index_key(c.AUDIT_BY_MONTH_PK)
        scope = "audit:all"
        start_key: Item | None = None
        if page.cursor:
            position = cursor.decode(self._key, scope, page.cursor)
            month = position.get("m")
            if not isinstance(month, str) or month not in months:
                raise InvalidRequest(
                    "the cursor is not valid for this list", {"cursor": "refers to a month out of range"}
                )
            months = months[months.index(month) :]
            if position.get("k") is not None:
                start_key = cursor.string_key(position["k"], key_names)
        wanted = _size(page)
        items: list[Item] = []
        for i, month in enumerate(months):
            request = {
                "TableName": self._table,
                "IndexName": c.AUDIT_BY_MONTH_INDEX,
                "KeyConditionExpression": "#m = :m",
                "ExpressionAttributeNames": {"#m": c.AUDIT_BY_MONTH_PK},
                "ExpressionAttributeValues": {":m": value(month)},
                "ScanIndexForward": False,
            }
            with aws_errors("Query"):
                got, last = query_page(self._db, request, wanted - len(items), start_key, key_names)
            items.extend(got)
            start_key = None
            if last is not None:
                return self._month_page(items, scope, month, last)
            if len(items) >= wanted:
                following = months[i + 1] if i + 1 < len(months) else None
                return self._month_page(items, scope, following, None)
        return Page([record_of(i) for i in items], None)

    def _month_page(
        self, items: list[Item], scope: str, month: str | None, key: Item | None
    ) -> Page[AuditRecord]:
        next_cursor = cursor.encode(self._key, scope, {"m": month, "k": key}) if month else None
        return Page([record_of(i) for i in items], next_cursor)


def _size(page: PageRequest) -> int:
    return max(1, min(page.limit, c.MAX_PAGE_SIZE))
