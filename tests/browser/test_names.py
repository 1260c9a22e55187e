"""Names as people and centres are named, and nothing else (issue 22), on the helpdesk's screen: a
centre named as the register writes it ("School 21") is created; a name hiding a web address or
made of invisible letters is refused beside its field, saying what a name may hold."""

from __future__ import annotations

import random

from playwright.sync_api import Page, expect

from tests.browser.centres import helpdesk_token
from tests.browser.harness import Person, Strings, check_axe, seeded, sign_in
from tests.e2e.portal import LocalPortal

REFUSED = [
    "Urgent. Verify your account at exam-board-login.\u034fcom",
    "https\u02d0\u141f\u141fevil\ua4f8com",
    "\u3164\u3164",
]


def _free_centre_id(portal: LocalPortal) -> str:
    token = helpdesk_token(portal)
    while True:
        centre_id = str(random.randint(20000, 29999))
        if portal.call("GET", f"/centres/{centre_id}", token).status_code == 404:
            return centre_id


def test_the_helpdesk_creates_school_21_and_no_hidden_link(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    account = seeded(console_portal, "helpdesk", None)  # no names in Portal: Home names its email
    sign_in(page, s, Person(account.email, account.password, account.totp_secret, account.email))
    page.goto("/#/helpdesk/centres")
    expect(page.get_by_role("heading", level=1, name=s("helpdesk.centresTitle"))).to_be_visible()
    expect(page.get_by_text(s("helpdesk.centreNameHint"))).to_be_visible()
    for name in REFUSED:
        page.get_by_label(s("helpdesk.centreNumber")).fill(_free_centre_id(console_portal))
        page.get_by_label(s("helpdesk.centreName")).fill(name)
        page.get_by_role("button", name=s("helpdesk.createCentre")).click()
        expect(page.locator("#name-error")).to_have_text(s("fieldError.name"))
    check_axe(page, "helpdesk: a centre name refused")
    centre_id = _free_centre_id(console_portal)
    page.get_by_label(s("helpdesk.centreNumber")).fill(centre_id)
    page.get_by_label(s("helpdesk.centreName")).fill("School 21")
    page.get_by_role("button", name=s("helpdesk.createCentre")).click()
    expect(page.get_by_role("heading", level=1, name=s("helpdesk.centreTitle", id=centre_id))).to_be_visible()
    expect(page.get_by_role("status").first).to_have_text(
        s("helpdesk.centreCreated", id=centre_id, name="School 21")
    )
