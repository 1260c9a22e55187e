"""moto 5.2.1's TransactWriteItems backs up the whole table once per item of the transaction (a
deep copy each time), which makes every transaction cost O(items in the table * items in the
transaction). One backup per table per transaction is what it means; this makes it so.

Used by the integration suites and by bench/aws_calls.py, which fills a table with 5,000 members.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any


class _OneCopyPerTable:
    """Stands in for the `copy` module inside moto's DynamoDB models: while a transaction runs,
    the backup of a table is made once and reused for the transaction's other items."""

    def __init__(self) -> None:
        self._local = threading.local()

    def deepcopy(self, value: Any, memo: Any = None) -> Any:
        from moto.dynamodb.models.table import Table  # noqa: PLC0415

        cache: dict[int, Any] | None = getattr(self._local, "cache", None)
        if cache is None or not isinstance(value, Table):
            return copy.deepcopy(value, memo)
        if id(value) not in cache:
            cache[id(value)] = copy.deepcopy(value)
        return cache[id(value)]

    def begin(self) -> None:
        self._local.cache = {}

    def end(self) -> None:
        self._local.cache = None


def copy_each_table_once() -> Callable[[], None]:
    """Patch moto; returns the undo."""
    from moto.dynamodb import models  # noqa: PLC0415

    shim = _OneCopyPerTable()
    original_copy = models.copy  # type: ignore[attr-defined]
    original = models.DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        shim.begin()
        try:
            return original(self, transact_items)
        finally:
            shim.end()

    models.copy = shim  # type: ignore[attr-defined,assignment]
    models.DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]

    def undo() -> None:
        models.copy = original_copy  # type: ignore[attr-defined]
        models.DynamoDBBackend.transact_write_items = original  # type: ignore[method-assign]

    return undo
