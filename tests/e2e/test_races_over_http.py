"""`make test`'s short run of issue 11's two races over HTTP, across two functions of the local
portal: a few trials each, a census after each (tests/security/races.py; `make check-deep` runs
many). Either request may be refused; the census must find no ghost account, no membership
without its user and no second user id for an email."""

from __future__ import annotations

import pytest

from tests.e2e.portal import LocalPortal
from tests.security.races import RACES, run_race

pytestmark = pytest.mark.e2e

TRIALS = 3


@pytest.mark.parametrize("race", sorted(RACES))
def test_a_race_across_functions_leaves_cognito_and_portal_one_to_one(portal: LocalPortal, race: str) -> None:
    outcome = run_race(portal, race, TRIALS)
    assert outcome.server_errors == []
    assert outcome.reproduced == [], "; ".join(outcome.reproduced)
    assert sum(outcome.answers.values()) == TRIALS
