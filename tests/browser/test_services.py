"""Tiles that lead to the services (issue 22): a tile with access links to its service, which says
who the person is, for which centre and with what access, as Portal told its backend; a tile with
no access, or under embargo, leads nowhere and says why. Keyboard alone, English and Welsh."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.browser.harness import Strings, active_person, check_axe, sign_in
from tests.e2e.portal import LocalPortal

CENTRE = "68101"


def tile(page: Page, s: Strings, service: str) -> Locator:
    return page.get_by_role("listitem", name=s(f"service.{service}.name"))


def open_link(page: Page, s: Strings, service: str) -> Locator:
    return tile(page, s, service).get_by_role(
        "link", name=s("services.open", service=s(f"service.{service}.name"))
    )


def test_a_tile_opens_its_service_which_knows_who_where_and_what(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    person = active_person(console_portal, "user", ("entries",))
    sign_in(page, s, person)
    entries = open_link(page, s, "entries")
    expect(entries).to_be_visible()
    expect(entries).to_have_attribute(
        "href",
        re.compile(rf"/_local/services/entries\?centre_id={CENTRE}&language={s.language}$"),
    )
    # No access: not a link, and the tile says why; a User can never have A2C keys.
    expect(tile(page, s, "iamis").get_by_role("link")).to_have_count(0)
    expect(tile(page, s, "iamis")).to_contain_text(s("services.noAccess"))
    expect(tile(page, s, "a2c_keys")).to_contain_text(s("services.notForUsers"))
    check_axe(page, "home: tiles with their ways in")

    # By keyboard alone: Tab to the link, Enter.
    entries.focus()
    expect(entries).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/_local/services/entries\?"))
    expect(page.get_by_role("heading", level=1, name=s("service.entries.name"))).to_be_visible()
    status = page.get_by_role("status")
    expect(status).to_contain_text(person.email)
    expect(status).to_contain_text(f"{CENTRE} Demo Centre")
    expect(status).to_contain_text("View only" if s.language == "en" else "Gweld yn unig")
    expect(page.locator("html")).to_have_attribute("lang", s.language)
    check_axe(page, "a local service: as whom, where, with what access")


def test_results_under_embargo_lead_nowhere_and_say_why(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    helpdesk = console_portal.token(console_portal.account("helpdesk"))
    answer = console_portal.call("PUT", "/series/2098-summer", helpdesk, json={"results_day": "2098-08-20"})
    assert answer.status_code in (200, 201), answer.text
    person = active_person(console_portal, "user", ("results",))
    sign_in(page, s, person)
    # Home asks for the next results day's series by itself (issue 21): one is still to come, so a
    # User's results are under embargo until 08:00 that day.
    results = tile(page, s, "results")
    expect(results).to_contain_text(s("services.embargo"))
    expect(results.get_by_role("link")).to_have_count(0)
    check_axe(page, "home: results under embargo, no way in")


def test_a_service_refuses_someone_signed_out(page: Page, s: Strings, console_portal: LocalPortal) -> None:
    page.goto(f"/_local/services/entries?centre_id={CENTRE}&language={s.language}")
    expect(page.get_by_role("status")).to_contain_text(
        "not signed in to Portal" if s.language == "en" else "Nid ydych wedi mewngofnodi"
    )
    check_axe(page, "a local service: signed out")


def test_a_service_opened_in_a_tab_of_its_own_is_handed_the_session(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    """The console keeps its tokens in the tab's sessionStorage (issue 19): a service page opened in
    a new tab has none of its own and asks the console's open tab for them, as a console tab does."""
    person = active_person(console_portal, "user", ("entries",))
    sign_in(page, s, person)
    href = open_link(page, s, "entries").get_attribute("href")
    assert href
    other = page.context.new_page()
    other.goto(href)
    expect(other.get_by_role("status")).to_contain_text(person.email)
    assert not [key for key in other.evaluate("Object.keys(localStorage)") if key.startswith("Cognito")]
    other.close()
