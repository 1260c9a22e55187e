"""Results morning, as Locust plays it: staff sign in from 07:30 (SRP, then their authenticator
app's code), open their home page (GET /me, GET /series, their tiles), keep it open, and at 08:00
each page asks for its tiles again at a random moment in the first minute; some people arrive only
at 08:00 and sign in then. Time is simulated: `Morning` maps the scenario's clock (07:30 onwards,
running `rate` times as fast as real time) to real time, and the local portal's clock is moved the
same way (run.py), so 08:00 comes for Portal when it comes for the people.

Everything a person does goes through a client Portal's users have: Cognito's API with SRP
(pycognito's AWSSRP, as Amplify does it) and the TOTP challenge (boto3); the API over HTTP. Each
step is a Locust request, so Locust's statistics are the run's figures. A `429` from the API is
honoured as the console honours it (wait its Retry-After, then ask again) and counted apart; a
Cognito `TooManyRequestsException` likewise (a jittered wait, then the step again). Anything else
that goes wrong is an error.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import gevent
import pyotp
from botocore.config import Config
from botocore.exceptions import ClientError
from locust import HttpUser, task
from locust.exception import StopUser
from pycognito.aws_srp import AWSSRP
from pycognito.exceptions import SoftwareTokenMFAChallengeException

RELEASE_HOUR = 8
THROTTLE_WAIT = (2.0, 8.0)  # seconds, when Cognito gives no Retry-After: the console's own range
MAX_TRIES = 8


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    totp_secret: str
    centre_id: str


@dataclass
class Morning:
    """The scenario's settings and its simulated clock, shared by every simulated person."""

    api: str
    cognito_endpoint: str | None  # None: Cognito's own, in `region`
    region: str
    user_pool_id: str
    client_id: str
    series_id: str
    accounts: list[Account]
    start_real: float  # the real moment the simulated clock reads `start_sim`
    start_sim: float  # 07:30 on results day, as a timestamp
    release: float  # 08:00 on results day, as a timestamp
    rate: float  # simulated seconds per real second
    late: float  # the share of people who arrive only at 08:00
    seed: int = 21
    counts: dict[str, int] = field(default_factory=lambda: {"api_429": 0, "cognito_throttled": 0})
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next: Iterator[Account] | None = None

    def sim_now(self) -> float:
        return self.start_sim + (time.time() - self.start_real) * self.rate

    def sleep_until(self, sim: float) -> None:
        wait = (sim - self.sim_now()) / self.rate
        if wait > 0:
            gevent.sleep(wait)

    def take(self) -> Account:
        with self._lock:
            if self._next is None:
                self._next = iter(self.accounts)
            return next(self._next)

    def count(self, what: str) -> None:
        with self._lock:
            self.counts[what] += 1


MORNING: Morning | None = None  # set by run.py (or by a locustfile wrapper against a stage)


