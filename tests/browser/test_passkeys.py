"""Passkeys (issue 18): Chromium with a virtual authenticator (the DevTools protocol's WebAuthn
domain: CTAP2, internal transport, resident keys, user verification) against the local Cognito.

A person creates a passkey in Settings, signs out, signs in with it alone (no password, no code)
and removes it; a cancelled dialog, a device without the passkey and a browser without WebAuthn
each leave a sentence and the password way; first sign-in offers a passkey, and Home offers it
again until taken or dismissed; after the helpdesk's MFA reset the person reviews their passkeys
before passkey sign-in is back on.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from local.flows import totp_code
from tests.browser.harness import (
    Person,
    Strings,
    VirtualAuthenticator,
    active_person,
    arrive_home,
    check_axe,
    invite,
    open_console,
    sign_in,
    switch_to,
    totp_from_page,
)
from tests.e2e.portal import LocalPortal

NEW_PASSWORD = "correct horse battery staple"


def token_of(portal: LocalPortal, person: Person) -> str:
    return portal.token(
        {"email": person.email, "password": person.password, "totp_secret": person.totp_secret}
    )


def mfa_of(portal: LocalPortal, person: Person) -> dict[str, Any]:
    return dict(portal.call("GET", "/me", token_of(portal, person)).json()["mfa"])


def open_settings(page: Page, s: Strings, name: str = "Nia Newman") -> None:
    page.get_by_role("button", name=s("nav.profileMenu", name=name)).click()
    page.get_by_role("link", name=s("nav.settings")).click()
    expect(page.get_by_role("heading", level=1, name=s("settings.title"))).to_be_visible()
    expect(page.get_by_role("heading", level=3, name=s("passkeys.title"))).to_be_visible()


def sign_out(page: Page, s: Strings, name: str = "Nia Newman") -> None:
    page.get_by_role("button", name=s("nav.profileMenu", name=name)).click()
    page.get_by_role("button", name=s("nav.signOut")).click()
    expect(page.get_by_label(s("signIn.email"))).to_be_visible()


def to_password_step(page: Page, s: Strings, email: str) -> None:
    page.get_by_label(s("signIn.email")).fill(email)
    page.get_by_role("button", name=s("action.next")).click()
    expect(page.get_by_label(s("signIn.password"), exact=True)).to_be_visible()


def create_in_settings(page: Page, s: Strings) -> str:
    """Settings' "Create a passkey": the browser's dialog (the virtual authenticator answers it),
    then the list. Returns the passkey's name as the page shows it (Cognito names it)."""
    expect(page.get_by_text(s("passkeys.none"))).to_be_visible()
    page.get_by_role("button", name=s("passkeys.create")).click()
    expect(page.get_by_role("status").filter(has_text=s("passkeys.created"))).to_be_visible()
    expect(page.get_by_text(s("passkeys.statusOn"))).to_be_visible()
    return passkey_names(page, s)[0]


def passkey_names(page: Page, s: Strings) -> list[str]:
    table = page.get_by_role("table", name=s("passkeys.listCaption"))
    expect(table).to_be_visible()
    return [name.strip() for name in table.get_by_role("rowheader").all_inner_texts()]


def remove_passkey(page: Page, s: Strings, name: str, last: bool) -> None:
    """ "Remove" beside the passkey, the question in the page, then "Yes, remove the passkey"."""
    page.get_by_role(
        "button", name=re.compile(f"^{re.escape(s('passkeys.remove'))} {re.escape(name)},")
    ).click()
    expect(page.get_by_role("heading", name=s("passkeys.removeQuestion", name=name))).to_be_focused()
    expect(page.get_by_text(s("passkeys.removeLast"))).to_have_count(1 if last else 0)
    check_axe(page, "passkeys: remove one")
    page.get_by_role("button", name=s("passkeys.removeConfirm")).click()
    expect(page.get_by_role("status").filter(has_text=s("passkeys.removed", name=name))).to_be_visible()


