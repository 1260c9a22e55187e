"""What both DynamoDB adapters share: item (de)serialisation, times, errors, transactions, paging.

DynamoDB's errors become `portal.domain.errors` here: a failed condition becomes whatever the
failing step says it means; a transaction conflict becomes Conflict; throttling that outlasts
botocore's retries becomes Throttled (429); every other AWS failure becomes Unavailable (nothing
was written: DynamoDB writes are all or nothing).
"""

from __future__ import annotations

import logging
import random
import re
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import BotoCoreError, ClientError

from portal.adapters.aws import THROTTLED_CANCELLATIONS, retried, throttled
from portal.domain.errors import Conflict, PortalError, Throttled, Unavailable

if TYPE_CHECKING:  # the stubs are a dev dependency; no layer ships them
    from mypy_boto3_dynamodb import DynamoDBClient

log = logging.getLogger(__name__)

Item = dict[str, Any]
"""An item in DynamoDB's wire format ({"name": {"S": "..."}})."""

_serializer = TypeSerializer()
_deserializer = TypeDeserializer()

FILTERED_BATCH = 200
"""Items read per Query when a filter may drop some: fewer round trips for a sparse filter."""

MAX_TRANSACTION_ITEMS = 100


def to_item(values: Mapping[str, object]) -> Item:
    """Plain values to wire format; None values are left out (absent, not NULL)."""
    return {k: _serializer.serialize(v) for k, v in values.items() if v is not None}


def from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _deserializer.deserialize(v) for k, v in item.items()}


def value(v: object) -> Any:
    """One plain value in wire format (for ExpressionAttributeValues)."""
    return _serializer.serialize(v)


def iso(moment: datetime) -> str:
    """A fixed-width UTC ISO 8601 string, so that stored times sort and compare as strings."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are not stored: every time in Portal is timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_time(text: object) -> datetime | None:
    if not isinstance(text, str) or not text:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def plain(v: object) -> object:
    """DynamoDB numbers come back as Decimal: integers as int, the rest as float."""
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list | set | tuple):
        return [plain(x) for x in v]
    return v


_NAME = re.compile(r"#([A-Za-z_][A-Za-z0-9_]*)")
_EXPRESSIONS = ("ConditionExpression", "UpdateExpression", "FilterExpression", "KeyConditionExpression")


def with_names(body: Mapping[str, Any]) -> dict[str, Any]:
    """Each `#attr` in an expression names the attribute `attr` unless mapped otherwise, so no
    expression trips over DynamoDB's reserved words (`permissions`, `name`, `month`, ...)."""
    names = dict(body.get("ExpressionAttributeNames", {}))
    for expression in _EXPRESSIONS:
        for name in _NAME.findall(str(body.get(expression, ""))):
            names.setdefault(f"#{name}", name)
    out = dict(body)
    if names:
        out["ExpressionAttributeNames"] = names
    return out


def error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


@contextmanager
def aws_errors(operation: str) -> Iterator[None]:
    """Any AWS or network failure not handled by the caller becomes Unavailable (logged without data)."""
    try:
        yield
    except PortalError:
        raise
    except ClientError as error:
        log.warning("DynamoDB %s failed", operation, extra={"aws_error": error_code(error)})
        if throttled(error):
            raise Throttled("the data store is busy; please retry in a few seconds") from error
        raise Unavailable("the data store is unavailable; please retry") from error
    except BotoCoreError as error:
        log.warning("DynamoDB %s failed", operation, extra={"aws_error": type(error).__name__})
        raise Unavailable("the data store is unavailable; please retry") from error


OnFail = Callable[[dict[str, Any] | None], PortalError]
"""What a failed condition means, given the item as it was (plain values; None if absent)."""


@dataclass(frozen=True, slots=True)
class Step:
    """One write of a transaction, and the typed error its failed condition stands for."""

    request: dict[str, Any]
    on_fail: OnFail


def conflict(_: dict[str, Any] | None) -> PortalError:
    return Conflict("the record changed at the same moment; please retry")


CONFLICT_ATTEMPTS = 3
"""Tries of a transaction that DynamoDB cancels only because another one touched the same items."""

CONFLICT_BACKOFF = 0.05
"""Seconds: the n-th retry waits a random time up to CONFLICT_BACKOFF * 2**n ("full jitter")."""

_sleep: Callable[[float], None] = time.sleep
_jitter = random.SystemRandom()


