"""Home: the centre, a switcher for people in several centres, a tile per service, the embargo."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Locator, Page, expect

from tests.browser.harness import Strings, active_person, check_axe, eo_token, seeded, sign_in
from tests.e2e.portal import LocalPortal

SERVICES = (
    "resources",
    "a2c_keys",
    "question_papers",
    "iamis",
    "access_arrangements",
    "entries",
    "results",
    "view_scripts",
)


def tile(page: Page, s: Strings, service: str) -> Locator:
    return page.get_by_role("listitem", name=s(f"service.{service}.name"))


def test_a_user_sees_one_tile_per_service_with_their_access(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    person = active_person(console_portal, "user", ("entries", "results"))
    sign_in(page, s, person)
    expect(page.get_by_text(s("home.centre", id="68101", name="Demo Centre"))).to_be_visible()
    for service in SERVICES:
        expect(tile(page, s, service)).to_be_visible()
    expect(tile(page, s, "resources")).to_contain_text(s("access.full"))
    expect(tile(page, s, "entries")).to_contain_text(s("access.view"))
    expect(tile(page, s, "a2c_keys")).to_contain_text(s("access.none"))
    expect(tile(page, s, "iamis")).to_contain_text(s("access.none"))
    for question in ("a2c", "results", "resources", "boundaries", "papers"):
        expect(page.get_by_text(s(f"home.faq.{question}.q"))).to_be_visible()
    check_axe(page, "home: user")


def test_results_under_embargo_say_when_they_open(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    """The next results day is found with no typing (GET /series, issue 21), and its tile says when."""
    helpdesk = console_portal.token(console_portal.account("helpdesk"))
    day = datetime.now(ZoneInfo("Europe/London")).date() + timedelta(days=1)  # before any other test's
    series = f"{day.year}-next-{day:%m%d}"
    answer = console_portal.call("PUT", f"/series/{series}", helpdesk, json={"results_day": day.isoformat()})
    assert answer.status_code in (200, 201), answer.text
    person = active_person(console_portal, "user", ("results",))
    sign_in(page, s, person)
    expect(page.get_by_role("textbox")).to_have_count(0)  # nothing to type
    results = tile(page, s, "results")
    expect(results).to_contain_text(s("access.none"))
    opens = f"{day.day} {s(f'date.month.{day.month}')} {day.year}"
    expect(results).to_contain_text(opens)
    expect(results).to_contain_text("08:00")
    expect(page.get_by_role("region", name=s("results.title"))).to_contain_text(series)
    check_axe(page, "home: results under embargo")


def test_a_person_in_two_centres_switches_between_them(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    person = active_person(console_portal, "user", ("entries",))
    second = eo_token(console_portal, "68102")
    added = console_portal.call(
        "POST",
        "/centres/68102/users",
        second,
        json={"email": person.email, "account_type": "admin", "given_name": "Nia", "family_name": "Newman"},
    )
    assert added.status_code == 201, added.text
    sign_in(page, s, person)
    switcher = page.get_by_label(s("home.centreSwitch"))
    expect(switcher).to_be_visible()
    expect(tile(page, s, "a2c_keys")).to_contain_text(s("access.none"))
    switcher.select_option("68102")
    expect(page.get_by_text(s("home.centre", id="68102", name="Second Demo Centre"))).to_be_visible()
    expect(tile(page, s, "a2c_keys")).to_contain_text(s("access.full"))  # an Admin there
    check_axe(page, "home: centre switcher")
    page.get_by_role("button", name=s("nav.profileMenu", name="Nia Newman")).click()
    expect(page.get_by_role("link", name=s("nav.manageUsers"))).to_have_attribute(
        "href", "#/centres/68102/users"
    )


def test_an_exams_officer_has_full_access_to_every_service(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    sign_in(page, s, seeded(console_portal))
    for service in SERVICES:
        expect(tile(page, s, service)).to_contain_text(s("access.full"))
