"""Forgotten password: a code by email, then a new password; nothing says whether an account exists."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from local.flows import sign_in as sign_in_by_script
from tests.browser.harness import Strings, active_person, check_axe, open_console, unique_email
from tests.e2e.portal import LocalPortal


def ask_for_a_code(page: Page, s: Strings, email: str) -> None:
    open_console(page, s)
    page.get_by_role("link", name=s("signIn.forgot")).click()
    expect(page.get_by_role("heading", level=1, name=s("forgot.title"))).to_be_visible()
    check_axe(page, "forgot password: email")
    page.get_by_label(s("signIn.email")).fill(email)
    page.get_by_role("button", name=s("forgot.send")).click()
    expect(page.get_by_role("status")).to_contain_text(s("forgot.sent", email=email))


def test_a_person_resets_their_password_with_the_emailed_code(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    person = active_person(console_portal)
    ask_for_a_code(page, s, person.email)
    check_axe(page, "forgot password: code and new password")
    mail = console_portal.mailbox(person.email)[0]
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", mail["text"])
    assert code, mail["text"]
    page.get_by_label(s("forgot.code")).fill("000000" if code.group(1) != "000000" else "111111")
    page.get_by_label(s("newPassword.label"), exact=True).fill("a brand new password")
    page.get_by_label(s("newPassword.confirm")).fill("a brand new password")
    page.get_by_role("button", name=s("action.update")).click()
    expect(page.locator("#code-error")).to_have_text(s("code.wrong"))
    page.get_by_label(s("forgot.code")).fill(code.group(1))
    page.get_by_role("button", name=s("action.update")).click()
    expect(page.get_by_role("status")).to_have_text(s("forgot.done"))
    check_axe(page, "forgot password: done")
    tokens = sign_in_by_script(
        console_portal.cognito(),
        console_portal.client_id,
        person.email,
        "a brand new password",
        person.totp_secret,
    )
    assert tokens["AccessToken"]
    page.get_by_role("button", name=s("action.signIn"), exact=True).click()
    expect(page.get_by_role("heading", level=1, name=s("signIn.title"))).to_be_visible()


def test_an_unknown_email_reads_exactly_like_a_known_one(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    person = active_person(console_portal)
    ask_for_a_code(page, s, person.email)
    known = page.get_by_role("main").inner_text().replace(person.email, "<email>")
    nobody = unique_email("nobody")
    ask_for_a_code(page, s, nobody)
    unknown = page.get_by_role("main").inner_text().replace(nobody, "<email>")
    assert known == unknown
    page.get_by_label(s("forgot.code")).fill("123456")
    page.get_by_label(s("newPassword.label"), exact=True).fill("a brand new password")
    page.get_by_label(s("newPassword.confirm")).fill("a brand new password")
    page.get_by_role("button", name=s("action.update")).click()
    expect(page.locator("#code-error")).to_have_text(s("code.wrong"))  # as for a wrong code
