"""First sign-in: the invitation's temporary password, a new password whose rule is said before it
is typed, then MFA set-up (the authenticator app: a QR code and the secret as text, then a code)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from local.flows import sign_in as sign_in_by_script
from tests.browser.harness import (
    Person,
    Strings,
    arrive_home,
    check_axe,
    eo_token,
    invite,
    open_console,
    totp_from_page,
)
from tests.e2e.portal import LocalPortal

NEW_PASSWORD = "correct horse battery staple"


def start_first_sign_in(page: Page, s: Strings, email: str, temporary: str) -> None:
    open_console(page, s)
    page.get_by_label(s("signIn.email")).fill(email)
    page.get_by_role("button", name=s("action.next")).click()
    page.get_by_label(s("signIn.password"), exact=True).fill(f" {temporary} ")
    page.get_by_role("button", name=s("action.signIn")).click()
    expect(page.get_by_role("heading", level=1, name=s("newPassword.title"))).to_be_visible()


def set_new_password(page: Page, s: Strings) -> None:
    rule = page.get_by_text(s("newPassword.rule"))
    field = page.get_by_label(s("newPassword.label"), exact=True)
    expect(rule).to_be_visible()
    # The rule comes before the field, and the field names it as its description.
    assert rule.evaluate(
        "(r, f) => !!(r.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING)",
        field.element_handle(),
    )
    expect(field).to_have_accessible_description(s("newPassword.rule"))
    field.fill("too short")
    page.get_by_label(s("newPassword.confirm")).fill("too short")
    page.get_by_role("button", name=s("action.update")).click()
    expect(page.locator("#new-password-error")).to_have_text(s("newPassword.tooShort"))
    check_axe(page, "first sign-in: new password")
    field.fill(NEW_PASSWORD)
    page.get_by_label(s("newPassword.confirm")).fill(NEW_PASSWORD)
    page.get_by_role("button", name=s("action.update")).click()


def test_a_new_user_signs_in_for_the_first_time_with_an_authenticator_app(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    email, temporary = invite(console_portal, "user", ("entries",), given_name="Nia")
    start_first_sign_in(page, s, email, temporary)
    set_new_password(page, s)
    expect(page.get_by_role("heading", level=1, name=s("totp.title"))).to_be_visible()
    qr = page.get_by_role("img", name=s("totp.qr"))
    expect(qr).to_be_visible()
    assert (qr.get_attribute("src") or "").startswith("data:image/png;base64,")
    expect(page.get_by_text(s("totp.cantScan"))).to_be_visible()
    check_axe(page, "first sign-in: authenticator app")
    page.get_by_label(s("code.label")).fill("000000" if totp_from_page(page) != "000000" else "111111")
    page.get_by_role("button", name=s("action.verify")).click()
    expect(page.locator("#code-error")).to_have_text(s("code.wrong"))
    page.get_by_label(s("code.label")).fill(totp_from_page(page))
    page.get_by_role("button", name=s("action.verify")).click()
    arrive_home(page, s, Person(email, NEW_PASSWORD, "", "Nia"))
    members = console_portal.call("GET", "/centres/68101/users", eo_token(console_portal)).json()["items"]
    assert next(m for m in members if m["email"] == email)["status"] == "active"


def test_back_to_mfa_selection_from_the_app_set_up(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    email, temporary = invite(console_portal)
    start_first_sign_in(page, s, email, temporary)
    set_new_password(page, s)
    expect(page.get_by_role("heading", level=1, name=s("totp.title"))).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_role("button", name=s("mfaSetup.back")).click()
    expect(page.get_by_role("heading", level=1, name=s("mfaSetup.title"))).to_be_visible()
    check_axe(page, "first sign-in: MFA selection")
    page.get_by_role("button", name=s("action.continue")).click()
    expect(page.locator("#method-error")).to_have_text(s("mfaSetup.chooseRequired"))
    page.get_by_label(s("mfaSetup.totp")).check()
    page.get_by_role("button", name=s("action.continue")).click()
    expect(page.get_by_role("heading", level=1, name=s("totp.title"))).to_be_visible()
    expect(page.get_by_test_id("totp-secret")).not_to_have_text(secret)  # Cognito hands out a new one
    page.get_by_label(s("code.label")).fill(totp_from_page(page))
    page.get_by_role("button", name=s("action.verify")).click()
    arrive_home(page, s, Person(email, NEW_PASSWORD, "", "Nia"))


def test_the_new_password_and_the_app_sign_in_afterwards(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    email, temporary = invite(console_portal)
    start_first_sign_in(page, s, email, temporary)
    set_new_password(page, s)
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.get_by_label(s("code.label")).fill(totp_from_page(page))
    page.get_by_role("button", name=s("action.verify")).click()
    expect(page.get_by_role("heading", level=1, name=s("home.welcome", name="Nia"))).to_be_visible()
    # USER_PASSWORD_AUTH checks the password locally (SRP does not yet: issue 9).
    tokens = sign_in_by_script(
        console_portal.cognito(), console_portal.client_id, email, NEW_PASSWORD, secret
    )
    assert tokens["AccessToken"]


@pytest.mark.xfail(
    strict=True, reason="issue 9: the local MFA_SETUP offers only SOFTWARE_TOKEN_MFA (no EMAIL_OTP)"
)
def test_a_new_user_sets_up_email_codes(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    email, temporary = invite(console_portal)
    start_first_sign_in(page, s, email, temporary)
    set_new_password(page, s)
    expect(page.get_by_role("heading", level=1, name=s("mfaSetup.title"))).to_be_visible(timeout=5_000)
    page.get_by_label(s("mfaSetup.email")).check()
    page.get_by_role("button", name=s("action.continue")).click()
    page.get_by_label(s("emailMfa.confirm")).check()
    page.get_by_role("button", name=s("action.verify")).click()
    code = console_portal.mailbox(email)[0]["text"]
    page.get_by_label(s("code.label")).fill(re.search(r"\b\d{6}\b", code).group(0))  # type: ignore[union-attr]
    page.get_by_role("button", name=s("action.verify")).click()
    expect(page.get_by_role("heading", level=1, name=s("home.welcome", name="Nia"))).to_be_visible()


@pytest.mark.xfail(
    strict=True,
    reason="issue 9: no EMAIL_OTP set-up, no phone verification code (GetUserAttributeVerificationCode)",
)
def test_a_new_user_chooses_text_messages(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    email, temporary = invite(console_portal)
    start_first_sign_in(page, s, email, temporary)
    set_new_password(page, s)
    expect(page.get_by_role("heading", level=1, name=s("mfaSetup.title"))).to_be_visible(timeout=5_000)
    page.get_by_label(s("mfaSetup.sms")).check()
    page.get_by_role("button", name=s("action.continue")).click()
    expect(page.get_by_text(s("sms.atFirstSignIn"))).to_be_visible()
    page.get_by_role("button", name=s("action.continue")).click()
    page.get_by_label(s("emailMfa.confirm")).check()
    page.get_by_role("button", name=s("action.verify")).click()
    code = re.search(r"\b\d{6}\b", console_portal.mailbox(email)[0]["text"]).group(0)  # type: ignore[union-attr]
    page.get_by_label(s("code.label")).fill(code)
    page.get_by_role("button", name=s("action.verify")).click()
    expect(page.get_by_label(s("sms.phone"))).to_be_visible()
    expect(page.get_by_text(s("sms.phoneHint"))).to_be_visible()
    page.get_by_label(s("sms.phone")).fill("+447700900123")
    page.get_by_role("button", name=s("sms.send")).click()
    sms = console_portal.call("GET", "/_local/sms", params={"to": "+447700900123"}).json()["items"][0]["text"]
    page.get_by_label(s("code.label")).fill(re.search(r"\b\d{6}\b", sms).group(0))  # type: ignore[union-attr]
    page.get_by_role("button", name=s("settings.smsVerify")).click()
    expect(page.get_by_role("status")).to_contain_text(s("settings.mfaChanged", method=s("mfaSetup.sms")))
