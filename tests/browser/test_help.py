"""Help and support (the guide's "Need more help?" and "Technical support"), reachable from every
page, the sign-in page included: whom to contact for what, why emails may not arrive, the no-reply
sender and the hosts a centre must allow, read from this deployment's own settings."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from local.console import HELPDESK_EMAIL, PORTAL_TEAM_EMAIL
from tests.browser.harness import Strings, active_person, check_axe, open_console, sign_in
from tests.e2e.portal import LocalPortal

SENDER = "portal-no-reply@portal.example.org"  # the local portal's (local/provision.py)


def _says_what_help_says(page: Page, s: Strings, portal: LocalPortal) -> None:
    expect(page.get_by_role("heading", level=1, name=s("help.title"))).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=s("help.contactTitle"))).to_be_visible()
    expect(page.get_by_role("heading", level=2, name=s("help.technicalTitle"))).to_be_visible()
    expect(page.get_by_role("link", name=HELPDESK_EMAIL)).to_have_attribute(
        "href", f"mailto:{HELPDESK_EMAIL}"
    )
    expect(page.get_by_role("link", name=PORTAL_TEAM_EMAIL)).to_have_attribute(
        "href", f"mailto:{PORTAL_TEAM_EMAIL}"
    )
    expect(page.get_by_text(s("help.helpdeskDetails"))).to_be_visible()
    expect(page.get_by_text(SENDER)).to_be_visible()
    expect(page.get_by_text(s("help.junk"))).to_be_visible()
    expect(page.get_by_text(s("help.quarantine"))).to_be_visible()
    hosts = page.get_by_role("list", name=s("help.hostsList")).get_by_role("listitem")
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(portal.api))  # the API's and Cognito's, locally one
    expect(hosts).to_have_text([origin])


def test_help_is_reachable_from_the_sign_in_page(page: Page, s: Strings, console_portal: LocalPortal) -> None:
    open_console(page, s)
    link = page.get_by_role("contentinfo").get_by_role("link", name=s("help.link"))
    link.focus()  # by keyboard
    page.keyboard.press("Enter")
    _says_what_help_says(page, s, console_portal)
    check_axe(page, "help: signed out")
    page.get_by_role("link", name=s("help.backSignIn")).click()
    expect(page.get_by_label(s("signIn.email"))).to_be_visible()


def test_help_is_reachable_signed_in(page: Page, s: Strings, console_portal: LocalPortal) -> None:
    sign_in(page, s, active_person(console_portal, "user", ("entries",)))
    page.get_by_role("contentinfo").get_by_role("link", name=s("help.link")).click()
    _says_what_help_says(page, s, console_portal)
    check_axe(page, "help: signed in")
    page.get_by_role("link", name=s("help.backHome")).click()
    expect(page.get_by_role("heading", level=1, name=s("home.welcome", name="Nia"))).to_be_visible()
