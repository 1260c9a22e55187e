"""The screenshots in docs/screenshots/ (README, docs/console.md): `make screenshots` retakes them.

Skipped unless PORTAL_SCREENSHOTS names the folder to write to, so `make test` never changes files.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
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