def person_with_a_passkey(page: Page, s: Strings, portal: LocalPortal) -> tuple[Person, str]:
    """A member who created a passkey in Settings (this tab's authenticator keeps it), then
    signed out. Returns them and the passkey's name."""
    person = active_person(portal)
    sign_in(page, s, person)
    open_settings(page, s)
    name = create_in_settings(page, s)
    sign_out(page, s)
    return person, name


def helpdesk_resets_mfa(portal: LocalPortal, person: Person) -> None:
    helpdesk = portal.token(portal.account("helpdesk"))
    answer = portal.call(
        "POST", f"/users/{person.user_id}/mfa-reset", helpdesk, headers={"Idempotency-Key": person.user_id}
    )
    assert answer.status_code in (200, 202, 204), answer.text


def password_and_new_app(page: Page, s: Strings, person: Person) -> Person:
    """Sign-in after an MFA reset: the password, then MFA set up again (a new authenticator app)."""
    page.get_by_label(s("signIn.password"), exact=True).fill(person.password)
    page.get_by_role("button", name=s("action.signIn"), exact=True).click()
    expect(page.get_by_role("heading", level=1, name=s("mfaSetup.title"))).to_be_visible()
    page.get_by_label(s("mfaSetup.totp")).check()
    page.get_by_role("button", name=s("action.continue")).click()
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.get_by_label(s("code.label")).fill(totp_from_page(page))
    page.get_by_role("button", name=s("action.verify")).click()
    return Person(person.email, person.password, secret, person.given_name, person.user_id)


