"""Issue 11's two races over HTTP, across two functions of a running local portal: each trial sets
up its own people, sends the two requests at the same moment, then takes a census of the pool.

Used by `make check-deep` (tests/security/test_deep_http.py, many trials) and by `make test`
(tests/e2e/test_races_over_http.py, a few): before the consistency redesign the first race left
a ghost account 15 times in 15, the second a membership without its user 2 times in 15.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from tests.e2e.portal import LocalPortal
from tests.security.http import HttpCast, census
from tests.security.matrix import HOME


def at_once(*calls: Callable[[], requests.Response]) -> list[requests.Response]:
    """Each call on its own thread, released together."""
    barrier = threading.Barrier(len(calls))
    answers: list[requests.Response | None] = [None] * len(calls)

    def go(index: int) -> None:
        barrier.wait()
        answers[index] = calls[index]()

    threads = [threading.Thread(target=go, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(a is not None for a in answers), "a request did not finish"
    return [a for a in answers if a is not None]


def _new_centre(cast: HttpCast) -> str:
    centre_id = cast.new_centre_id()
    made = cast.call("helpdesk", "POST", "/centres", json={"centre_id": centre_id, "name": "Race Centre"})
    assert made.status_code == 201, made.text
    return centre_id


def _appoint(cast: HttpCast, centre_id: str, email: str, given_name: str) -> requests.Response:
    body = {"email": email, "given_name": given_name, "family_name": "Race"}
    return cast.call("helpdesk", "PUT", f"/centres/{centre_id}/exams-officer", json=body)


def _user_of_home(cast: HttpCast, email: str) -> str:
    """X added as a User of the cast's home centre by its EO: X's user id."""
    body = {"email": email, "account_type": "user", "given_name": "X", "family_name": "Race"}
    added = cast.call("eo", "POST", f"/centres/{cast.centre_id(HOME)}/users", json=body)
    assert added.status_code == 201, added.text
    return str(added.json()["user_id"])


def _delete_from_home(cast: HttpCast, user_id: str) -> requests.Response:
    return cast.call("eo", "DELETE", f"/centres/{cast.centre_id(HOME)}/users/{user_id}")


def replace_while_deleting(cast: HttpCast, trial: int) -> tuple[set[str], list[requests.Response]]:
    """X is EO of centre C and a User of the home centre. The helpdesk replaces C's EO with Y
    while the home centre's EO deletes X."""
    c = _new_centre(cast)
    x, y = cast.new_email(f"race1.x.{trial}"), cast.new_email(f"race1.y.{trial}")
    made = _appoint(cast, c, x, "X")
    assert made.status_code == 201, made.text
    x_id = _user_of_home(cast, x)
    return {x, y}, at_once(lambda: _appoint(cast, c, y, "Y"), lambda: _delete_from_home(cast, x_id))


def appoint_while_deleting(cast: HttpCast, trial: int) -> tuple[set[str], list[requests.Response]]:
    """X is a User of the home centre only. The helpdesk appoints X EO of a new centre while the
    home centre's EO deletes X."""
    n = _new_centre(cast)
    x = cast.new_email(f"race2.x.{trial}")
    x_id = _user_of_home(cast, x)
    return {x}, at_once(lambda: _appoint(cast, n, x, "X"), lambda: _delete_from_home(cast, x_id))


RACES = {
    "replace an EO while deleting them elsewhere": replace_while_deleting,
    "appoint an EO while deleting them elsewhere": appoint_while_deleting,
}


@dataclass
class Outcome:
    reproduced: list[str] = field(default_factory=list)
    answers: Counter[str] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)


def run_race(portal: LocalPortal, race: str, trials: int) -> Outcome:
    """`trials` rounds of one race, each followed by a census of its own people."""
    cast = HttpCast(portal)
    cast.user_id("eo")
    outcome = Outcome()
    for trial in range(trials):
        emails, answers = RACES[race](cast, trial)
        outcome.answers[" + ".join(str(a.status_code) for a in answers)] += 1
        outcome.server_errors += [a.text for a in answers if a.status_code >= 500]
        found = census(portal, only_emails=emails)
        if found.problems:
            outcome.reproduced.append(f"trial {trial + 1}: {found.problems}")
    return outcome
