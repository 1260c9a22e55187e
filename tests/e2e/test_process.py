"""`make run`'s process: on 127.0.0.1 only, and gone without a trace on SIGTERM.

How soon it serves is measured by `make bench` (`local_portal.ready_s`), not asserted here: a
test must not fail because the machine is busy. Every portal started here is stopped, on failure too.
"""

from __future__ import annotations

import os
import signal
import socket
from pathlib import Path

import pytest
import requests

from tests.e2e.portal import free_port, running

pytestmark = pytest.mark.e2e


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
    with running(tmp_path / "portal.log", PORTAL_PORT=str(port), PORTAL_AWS_PORT=str(aws_port)) as portal:
        assert portal.config["aws_endpoint"] == f"http://127.0.0.1:{aws_port}"
        assert children(portal.process.pid) == []
        os.kill(portal.process.pid, signal.SIGTERM)
        assert portal.process.wait(timeout=60) == 0
    assert not listening(port)
    assert not listening(aws_port)
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/health", timeout=2)


def test_a_busy_port_makes_it_exit_with_1(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        log = tmp_path / "portal.log"
        with pytest.raises(RuntimeError, match="exited with 1"), running(log, PORTAL_PORT=str(port)):
            pass  # had it started, leaving the block would have stopped it