def test_a_person_creates_a_passkey_signs_in_with_it_alone_and_removes_it(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    device = VirtualAuthenticator(page)
    person = active_person(console_portal)
    sign_in(page, s, person)
    open_settings(page, s)
    expect(page.get_by_text(s("passkeys.why"))).to_be_visible()
    check_axe(page, "settings: passkeys, none yet")
    name = create_in_settings(page, s)
    assert len(device.credentials()) == 1
    row = page.get_by_role("table", name=s("passkeys.listCaption")).get_by_role("row").nth(1)
    expect(row).to_contain_text(s("passkeys.kind.platform"))
    check_axe(page, "settings: a passkey")
    assert mfa_of(console_portal, person)["passkey"] is True
    other = Strings("cy" if s.language == "en" else "en")
    switch_to(page, other)  # what was said is said again in the other language
    expect(page.get_by_role("status").filter(has_text=other("passkeys.created"))).to_be_visible()
    switch_to(page, s)

    sign_out(page, s)
    to_password_step(page, s, person.email)
    expect(page.get_by_role("button", name=s("passkeys.signIn.button"))).to_have_accessible_description(
        s("passkeys.signIn.hint")
    )
    check_axe(page, "sign in: password or passkey")
    page.get_by_role("button", name=s("passkeys.signIn.button")).click()
    arrive_home(page, s, person)  # no password typed, no code asked for
    expect(page.get_by_role("heading", name=s("passkeys.offer.homeTitle"))).to_have_count(0)

    open_settings(page, s)
    remove_passkey(page, s, name, last=True)
    expect(page.get_by_text(s("passkeys.none"))).to_be_visible()
    assert mfa_of(console_portal, person)["passkey"] is False

    sign_out(page, s)  # the passkey still on the device no longer signs anyone in
    to_password_step(page, s, person.email)
    page.get_by_role("button", name=s("passkeys.signIn.button")).click()
    expect(page.get_by_role("alert")).to_contain_text(
        re.compile(
            "|".join(
                re.escape(s(key)) for key in ("passkeys.signIn.unavailable", "passkeys.signIn.cancelled")
            )
        )
    )
    expect(page.get_by_label(s("signIn.password"), exact=True)).to_be_visible()


def test_a_cancelled_dialog_and_a_device_without_the_passkey_leave_the_password_way(
    page: Page, console_portal: LocalPortal
) -> None:
    s = Strings("en")
    device = VirtualAuthenticator(page)
    person, _ = person_with_a_passkey(page, s, console_portal)

    device.verifies_user(False)  # the person cancels the fingerprint prompt
    to_password_step(page, s, person.email)
    page.get_by_role("button", name=s("passkeys.signIn.button")).click()
    expect(page.get_by_role("alert")).to_contain_text(s("passkeys.signIn.cancelled"))
    expect(page.get_by_label(s("signIn.password"), exact=True)).to_be_visible()
    check_axe(page, "sign in: passkey cancelled")
    device.verifies_user(True)
    page.get_by_role("button", name=s("passkeys.signIn.button")).click()  # tried again: in
    arrive_home(page, s, person)
    sign_out(page, s)

    other = page.context.new_page()  # another tab: another device, with no passkey of theirs
    VirtualAuthenticator(other)
    open_console(other, s)
    to_password_step(other, s, person.email)
    other.get_by_role("button", name=s("passkeys.signIn.button")).click()
    expect(other.get_by_role("alert")).to_contain_text(s("passkeys.signIn.cancelled"))
    other.get_by_label(s("signIn.password"), exact=True).fill(person.password)  # the password way
    other.get_by_role("button", name=s("action.signIn"), exact=True).click()
    other.get_by_label(s("code.label")).fill(totp_code(person.totp_secret))
    other.get_by_role("button", name=s("action.verify")).click()
    arrive_home(other, s, person)
    other.close()


def test_a_browser_without_webauthn_says_so_and_keeps_the_password_way(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    page.add_init_script("delete window.PublicKeyCredential;")
    person = active_person(console_portal)
    open_console(page, s)
    to_password_step(page, s, person.email)
    expect(page.get_by_text(s("passkeys.signIn.unsupported"))).to_be_visible()
    expect(page.get_by_role("button", name=s("passkeys.signIn.button"))).to_have_count(0)
    check_axe(page, "sign in: no WebAuthn")
    page.get_by_label(s("signIn.password"), exact=True).fill(person.password)
    page.get_by_role("button", name=s("action.signIn"), exact=True).click()
    page.get_by_label(s("code.label")).fill(totp_code(person.totp_secret))
    page.get_by_role("button", name=s("action.verify")).click()
    arrive_home(page, s, person)
    expect(page.get_by_role("heading", name=s("passkeys.offer.homeTitle"))).to_have_count(0)
    open_settings(page, s)
    expect(page.get_by_text(s("passkeys.unsupported"))).to_be_visible()
    expect(page.get_by_role("button", name=s("passkeys.create"))).to_have_count(0)


def first_sign_in_to_the_offer(page: Page, s: Strings, email: str, temporary: str) -> Person:
    """Temporary password, a new password, the authenticator app: then the passkey offer."""
    open_console(page, s)
    to_password_step(page, s, email)
    page.get_by_label(s("signIn.password"), exact=True).fill(temporary)
    page.get_by_role("button", name=s("action.signIn"), exact=True).click()
    page.get_by_label(s("newPassword.label"), exact=True).fill(NEW_PASSWORD)
    page.get_by_label(s("newPassword.confirm")).fill(NEW_PASSWORD)
    page.get_by_role("button", name=s("action.update")).click()
    page.get_by_label(s("mfaSetup.totp")).check()
    page.get_by_role("button", name=s("action.continue")).click()
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.get_by_label(s("code.label")).fill(totp_from_page(page))
    page.get_by_role("button", name=s("action.verify")).click()
    offer = [Strings(language)("passkeys.offer.title") for language in ("en", "cy")]
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("|".join(map(re.escape, offer))))
    switch_to(page, s)  # signed in, the person's own language applied first
    expect(page.get_by_role("heading", level=1, name=s("passkeys.offer.title"))).to_be_visible()
    return Person(email, NEW_PASSWORD, secret, "Nia")


def test_first_sign_in_offers_a_passkey_and_home_offers_it_again_until_dismissed(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    VirtualAuthenticator(page)
    email, temporary = invite(console_portal)
    person = first_sign_in_to_the_offer(page, s, email, temporary)
    expect(page.get_by_text(s("passkeys.why"))).to_be_visible()
    check_axe(page, "first sign-in: passkey offer")
    page.get_by_role("button", name=s("passkeys.offer.skip")).click()
    expect(page.get_by_role("heading", level=1, name=s("home.welcome", name="Nia"))).to_be_visible()
    expect(page.get_by_role("heading", name=s("passkeys.offer.homeTitle"))).to_have_count(
        0
    )  # not twice in a visit

    sign_out(page, s)
    sign_in(page, s, person)  # a later visit (the page loaded afresh): the offer is back, on Home
    offer = page.get_by_role("region", name=s("passkeys.offer.homeTitle"))
    expect(offer).to_be_visible()
    expect(offer.get_by_role("button", name=s("passkeys.create"))).to_be_visible()
    check_axe(page, "home: passkey offer")
    offer.get_by_role("button", name=s("passkeys.offer.dismiss")).click()
    expect(page.get_by_role("status").filter(has_text=s("passkeys.offer.dismissed"))).to_be_visible()

    sign_out(page, s)
    sign_in(page, s, person)  # dismissed: not offered again in this browser
    expect(page.get_by_role("heading", name=s("passkeys.offer.homeTitle"))).to_have_count(0)


def test_creating_the_passkey_at_first_sign_in(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    device = VirtualAuthenticator(page)
    email, temporary = invite(console_portal)
    person = first_sign_in_to_the_offer(page, s, email, temporary)
    page.get_by_role("button", name=s("passkeys.create")).click()
    expect(page.get_by_role("status").filter(has_text=s("passkeys.created"))).to_be_visible()
    check_axe(page, "first sign-in: passkey created")
    assert len(device.credentials()) == 1
    page.get_by_role("link", name=s("passkeys.toHome")).click()
    arrive_home(page, s, person)
    expect(page.get_by_role("heading", name=s("passkeys.offer.homeTitle"))).to_have_count(0)
    sign_out(page, s)
    to_password_step(page, s, email)
    page.get_by_role("button", name=s("passkeys.signIn.button")).click()
    arrive_home(page, s, person)


def test_after_an_mfa_reset_the_person_reviews_their_passkeys(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    VirtualAuthenticator(page)
    person, name = person_with_a_passkey(page, s, console_portal)

    helpdesk_resets_mfa(console_portal, person)  # the person reported a lost phone
    to_password_step(page, s, person.email)
    person = password_and_new_app(page, s, person)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("|".join(re.escape(Strings(lang)("passkeys.review.title")) for lang in ("en", "cy")))
    )
    switch_to(page, s)
    expect(page.get_by_text(s("passkeys.review.intro"))).to_be_visible()
    assert passkey_names(page, s) == [name]
    mfa = mfa_of(console_portal, person)
    assert (mfa["passkey"], mfa["passkey_review"]) == (False, True)
    check_axe(page, "passkey review after an MFA reset")
    page.get_by_role("button", name=s("passkeys.review.turnOn")).click()
    expect(page.get_by_role("status").filter(has_text=s("passkeys.turnedOn"))).to_be_visible()
    mfa = mfa_of(console_portal, person)
    assert (mfa["passkey"], mfa["passkey_review"]) == (True, False)
    page.get_by_role("link", name=s("passkeys.toHome")).click()
    arrive_home(page, s, person)

    sign_out(page, s)
    to_password_step(page, s, person.email)
    page.get_by_role("button", name=s("passkeys.signIn.button")).click()
    arrive_home(page, s, person)


def test_a_lost_device_s_passkey_is_removed_in_the_review(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    VirtualAuthenticator(page)
    person, name = person_with_a_passkey(page, s, console_portal)
    helpdesk_resets_mfa(console_portal, person)

    to_password_step(page, s, person.email)
    person = password_and_new_app(page, s, person)
    expect(page.get_by_role("heading", level=1, name=s("passkeys.review.title"))).to_be_visible()
    remove_passkey(page, s, name, last=True)
    expect(page.get_by_text(s("passkeys.none"))).to_be_visible()
    assert mfa_of(console_portal, person)["passkey_review"] is False  # nothing left to review
    page.get_by_role("link", name=s("passkeys.toHome")).click()
    arrive_home(page, s, person)
    expect(page.get_by_role("region", name=s("passkeys.review.title"))).to_have_count(0)


def test_after_an_mfa_reset_a_person_without_passkeys_goes_straight_on(
    page: Page, console_portal: LocalPortal
) -> None:
    s = Strings("en")
    person = active_person(console_portal)
    helpdesk_resets_mfa(console_portal, person)
    open_console(page, s)
    to_password_step(page, s, person.email)
    person = password_and_new_app(page, s, person)
    expect(page.get_by_role("heading", level=1, name=s("passkeys.review.title"))).to_be_visible()
    expect(page.get_by_text(s("passkeys.review.none"))).to_be_visible()
    check_axe(page, "passkey review: nothing to review")
    page.get_by_role("button", name=s("action.continue")).click()
    arrive_home(page, s, person)
    assert mfa_of(console_portal, person)["passkey_review"] is False


def test_passkey_sign_in_kept_off_in_the_review_is_turned_on_later_in_settings(
    page: Page, console_portal: LocalPortal
) -> None:
    s = Strings("en")
    VirtualAuthenticator(page)
    person, _ = person_with_a_passkey(page, s, console_portal)
    helpdesk_resets_mfa(console_portal, person)

    to_password_step(page, s, person.email)
    person = password_and_new_app(page, s, person)
    page.get_by_role("button", name=s("passkeys.keepOff")).click()
    expect(page.get_by_role("status").filter(has_text=s("passkeys.keptOff"))).to_be_visible()
    mfa = mfa_of(console_portal, person)
    assert (mfa["passkey"], mfa["passkey_review"]) == (False, False)
    page.get_by_role("link", name=s("passkeys.toHome")).click()
    arrive_home(page, s, person)
    open_settings(page, s)
    expect(page.get_by_text(s("passkeys.statusOff"))).to_be_visible()
    page.get_by_role("button", name=s("passkeys.turnOn")).click()
    expect(page.get_by_role("status").filter(has_text=s("passkeys.turnedOn"))).to_be_visible()
    expect(page.get_by_text(s("passkeys.statusOn"))).to_be_visible()
    assert mfa_of(console_portal, person)["passkey"] is True


def test_a_refused_passkey_sign_in_switch_is_said_and_the_passkey_kept(
    page: Page, console_portal: LocalPortal
) -> None:
    """The API's 409 mfa_method_required (no other MFA method on), produced in the browser."""
    s = Strings("en")
    VirtualAuthenticator(page)
    person = active_person(console_portal)
    sign_in(page, s, person)
    open_settings(page, s)
    problem = {
        "type": "about:blank",
        "title": "Turn on another MFA method first",
        "status": 409,
        "detail": "Turn on another MFA method first",
        "code": "mfa_method_required",
    }
    page.route(
        "**/me/mfa/passkey",
        lambda route: route.fulfill(status=409, content_type="application/problem+json", json=problem),
    )
    page.get_by_role("button", name=s("passkeys.create")).click()
    expect(page.get_by_role("status").filter(has_text=s("passkeys.created"))).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(s("error.mfa_method_required"))
    expect(page.get_by_text(s("passkeys.statusOff"))).to_be_visible()
    assert len(passkey_names(page, s)) == 1
    check_axe(page, "settings: passkey sign-in refused")
