"""Warm latency of every API route, in process on moto, against the baseline function's one read.

    python -m bench.latency [--samples 40]      (part of `make bench`: bench/run.py)

Each route is called as API Gateway calls its function (a REST proxy event, the authorizer's
claims) through the handler, with Portal's own wiring: settings from the environment, ports and
clients made at first use. AWS is moto's in-process mock with the tables, pool and identity of
local.provision, and a world of people made through the use cases (tests/api/world.py). After a
few warm-up calls, every sample of a route is timed right after a sample of the baseline's
`GET /items/{item_id}` (bench/baseline/rest: one GetItem), so load that comes and goes weighs on
both alike; `ratio_to_baseline` is the median of the per-sample ratios (route / baseline).

What moto costs per call dominates these times: the ratios say how much work a route asks of
AWS and of Portal's code, not what it will take in AWS. A route that changes something gets a
fresh target for every sample, made before its clock starts (an invitation to withdraw, a
member to delete); routes that create take a new email or centre number each time.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import importlib.util
import io
import itertools
import json
import operator
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

SAMPLES = 40
WARM_UP = 3
PREFIX = "portal-bench"
CURSOR_KEY = "bench-latency-cursor-key-0123456789"
BASELINE_ROUTE = "GET /items/{item_id}"

Event = dict[str, Any]
Prepare = Callable[[int], tuple[str, Event]]  # sample number → (function, event)


def percentile(values: list[float], fraction: float) -> float:
    """Nearest rank: with 40 samples, p99 is the slowest one."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


@contextlib.contextmanager
def emulated_aws() -> Iterator[dict[str, str]]:
    """moto in process with Portal's resources; yields the functions' settings, set in os.environ."""
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_DEFAULT_REGION": "eu-west-2",
            "AWS_REGION": "eu-west-2",
            "MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP": "true",
        }
    )
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_SESSION_TOKEN", "LAMBDA_TASK_ROOT"):
        os.environ.pop(name, None)
    from moto import mock_aws  # noqa: PLC0415 - after the environment is set
    from portal import constants as c  # noqa: PLC0415

    from local.cognito import moto_patches  # noqa: PLC0415
    from local.environ import function_environment  # noqa: PLC0415
    from local.provision import Names, provision  # noqa: PLC0415
    from tests.api.events import CLIENT_ID  # noqa: PLC0415

    moto_patches.install()  # what moto lacks of Cognito and Portal reads (AdminListUserAuthEvents)
    with mock_aws():
        resources = provision(names=Names(prefix=PREFIX), cursor_key=CURSOR_KEY.encode())
        settings = function_environment(resources.settings, "INFO")  # as deployed, metrics on
        settings.pop("POWERTOOLS_METRICS_DISABLED", None)
        settings[c.ENV_CLIENT_IDS] = CLIENT_ID  # the app client of the events (tests/api/events.py)
        os.environ.update(settings)
        yield settings


