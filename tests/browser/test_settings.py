"""Settings: the profile (PATCH /me), the password, the MFA method."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from local.flows import sign_in as sign_in_by_script
from tests.browser.harness import Person, Strings, active_person, check_axe, sign_in, totp_from_page
from tests.e2e.portal import LocalPortal


def open_settings(page: Page, s: Strings) -> None:
    page.get_by_role("button", name=s("nav.profileMenu", name="Nia Newman")).click()
    page.get_by_role("link", name=s("nav.settings")).click()
    expect(page.get_by_role("heading", level=1, name=s("settings.title"))).to_be_visible()


def test_a_person_edits_their_profile(page: Page, s: Strings, console_portal: LocalPortal) -> None:
    person = active_person(console_portal)
    sign_in(page, s, person)
    open_settings(page, s)
    check_axe(page, "settings")
    page.get_by_role("button", name=s("settings.editProfile")).click()
    check_axe(page, "settings: edit profile")
    page.get_by_label(s("settings.titleField")).select_option("Dr")
    page.get_by_label(s("settings.jobRole")).fill("Exams assistant")
    phone = page.get_by_label(s("settings.phone"))
    expect(phone).to_have_accessible_description(s("settings.phoneHint"))
    phone.fill("07700 900123")  # the +44 is missing
    page.get_by_role("button", name=s("action.save")).click()
    expect(page.locator("#phone-error")).to_have_text(s("fieldError.phone_number"))
    expect(page.get_by_role("alert")).to_be_focused()
    phone.fill("+44 7700 900123")
    page.get_by_role("button", name=s("action.save")).click()
    expect(page.get_by_role("status")).to_have_text(s("settings.profileSaved"))
    me = console_portal.call("GET", "/me", token_of(console_portal, person)).json()
    assert (me["title"], me["job_role"], me["phone_number"]) == ("Dr", "Exams assistant", "+447700900123")


def test_the_api_s_field_errors_show_beside_their_fields(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    person = active_person(console_portal)
    sign_in(page, s, person)
    open_settings(page, s)
    page.get_by_role("button", name=s("settings.editProfile")).click()
    page.get_by_label(s("settings.jobRole")).fill("x" * 101)  # the console leaves the length to the API
    page.get_by_role("button", name=s("action.save")).click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(s("error.invalid_request"))
    expect(page.locator("#job-role-error")).to_have_text(s("fieldError.job_role"))
    summary.get_by_role("link", name=s("fieldError.job_role")).click()
    expect(page.get_by_label(s("settings.jobRole"))).to_be_focused()
    check_axe(page, "settings: API field error")


def test_changing_the_preferred_language_changes_the_page(page: Page, console_portal: LocalPortal) -> None:
    en, cy = Strings("en"), Strings("cy")
    person = active_person(console_portal)
    sign_in(page, en, person)
    open_settings(page, en)
    page.get_by_role("button", name=en("settings.editProfile")).click()
    page.get_by_label(en("settings.language")).select_option("cy")
    page.get_by_role("button", name=en("action.save")).click()
    expect(page.get_by_role("status")).to_have_text(cy("settings.profileSaved"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert console_portal.call("GET", "/me", token_of(console_portal, person)).json()["language"] == "cy"


def test_a_person_changes_their_password(page: Page, s: Strings, console_portal: LocalPortal) -> None:
    person = active_person(console_portal)
    sign_in(page, s, person)
    open_settings(page, s)
    expect(page.get_by_label(s("newPassword.label"), exact=True)).to_have_accessible_description(
        s("newPassword.rule")
    )
    page.get_by_label(s("settings.currentPassword")).fill("not my password")
    page.get_by_label(s("newPassword.label"), exact=True).fill("my second long password")
    page.get_by_label(s("newPassword.confirm")).fill("my second long password")
    page.get_by_role("button", name=s("settings.changePassword")).click()
    expect(page.locator("#current-password-error")).to_have_text(s("settings.currentPasswordWrong"))
    check_axe(page, "settings: wrong password")
    page.get_by_label(s("settings.currentPassword")).fill(person.password)
    page.get_by_role("button", name=s("settings.changePassword")).click()
    expect(page.get_by_role("status")).to_have_text(s("settings.passwordChanged"))
    tokens = sign_in_by_script(
        console_portal.cognito(),
        console_portal.client_id,
        person.email,
        "my second long password",
        person.totp_secret,
    )
    assert tokens["AccessToken"]


def test_a_person_moves_to_a_new_authenticator_app(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    person = active_person(console_portal)
    sign_in(page, s, person)
    open_settings(page, s)
    expect(page.get_by_text(s("settings.mfaCurrent", method=s("mfaSetup.totp")))).to_be_visible()
    page.get_by_label(s("mfaSetup.totp")).check()
    page.get_by_role("button", name=s("action.continue")).click()
    expect(page.get_by_role("img", name=s("totp.qr"))).to_be_visible()
    check_axe(page, "settings: new authenticator app")
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    assert secret != person.totp_secret
    page.get_by_label(s("code.label")).fill(totp_from_page(page))
    page.get_by_role("button", name=s("action.verify")).click()
    expect(page.get_by_role("status")).to_have_text(s("settings.mfaChanged", method=s("mfaSetup.totp")))
    tokens = sign_in_by_script(
        console_portal.cognito(), console_portal.client_id, person.email, person.password, secret
    )
    assert tokens["AccessToken"]


def test_back_to_mfa_selection_in_settings(page: Page, s: Strings, console_portal: LocalPortal) -> None:
    person = active_person(console_portal)
    sign_in(page, s, person)
    open_settings(page, s)
    page.get_by_label(s("mfaSetup.sms")).check()
    page.get_by_role("button", name=s("action.continue")).click()
    phone = page.get_by_label(s("sms.phone"))
    expect(phone).to_have_accessible_description(s("sms.phoneHint"))
    page.get_by_role("button", name=s("sms.send")).click()
    expect(page.locator("#mfa-phone-error")).to_have_text(s("sms.phoneRequired"))
    check_axe(page, "settings: text message set-up")
    page.get_by_role("button", name=s("mfaSetup.back")).click()
    expect(page.get_by_role("group", name=s("settings.mfaChoose"))).to_be_visible()


def test_a_person_moves_to_text_messages(page: Page, s: Strings, console_portal: LocalPortal) -> None:
    person = active_person(console_portal)
    sign_in(page, s, person)
    open_settings(page, s)
    page.get_by_label(s("mfaSetup.sms")).check()
    page.get_by_role("button", name=s("action.continue")).click()
    page.get_by_label(s("sms.phone")).fill("+447700900456")
    page.get_by_role("button", name=s("sms.send")).click()
    expect(page.get_by_label(s("code.label"))).to_be_visible()
    check_axe(page, "settings: text message code")
    sms = console_portal.call("GET", "/_local/sms", params={"to": "+447700900456"}).json()["items"][0]["text"]
    page.get_by_label(s("code.label")).fill(re.search(r"(?<!\d)\d{6}(?!\d)", sms).group(0))  # type: ignore[union-attr]
    page.get_by_role("button", name=s("settings.smsVerify")).click()
    expect(page.get_by_role("status")).to_have_text(s("settings.mfaChanged", method=s("mfaSetup.sms")))


def move_to_email_codes(page: Page, s: Strings, person: Person) -> None:
    sign_in(page, s, person)
    open_settings(page, s)
    page.get_by_label(s("mfaSetup.email")).check()
    page.get_by_role("button", name=s("action.continue")).click()
    page.get_by_role("button", name=s("action.verify")).click()
    expect(page.locator("#confirm-email-error")).to_have_text(s("emailMfa.confirmRequired"))
    page.get_by_label(s("emailMfa.confirm")).check()
    page.get_by_role("button", name=s("action.verify")).click()
    expect(page.get_by_role("status")).to_have_text(s("settings.mfaChanged", method=s("mfaSetup.email")))
    expect(page.get_by_text(s("settings.mfaCurrent", method=s("mfaSetup.email")))).to_be_visible()


def test_a_person_moves_to_email_codes(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    move_to_email_codes(page, s, active_person(console_portal))


def test_after_moving_to_email_codes_sign_in_asks_for_one(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    person = active_person(console_portal)
    move_to_email_codes(page, s, person)
    page.get_by_role("button", name=s("nav.profileMenu", name="Nia Newman")).click()
    page.get_by_role("button", name=s("nav.signOut")).click()
    page.get_by_label(s("signIn.email")).fill(person.email)
    page.get_by_role("button", name=s("action.next")).click()
    page.get_by_label(s("signIn.password"), exact=True).fill(person.password)
    page.get_by_role("button", name=s("action.signIn"), exact=True).click()
    prefix = s("code.emailTitle", destination="").rstrip()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^" + re.escape(prefix)))


def token_of(portal: LocalPortal, person: Person) -> str:
    return portal.token(
        {"email": person.email, "password": person.password, "totp_secret": person.totp_secret}
    )
