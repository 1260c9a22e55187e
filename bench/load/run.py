"""`make bench-load`: results morning (bench/load/scenario.py) against the local portal, its figures
into bench/results.json under `load` (the file's other sections are kept).

    python -m bench.load.run [--people 60] [--rate 30] [--late 0.25]
                             [--cognito-rps 18] [--dynamodb-rps 30] [--out bench/results.json]

It starts the local portal as `make run` does, makes `--people` members with the `results`
permission at the two demo centres (invited through Portal's API, first sign-in through its
Cognito endpoint), sets a series' results day, and moves Portal's clock to 07:30 on that day,
running `--rate` times as fast as real time (30: the half hour to 08:00 in a minute). Then Locust
plays the morning. To see Portal answer a crowd it cannot serve at once, as AWS's quotas would
make it, the local portal throttles as AWS does (`/_local/throttle`): Cognito's UserAuthentication
category at `--cognito-rps` and DynamoDB's BatchGetItem at `--dynamodb-rps`, the defaults being
AWS's defaults scaled to this run (docs/capacity.md, "The load test"). Those 429s and Cognito
refusals are the ones it provokes on purpose: they are counted, honoured and not errors; any other
failure is, and makes the exit status 1. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import gevent
import locust  # noqa: F401 - first: Locust patches the standard library (gevent) as it loads
import requests
from locust.env import Environment
from locust.stats import StatsEntry

from bench.load import scenario
from bench.load.scenario import Account, Morning, Person
from local.flows import first_sign_in
from tests.e2e.portal import LocalPortal, running

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results.json"
SERIES = "2026-summer-load"
RESULTS_DAY = dt.date(2026, 8, 13)  # a Thursday in BST
UK_SUMMER = dt.timezone(dt.timedelta(hours=1))
START = dt.datetime.combine(RESULTS_DAY, dt.time(7, 30), UK_SUMMER)
RELEASE = dt.datetime.combine(RESULTS_DAY, dt.time(8, 0), UK_SUMMER)
PASSWORD = "a long load-test password"
CENTRES = ("68101", "68102")
PERCENTILES = (0.5, 0.95, 0.99)


def make_people(portal: LocalPortal, count: int) -> list[Account]:
    """Members of the demo centres with the `results` permission, each through Portal's own flows."""
    tokens = {c: portal.token(portal.account("exams_officer", c)) for c in CENTRES}
    stamp = int(time.time())
    people = []
    for n in range(count):
        centre = CENTRES[n % len(CENTRES)]
        email = f"load.{stamp}.{n}@school.example"
        invited = portal.call(
            "POST",
            f"/centres/{centre}/users",
            tokens[centre],
            json={
                "email": email,
                "account_type": "user",
                "given_name": "Load",
                "family_name": "Tester",
                "permissions": ["results"],
            },
        )
        invited.raise_for_status()
        text = portal.mailbox(email)[0]["text"]
        found = re.search(r"Temporary password: (\S+)", text)
        assert found, "the invitation carries a temporary password"
        temporary = found.group(1)
        _, secret = first_sign_in(portal.cognito(), portal.client_id, email, temporary, PASSWORD)
        people.append(Account(email, PASSWORD, secret, centre))
    return people


def _entry(stats: StatsEntry) -> dict[str, Any]:
    return {
        "requests": stats.num_requests,
        "failures": stats.num_failures,
        **{
            f"p{round(p * 100)}_ms": round(stats.get_response_time_percentile(p) or 0, 1) for p in PERCENTILES
        },
    }


