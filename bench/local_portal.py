"""The local portal (`make run`): how soon it serves, how many `GET /me` it answers, its memory.

    python -m bench.local_portal [--starts 3] [--seconds 5]      (part of `make bench`)

`ready_s` is the median, over fresh starts, of the time from starting `python -m local` (as
`make run` does) to its first `200` from `/_local/config`, which it answers only once moto, the
resources, the functions and the seeded accounts are all ready. `get_me_rps` is how many
`GET /me` one client gets answered per second, one after another over a kept-alive connection,
with the demo Exams Officer's token (signed in through the local Cognito endpoint): the whole
path, gateway and authorizer included. `peak_rss_mb` is the portal process's high-water RSS
afterwards. A moment's load on a shared machine moves all three: compare them within a run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import requests

from bench.scene import local_portal
from tests.e2e.portal import LocalPortal

STARTS = 3
SECONDS = 5.0


def peak_rss_mib(pid: int) -> float:
    """VmHWM of a running process (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def get_me_rps(portal: LocalPortal, seconds: float = SECONDS) -> float:
    token = portal.token(portal.account("exams_officer", "68101"))
    headers = {"Authorization": f"Bearer {token}"}
    with requests.Session() as session:
        for _ in range(3):  # warm: the function's first requests build what they use
            session.get(f"{portal.api}/me", headers=headers, timeout=30).raise_for_status()
        answered, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds:
            session.get(f"{portal.api}/me", headers=headers, timeout=30).raise_for_status()
            answered += 1
    return answered / elapsed


def measure_running(portal: LocalPortal, seconds: float = SECONDS) -> dict[str, float]:
    """rps and memory of a portal that is up."""
    rps = get_me_rps(portal, seconds)
    return {"get_me_rps": round(rps, 1), "peak_rss_mb": round(peak_rss_mib(portal.process.pid), 1)}


def ready_seconds(starts: int) -> list[float]:
    """Fresh starts, each stopped before the next."""
    times = []
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        for n in range(starts):
            with local_portal(Path(tmp) / f"portal-{n}.log") as portal:
                times.append(portal.started_in)
    return times


def measure(starts: int = STARTS, seconds: float = SECONDS) -> dict[str, dict[str, object]]:
    """results.json's `local_portal` (and the portal's line of `memory`)."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, local_portal(Path(tmp) / "p.log") as portal:
        first = portal.started_in
        running = measure_running(portal, seconds)
    ready = [first, *ready_seconds(starts - 1)]
    return {
        "local_portal": {"ready_s": round(statistics.median(ready), 2), "get_me_rps": running["get_me_rps"]},
        "memory": {"local_portal": {"peak_rss_mb": running["peak_rss_mb"]}},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.local_portal", description=__doc__.split("\n")[0])
    parser.add_argument("--starts", type=int, default=STARTS)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.starts, args.seconds), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