def transact(client: DynamoDBClient, steps: Sequence[Step], operation: str) -> None:
    """Run the steps as one TransactWriteItems, translating a cancellation step by step.

    Each try carries its own ClientRequestToken: botocore's own retries of one try (after a
    time-out) then cannot apply it twice on DynamoDB (moto ignores the token). A try cancelled
    only by TransactionConflict (no condition failed: another transaction held an item) wrote
    nothing and is sent again after a jittered pause, up to CONFLICT_ATTEMPTS tries in all. Its
    conditions are evaluated again against the items as they are then, so it re-reads what the
    use case depends on: a change made meanwhile fails a condition and gets its own typed error.
    """
    if not steps:
        return
    if len(steps) > MAX_TRANSACTION_ITEMS:
        raise ValueError(f"a transaction takes at most {MAX_TRANSACTION_ITEMS} items")
    requests: list[Any] = [_with_old_values(step.request) for step in steps]
    with aws_errors(operation):
        for attempt in range(CONFLICT_ATTEMPTS):
            try:
                client.transact_write_items(TransactItems=requests, ClientRequestToken=uuid.uuid4().hex)
                return
            except ClientError as error:
                if error_code(error) != "TransactionCanceledException":
                    raise
                if retried(error) and not _only_conflicts(error):
                    # botocore sent it again (a time-out): the first attempt may have committed
                    # and this be its own result refused by the conditions (moto ignores the
                    # token). Unknown, not refused: the use case re-reads (service/outcomes.py).
                    log.warning("DynamoDB %s retried and cancelled", operation)
                    raise Unavailable("the data store's answer was lost; please retry") from error
                if _only_conflicts(error) and attempt < CONFLICT_ATTEMPTS - 1:
                    log.info("DynamoDB %s conflicted with another transaction; trying again", operation)
                    _sleep(_jitter.uniform(0, CONFLICT_BACKOFF * 2**attempt))
                    continue
                raise _cancelled(error, steps, operation) from error


def _only_conflicts(error: ClientError) -> bool:
    codes = {str(r.get("Code", "None")) for r in error.response.get("CancellationReasons", [])}
    return "TransactionConflict" in codes and codes <= {"TransactionConflict", "None"}


def _with_old_values(request: dict[str, Any]) -> dict[str, Any]:
    """Ask for the item as it was when its condition fails: it tells which rule refused."""
    ((kind, body),) = request.items()
    body = with_names(body)
    if "ConditionExpression" in body:
        body["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
    return {kind: body}


def _cancelled(error: ClientError, steps: Sequence[Step], operation: str) -> PortalError:
    reasons: list[Any] = list(error.response.get("CancellationReasons", []))
    codes = [str(r.get("Code", "None")) for r in reasons]
    for step, reason in zip(steps, reasons, strict=False):
        if reason.get("Code") == "ConditionalCheckFailed":
            old = reason.get("Item")
            return step.on_fail(from_item(old) if old else None)
    if any(code in ("TransactionConflict",) for code in codes):
        return Conflict("the record changed at the same moment; please retry")
    log.warning("DynamoDB %s cancelled", operation, extra={"aws_error": ",".join(codes)})
    if THROTTLED_CANCELLATIONS.intersection(codes):
        return Throttled("the data store is busy; please retry in a few seconds")
    return Unavailable("the data store is unavailable; please retry")


def key_of(item: Mapping[str, Any], names: Sequence[str]) -> Item:
    """The ExclusiveStartKey that continues a Query right after `item`."""
    return {name: item[name] for name in names}


def query_page(
    client: DynamoDBClient,
    request: Mapping[str, Any],
    limit: int,
    start: Item | None,
    key_names: Sequence[str],
) -> tuple[list[Item], Item | None]:
    """Query until `limit` items pass the filter or the partition ends.

    Returns the items and the key to continue from (None at the end). With a filter, reads are
    batched and the page cut at `limit`, the key then being the last item returned.
    """
    items: list[Item] = []
    key = start
    filtered = "FilterExpression" in request
    while True:
        wanted = limit - len(items)
        args = with_names(request)
        args["Limit"] = max(wanted, FILTERED_BATCH) if filtered else wanted
        if key is not None:
            args["ExclusiveStartKey"] = key
        response = client.query(**args)
        got: list[Item] = list(response.get("Items", []))
        key = response.get("LastEvaluatedKey")
        if len(got) >= wanted:
            items.extend(got[:wanted])
            if len(got) > wanted:
                key = key_of(items[-1], key_names)
            return items, key
        items.extend(got)
        if key is None:
            return items, None


def query_all(client: DynamoDBClient, request: Mapping[str, Any]) -> list[Item]:
    """Every item of a Query, following LastEvaluatedKey (for bounded sets: a person's memberships)."""
    items: list[Item] = []
    key: Item | None = None
    while True:
        args = with_names(request)
        if key is not None:
            args["ExclusiveStartKey"] = key
        response = client.query(**args)
        items.extend(response.get("Items", []))
        key = response.get("LastEvaluatedKey")
        if key is None:
            return items
