"""The guard of conftest.py holds: a unit test cannot open a connection."""

import socket

import pytest

BLOCKED = "unit tests must not use the network"


def test_socket_connect_is_refused():
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(RuntimeError, match=BLOCKED),
    ):
        sock.connect(("127.0.0.1", 9))


def test_socket_connect_ex_is_refused():
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(RuntimeError, match=BLOCKED),
    ):
        sock.connect_ex(("127.0.0.1", 9))


def test_create_connection_and_name_lookup_are_refused():
    with pytest.raises(RuntimeError, match=BLOCKED):
        socket.create_connection(("example.com", 443), timeout=0.1)
    with pytest.raises(RuntimeError, match=BLOCKED):
        socket.getaddrinfo("example.com", 443)
