"""Invite user: the API's field errors beside their fields, its codes as plain sentences, and an
invitation that arrives with the permissions chosen."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.centres import fresh_centre, mail_count, open_manage_users, screenshot
from tests.browser.harness import Strings, check_axe, sign_in, unique_email
from tests.e2e.portal import LocalPortal


def test_an_admin_invites_a_user_and_is_told_plainly_what_went_wrong(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    centre = fresh_centre(console_portal)
    admin = centre.active("admin", given_name="Aled", family_name="Admin")
    member, _ = centre.invite("user", given_name="Mari", family_name="Member")
    sign_in(page, s, admin)
    open_manage_users(page, s, "Aled Admin")
    page.get_by_role("link", name=s("invite.title")).click()
    expect(page.get_by_role("heading", level=1, name=s("invite.title"))).to_be_visible()
    check_axe(page, "invite user")

    # Nothing filled in: the API's field errors, each beside its field and linked from the summary.
    send = page.get_by_role("button", name=s("invite.send"))
    send.click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(s("error.invalid_request"))
    email = page.get_by_label(s("invite.email"))
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#email-error")).to_have_text(s("fieldError.email"))
    expect(page.locator("#given_name-error")).to_have_text(s("fieldError.given_name"))
    expect(page.locator("#family_name-error")).to_have_text(s("fieldError.family_name"))
    check_axe(page, "invite user: field errors")
    screenshot(page, s, "invite-user-errors")
    summary.get_by_role("link", name=s("fieldError.given_name")).click()
    expect(page.get_by_label(s("invite.givenName"))).to_be_focused()

    # Someone already at the centre: the code as a sentence.
    email.fill(member)
    page.get_by_label(s("invite.givenName")).fill("Mari")
    page.get_by_label(s("invite.familyName")).fill("Member")
    send.click()
    expect(page.get_by_role("alert")).to_contain_text(s("error.already_member"))

    # A User with two permissions; a permission a User cannot have is not offered.
    newcomer = unique_email("newcomer")
    email.fill(newcomer)
    page.get_by_label(s("invite.personTitle")).select_option("Dr")
    page.get_by_label(s("invite.givenName")).fill("Nia")
    page.get_by_label(s("invite.familyName")).fill("Newman")
    expect(page.get_by_role("radio", name=s("accountType.user"))).to_be_checked()
    permissions = page.get_by_role("group", name=s("users.permissions"))
    expect(permissions.get_by_role("checkbox", name=s("service.question_papers.name"))).to_be_disabled()
    permissions.get_by_role("checkbox", name=s("service.access_arrangements.name")).check()
    permissions.get_by_role("checkbox", name=s("service.view_scripts.name")).check()
    send.click()
    expect(page.get_by_role("heading", level=1, name=s("users.title"))).to_be_visible()
    expect(page.get_by_role("status").first).to_have_text(s("invite.sent", email=newcomer))
    expect(page.get_by_role("row").filter(has_text=newcomer)).to_contain_text(s("status.invited"))
    assert mail_count(console_portal, newcomer) == 1
    invited = next(m for m in centre.listed() if m["email"] == newcomer)
    assert (invited["title"], invited["account_type"]) == ("Dr", "user")
    assert sorted(invited["permissions"]) == ["access_arrangements", "resources", "view_scripts"]

    # The Admin places are full (2 more invited): a fourth Admin is refused in plain words.
    centre.invite("admin")
    centre.invite("admin")
    page.get_by_role("link", name=s("invite.title")).click()
    expect(page.get_by_role("radio", name=s("accountType.admin"))).to_have_accessible_description(
        s("users.adminPlaces", left=0, limit=3)
    )
    page.get_by_label(s("invite.email")).fill(unique_email("admin"))
    page.get_by_label(s("invite.givenName")).fill("Un")
    page.get_by_label(s("invite.familyName")).fill("Gormod")
    page.get_by_role("radio", name=s("accountType.admin")).check()
    expect(page.get_by_text(s("users.permissionsHintStaff"))).to_be_visible()
    page.get_by_role("button", name=s("invite.send")).click()
    expect(page.get_by_role("alert")).to_contain_text(s("error.admin_limit_reached"))
    check_axe(page, "invite user: refused")
