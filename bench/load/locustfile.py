"""The results-morning scenario for the `locust` command: against a deployed stage, or spread over
several machines (`--master` / `--worker`). `make bench-load` does not use this file (run.py drives
Locust itself against the local portal); docs/capacity.md, "The load test", says how to use it.

    PORTAL_LOAD=morning.json locust -f bench/load/locustfile.py --headless -u 2000 -r 2000

`PORTAL_LOAD` names a JSON file: `api` (the stage's API URL), `region`, `user_pool_id`,
`client_id`, `series_id`, `start` (when the scenario's 07:30 is, ISO 8601 with offset; in a
deployed stage Portal's clock is the real one, so this is a real 07:30 on a results day, or the
real time at which the morning is to be played), `rate` (1 against a stage), `late`, and `accounts`
(`email`, `password`, `totp_secret`, `centre_id` of each test person: see docs/capacity.md).
With several workers, `PORTAL_LOAD_SLICE=i/n` gives worker i (from 0) every n-th account.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from bench.load import scenario
from bench.load.scenario import Account, Morning, Person

__all__ = ["Person"]


def _morning() -> Morning:
    settings = json.loads(Path(os.environ["PORTAL_LOAD"]).read_text(encoding="utf-8"))
    index, of = (int(part) for part in os.environ.get("PORTAL_LOAD_SLICE", "0/1").split("/"))
    accounts = [Account(**a) for a in settings["accounts"]][index::of]
    start = dt.datetime.fromisoformat(settings["start"])
    release = start.replace(hour=8, minute=0, second=0, microsecond=0)
    return Morning(
        api=settings["api"],
        cognito_endpoint=settings.get("cognito_endpoint"),
        region=settings["region"],
        user_pool_id=settings["user_pool_id"],
        client_id=settings["client_id"],
        series_id=settings["series_id"],
        accounts=accounts,
        start_real=start.timestamp(),
        start_sim=start.timestamp(),
        release=release.timestamp(),
        rate=float(settings.get("rate", 1)),
        late=float(settings.get("late", 0.25)),
    )


if os.environ.get("PORTAL_LOAD"):
    scenario.MORNING = _morning()
    Person.host = scenario.MORNING.api
