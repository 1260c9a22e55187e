"""The Node scripts of tests/e2e/clients (pinned libraries, lock file) run against the local portal."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.e2e.portal import LocalPortal

CLIENTS = Path(__file__).parent / "clients"
SCRIPT_TIMEOUT = 120  # the process is killed if it runs longer (subprocess.run)


def run_node(portal: LocalPortal, script: str, **inputs: object) -> str:
    """Its standard output; the portal's config is `PORTAL_CONFIG`, each input `PORTAL_<NAME>`
    (JSON). A script that fails fails the test with what it printed."""
    env = {**os.environ, "PORTAL_CONFIG": json.dumps(portal.config)}
    env |= {f"PORTAL_{name.upper()}": json.dumps(value) for name, value in inputs.items()}
    done = subprocess.run(
        ["node", script],
        cwd=CLIENTS,
        env=env,
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    return done.stdout