def load_baseline() -> ModuleType:
    """The baseline REST function, imported from its folder as Lambda would (after moto started)."""
    path = Path(__file__).resolve().parent / "baseline" / "rest" / "handler.py"
    spec = importlib.util.spec_from_file_location("bench_baseline_rest", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@dataclass
class Scenario:
    """The people and the targets each route needs, made through the use cases."""

    world: Any
    functions: Mapping[str, ModuleType]

    def __post_init__(self) -> None:
        self.counter = itertools.count()
        self.world.ensure("eo", "admin", "second_admin", "user", "invited")
        from portal.service import centres  # noqa: PLC0415

        self.eo_centre = f"{49_000 + os.getpid() % 900:05d}"
        helpdesk = self.world.caller("helpdesk")
        centres.create_centre(self.world.deps, helpdesk, self.eo_centre, "Bench EO Centre")

    def key(self) -> dict[str, str]:
        return {"Idempotency-Key": f"bench-{os.getpid()}-{next(self.counter)}"}

    def invite_fresh(self) -> str:
        """A new invited User of the world's centre (untimed set-up); its user id."""
        from portal.domain.model import AccountType  # noqa: PLC0415
        from portal.service import members  # noqa: PLC0415
        from portal.service.invitations import Invitation  # noqa: PLC0415

        email = self.world.new_email(f"fresh{next(self.counter)}")
        invitation = Invitation(email, AccountType.USER, "Fresh", "Member")
        view = members.invite(self.world.deps, self.world.caller("eo"), self.world.centre_id, invitation)
        return str(view.membership.user_id)

    def cases(self) -> dict[str, Prepare]:
        from tests.api.events import rest_event  # noqa: PLC0415

        w = self.world
        eo, hd = w.eo, w.helpdesk
        c, users = w.centre_id, w.users

        def call(function: str, method: str, path: str, **kwargs: Any) -> Prepare:
            return lambda i: (function, rest_event(method, path, **kwargs))

        def body(function: str, method: str, path: str, make: Callable[[int], Any], **kw: Any) -> Prepare:
            return lambda i: (function, rest_event(method, path, body=make(i), **kw))

        def invite_body(i: int) -> dict[str, Any]:
            email = w.new_email(f"invitee{i}")
            return {"email": email, "account_type": "user", "given_name": "In", "family_name": "Vitee"}

        def officer_body(i: int) -> dict[str, Any]:
            return {"email": w.new_email(f"officer{i}"), "given_name": "New", "family_name": "Officer"}

        def delete_member(i: int) -> tuple[str, Event]:
            return "centre_users", rest_event("DELETE", f"{users}/{self.invite_fresh()}", who=eo)

        def withdraw(i: int) -> tuple[str, Event]:
            path = f"{users}/{self.invite_fresh()}/invitation"
            return "centre_users", rest_event("DELETE", path, who=eo)

        def toggle(state: str) -> Prepare:
            other = "enable" if state == "disable" else "disable"
            user = w.id("second_admin")

            def prepare(i: int) -> tuple[str, Event]:
                self.run("helpdesk", rest_event("POST", f"/users/{user}/{other}", who=hd))
                return "helpdesk", rest_event("POST", f"/users/{user}/{state}", who=hd)

            return prepare

        def new_centre(i: int) -> dict[str, Any]:
            name = "Bench " + "".join(chr(ord("a") + int(d)) for d in str(abs(i)))  # names hold no digits
            return {"centre_id": f"{50_000 + (os.getpid() % 40) * 1000 + i:05d}", "name": name}

        user = w.member("user")
        return {
            "GET /health": call("self_service", "GET", "/health"),
            "GET /me": call("self_service", "GET", "/me", who=eo),
            "PATCH /me": body("self_service", "PATCH", "/me", lambda i: {"job_role": f"Role {i}"}, who=eo),
            "GET /me/centres/{centre_id}/services": call(
                "self_service", "GET", f"/me/centres/{c}/services", who=eo
            ),
            "GET /me/sign-ins": call("self_service", "GET", "/me/sign-ins", who=eo),
            "PUT /me/mfa/passkey": body(
                "self_service", "PUT", "/me/mfa/passkey", lambda i: {"enabled": False}, who=eo
            ),
            "GET /users/{user_id}/sign-ins": call(
                "helpdesk", "GET", f"/users/{w.id('admin')}/sign-ins", who=hd
            ),
            "GET /centres/{centre_id}": call("centre_users", "GET", f"/centres/{c}", who=eo),
            "GET /centres/{centre_id}/users": call("centre_users", "GET", users, who=eo),
            "POST /centres/{centre_id}/users": lambda i: (
                "centre_users",
                rest_event("POST", users, who=eo, body=invite_body(i), headers=self.key()),
            ),
            "GET /centres/{centre_id}/users/{user_id}": call("centre_users", "GET", user, who=eo),
            "PATCH /centres/{centre_id}/users/{user_id}": body(
                "centre_users",
                "PATCH",
                user,
                lambda i: {"permissions": ["entries"] if i % 2 else ["entries", "results"]},
                who=eo,
            ),
            "DELETE /centres/{centre_id}/users/{user_id}": delete_member,
            "POST /centres/{centre_id}/users/{user_id}/invitation": lambda i: (
                "centre_users",
                rest_event("POST", f"{w.member('invited')}/invitation", who=eo, headers=self.key()),
            ),
            "DELETE /centres/{centre_id}/users/{user_id}/invitation": withdraw,
            "GET /centres/{centre_id}/audit": call("centre_users", "GET", f"/centres/{c}/audit", who=eo),
            "POST /centres": lambda i: (
                "helpdesk",
                rest_event("POST", "/centres", who=hd, body=new_centre(i), headers=self.key()),
            ),
            "GET /centres": call("helpdesk", "GET", "/centres", who=hd),
            "PUT /centres/{centre_id}/exams-officer": lambda i: (
                "helpdesk",
                rest_event(
                    "PUT",
                    f"/centres/{self.eo_centre}/exams-officer",
                    who=hd,
                    body=officer_body(i),
                    headers=self.key(),
                ),
            ),
            "GET /users": call("helpdesk", "GET", "/users", who=hd, query={"email": w.email("eo")}),
            "POST /users/{user_id}/mfa-reset": lambda i: (
                "helpdesk",
                rest_event("POST", f"/users/{w.id('admin')}/mfa-reset", who=hd, headers=self.key()),
            ),
            "POST /users/{user_id}/disable": toggle("disable"),
            "POST /users/{user_id}/enable": toggle("enable"),
            "GET /series": call("self_service", "GET", "/series", who=eo),  # every member reads it
            "PUT /series/{series_id}": body(
                "helpdesk",
                "PUT",
                f"/series/{w.series_id('summer')}",
                lambda i: {"results_day": "2026-08-13" if i % 2 else "2026-08-20"},
                who=hd,
            ),
            "GET /audit": call("helpdesk", "GET", "/audit", who=hd),
        }

    def run(self, function: str, event: Event) -> int:
        from tests.api.events import FakeContext  # noqa: PLC0415

        result = self.functions[function].handler(event, FakeContext(function_name=function))
        status = int(result["statusCode"])
        if status >= 400:
            route = f"{event['httpMethod']} {event['path']}"
            raise RuntimeError(f"{route} answered {status}: {result.get('body')}")
        return status


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return (time.perf_counter() - start) * 1000


def measure(samples: int = SAMPLES) -> dict[str, dict[str, dict[str, float]]]:
    """results.json's `latency`: p50 and p99 (ms) per route, and the ratio of p50 to the baseline's."""
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    out: dict[str, dict[str, float]] = {}
    with emulated_aws(), contextlib.redirect_stdout(io.StringIO()) as logs:
        from portal import wiring  # noqa: PLC0415 - after the settings are in the environment

        from lambdas.centre_users import handler as centre_users  # noqa: PLC0415
        from lambdas.helpdesk import handler as helpdesk  # noqa: PLC0415
        from lambdas.self_service import handler as self_service  # noqa: PLC0415
        from tests.api.events import Who, rest_event  # noqa: PLC0415
        from tests.api.world import World  # noqa: PLC0415
        from tests.integration.conftest import enrol_helpdesk  # noqa: PLC0415

        functions = {"self_service": self_service, "centre_users": centre_users, "helpdesk": helpdesk}
        baseline = load_baseline()
        pool = wiring.settings().user_pool_id
        scenario = Scenario(World(wiring.deps(), enrol=lambda sub: enrol_helpdesk(pool, sub)), functions)
        base_event = rest_event(
            "GET",
            "/items/68101",
            who=Who("bench"),
            resource="/items/{item_id}",
            path_parameters={"item_id": "68101"},
        )

        def base() -> object:
            from tests.api.events import FakeContext  # noqa: PLC0415

            return baseline.handler(base_event, FakeContext(function_name="baseline"))

        for route, prepare in scenario.cases().items():
            for i in range(WARM_UP):
                function, event = prepare(-1 - i)
                scenario.run(function, event)
                base()
            mine, theirs = [], []
            for i in range(samples):
                function, event = prepare(i)
                theirs.append(timed(base))
                mine.append(timed(functools.partial(scenario.run, function, event)))
            out[route] = {
                "p50_ms": round(statistics.median(mine), 2),
                "p99_ms": round(percentile(mine, 0.99), 2),
                "ratio_to_baseline": round(statistics.median(map(operator.truediv, mine, theirs)), 2),
            }
        logs.truncate(0)
    return {"latency": out}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.latency", description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=SAMPLES)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.samples), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
