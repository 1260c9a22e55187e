"""The local AWS emulation keeps no more than AWS would: moto's list of every model object it
ever made is emptied after each request, so a long local run does not grow without end."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

from local.aws import serialised

pytestmark = pytest.mark.e2e


def test_moto_forgets_the_model_objects_a_request_made() -> None:
    from moto.core.common_models import BaseModel  # noqa: PLC0415 - moto's environment is the tests'

    class Copy(BaseModel):
        """Like the table copy a DynamoDB transaction makes for its rollback."""

    made: list[Copy] = []

    def moto(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        made.append(Copy())
        start_response("200 OK", [])
        return [b"{}"]

    app = serialised(moto)
    for _ in range(3):
        assert list(app({}, lambda status, headers: None)) == [b"{}"]
        assert Copy.instances_tracked == []  # type: ignore[attr-defined]
    assert len(made) == 3  # the objects themselves are the caller's, untouched