def play(portal: LocalPortal, people: list[Account], args: argparse.Namespace) -> dict[str, Any]:
    tools = f"{portal.api}/_local"
    helpdesk = portal.token(portal.account("helpdesk"))
    portal.call(
        "PUT", f"/series/{SERIES}", helpdesk, json={"results_day": RESULTS_DAY.isoformat()}
    ).raise_for_status()
    # TOTP codes are good once: start in a fresh 30-second step after the first sign-ins' codes.
    gevent.sleep(30 - time.time() % 30 + 1)
    rules = [
        {"service": "cognito-idp", "category": "UserAuthentication", "rate": args.cognito_rps},
        {"service": "dynamodb", "operations": ["BatchGetItem"], "rate": args.dynamodb_rps},
    ]
    requests.put(f"{tools}/throttle", json={"rules": rules}, timeout=10).raise_for_status()
    started = time.time()
    requests.put(
        f"{tools}/clock", json={"now": START.isoformat(), "rate": args.rate}, timeout=10
    ).raise_for_status()
    morning = Morning(
        api=portal.api,
        cognito_endpoint=str(portal.config["cognito_endpoint"]),
        region=str(portal.config["region"]),
        user_pool_id=str(portal.config["user_pool_id"]),
        client_id=portal.client_id,
        series_id=SERIES,
        accounts=people,
        start_real=started,
        start_sim=START.timestamp(),
        release=RELEASE.timestamp(),
        rate=args.rate,
        late=args.late,
    )
    scenario.MORNING = morning
    Person.host = portal.api
    environment = Environment(user_classes=[Person])
    runner = environment.create_local_runner()
    runner.start(len(people), spawn_rate=len(people))
    deadline = started + (RELEASE - START).total_seconds() / args.rate + args.timeout
    gevent.sleep(2)
    while runner.user_count > 0 and time.time() < deadline:
        gevent.sleep(0.5)
    still = runner.user_count
    runner.quit()
    seconds = time.time() - started
    thrown = requests.get(f"{tools}/throttle", timeout=10).json()
    requests.delete(f"{tools}/throttle", timeout=10)
    requests.delete(f"{tools}/clock", timeout=10)
    stats = environment.stats
    total = stats.total
    burst = stats.get("GET services (08:00)", "GET")
    errors = {f"{e.method} {e.name}: {e.error}": e.occurrences for e in stats.errors.values()}
    return {
        "people": len(people),
        "simulated": f"{START:%H:%M} to 08:01 on a results day, {args.rate:g} times real time",
        "late_share": args.late,
        "seconds": round(seconds, 1),
        "requests": total.num_requests,
        "requests_per_s": round(total.num_requests / seconds, 1),
        "p50_ms": round(total.get_response_time_percentile(0.5) or 0, 1),
        "p95_ms": round(total.get_response_time_percentile(0.95) or 0, 1),
        "p99_ms": round(total.get_response_time_percentile(0.99) or 0, 1),
        "errors": total.num_failures + still,
        "error_kinds": errors | ({"people still waiting at the deadline": still} if still else {}),
        "api_429": morning.counts["api_429"],
        "cognito_throttled": morning.counts["cognito_throttled"],
        "throttles": {
            "cognito_user_authentication_rps": args.cognito_rps,
            "dynamodb_batch_get_item_rps": args.dynamodb_rps,
            "refused": [r["refused"] for r in thrown["rules"]],
        },
        "at_0800": _entry(burst),
        "by_step": {f"{e.method} {e.name}": _entry(e) for e in stats.entries.values()},
    }


def write(figures: dict[str, Any], out: Path) -> None:
    """results.json's `load`, the other sections as they were."""
    results = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    results["load"] = figures
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load.run", description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=60, help="members signing in (default 60)")
    parser.add_argument("--rate", type=float, default=30, help="simulated seconds per real second (30)")
    parser.add_argument("--late", type=float, default=0.25, help="share arriving only at 08:00 (0.25)")
    parser.add_argument("--cognito-rps", type=float, default=5, help="UserAuthentication quota here (5)")
    parser.add_argument("--dynamodb-rps", type=float, default=4, help="BatchGetItem throughput here (4)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds allowed after 08:00 (120)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="portal-load-") as tmp,
        running(Path(tmp) / "portal.log") as portal,
    ):
        print(f"making {args.people} people...", flush=True)
        people = make_people(portal, args.people)
        print("results morning...", flush=True)
        figures = play(portal, people, args)
    figures["machine"] = {"cores": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]}
    write(figures, args.out)
    summary = {
        k: figures[k] for k in ("people", "requests_per_s", "p50_ms", "p95_ms", "p99_ms", "errors", "api_429")
    }
    print(
        json.dumps(
            summary | {"cognito_throttled": figures["cognito_throttled"], "at_0800": figures["at_0800"]},
            indent=2,
        )
    )
    for kind, times in figures["error_kinds"].items():
        print(f"ERROR x{times}: {kind}", file=sys.stderr)
    print(f"wrote `load` into {args.out}")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
