"""Results morning (issue 21): a member's home page shows the next results day with no typing,
counts down, and at 08:00 opens the results tile by itself: no reload, no new sign-in. The page's
clock is Playwright's; Portal's is the local portal's (`/_local/clock`), moved in step with it.
On a results morning the sign-in page says people may sign in now and keep the page open."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests
from playwright.sync_api import Page, expect

from tests.browser.harness import Strings, active_person, check_axe, cognito_calls, open_console, sign_in
from tests.e2e.portal import LocalPortal

SERIES = "2026-trial"
RESULTS_DAY = "2026-11-19"  # a Thursday in GMT: 08:00 UK time is 08:00 UTC
MORNING = datetime(2026, 11, 19, 7, 56, tzinfo=UTC)  # the page and Portal both stand here at first
OPENS = {
    "en": "Thursday 19 November 2026 at 08:00 (UK time)",
    "cy": "Dydd Iau 19 Tachwedd 2026 am 08:00 (amser y DU)",
}


@pytest.fixture
def portal_clock(console_portal: LocalPortal) -> Iterator[str]:
    """Portal's clock at 07:56 on results day; back to real time however the test ends."""
    url = f"{console_portal.api}/_local/clock"
    requests.put(url, json={"now": MORNING.isoformat()}, timeout=10).raise_for_status()
    try:
        yield url
    finally:
        requests.delete(url, timeout=10).raise_for_status()


def _series(console_portal: LocalPortal) -> None:
    helpdesk = console_portal.token(console_portal.account("helpdesk"))
    put = console_portal.call("PUT", f"/series/{SERIES}", helpdesk, json={"results_day": RESULTS_DAY})
    assert put.status_code in (200, 201), put.text


def test_the_home_page_counts_down_and_opens_results_at_0800_by_itself(
    page: Page, s: Strings, console_portal: LocalPortal, portal_clock: str
) -> None:
    _series(console_portal)
    person = active_person(console_portal, "user", ("results",))
    page.clock.install(time=MORNING)
    sign_in(page, s, person)

    panel = page.get_by_role("region", name=s("results.title"))
    expect(panel).to_contain_text(s("results.day", series=SERIES, when=OPENS[s.language]))
    timer = panel.get_by_role("timer", name=s("results.countdownLabel"))
    expect(timer).to_have_text(re.compile(re.escape(s("results.countdown", time="00:0")) + r"[0-4]:\d\d"))
    expect(panel).to_contain_text(s("results.keepOpen"))
    results = page.get_by_role("listitem", name=s("service.results.name"))
    expect(results).to_contain_text(s("access.none"))
    expect(results).to_contain_text(OPENS[s.language].split(" 08:00")[0].rsplit(" ", 1)[0])
    check_axe(page, "home: results day countdown")

    cognito = cognito_calls(page)
    page.evaluate("() => { window.portalTestMarker = 'still here' }")  # gone if the page reloads

    # 08:00 and a little: Portal's clock, then the page's, past the first minute.
    requests.put(portal_clock, json={"now": "2026-11-19T08:00:02+00:00"}, timeout=10).raise_for_status()
    page.clock.fast_forward("05:00")
    expect(results).to_contain_text(s("access.view"))
    expect(panel).to_contain_text(s("results.open", series=SERIES))
    expect(timer).to_have_count(0)
    assert page.evaluate("() => window.portalTestMarker") == "still here"  # no reload
    sign_ins = [t for t in cognito if t.endswith(("InitiateAuth", "RespondToAuthChallenge"))]
    assert sign_ins == []  # and no new sign-in
    check_axe(page, "home: results open")


def test_an_exams_officer_sees_the_day_and_results_under_embargo(
    page: Page, s: Strings, console_portal: LocalPortal, portal_clock: str
) -> None:
    _series(console_portal)
    person = active_person(console_portal, "admin")
    page.clock.install(time=MORNING)
    sign_in(page, s, person)
    panel = page.get_by_role("region", name=s("results.title"))
    expect(panel).to_contain_text(s("results.embargo"))
    expect(page.get_by_role("listitem", name=s("service.results.name"))).to_contain_text(s("access.full"))


def test_on_results_morning_the_sign_in_page_says_sign_in_now_and_keep_the_page_open(
    page: Page, s: Strings, console_portal: LocalPortal, portal_clock: str
) -> None:
    _series(console_portal)
    person = active_person(console_portal, "user", ("results",))
    page.clock.install(time=MORNING)
    sign_in(page, s, person)  # the home page remembers the results days in this browser
    expect(page.get_by_role("region", name=s("results.title"))).to_be_visible()
    page.get_by_role("button", name=s("nav.profileMenu", name="Nia Newman")).click()
    page.get_by_role("button", name=s("nav.signOut")).click()
    expect(page.get_by_role("heading", level=1, name=s("signIn.title"))).to_be_visible()
    expect(page.get_by_text(s("results.signInNow"))).to_be_visible()
    check_axe(page, "sign in: results morning")
    page.clock.fast_forward("10:00")  # 08:06: results are open, the sentence has done its work
    open_console(page, s)
    expect(page.get_by_text(s("results.signInNow"))).to_have_count(0)
