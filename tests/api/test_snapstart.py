"""SnapStart (issue 21, docs/capacity.md): each function's initialisation makes nothing unique, so
the one snapshot every execution environment starts from shares nothing that must differ between
them: no randomness, no id, no secret, no AWS client or connection. Each made at first use
instead (ports and clients: adapters/factory.py; the cursor key at its first cursor; Retry-After
drawn from the system's randomness at each answer)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.cold_start import FUNCTIONS, LAMBDAS, LAYER, lambda_environment

PROBE = Path(__file__).with_name("snapshot_probe.py")
CONNECTS = (
    "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), 0.1)\nexcept OSError:\n    pass\n"
)
MARK = "PORTAL-SNAPSHOT "


def _made_at_init(task_root: Path, module: str = "handler") -> list[str]:
    done = subprocess.run(
        [sys.executable, "-I", "-B", str(PROBE), f"{task_root}:{LAYER}", module],
        env=lambda_environment(task_root.name, task_root),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return [line.removeprefix(MARK) for line in done.stdout.splitlines() if line.startswith(MARK)]


@pytest.mark.parametrize("function", FUNCTIONS)
def test_initialisation_makes_nothing_unique(function: str) -> None:
    assert _made_at_init(LAMBDAS / function) == []


@pytest.mark.parametrize(
    ("code", "seen"),
    [
        ("import uuid\nID = uuid.uuid4()\n", "id: uuid.uuid4"),
        ("import random\nJITTER = random.random()\n", "pseudorandom: random.random"),
        ("import secrets\nKEY = secrets.token_hex(16)\n", "secret: secrets.token_hex"),
        ("import boto3\nDB = boto3.client('dynamodb')\n", "AWS client: boto3 Session.client"),
        (
            CONNECTS,
            "network: socket.connect",
        ),
    ],
)
def test_the_probe_sees_what_a_careless_handler_would_make(tmp_path: Path, code: str, seen: str) -> None:
    (tmp_path / "handler.py").write_text(code, encoding="utf-8")
    assert seen in _made_at_init(tmp_path)
