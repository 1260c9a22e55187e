"""Issue 11's two races, run for real: two use cases at once, in threads, many rounds, then a census.

Each round builds its own centres and people through the use cases, then releases two threads
together on a barrier. moto serves one request at a time (as each AWS request is atomic; see
`_serialise_moto`), but the use cases interleave freely between their calls, and a hook on every
AWS call sleeps a random fraction of a millisecond so the rounds cover many interleavings. Either
request may be refused (the loser of a race is told to retry); what must never happen is a state
that breaks the one-to-one link between Cognito's users and Portal's memberships. The census at
the end checks every Cognito user, every membership, every person and every email claim.

PORTAL_RACE_ROUNDS (default 25) sets the rounds per race; `make check-deep` may raise it.
"""

from __future__ import annotations

import os
import random
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import pytest
from portal import constants as c
from portal.domain.errors import PortalError
from portal.service import centres, members, people
from portal.service.deps import Deps

from tests.integration.conftest import member_users
from tests.integration.world import HELPDESK, Centre, add_member, invitation, make_centre

pytestmark = pytest.mark.integration

ROUNDS = int(os.environ.get("PORTAL_RACE_ROUNDS", "25"))


@dataclass
class Tally:
    """How each round ended: (outcome of the first request, outcome of the second) → rounds;
    and how many transactions DynamoDB refused on a condition (a race decided by a condition)."""

    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    refused: int = 0


def _outcome(action: Callable[[], object]) -> str:
    try:
        action()
    except PortalError as error:
        return type(error).__name__
    return "ok"


@contextmanager
def _jitter(clients: Any, seed: int, tally: Tally | None = None) -> Iterator[None]:
    """A random pause before each AWS call, so threads switch at different points each round;
    refused transactions are counted into `tally`."""
    rng = random.Random(seed)
    lock = threading.Lock()

    def pause(**_: Any) -> None:
        with lock:
            delay = rng.random() * 0.002
        threading.Event().wait(delay)

    def refused(parsed: Any, **_: Any) -> None:
        if tally is not None and parsed.get("Error", {}).get("Code") == "TransactionCanceledException":
            with lock:
                tally.refused += 1

    emitters = [clients.dynamodb.meta.events, clients.cognito.meta.events, clients.sesv2.meta.events]
    for events in emitters:
        events.register("before-call", pause, unique_id="race-jitter")
    clients.dynamodb.meta.events.register(
        "after-call.dynamodb.TransactWriteItems", refused, unique_id="race-refused"
    )
    try:
        yield
    finally:
        for events in emitters:
            events.unregister("before-call", unique_id="race-jitter")
        clients.dynamodb.meta.events.unregister(
            "after-call.dynamodb.TransactWriteItems", unique_id="race-refused"
        )


STARTS = random.Random(11)


def _together(first: Callable[[], object], second: Callable[[], object]) -> tuple[str, str]:
    """Both at once; one of them, at random, starts up to 20 ms late, so each request is sometimes
    well ahead, sometimes behind, and most often interleaved call by call with the other."""
    barrier = threading.Barrier(2)
    results: dict[int, str] = {}
    late, delay = STARTS.randrange(2), STARTS.random() * 0.02

    def run(index: int, action: Callable[[], object]) -> None:
        barrier.wait()
        if index == late:
            threading.Event().wait(delay)
        results[index] = _outcome(action)

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a racing use case did not finish"
    return results[0], results[1]


# --- the census ----------------------------------------------------------------------------------


@dataclass
class Census:
    cognito_users: int
    memberships: int
    people: int
    claims: int
    problems: list[str]


def census(clients: Any, resources: Any) -> Census:
    """Cognito and Portal agree one to one: every Cognito user but the helpdesk's has a
    membership, every membership has its Cognito user (same id, same email), one
    user id per email, and each person's record matches their memberships."""
    problems: list[str] = []
    users: dict[str, str] = {}  # sub -> email
    for user in member_users(clients.cognito, resources.user_pool_id):
        attributes = {a["Name"]: a["Value"] for a in user["Attributes"]}
        users[attributes["sub"]] = attributes["email"]
    items: list[dict[str, Any]] = []
    for page in clients.dynamodb.get_paginator("scan").paginate(TableName=resources.state_table):
        items.extend(page["Items"])
    kinds: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        kinds.setdefault(item.get("kind", {}).get("S", "?"), []).append(item)
    memberships = kinds.get("membership", [])
    persons = {i["user_id"]["S"]: i for i in kinds.get("person", [])}
    claims = {i["email"]["S"]: i.get("user_id", {}).get("S") for i in kinds.get("email", [])}
    per_user = Counter(m["user_id"]["S"] for m in memberships)

    for sub, email in users.items():
        if per_user[sub] == 0:
            problems.append(f"Cognito user {email} has no membership")
        if claims.get(email) != sub:
            problems.append(f"Cognito user {email} is not the owner of its email claim")
    for m in memberships:
        uid, email = m["user_id"]["S"], m["email"]["S"]
        if uid not in users:
            problems.append(f"membership {m[c.STATE_PK]['S']} {email} has no Cognito user")
        elif users[uid] != email:
            problems.append(f"membership {email} names another email than its Cognito user")
        if uid not in persons:
            problems.append(f"membership {email} has no person record")
    ids_per_email = Counter(email for email in users.values())
    problems += [f"{email} has {n} Cognito users" for email, n in ids_per_email.items() if n > 1]
    for uid, person in persons.items():
        email = person["email"]["S"]
        if claims.get(email) != uid:
            problems.append(f"person {email} does not own its email claim")
        stored = person.get("memberships", {}).get("N")
        if stored is not None and int(stored) != per_user[uid]:
            problems.append(f"person {email} counts {stored} memberships, has {per_user[uid]}")
        if "closing" in person:
            problems.append(f"person {email} was left closing")
    for email, owner in claims.items():
        if owner is None:
            problems.append(f"email claim {email} is only reserved")
        elif owner not in persons:
            problems.append(f"email claim {email} names no person")
    return Census(len(users), len(memberships), len(persons), len(claims), problems)


