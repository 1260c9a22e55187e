"""First sign-in: the invitation's temporary password, a new password whose rule is said before it
is typed, then MFA set-up (the authenticator app: a QR code and the secret as text, then a code),
then the offer of a passkey (test_passkeys.py takes it; here "Not now")."""

from __future__ import annotations

import re

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
    switch_to,
    totp_from_page,
)
from tests.e2e.portal import LocalPortal

NEW_PASSWORD = "correct horse battery staple"


def start_first_sign_in(page: Page, s: Strings, email: str, temporary: str) -> None:
    open_console(page, s)
    page.get_by_label(s("signIn.email")).fill(email)
    page.get_by_role("button", name=s("action.next")).click()
    page.get_by_label(s("signIn.password"), exact=True).fill(f" {temporary} ")
    page.get_by_role("button", name=s("action.signIn"), exact=True).click()
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
    expect(page.get_by_role("heading", level=1, name=s("mfaSetup.title"))).to_be_visible()


def not_now_to_a_passkey(page: Page, s: Strings) -> None:
    """After MFA set-up the console offers a passkey (issue 18): "Not now" goes Home."""
    offer = "|".join(re.escape(Strings(language)("passkeys.offer.title")) for language in ("en", "cy"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(f"^({offer})$"))
    switch_to(page, s)  # signed in, the person's own language applies first
    page.get_by_role("button", name=s("passkeys.offer.skip")).click()


def choose_method(page: Page, s: Strings, method: str) -> None:
    """MFA set-up's first step: the three methods of the guide."""
    for key in ("mfaSetup.totp", "mfaSetup.sms", "mfaSetup.email"):
        expect(page.get_by_label(s(key))).to_be_visible()
    page.get_by_label(s(method)).check()
    page.get_by_role("button", name=s("action.continue")).click()


def test_a_new_user_signs_in_for_the_first_time_with_an_authenticator_app(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    email, temporary = invite(console_portal, "user", ("entries",), given_name="Nia")
    start_first_sign_in(page, s, email, temporary)
    set_new_password(page, s)
    check_axe(page, "first sign-in: MFA selection")
    choose_method(page, s, "mfaSetup.totp")
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
    not_now_to_a_passkey(page, s)
    arrive_home(page, s, Person(email, NEW_PASSWORD, "", "Nia"))
    members = console_portal.call("GET", "/centres/68101/users", eo_token(console_portal)).json()["items"]
    assert next(m for m in members if m["email"] == email)["status"] == "active"


def test_back_to_mfa_selection_from_the_app_set_up(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    email, temporary = invite(console_portal)
    start_first_sign_in(page, s, email, temporary)
    set_new_password(page, s)
    page.get_by_role("button", name=s("action.continue")).click()
    expect(page.locator("#method-error")).to_have_text(s("mfaSetup.chooseRequired"))
    choose_method(page, s, "mfaSetup.totp")
    expect(page.get_by_role("heading", level=1, name=s("totp.title"))).to_be_visible()
    secret = page.get_by_test_id("totp-secret").inner_text()
    page.get_by_role("button", name=s("mfaSetup.back")).click()
    expect(page.get_by_role("heading", level=1, name=s("mfaSetup.title"))).to_be_visible()
    choose_method(page, s, "mfaSetup.email")
    expect(page.get_by_role("heading", level=1, name=s("emailMfa.title"))).to_be_visible()
    check_axe(page, "first sign-in: email codes")
    page.get_by_role("button", name=s("mfaSetup.back")).click()
    choose_method(page, s, "mfaSetup.sms")
    expect(page.get_by_role("heading", level=1, name=s("sms.title"))).to_be_visible()
    check_axe(page, "first sign-in: text messages")
    page.get_by_role("button", name=s("mfaSetup.back")).click()
    page.get_by_role("button", name=s("action.continue")).click()
    expect(page.locator("#method-error")).to_have_text(s("mfaSetup.chooseRequired"))
    page.get_by_label(s("mfaSetup.totp")).check()
    page.get_by_role("button", name=s("action.continue")).click()
    expect(page.get_by_role("heading", level=1, name=s("totp.title"))).to_be_visible()
    expect(page.get_by_test_id("totp-secret")).not_to_have_text(secret)  # Cognito hands out a new one
    page.get_by_label(s("code.label")).fill(totp_from_page(page))
    page.get_by_role("button", name=s("action.verify")).click()
    not_now_to_a_passkey(page, s)
    arrive_home(page, s, Person(email, NEW_PASSWORD, "", "Nia"))


def test_the_new_password_and_the_app_sign_in_afterwards(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    email, temporary = invite(console_portal)
    start_first_sign_in(page, s, email, temporary)
    set_new_password(page, s)
    choose_method(page, s, "mfaSetup.totp")
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.get_by_label(s("code.label")).fill(totp_from_page(page))
    page.get_by_role("button", name=s("action.verify")).click()
    not_now_to_a_passkey(page, s)
    expect(page.get_by_role("heading", level=1, name=s("home.welcome", name="Nia"))).to_be_visible()
    tokens = sign_in_by_script(
        console_portal.cognito(), console_portal.client_id, email, NEW_PASSWORD, secret
    )
    assert tokens["AccessToken"]


def code_in(text: str) -> str:
    found = re.search(r"(?<!\d)(\d{6})(?!\d)", text)
    assert found, text
    return found.group(1)


def confirm_email_codes(page: Page, s: Strings, console_portal: LocalPortal, email: str) -> None:
    expect(page.get_by_text(s("emailMfa.intro", email=email))).to_be_visible()
    page.get_by_role("button", name=s("action.verify")).click()
    expect(page.locator("#confirm-email-error")).to_have_text(s("emailMfa.confirmRequired"))
    page.get_by_label(s("emailMfa.confirm")).check()
    page.get_by_role("button", name=s("action.verify")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("^" + re.escape(s("code.emailTitle", destination="")))
    )
    check_axe(page, "first sign-in: email code")
    page.get_by_label(s("code.label")).fill(code_in(console_portal.mailbox(email)[0]["text"]))
    page.get_by_role("button", name=s("action.verify")).click()


def test_a_new_user_sets_up_email_codes(page: Page, s: Strings, console_portal: LocalPortal) -> None:
    email, temporary = invite(console_portal)
    start_first_sign_in(page, s, email, temporary)
    set_new_password(page, s)
    choose_method(page, s, "mfaSetup.email")
    confirm_email_codes(page, s, console_portal, email)
    not_now_to_a_passkey(page, s)
    arrive_home(page, s, Person(email, NEW_PASSWORD, "", "Nia"))


def test_a_new_user_chooses_text_messages(page: Page, s: Strings, console_portal: LocalPortal) -> None:
    email, temporary = invite(console_portal)
    start_first_sign_in(page, s, email, temporary)
    set_new_password(page, s)
    choose_method(page, s, "mfaSetup.sms")
    expect(page.get_by_text(s("sms.atFirstSignIn"))).to_be_visible()
    page.get_by_role("button", name=s("action.continue")).click()
    confirm_email_codes(page, s, console_portal, email)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(f"^({Strings('en')('settings.title')}|{Strings('cy')('settings.title')})$")
    )
    switch_to(page, s)  # signed in, the person's own language applies first
    phone = page.get_by_label(s("sms.phone"))  # straight on to the phone, in Settings
    expect(phone).to_be_visible()
    expect(phone).to_have_accessible_description(s("sms.phoneHint"))
    number = "+4477009" + email[5:10].encode().hex()[:5].translate(str.maketrans("abcdef", "123456"))
    phone.fill(number)
    page.get_by_role("button", name=s("sms.send")).click()
    expect(page.get_by_label(s("code.label"))).to_be_visible()
    sms = console_portal.call("GET", "/_local/sms", params={"to": number}).json()["items"][0]["text"]
    page.get_by_label(s("code.label")).fill(code_in(sms))
    page.get_by_role("button", name=s("settings.smsVerify")).click()
    expect(page.get_by_role("status")).to_contain_text(s("settings.mfaChanged", method=s("mfaSetup.sms")))
