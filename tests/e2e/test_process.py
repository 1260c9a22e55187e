"""`make run`'s process: quick to serve, on 127.0.0.1 only, and gone without a trace on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path

import pytest
import requests

from tests.e2e.portal import free_port, start

pytestmark = pytest.mark.e2e

STARTUP_BUDGET = 15  # seconds; issue 5 asks for 10 and it takes far less, but CI shares 2 cores


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_sigterm_stops_everything(tmp_path: Path) -> None:
    port, aws_port = free_port(), free_port()
    portal = start(tmp_path / "portal.log", PORTAL_PORT=str(port), PORTAL_AWS_PORT=str(aws_port))
    assert portal.started_in < STARTUP_BUDGET
    assert portal.config["aws_endpoint"] == f"http://127.0.0.1:{aws_port}"
    assert children(portal.process.pid) == []
    os.kill(portal.process.pid, signal.SIGTERM)
    assert portal.process.wait(timeout=15) == 0
    assert not listening(port)
    assert not listening(aws_port)
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/health", timeout=2)


def test_a_busy_port_fails_fast(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(RuntimeError, match="exited with 1"):
            start(tmp_path / "portal.log", PORTAL_PORT=str(port))
