"""Security events in the console: the forgotten-password page reads the same for every kind of
address, and a person (and the helpdesk, on Find a person) sees their recent sign-ins."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from playwright.sync_api import Page, expect

from local.flows import sign_in as sign_in_by_script
from tests.browser.harness import (
    Strings,
    active_person,
    check_axe,
    invite,
    open_console,
    sign_in,
    unique_email,
)
from tests.browser.test_helpdesk import find, helpdesk, open_helpdesk
from tests.browser.test_settings import open_settings
from tests.e2e.portal import LocalPortal


def _page_after_asking(page: Page, s: Strings, email: str) -> str:
    open_console(page, s)
    page.get_by_role("link", name=s("signIn.forgot")).click()
    # The sign-in page's field has the same label: fill only once the route has changed.
    expect(page.get_by_role("heading", level=1, name=s("forgot.title"))).to_be_visible()
    page.get_by_label(s("signIn.email")).fill(email)
    page.get_by_role("button", name=s("forgot.send")).click()
    expect(page.get_by_role("status")).to_contain_text(s("forgot.sent", email=email))
    expect(page.get_by_role("status")).to_contain_text(s("forgot.noCode"))
    return page.get_by_role("main").inner_text().replace(email, "<email>")


def test_the_forgotten_password_page_reads_the_same_for_every_kind_of_address(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    portal = console_portal
    helpdesk = portal.token(portal.account("helpdesk"))
    known = active_person(portal)
    invited, _ = invite(portal)  # never signed in: "cannot be reset in the current state"
    by_email = active_person(portal)  # MFA by email, no phone: Cognito has no channel for a code
    token = sign_in_by_script(
        portal.cognito(), portal.client_id, by_email.email, by_email.password, by_email.totp_secret
    )
    portal.cognito().set_user_mfa_preference(
        AccessToken=token["AccessToken"],
        EmailMfaSettings={"Enabled": True, "PreferredMfa": True},
        SoftwareTokenMfaSettings={"Enabled": False, "PreferredMfa": False},
    )
    with pytest.raises(ClientError) as refused:  # no code to the mailbox that is also the second factor
        portal.cognito().forgot_password(ClientId=portal.client_id, Username=by_email.email)
    assert refused.value.response["Error"]["Code"] == "InvalidParameterException"
    disabled = active_person(portal)
    assert portal.call("POST", f"/users/{disabled.user_id}/disable", helpdesk).status_code == 204

    pages = {
        kind: _page_after_asking(page, s, email)
        for kind, email in (
            ("known", known.email),
            ("unknown", unique_email("nobody")),
            ("invited", invited),
            ("email MFA", by_email.email),
            ("disabled", disabled.email),
        )
    }
    check_axe(page, "forgot password: sent")
    assert len(set(pages.values())) == 1, pages


def test_a_person_sees_their_recent_sign_ins_in_settings(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    person = active_person(console_portal)
    with pytest.raises(ClientError):
        sign_in_by_script(
            console_portal.cognito(),
            console_portal.client_id,
            person.email,
            "not the password",
            person.totp_secret,
        )
    sign_in(page, s, person)
    open_settings(page, s)
    section = page.get_by_role("region", name=s("signIns.title"))
    expect(section.get_by_role("heading", name=s("signIns.title"))).to_be_visible()
    rows = section.get_by_role("row")
    expect(rows).to_have_count(4)  # the header; this sign-in, the failure, the first sign-in
    expect(rows.nth(1)).to_contain_text(s("signIns.success"))
    expect(rows.nth(1)).to_contain_text(s("signIns.method.password"))
    expect(rows.nth(2)).to_contain_text(s("signIns.failure"))
    check_axe(page, "settings: recent sign-ins")


def test_the_helpdesk_sees_a_person_s_recent_sign_ins_on_find_a_person(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    person = active_person(console_portal)
    staff = helpdesk(console_portal)
    sign_in(page, s, staff)
    open_helpdesk(page, s, staff)
    find(page, s, person.email)
    section = page.get_by_role("region", name=s("signIns.title"))
    expect(section.get_by_role("row")).to_have_count(2)  # the header and the first sign-in
    expect(section.get_by_role("row").nth(1)).to_contain_text(s("signIns.success"))
    check_axe(page, "helpdesk: find a person, recent sign-ins")
