"""The service tier runs without a network: the ports are in-memory fakes (tests/service/fakes.py).

A fake, not a mock: `socket.socket.connect` (and its relatives) are replaced for every test by a
function that raises, so code that would reach AWS or anything else over the network fails at
once instead of hanging or quietly calling out.
"""

from __future__ import annotations

import socket
from typing import NoReturn

import pytest


class NetworkBlocked(RuntimeError):
    """Raised by any attempt to open a network connection from a unit test."""


def _refuse(*args: object, **kwargs: object) -> NoReturn:
    raise NetworkBlocked(f"unit tests must not use the network (attempted with {args[1:]!r})")


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)
    monkeypatch.setattr(socket, "getaddrinfo", _refuse)
