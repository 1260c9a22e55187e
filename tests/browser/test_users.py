"""Manage users: the centre's members with their status, filters, paging, and per member: manage
access, a new invitation, withdrawing it, deleting (after a confirmation); the Exams Officer's
row protected from Admins; a User refused."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.centres import call, fresh_centre, mail_count, open_manage_users, screenshot
from tests.browser.harness import Strings, check_axe, sign_in
from tests.e2e.portal import LocalPortal

PAGE_SIZE = 25  # console/src/screens/users/ManageUsers.tsx


def row(page: Page, text: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("row").filter(has_text=text)


def show(page: Page, s: Strings, status: str = "", account_type: str = "") -> None:
    """The list filtered by status and account type ("" for any)."""
    filters = page.get_by_role("form", name=s("users.filters"))
    filters.get_by_label(s("users.status")).select_option(
        label=s(f"status.{status}") if status else s("users.any")
    )
    kind = s(f"accountType.{account_type}") if account_type else s("users.any")
    filters.get_by_label(s("users.accountType")).select_option(label=kind)
    filters.get_by_role("button", name=s("users.filter")).click()


def test_an_exams_officer_manages_the_centres_users(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    centre = fresh_centre(console_portal)
    admin, _ = centre.invite("admin", given_name="Aled", family_name="Admin")
    active = centre.active("user", ("iamis",), "Alys", "Active")
    invited, _ = centre.invite("user", given_name="Ifan", family_name="Invited")
    expired, expired_id = centre.invite("user", given_name="Eben", family_name="Expired")
    centre.age_invitation(expired_id)
    for n in range(PAGE_SIZE - 4):  # one more member than a page holds
        centre.invite("user", given_name="Pedr", family_name=f"Page{n:02d}")

    sign_in(page, s, centre.eo)
    open_manage_users(page, s, "Elin Evans")
    expect(page.get_by_text(s("home.centre", id=centre.centre_id, name=centre.name))).to_be_visible()
    expect(page.get_by_test_id("admin-places")).to_have_text(s("users.adminPlaces", left=2, limit=3))
    check_axe(page, "manage users")
    screenshot(page, s, "manage-users")
    screenshot(page, s, "manage-users-cy", language="cy")

    # Paging: the page holds 25; the 26th member is on the next (the API's order: by user id).
    expect(page.locator("tbody tr")).to_have_count(PAGE_SIZE)
    pages = page.get_by_role("navigation", name=s("users.pages"))
    pages.get_by_role("button", name=s("users.page.next")).click()
    expect(pages).to_contain_text(s("users.page.number", number=2))
    expect(page.locator("tbody tr")).to_have_count(1)
    pages.get_by_role("button", name=s("users.page.previous")).click()
    expect(page.locator("tbody tr")).to_have_count(PAGE_SIZE)

    # Filters: by status, then by account type; each fits on a page.
    show(page, s, status="active")
    expect(page.locator("tbody tr")).to_have_count(2)
    expect(row(page, centre.eo.email)).to_contain_text(s("users.you"))  # no link to manage oneself
    expect(row(page, centre.eo.email).get_by_role("link")).to_have_count(0)
    expect(row(page, active.email)).to_contain_text(s("status.active"))
    check_axe(page, "manage users: filtered")
    show(page, s, status="invited")
    expect(page.locator("tbody tr")).to_have_count(PAGE_SIZE - 2)
    expect(row(page, invited)).to_contain_text(s("status.invited"))
    show(page, s, status="expired")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(row(page, expired)).to_contain_text(s("status.expired"))
    show(page, s, account_type="admin")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(row(page, admin)).to_contain_text(s("status.invited"))
    show(page, s, status="active")

    # Manage access: a User's permissions, with the ones a User cannot have disabled.
    page.get_by_role("link", name="Alys Active").click()
    expect(page.get_by_role("heading", level=1, name="Alys Active")).to_be_visible()
    permissions = page.get_by_role("group", name=s("users.permissions"))
    iamis = permissions.get_by_role("checkbox", name=s("service.iamis.name"))
    expect(iamis).to_be_checked()
    expect(iamis).to_be_enabled()
    expect(permissions.get_by_role("checkbox", name=s("service.a2c_keys.name"))).to_be_disabled()
    expect(permissions.get_by_role("checkbox", name=s("service.a2c_keys.name"))).not_to_be_checked()
    expect(permissions.get_by_role("checkbox", name=s("service.resources.name"))).to_be_checked()
    expect(permissions.get_by_role("checkbox", name=s("service.resources.name"))).to_be_disabled()
    expect(permissions).to_contain_text(s("users.permission.view_scripts"))  # the guide's description
    check_axe(page, "member: manage access")
    screenshot(page, s, "manage-access")
    permissions.get_by_role("checkbox", name=s("service.results.name")).check()
    page.get_by_role("button", name=s("users.saveAccess")).click()
    expect(page.get_by_role("status")).to_have_text(s("users.accessSaved", name="Alys Active"))
    assert sorted(centre.member(active.user_id)["permissions"]) == ["iamis", "resources", "results"]

    # Admin, within the limit: every permission, none to choose.
    page.get_by_role("radio", name=s("accountType.admin")).check()
    expect(permissions.get_by_role("checkbox", name=s("service.a2c_keys.name"))).to_be_checked()
    page.get_by_role("button", name=s("users.saveAccess")).click()
    expect(page.get_by_role("status")).to_have_text(s("users.accessSaved", name="Alys Active"))
    assert centre.member(active.user_id)["account_type"] == "admin"
    expect(page.get_by_test_id("admin-places")).to_have_text(s("users.adminPlaces", left=1, limit=3))

    # A new invitation, then withdrawing it (after a confirmation).
    page.get_by_role("link", name=s("users.back")).click()
    show(page, s, status="invited")
    page.get_by_role("link", name="Ifan Invited").click()
    page.get_by_role("button", name=s("users.resend")).click()
    expect(page.get_by_role("status")).to_have_text(s("users.invitationResent", email=invited))
    assert mail_count(console_portal, invited) == 2
    page.get_by_role("button", name=s("users.withdraw")).click()
    question = page.get_by_role("group", name=s("users.withdrawQuestion", name="Ifan Invited"))
    expect(question).to_be_visible()
    check_axe(page, "member: confirm withdraw")
    question.get_by_role("button", name=s("users.withdrawConfirm")).click()
    expect(page.get_by_role("heading", level=1, name=s("users.title"))).to_be_visible()
    expect(page.get_by_role("status").first).to_have_text(s("users.withdrawn", name="Ifan Invited"))
    expect(row(page, invited)).to_have_count(0)

    # Delete, by keyboard alone: cancel gives focus back; then confirm.
    show(page, s, status="expired")
    page.get_by_role("link", name="Eben Expired").click()
    expired_text = s("users.invitationExpired", when="@").split("@")[1]  # after the date
    expect(page.get_by_text(expired_text, exact=False)).to_be_visible()
    delete = page.get_by_role("button", name=s("users.delete"))
    delete.focus()
    page.keyboard.press("Enter")
    confirm = page.get_by_role("group", name=s("users.deleteQuestion", name="Eben Expired"))
    expect(confirm).to_contain_text(s("users.deleteWarning", name="Eben Expired", id=centre.centre_id))
    screenshot(page, s, "delete-user", around=confirm)
    expect(page.get_by_role("heading", name=s("users.deleteQuestion", name="Eben Expired"))).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(confirm.get_by_role("button", name=s("action.cancel"))).to_be_focused()
    page.keyboard.press("Enter")
    expect(delete).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=s("users.deleteConfirm"))).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_have_text(s("users.deleted", name="Eben Expired"))
    expect(row(page, expired)).to_have_count(0)
    answer = console_portal.call("GET", f"/centres/{centre.centre_id}/users/{expired_id}", centre.eo_token)
    assert answer.status_code == 404


def test_an_admin_cannot_change_the_exams_officer_and_a_user_is_refused(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    centre = fresh_centre(console_portal)
    admin = centre.active("admin", given_name="Aled", family_name="Admin")
    user = centre.active("user", ("entries",), "Alys", "User")
    # The EO changes Alys's access back and forth: 7 records so far, and 19 more fill a page.
    for n in range(19):
        permissions = ["entries", "results"] if n % 2 == 0 else ["entries"]
        path = f"/centres/{centre.centre_id}/users/{user.user_id}"
        call(console_portal, centre.eo_token, "PATCH", path, 200, json={"permissions": permissions})

    sign_in(page, s, admin)
    open_manage_users(page, s, "Aled Admin")
    expect(row(page, centre.eo.email)).to_contain_text(s("users.protectedExamsOfficer"))
    expect(row(page, centre.eo.email).get_by_role("link")).to_have_count(0)
    expect(row(page, admin.email)).to_contain_text(s("users.you"))
    expect(row(page, user.email).get_by_role("link", name="Alys User")).to_be_visible()
    check_axe(page, "manage users: as an Admin")
    # The EO's page, reached by its address: nothing to change, and it says why.
    page.goto(f"/#/centres/{centre.centre_id}/users/{centre.eo.user_id}")
    expect(page.get_by_role("heading", level=1, name="Elin Evans")).to_be_visible()
    expect(page.get_by_text(s("error.cannot_modify_exams_officer"))).to_be_visible()
    expect(page.get_by_role("button", name=s("users.delete"))).to_have_count(0)
    expect(page.get_by_role("button", name=s("users.saveAccess"))).to_have_count(0)
    check_axe(page, "member: the Exams Officer, as an Admin")

    # The centre's audit log, newest first, paged, with what changed and who changed it.
    page.get_by_role("link", name=s("users.back")).click()
    page.get_by_role("link", name=s("audit.title")).click()
    expect(page.get_by_role("heading", level=1, name=s("audit.title"))).to_be_visible()
    newest = page.locator("tbody tr").first
    expect(newest).to_contain_text(s("audit.action.member.access_changed"))
    expect(newest).to_contain_text("Elin Evans")  # the EO, found by the actor's id
    expect(newest).to_contain_text(user.email)
    expect(newest).to_contain_text(
        s(
            "audit.change.fromTo",
            field=s("audit.field.permissions"),
            before=", ".join(s(f"service.{p}.name") for p in ("entries", "resources")),
            after=", ".join(s(f"service.{p}.name") for p in ("entries", "resources", "results")),
        )
    )
    check_axe(page, "centre audit log")
    screenshot(page, s, "audit-log")
    expect(page.locator("tbody tr")).to_have_count(25)
    accepted = page.locator("tbody tr").filter(has_text=s("audit.action.invitation.accepted"))
    expect(accepted.filter(has_text=admin.email)).to_contain_text(s("audit.you"))
    pages = page.get_by_role("navigation", name=s("audit.pages"))
    pages.get_by_role("button", name=s("users.page.next")).click()
    oldest = page.locator("tbody tr").last
    expect(oldest).to_contain_text(s("audit.action.centre.created"))
    expect(oldest).to_contain_text(s("audit.unknownActor"))  # the helpdesk
    expect(oldest).to_contain_text(s("audit.change.set", field=s("audit.field.name"), after=centre.name))

    page.get_by_role("button", name=s("nav.profileMenu", name="Aled Admin")).click()
    page.get_by_role("button", name=s("nav.signOut")).click()
    expect(page.get_by_role("heading", level=1, name=s("signIn.title"))).to_be_visible()

    # A User reaches none of it, by link or by address.
    sign_in(page, s, user)
    for path in ("users", "users/invite", "users/bulk", "audit", f"users/{admin.user_id}"):
        page.goto(f"/#/centres/{centre.centre_id}/{path}")
        expect(page.get_by_role("heading", level=1, name=s("session.forbiddenTitle"))).to_be_visible()
    check_axe(page, "not allowed")
    page.goto("/#/helpdesk")
    expect(page.get_by_role("heading", level=1, name=s("session.forbiddenTitle"))).to_be_visible()