# --- the races -----------------------------------------------------------------------------------


def _replace_eo_while_deleting(deps: Deps, a: Centre, n: int) -> tuple[str, str]:
    """X is EO of C and a User of A. The helpdesk replaces C's EO with Y while A's EO deletes X."""
    c_id, x_email = str(20000 + n), f"x{n}@school.example"
    centres.create_centre(deps, HELPDESK, c_id, "Centre C")
    centres.appoint_exams_officer(deps, HELPDESK, c_id, invitation(x_email))
    x = members.invite(deps, a.eo, a.centre_id, invitation(x_email)).membership
    return _together(
        lambda: centres.appoint_exams_officer(deps, HELPDESK, c_id, invitation(f"y{n}@school.example")),
        lambda: members.delete_member(deps, a.eo, a.centre_id, x.user_id),
    )


def _appoint_while_deleting(deps: Deps, a: Centre, n: int) -> tuple[str, str]:
    """X is a User of A only. The helpdesk appoints X EO of a new centre D while A's EO deletes X."""
    d_id, x_email = str(40000 + n), f"x{n}@college.example"
    centres.create_centre(deps, HELPDESK, d_id, "Centre D")
    x = add_member(deps, a, x_email)
    return _together(
        lambda: centres.appoint_exams_officer(deps, HELPDESK, d_id, invitation(x_email)),
        lambda: members.delete_member(deps, a.eo, a.centre_id, x.user_id),
    )


RACES = {
    "replace the EO while the person is deleted elsewhere": _replace_eo_while_deleting,
    "appoint an EO while the person is deleted elsewhere": _appoint_while_deleting,
}


@pytest.mark.parametrize("race", RACES)
def test_the_race_leaves_cognito_and_portal_one_to_one(race, deps, clients, resources, capsys):
    a = make_centre(deps, "68101")
    tally = Tally()
    with _jitter(clients, seed=len(race), tally=tally):
        for n in range(ROUNDS):
            tally.outcomes[RACES[race](deps, a, n)] += 1
    found = census(clients, resources)
    with capsys.disabled():
        print(
            f"\n{race}: {ROUNDS} rounds, outcomes {dict(tally.outcomes)}, "
            f"{tally.refused} transactions refused on a condition; census: "
            f"{found.cognito_users} Cognito users, {found.memberships} memberships, "
            f"{found.people} people, {found.claims} email claims, {len(found.problems)} problems"
        )
    assert found.problems == []
    assert sum(tally.outcomes.values()) == ROUNDS


def test_the_census_sees_what_a_race_used_to_leave(deps, clients, resources):
    """The census is not blind: a membership removed behind Portal's back is reported."""
    centre = make_centre(deps)
    user = add_member(deps, centre, "ann@school.example")
    key = {c.STATE_PK: {"S": f"CENTRE#{centre.centre_id}"}, c.STATE_SK: {"S": f"MEMBER#{user.user_id}"}}
    clients.dynamodb.delete_item(TableName=resources.state_table, Key=key)

    problems = census(clients, resources).problems

    assert "Cognito user ann@school.example has no membership" in problems


def test_sign_in_during_the_last_deletion_never_brings_an_account_back(deps, clients, resources):
    """A sign-in recorded while the person's last membership is deleted: never a record without
    its Cognito user, never a Cognito user without a membership."""
    outcomes: Counter[tuple[str, str]] = Counter()
    a = make_centre(deps, "68101")
    with _jitter(clients, seed=7):
        for n in range(max(5, ROUNDS // 3)):
            email = f"s{n}@school.example"
            x = add_member(deps, a, email)
            outcomes[
                _together(
                    partial(people.record_sign_in, deps, x.user_id, email),
                    partial(members.delete_member, deps, a.eo, a.centre_id, x.user_id),
                )
            ] += 1
    assert census(clients, resources).problems == []
    assert sum(outcomes.values()) >= 5
