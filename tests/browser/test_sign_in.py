"""Signing in: email, Next, password (spaces ignored), the code; errors that reveal nothing."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from local.flows import totp_code
from tests.browser.harness import (
    Person,
    Strings,
    active_person,
    arrive_home,
    check_axe,
    open_console,
    seeded,
    sign_in,
    unique_email,
)
from tests.e2e.portal import LocalPortal


def test_an_exams_officer_signs_in_and_sees_their_centre(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    eo = seeded(console_portal)
    eo = Person(eo.email, f"  {eo.password} ", eo.totp_secret, eo.given_name)  # pasted with spaces
    sign_in(page, s, eo, axe=True)
    expect(page.get_by_text(s("home.centre", id="68101", name="Demo Centre"))).to_be_visible()
    check_axe(page, "home")


def test_an_unknown_email_is_told_only_that_sign_in_failed(page: Page, s: Strings) -> None:
    open_console(page, s)
    page.get_by_label(s("signIn.email")).fill(unique_email("nobody"))
    page.get_by_role("button", name=s("action.next")).click()  # nothing asked of Cognito yet
    page.get_by_label(s("signIn.password"), exact=True).fill("any password at all")
    page.get_by_role("button", name=s("action.signIn"), exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(s("errorSummary.title"))
    expect(summary).to_contain_text(s("signIn.wrong"))
    expect(summary).to_be_focused()
    check_axe(page, "sign in: error")
    page.get_by_role("link", name=s("signIn.wrong")).click()
    expect(page.get_by_label(s("signIn.password"), exact=True)).to_be_focused()


def wrong_password_message(page: Page, s: Strings, email: str) -> str:
    open_console(page, s)
    page.get_by_label(s("signIn.email")).fill(email)
    page.get_by_role("button", name=s("action.next")).click()
    page.get_by_label(s("signIn.password"), exact=True).fill("certainly not the password")
    page.get_by_role("button", name=s("action.signIn"), exact=True).click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    return summary.inner_text()


def test_a_wrong_password_is_refused_in_the_words_of_an_unknown_email(
    page: Page, console_portal: LocalPortal
) -> None:
    s = Strings("en")
    known = wrong_password_message(page, s, seeded(console_portal).email)
    unknown = wrong_password_message(page, s, unique_email("nobody"))
    assert known == unknown
    assert s("signIn.wrong") in known


def test_empty_and_malformed_answers_are_said_beside_the_field(page: Page, s: Strings) -> None:
    open_console(page, s)
    page.get_by_role("button", name=s("action.next")).click()
    field = page.get_by_label(s("signIn.email"))
    expect(page.get_by_role("alert")).to_contain_text(s("signIn.emailRequired"))
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#email-error")).to_have_text(s("signIn.emailRequired"))
    check_axe(page, "sign in: field error")
    field.fill("not-an-email")
    page.get_by_role("button", name=s("action.next")).click()
    expect(page.locator("#email-error")).to_have_text(s("signIn.emailInvalid"))


def test_a_wrong_code_is_refused(page: Page, s: Strings, console_portal: LocalPortal) -> None:
    eo = seeded(console_portal)
    open_console(page, s)
    page.get_by_label(s("signIn.email")).fill(eo.email)
    page.get_by_role("button", name=s("action.next")).click()
    page.get_by_label(s("signIn.password"), exact=True).fill(eo.password)
    page.get_by_role("button", name=s("action.signIn"), exact=True).click()
    wrong = f"{(int(totp_code(eo.totp_secret)) + 500000) % 1000000:06d}"
    page.get_by_label(s("code.label")).fill(wrong)
    page.get_by_role("button", name=s("action.verify")).click()
    expect(page.locator("#code-error")).to_have_text(s("code.wrong"))
    check_axe(page, "sign in: wrong code")


def test_keyboard_alone_signs_in(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    eo = seeded(console_portal)
    open_console(page, s)
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.get_by_role("link", name=s("app.skipToMain"))).to_be_focused()
    email = page.get_by_label(s("signIn.email"))
    for _ in range(6):
        page.keyboard.press("Tab")
        if email.evaluate("e => e === document.activeElement"):
            break
    expect(email).to_be_focused()
    page.keyboard.type(eo.email)
    page.keyboard.press("Enter")
    password = page.get_by_label(s("signIn.password"), exact=True)
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    for _ in range(6):
        page.keyboard.press("Tab")
        if password.evaluate("e => e === document.activeElement"):
            break
    expect(password).to_be_focused()
    page.keyboard.type(eo.password)
    page.keyboard.press("Enter")
    code = page.get_by_label(s("code.label"))
    expect(code).to_be_visible()
    page.keyboard.press("Tab")
    expect(code).to_be_focused()
    page.keyboard.type(totp_code(eo.totp_secret))
    page.keyboard.press("Enter")
    arrive_home(page, s, eo)


def test_the_language_switch_works_before_signing_in(page: Page) -> None:
    en, cy = Strings("en"), Strings("cy")
    open_console(page, en)
    expect(page.get_by_role("heading", level=1)).to_have_text(en("signIn.title"))
    page.get_by_role("button", name="Cymraeg", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(cy("signIn.title"))
    expect(page.get_by_label(cy("signIn.email"))).to_be_visible()
    check_axe(page, "sign in: email (Welsh)")
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(cy("signIn.title"))  # kept in this browser
    page.get_by_role("button", name="English", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(en("signIn.title"))


def test_the_preferred_language_applies_once_signed_in(page: Page, console_portal: LocalPortal) -> None:
    person = active_person(console_portal)
    token = console_portal.token(
        {"email": person.email, "password": person.password, "totp_secret": person.totp_secret}
    )
    assert console_portal.call("PATCH", "/me", token, json={"language": "cy"}).status_code == 200
    en, cy = Strings("en"), Strings("cy")
    open_console(page, en)
    page.get_by_label(en("signIn.email")).fill(person.email)
    page.get_by_role("button", name=en("action.next")).click()
    page.get_by_label(en("signIn.password"), exact=True).fill(person.password)
    page.get_by_role("button", name=en("action.signIn"), exact=True).click()
    page.get_by_label(en("code.label")).fill(totp_code(person.totp_secret))
    page.get_by_role("button", name=en("action.verify")).click()
    expect(page.get_by_role("heading", level=1, name=cy("home.welcome", name="Nia"))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
