"""Start the local portal as `make run` does (a `python -m local` process) and talk to it over HTTP.

`running()` is how a test starts one: the process is stopped when the block ends, however it
ends, and dies with the test process if that is killed (Linux).
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import requests
from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

from local.flows import sign_in

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 120  # a hang guard, not a speed check: `make bench` times the start-up


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LocalPortal:
    process: subprocess.Popen[bytes]
    log: Path
    config: dict[str, Any]
    started_in: float

    @property
    def api(self) -> str:
        return str(self.config["api_url"])

    @property
    def client_id(self) -> str:
        return str(self.config["client_id"])

    def client_kwargs(self) -> dict[str, str]:
        """What a boto3 Cognito client needs to reach the local portal's endpoint."""
        return {
            "region_name": self.config["region"],
            "endpoint_url": self.config["cognito_endpoint"],
            "aws_access_key_id": "local",
            "aws_secret_access_key": "local",
        }

    def cognito(self) -> CognitoIdentityProviderClient:
        """The client a frontend has: Cognito's public API, at the local portal's endpoint."""
        client: CognitoIdentityProviderClient = boto3.client("cognito-idp", **self.client_kwargs())  # type: ignore[call-overload]
        return client

    def account(self, role: str, centre_id: str | None = None) -> dict[str, Any]:
        return next(
            a
            for a in self.config["accounts"]
            if a["role"] == role and (centre_id is None or a["centre_id"] == centre_id)
        )

    def token(self, account: dict[str, Any]) -> str:
        tokens = sign_in(
            self.cognito(), self.client_id, account["email"], account["password"], account["totp_secret"]
        )
        return str(tokens["AccessToken"])

    def mailbox(self, to: str) -> list[dict[str, str]]:
        answer = requests.get(f"{self.api}/_local/mailbox", params={"to": to}, timeout=10)
        answer.raise_for_status()
        items: list[dict[str, str]] = answer.json()["items"]
        return items

    def call(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return requests.request(method, self.api + path, headers=headers, timeout=30, **kwargs)

    def stop(self, timeout: float = 15) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return int(self.process.returncode)


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the process that started it dies (Linux only)."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


@contextmanager
def running(log: Path, **env: str) -> Iterator[LocalPortal]:
    """A started local portal, stopped when the block ends (SIGTERM, then SIGKILL)."""
    portal = start(log, **env)
    try:
        yield portal
    finally:
        portal.stop()


def start(log: Path, **env: str) -> LocalPortal:
    """Start it and wait until it serves; if it cannot, it is killed and RuntimeError raised.

    The caller must stop what this returns (`running()` does).
    """
    port = env.get("PORTAL_PORT") or str(free_port())
    environ = {
        **os.environ,
        "PORTAL_PORT": port,
        "PORTAL_AWS_PORT": env.get("PORTAL_AWS_PORT") or str(free_port()),
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "local"],
            cwd=ROOT,
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509 - prctl only
        )
    try:
        return _wait_until_serving(process, log, port, started)
    except BaseException:  # not serving, or the wait was interrupted: nothing is left running
        if process.poll() is None:
            process.kill()
        process.wait()
        raise


def _wait_until_serving(
    process: subprocess.Popen[bytes], log: Path, port: str, started: float
) -> LocalPortal:
    url = f"http://127.0.0.1:{port}/_local/config"
    while time.monotonic() - started < START_TIMEOUT:
        if process.poll() is not None:
            raise RuntimeError(f"the local portal exited with {process.returncode}:\n{log.read_text()}")
        try:
            answer = requests.get(url, timeout=2)
            if answer.status_code == 200:
                return LocalPortal(process, log, answer.json(), time.monotonic() - started)
        except requests.RequestException:  # not up yet, or a busy port held by someone else
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the local portal did not start in {START_TIMEOUT} s:\n{log.read_text()}")
