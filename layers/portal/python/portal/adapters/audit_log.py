"""The AuditLog port on its own DynamoDB table: PutItem only, newest first, kept 2 years by TTL.

Records are partitioned by centre (`CENTRE#<id>`, or `GLOBAL` for actions at no centre) and
sorted by `<time>#<write sequence>#<record id>`. Every view has its own key: the centre's
partition; one index holding every record (the helpdesk's unfiltered log); and one index per
filter and per combination of filters (actor, target, centre+actor, ...), each keyed by the
filters' values joined, all sharing that sort key. So every view is one Query, newest first,
with no FilterExpression, however sparse the matches; records of one instant (a use case writes
several with one clock reading) come newest-written first rather than in the random order of
their ids. The functions' IAM policies allow no update or delete here, and the write is conditional,
so nothing is ever overwritten.
"""

from __future__ import annotations

import json
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
from portal.domain.errors import Conflict
from portal.domain.model import AuditRecord
from portal.service.ports import AuditFilter, Page, PageRequest

if TYPE_CHECKING:  # the stubs are a dev dependency; no layer ships them
    from mypy_boto3_dynamodb import DynamoDBClient

GLOBAL_PARTITION = "GLOBAL"
EVERYTHING = "portal"
"""The one value of `log` on every record: the everything index's single partition. Audit writes
are a few per change, far below what one partition takes (1,000 writes a second)."""

TABLE_KEY = (c.AUDIT_PK, c.AUDIT_SK)

VIEWS: dict[tuple[bool, bool, bool], tuple[str, str]] = {
    (False, True, False): (c.AUDIT_BY_ACTOR_INDEX, c.AUDIT_BY_ACTOR_PK),
    (False, False, True): (c.AUDIT_BY_TARGET_INDEX, c.AUDIT_BY_TARGET_PK),
    (True, True, False): (c.AUDIT_BY_CENTRE_ACTOR_INDEX, c.AUDIT_BY_CENTRE_ACTOR_PK),
    (True, False, True): (c.AUDIT_BY_CENTRE_TARGET_INDEX, c.AUDIT_BY_CENTRE_TARGET_PK),
    (False, True, True): (c.AUDIT_BY_ACTOR_TARGET_INDEX, c.AUDIT_BY_ACTOR_TARGET_PK),
    (True, True, True): (c.AUDIT_BY_ALL_INDEX, c.AUDIT_BY_ALL_PK),
}
"""(centre?, actor?, target?) given → the index and its partition attribute. The centre alone is
the table's own partition; nothing is the everything index."""


def partition(centre_id: str | None) -> str:
    return f"CENTRE#{centre_id}" if centre_id else GLOBAL_PARTITION


def _joined(*parts: str | None) -> str | None:
    """An index key of several ids (none contains `#`: user ids, centre numbers, `system`)."""
    return "#".join(parts) if all(parts) else None  # type: ignore[arg-type]


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
            c.AUDIT_EVERYTHING_PK: EVERYTHING,
            c.AUDIT_BY_ACTOR_PK: record.actor_id,
            c.AUDIT_BY_TARGET_PK: record.target_id,
            c.AUDIT_BY_CENTRE_ACTOR_PK: _joined(record.centre_id, record.actor_id),
            c.AUDIT_BY_CENTRE_TARGET_PK: _joined(record.centre_id, record.target_id),
            c.AUDIT_BY_ACTOR_TARGET_PK: _joined(record.actor_id, record.target_id),
            c.AUDIT_BY_ALL_PK: _joined(record.centre_id, record.actor_id, record.target_id),
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
        cursor_key: cursor.CursorKey,
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
        """One Query of the view that the filters given name (see VIEWS)."""
        return self._search_partition(where, page)

    def _search_partition(self, where: AuditFilter, page: PageRequest) -> Page[AuditRecord]:
        given = (bool(where.centre_id), bool(where.actor_id), bool(where.target_id))
        index: str | None
        if given == (True, False, False):
            index, pk_name, pk = None, c.AUDIT_PK, partition(where.centre_id)
            key_names: tuple[str, ...] = TABLE_KEY
        elif given == (False, False, False):
            index, pk_name, pk = c.AUDIT_EVERYTHING_INDEX, c.AUDIT_EVERYTHING_PK, EVERYTHING
            key_names = _index_key(pk_name)
        else:
            index, pk_name = VIEWS[given]
            pk = "#".join(v for v in (where.centre_id, where.actor_id, where.target_id) if v)
            key_names = _index_key(pk_name)
        request: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": "#k = :k",
            "ExpressionAttributeNames": {"#k": pk_name},
            "ExpressionAttributeValues": {":k": value(pk)},
            "ScanIndexForward": False,
        }
        if index:
            request["IndexName"] = index
        scope = f"audit:{where.centre_id or ''}:{where.actor_id or ''}:{where.target_id or ''}"
        start = None
        if page.cursor:
            position = cursor.decode(self._key, scope, page.cursor)
            start = cursor.string_key(position.get("k"), key_names)
        with aws_errors("Query"):
            items, last = query_page(self._db, request, _size(page), start, key_names)
        next_cursor = cursor.encode(self._key, scope, {"k": last}) if last else None
        return Page([record_of(i) for i in items], next_cursor)


def _size(page: PageRequest) -> int:
    return max(1, min(page.limit, c.MAX_PAGE_SIZE))
