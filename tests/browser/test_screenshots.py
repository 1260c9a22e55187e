"""The screenshots in docs/screenshots/ (README, docs/console.md): `make screenshots` retakes them.

Skipped unless PORTAL_SCREENSHOTS names the folder to write to, so `make test` never changes files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from tests.browser.harness import (
    Strings,
    VirtualAuthenticator,
    active_person,
    invite,
    open_console,
    seeded,
    sign_in,
    switch_to,
)
from tests.browser.test_first_sign_in import choose_method, set_new_password, start_first_sign_in
from tests.browser.test_passkeys import (
    create_in_settings,
    first_sign_in_to_the_offer,
    helpdesk_resets_mfa,
    open_settings,
    password_and_new_app,
    sign_out,
    to_password_step,
)
from tests.browser.test_results_morning import MORNING, RESULTS_DAY, SERIES
from tests.browser.test_session_limits import age_the_sign_in
from tests.e2e.portal import LocalPortal

FOLDER = os.environ.get("PORTAL_SCREENSHOTS")
pytestmark = pytest.mark.skipif(not FOLDER, reason="set PORTAL_SCREENSHOTS (make screenshots) to retake them")


@pytest.fixture
def shot_page(browser: Browser, console_portal: LocalPortal) -> Iterator[Page]:
    context = browser.new_context(base_url=console_portal.api, viewport={"width": 1024, "height": 720})
    try:
        yield context.new_page()
    finally:
        context.close()


def save(page: Page, name: str, full_page: bool = False) -> None:
    assert FOLDER
    Path(FOLDER).mkdir(parents=True, exist_ok=True)
    page.mouse.move(0, 0)
    page.screenshot(path=str(Path(FOLDER) / f"{name}.png"), full_page=full_page)


def test_take_screenshots(shot_page: Page, console_portal: LocalPortal) -> None:
    page = shot_page
    en, cy = Strings("en"), Strings("cy")
    open_console(page, en)
    save(page, "sign-in")
    page.get_by_role("button", name=en("action.next")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    save(page, "sign-in-error")
    open_console(page, cy)
    save(page, "sign-in-welsh")

    email, temporary = invite(console_portal, "user", ("entries", "results"))
    start_first_sign_in(page, en, email, temporary)
    save(page, "first-sign-in-password")
    set_new_password(page, en)
    save(page, "first-sign-in-mfa-choice")
    choose_method(page, en, "mfaSetup.totp")
    expect(page.get_by_role("img", name=en("totp.qr"))).to_be_visible()
    save(page, "first-sign-in-authenticator-app", full_page=True)

    page.context.clear_cookies()
    page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    sign_in(page, en, seeded(console_portal))
    page.wait_for_load_state("networkidle")
    save(page, "home", full_page=True)
    page.get_by_role("button", name=en("nav.profileMenu", name="Eira Owen")).click()
    save(page, "profile-menu")
    page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")

    person = active_person(console_portal)
    sign_in(page, cy, person)
    page.get_by_role("button", name=cy("nav.profileMenu", name="Nia Newman")).click()
    page.get_by_role("link", name=cy("nav.settings")).click()
    expect(page.get_by_role("heading", level=1, name=cy("settings.title"))).to_be_visible()
    page.wait_for_load_state("networkidle")
    save(page, "settings-welsh", full_page=True)


def test_take_passkey_screenshots(shot_page: Page, console_portal: LocalPortal) -> None:
    page = shot_page
    en, cy = Strings("en"), Strings("cy")
    device = VirtualAuthenticator(page)
    email, temporary = invite(console_portal)
    first_sign_in_to_the_offer(page, en, email, temporary)
    save(page, "passkey-offer")
    page.get_by_role("button", name=en("passkeys.offer.skip")).click()
    sign_out(page, en)

    person = active_person(console_portal)
    sign_in(page, en, person)
    expect(page.get_by_role("button", name=en("passkeys.create"))).to_be_visible()
    save(page, "home-passkey-offer")
    open_settings(page, en)
    create_in_settings(page, en)
    section = page.locator("section[aria-labelledby=passkeys-heading]")  # Settings' Passkeys
    section.screenshot(path=str(Path(str(FOLDER)) / "settings-passkeys.png"))
    switch_to(page, cy)
    expect(section.get_by_role("heading", name=cy("passkeys.title"))).to_be_visible()
    section.screenshot(path=str(Path(str(FOLDER)) / "settings-passkeys-welsh.png"))
    switch_to(page, en)
    sign_out(page, en)

    to_password_step(page, en, person.email)
    save(page, "sign-in-passkey")
    device.verifies_user(False)
    page.get_by_role("button", name=en("passkeys.signIn.button")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    save(page, "sign-in-passkey-cancelled")
    device.verifies_user(True)

    helpdesk_resets_mfa(console_portal, person)
    password_and_new_app(page, en, person)
    expect(page.get_by_role("heading", level=1, name=en("passkeys.review.title"))).to_be_visible()
    page.wait_for_load_state("networkidle")
    save(page, "passkey-review")


def test_take_session_service_and_results_screenshots(shot_page: Page, console_portal: LocalPortal) -> None:
    """The screens of issues 19 to 22: results morning, the tiles' ways in and a service's page,
    help, the forgotten-password page, recent sign-ins, the idle warning and signing in again."""
    page = shot_page
    en = Strings("en")
    helpdesk = console_portal.token(console_portal.account("helpdesk"))
    put = console_portal.call("PUT", f"/series/{SERIES}", helpdesk, json={"results_day": RESULTS_DAY})
    assert put.status_code in (200, 201), put.text

    # Results morning: Portal's clock and the page's at 07:56 on results day.
    clock = f"{console_portal.api}/_local/clock"
    requests.put(clock, json={"now": MORNING.isoformat()}, timeout=10).raise_for_status()
    try:
        page.clock.install(time=MORNING)
        person = active_person(console_portal, "user", ("entries", "results"))
        sign_in(page, en, person)
        expect(page.get_by_role("timer", name=en("results.countdownLabel"))).to_be_visible()
        page.wait_for_load_state("networkidle")
        save(page, "home-results-day", full_page=True)
        page.evaluate("() => sessionStorage.clear()")
    finally:
        requests.delete(clock, timeout=10).raise_for_status()

    context = page.context
    page.close()
    page = context.new_page()
    person = active_person(console_portal, "user", ("entries",))
    sign_in(page, en, person)
    tiles = page.get_by_role("listitem", name=en("service.entries.name"))
    expect(tiles.get_by_role("link")).to_be_visible()
    tiles.get_by_role("link").click()
    expect(page.get_by_role("status")).to_contain_text(person.email)
    save(page, "service-page")
    page.go_back()
    page.get_by_role("contentinfo").get_by_role("link", name=en("help.link")).click()
    expect(page.get_by_role("heading", level=1, name=en("help.title"))).to_be_visible()
    save(page, "help", full_page=True)

    page.goto("/#/settings")
    section = page.get_by_role("region", name=en("signIns.title"))
    expect(section.get_by_role("row").nth(1)).to_be_visible()
    section.screenshot(path=str(Path(str(FOLDER)) / "settings-sign-ins.png"))

    # Signing in again before a phone change, the sign-in being older than 15 minutes.
    page.get_by_role("button", name=en("settings.editProfile")).click()
    page.get_by_label(en("settings.phone")).fill("+44 7700 900126")
    age_the_sign_in(page)
    page.get_by_role("button", name=en("action.save")).click()
    expect(page.get_by_role("dialog", name=en("stepUp.title"))).to_be_visible()
    save(page, "step-up")
    page.get_by_role("dialog").get_by_role("button", name=en("action.cancel")).click()

    page.close()
    page = context.new_page()
    page.clock.install()
    sign_in(page, en, person)
    page.clock.fast_forward("55:00")
    expect(page.get_by_role("alertdialog", name=en("session.idleTitle"))).to_be_visible()
    save(page, "idle-warning")

    page.close()
    page = context.new_page()
    open_console(page, en)
    page.get_by_role("link", name=en("signIn.forgot")).click()
    expect(page.get_by_role("heading", level=1, name=en("forgot.title"))).to_be_visible()
    page.get_by_label(en("signIn.email")).fill("someone@school.example")
    page.get_by_role("button", name=en("forgot.send")).click()
    expect(page.get_by_role("status")).to_contain_text(en("forgot.noCode"))
    save(page, "forgot-password")
