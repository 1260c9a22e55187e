"""The local portal's results-morning tools (issue 21): its clock can stand at 07:59 on a results
day, AWS's throttling can be switched on (and Portal then answers 429 through the whole path:
moto's answer, botocore's retries, the adapter, the HTTP edge), and concurrent requests for one
function run in environments of their own instead of queueing behind each other."""

from __future__ import annotations

import builtins
import threading
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
import requests
from botocore.config import Config

from local.functions import Functions
from tests.browser.harness import active_person, eo_token
from tests.e2e.portal import LocalPortal

pytestmark = pytest.mark.e2e


@pytest.fixture
def tools(portal: LocalPortal) -> Iterator[str]:
    """The tools' base URL; the clock and the throttles are put back however the test ends."""
    base = f"{portal.api}/_local"
    try:
        yield base
    finally:
        requests.delete(f"{base}/clock", timeout=10).raise_for_status()
        requests.delete(f"{base}/throttle", timeout=10).raise_for_status()


def _token(portal: LocalPortal, email: str, password: str, secret: str) -> str:
    from local.flows import sign_in  # noqa: PLC0415

    return str(sign_in(portal.cognito(), portal.client_id, email, password, secret)["AccessToken"])


def test_portals_clock_stands_at_0759_and_results_open_at_0800(portal: LocalPortal, tools: str) -> None:
    helpdesk = portal.token(portal.account("helpdesk"))
    put = portal.call("PUT", "/series/2031-summer", helpdesk, json={"results_day": "2031-08-14"})
    assert put.status_code in (200, 201), put.text
    person = active_person(portal, "user", ("results",))
    token = _token(portal, person.email, person.password, person.totp_secret)
    path = "/me/centres/68101/services?series_id=2031-summer"

    def results() -> dict[str, object]:
        tiles = portal.call("GET", path, token).json()["services"]
        return next(t for t in tiles if t["service"] == "results")

    moved = requests.put(f"{tools}/clock", json={"now": "2031-08-14T07:59:30+01:00"}, timeout=10)
    assert moved.json()["moved"] is True
    assert results() == {
        "service": "results",
        "access": "none",
        "available_from": "2031-08-14T08:00:00+01:00",
    }
    requests.put(f"{tools}/clock", json={"now": "2031-08-14T08:00:01+01:00"}, timeout=10).raise_for_status()
    assert results()["access"] == "view"
    assert portal.call("GET", "/me", token).status_code == 200  # tokens keep the real time


def test_the_clock_refuses_a_time_without_its_offset(tools: str) -> None:
    answer = requests.put(f"{tools}/clock", json={"now": "2031-08-14T07:59:30"}, timeout=10)
    assert answer.status_code == 400


def test_dynamodb_throttling_through_the_whole_path_is_a_429(portal: LocalPortal, tools: str) -> None:
    token = eo_token(portal)
    # botocore tries 3 times (docs/api.md, Throttling): 3 refusals make one 429, then it passes.
    rule = {"service": "dynamodb", "operations": ["BatchGetItem"], "times": 3}
    requests.put(f"{tools}/throttle", json={"rules": [rule]}, timeout=10).raise_for_status()
    throttled = portal.call("GET", "/me", token)
    assert throttled.status_code == 429, throttled.text
    assert throttled.json()["code"] == "too_many_requests"
    assert 2 <= int(throttled.headers["Retry-After"]) <= 8
    assert portal.call("GET", "/me", token).status_code == 200
    assert requests.get(f"{tools}/throttle", timeout=10).json()["rules"][0]["refused"] == 3


def test_cognitos_sign_in_quota_answers_too_many_requests(portal: LocalPortal, tools: str) -> None:
    rule = {"service": "cognito-idp", "category": "UserAuthentication", "times": 1}
    requests.put(f"{tools}/throttle", json={"rules": [rule]}, timeout=10).raise_for_status()
    once = boto3.client("cognito-idp", config=Config(retries={"max_attempts": 1}), **portal.client_kwargs())  # type: ignore[call-overload]
    eo = portal.account("exams_officer", "68101")
    with pytest.raises(once.exceptions.TooManyRequestsException):
        once.initiate_auth(
            ClientId=portal.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": eo["email"], "PASSWORD": eo["password"]},
        )
    assert portal.token(eo)  # the next sign-in goes through


def test_a_rule_must_say_how_it_throttles(tools: str) -> None:
    for rule in ({"service": "s3", "times": 1}, {"service": "dynamodb"}, {"service": "dynamodb", "rate": 0}):
        assert requests.put(f"{tools}/throttle", json={"rules": [rule]}, timeout=10).status_code == 400


def test_concurrent_events_for_one_function_run_in_environments_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two events at once reach two copies of the function (two cold starts), as in Lambda: each
    waits at one barrier for the other, which one environment per function would never let in."""
    monkeypatch.setattr(builtins, "portal_test_barrier", threading.Barrier(2, timeout=10), raising=False)
    (tmp_path / "waiter").mkdir()
    (tmp_path / "waiter" / "handler.py").write_text(
        "import builtins\n\ndef handler(event, context):\n    builtins.portal_test_barrier.wait()\n"
        "    return __name__\n",
        encoding="utf-8",
    )
    functions = Functions(tmp_path, environments=2)
    answers: list[str] = []
    threads = [
        threading.Thread(target=lambda: answers.append(functions.invoke("waiter", {}))) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(answers) == ["portal_local_fn_waiter", "portal_local_fn_waiter_1"]
    assert functions.environments("waiter") == 2