class Person(HttpUser):
    """One member of staff with the `results` permission, on results morning."""

    @task
    def results_morning(self) -> None:
        morning = MORNING
        assert morning is not None, "bench/load/run.py sets the morning before starting Locust"
        account = morning.take()
        rng = random.Random(f"{morning.seed}:{account.email}")
        late = rng.random() < morning.late
        half_hour = morning.release - morning.start_sim
        arrival = (
            morning.release + rng.uniform(0, 60)
            if late
            else morning.start_sim + rng.uniform(0, half_hour - 60)
        )
        morning.sleep_until(arrival)
        token = self._sign_in(morning, account)
        headers = {"Authorization": f"Bearer {token}"}
        tiles = f"/me/centres/{account.centre_id}/services?series_id={morning.series_id}"
        self._get(morning, "/me", headers, "GET /me")
        self._get(morning, "/series?limit=100", headers, "GET /series")
        self._get(morning, tiles, headers, "GET services (page load)")
        if not late:  # the page stays open; at 08:00 it asks again, within the first minute
            morning.sleep_until(morning.release + rng.uniform(0, 60))
        answer = self._get(morning, tiles, headers, "GET services (08:00)")
        results = next(t for t in answer["services"] if t["service"] == "results")
        if results["access"] != "view":
            self._event("check", "results open at 08:00", 0, AssertionError(f"results are {results}"))
        raise StopUser

    # --- steps, each a Locust request ------------------------------------------------------------

    def _event(self, kind: str, name: str, started: float, error: BaseException | None) -> None:
        elapsed = (time.perf_counter() - started) * 1000 if started else 0
        self.environment.events.request.fire(
            request_type=kind,
            name=name,
            response_time=elapsed,
            response_length=0,
            exception=error,
            context={},
        )

    def _cognito_call(self, morning: Morning, name: str, call: Callable[[], Any]) -> Any:
        """A Cognito step, waited out and tried again when Cognito's quota refuses it."""
        for _ in range(MAX_TRIES):
            started = time.perf_counter()
            try:
                result = call()
            except ClientError as error:
                if error.response.get("Error", {}).get("Code") != "TooManyRequestsException":
                    self._event("cognito", name, started, error)
                    raise StopUser from error
                morning.count("cognito_throttled")
                self._event("cognito", f"{name} (throttled, waited)", started, None)
                gevent.sleep(random.uniform(*THROTTLE_WAIT))
                continue
            except SoftwareTokenMFAChallengeException as challenge:
                self._event("cognito", name, started, None)
                return challenge.get_tokens()
            self._event("cognito", name, started, None)
            return result
        self._event("cognito", name, 0, RuntimeError("still throttled after every try"))
        raise StopUser

    def _sign_in(self, morning: Morning, account: Account) -> str:
        kwargs: dict[str, Any] = {
            "region_name": morning.region,
            "config": Config(retries={"max_attempts": 0}),
        }
        if morning.cognito_endpoint:
            kwargs |= {
                "endpoint_url": morning.cognito_endpoint,
                "aws_access_key_id": "x",
                "aws_secret_access_key": "x",
            }
        cognito = boto3.client("cognito-idp", **kwargs)
        srp = AWSSRP(account.email, account.password, morning.user_pool_id, morning.client_id, client=cognito)
        step = self._cognito_call(morning, "sign-in: password (SRP)", srp.authenticate_user)
        if step.get("ChallengeName") != "SOFTWARE_TOKEN_MFA":
            self._event("cognito", "sign-in: MFA challenge", 0, RuntimeError(str(step.get("ChallengeName"))))
            raise StopUser
        done = self._cognito_call(
            morning,
            "sign-in: authenticator code",
            lambda: cognito.respond_to_auth_challenge(
                ClientId=morning.client_id,
                ChallengeName="SOFTWARE_TOKEN_MFA",
                Session=step["Session"],
                ChallengeResponses={
                    "USERNAME": account.email,
                    "SOFTWARE_TOKEN_MFA_CODE": pyotp.TOTP(account.totp_secret).now(),
                },
            ),
        )
        return str(done["AuthenticationResult"]["AccessToken"])

    def _get(self, morning: Morning, path: str, headers: dict[str, str], name: str) -> Any:
        """A read, as the console makes it: a 429 is waited out (its Retry-After) and asked again."""
        for _ in range(MAX_TRIES):
            with self.client.get(path, headers=headers, name=name, catch_response=True) as answer:
                if answer.status_code == 429:
                    morning.count("api_429")
                    answer.success()  # provoked on purpose and honoured: counted apart, not an error
                    wait = float(answer.headers.get("Retry-After") or random.uniform(*THROTTLE_WAIT))
                    gevent.sleep(wait / morning.rate + random.random() / morning.rate)
                    continue
                if answer.status_code != 200:
                    answer.failure(f"{answer.status_code}: {answer.text[:200]}")
                    raise StopUser
                return answer.json()
        raise StopUser
