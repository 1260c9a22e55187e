"""Manage users: the centre's members with their status, filters, paging, and per member: manage
access, a new invitation, withdrawing it, deleting (after a confirmation); Invite user (field
errors, codes as sentences); Bulk invite (a CSV file with BOM, CRLF and quoted fields → a preview
marking invalid rows → invitations with a progress bar, and a retry after a dropped connection
that invites nobody twice, since each row keeps its own Idempotency-Key); the centre's audit log;
the Exams Officer's row protected from Admins; a User refused. Few, long flows: one per role."""

from __future__ import annotations

import re
from collections import Counter

import requests
from playwright.sync_api import FilePayload, Locator, Page, Request, Route, expect

from tests.browser.centres import (
    Centre,
    call,
    fresh_centre,
    helpdesk_token,
    mail_count,
    open_manage_users,
    screenshot,
)
from tests.browser.harness import Strings, check_axe, sign_in, unique_email
from tests.e2e.portal import LocalPortal

PAGE_SIZE = 25  # console/src/screens/users/ManageUsers.tsx
AUDIT_PAGE_SIZE = 20  # console/src/screens/audit/CentreAudit.tsx


def row(page: Page, text: str) -> Locator:
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


def test_an_exams_officer_manages_the_centres_users_and_invites_in_bulk(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    centre = fresh_centre(console_portal)
    admin, _ = centre.invite("admin", given_name="Aled", family_name="Admin")
    active = centre.active("user", ("iamis",), "Alys", "Active")
    invited, _ = centre.invite("user", given_name="Ifan", family_name="Invited")
    expired, expired_id = centre.invite("user", given_name="Eben", family_name="Expired")
    centre.age_invitation(expired_id)
    for n in range(PAGE_SIZE - 4):  # one more member than a page holds (names hold letters only)
        centre.invite("user", given_name="Pedr", family_name=f"Page {chr(ord('A') + n)}")

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

    # Bulk invite, from the same list.
    bulk_invite(page, s, console_portal, centre)


def test_an_admin_invites_reads_the_audit_log_and_cannot_change_the_exams_officer_and_a_user_is_refused(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    centre = fresh_centre(console_portal)
    admin = centre.active("admin", given_name="Aled", family_name="Admin")
    user = centre.active("user", ("entries",), "Alys", "User")
    member, _ = centre.invite("user", given_name="Mari", family_name="Member")
    # The EO changes Alys's access back and forth: 8 records so far, and 13 more fill a page.
    for n in range(AUDIT_PAGE_SIZE - 7):
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
    expect(page.locator("tbody tr")).to_have_count(AUDIT_PAGE_SIZE)
    accepted = page.locator("tbody tr").filter(has_text=s("audit.action.invitation.accepted"))
    expect(accepted.filter(has_text=admin.email)).to_contain_text(s("audit.you"))
    pages = page.get_by_role("navigation", name=s("audit.pages"))
    pages.get_by_role("button", name=s("users.page.next")).click()
    oldest = page.locator("tbody tr").last
    expect(oldest).to_contain_text(s("audit.action.centre.created"))
    expect(oldest).to_contain_text(s("audit.unknownActor"))  # the helpdesk
    expect(oldest).to_contain_text(s("audit.change.set", field=s("audit.field.name"), after=centre.name))

    # Inviting, from the list.
    page.get_by_role("link", name=s("users.back")).click()
    invite_users(page, s, console_portal, centre, member)

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


def invite_users(page: Page, s: Strings, portal: LocalPortal, centre: Centre, member: str) -> None:
    """From Manage users: the API's field errors, its codes as sentences, an invitation sent."""
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
    email.fill(portal.account("helpdesk")["email"])  # never a member of a centre
    send.click()
    expect(page.get_by_role("alert")).to_contain_text(s("error.cannot_invite_address"))  # not why

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
    assert mail_count(portal, newcomer) == 1
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


def bulk_invite(page: Page, s: Strings, portal: LocalPortal, centre: Centre) -> None:
    """From Manage users: a file with good and bad rows, answers lost, a retry that invites nobody twice."""
    taken, _ = centre.invite("user", given_name="Mari", family_name="Member")
    good = [unique_email(f"bulk{n}") for n in range(4)]
    lines = [
        "Email,Given_Name,Family_Name,Account_Type,Permissions",  # header names in any case
        f"{good[0]},Nia,Newman,user,iamis;entries",
        f'"{good[1]}","Owain","O\'Neill",admin,',  # quoted
        f'{good[2]},Siân,Jones,User,"results, view_scripts"',  # a comma inside quotes
        f"{good[3]},Gwen,Griffiths,user,",
        "not-an-email,Bad,Row,user,",
        f"{unique_email('x')},Rhys,Refused,user,a2c_keys",
        f"{good[0]},Nia,Again,user,",
        f"{taken},Mari,Member,user,",
        f'{unique_email("y")},"Dai ""Bach""",Jones,user,',  # doubled quotes: a name Portal refuses
    ]
    csv = "\ufeff" + "\r\n".join(lines) + "\r\n"  # as a spreadsheet saves it: BOM and CRLF

    page.get_by_role("link", name=s("bulk.title")).click()
    expect(page.get_by_role("heading", level=1, name=s("bulk.title"))).to_be_visible()
    check_axe(page, "bulk invite")
    page.get_by_label(s("bulk.file")).set_input_files(
        files=[FilePayload(name="staff.csv", mimeType="text/csv", buffer=csv.encode("utf-8"))]
    )

    # The preview: five rows ready, four marked with what is wrong.
    expect(page.get_by_role("heading", name=s("bulk.previewTitle", file="staff.csv"))).to_be_visible()
    expect(page.get_by_text(s("bulk.readyCount", ready=5, total=9))).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows.nth(1)).to_contain_text("Owain O'Neill")
    expect(rows.nth(1)).to_contain_text(s("bulk.allPermissions"))
    expect(rows.nth(2)).to_contain_text("Siân Jones")
    expect(rows.nth(2)).to_contain_text(s("service.view_scripts.name"))
    expect(rows.nth(4)).to_contain_text(s("bulk.row.emailInvalid"))
    expect(rows.nth(5)).to_contain_text(s("bulk.row.permissionNotGrantable", value="a2c_keys"))
    expect(rows.nth(6)).to_contain_text(s("bulk.row.duplicate", row=2))
    expect(rows.nth(8)).to_contain_text('Dai "Bach" Jones')
    expect(rows.nth(8)).to_contain_text(s("bulk.row.givenNameInvalid"))
    for n in (0, 1, 2, 3, 7):
        expect(rows.nth(n)).to_contain_text(s("bulk.ready"))
    check_axe(page, "bulk invite: preview")
    screenshot(page, s, "bulk-invite-preview")

    # The connection drops after Portal has done the first two: their answers never arrive.
    keys: list[str] = []
    dropped: list[str] = []

    def answer_lost(route: Route, request: Request) -> None:
        if request.method != "POST":
            route.continue_()
            return
        keys.append(request.headers["idempotency-key"])
        if len(dropped) < 2:
            # Portal receives the request and invites the person (sent here on a connection of
            # its own, closed at once: a driver's keep-alive socket would outlive the test)…
            sent = requests.post(
                request.url,
                data=request.post_data_buffer,
                headers={**request.headers, "Connection": "close"},
                timeout=30,
            )
            assert sent.status_code == 201, sent.text
            dropped.append(request.headers["idempotency-key"])
            route.abort("connectionreset")  # …but the answer is lost on the way back
        else:
            route.continue_()

    users_path = re.compile(rf".*/centres/{centre.centre_id}/users$")
    page.route(users_path, answer_lost)
    page.get_by_role("button", name=s("bulk.send", count=5)).click()
    progress = page.get_by_role("progressbar", name=s("bulk.progress"))
    expect(progress).to_be_visible()
    status = page.locator(".progress__status")
    expect(status).to_have_text(s("bulk.summary", invited=2, added=0, failed=3))
    expect(progress).to_have_attribute("value", "5")
    expect(rows.nth(0)).to_contain_text(s("error.network"))
    expect(rows.nth(1)).to_contain_text(s("error.network"))
    expect(rows.nth(2)).to_contain_text(s("bulk.invited"))
    expect(rows.nth(7)).to_contain_text(s("error.already_member"))  # not worth retrying
    check_axe(page, "bulk invite: results")

    page.unroute(users_path)

    def through(route: Route, request: Request) -> None:
        keys.append(request.headers.get("idempotency-key", ""))
        route.continue_()

    page.route(users_path, through)
    page.get_by_role("button", name=s("bulk.retry", count=2)).click()
    expect(status).to_have_text(s("bulk.summary", invited=4, added=0, failed=1))
    expect(rows.nth(0)).to_contain_text(s("bulk.invited"))
    expect(rows.nth(1)).to_contain_text(s("bulk.invited"))
    screenshot(page, s, "bulk-invite-results")
    retry = s("bulk.retry", count="@").split("@")[0]
    expect(page.get_by_role("button", name=re.compile("^" + re.escape(retry)))).to_have_count(0)

    # The retries carried the same keys, and Portal did each invitation once.
    assert keys[-2:] == dropped
    assert len(set(keys)) == 5
    for email in good:
        assert mail_count(portal, email) == 1, email
    listed = Counter(m["email"] for m in centre.listed())
    assert all(listed[email] == 1 for email in good), listed
    audit = portal.call(
        "GET", f"/audit?centre_id={centre.centre_id}&limit=100", helpdesk_token(portal)
    ).json()["items"]
    invited = Counter(e["target_email"] for e in audit if e["action"] == "member.invited")
    assert all(invited[email] == 1 for email in good), invited
    admin = next(m for m in centre.listed() if m["email"] == good[1])
    assert (admin["account_type"], admin["family_name"]) == ("admin", "O'Neill")
