"""Bulk invite: a CSV file (BOM, CRLF, quoted fields) → a preview that marks invalid rows →
invitations sent with a progress bar and a result per row; a retry after a dropped connection
invites nobody twice, since each row keeps its own Idempotency-Key."""

from __future__ import annotations

import re
from collections import Counter

import requests
from playwright.sync_api import Page, Request, Route, expect

from tests.browser.centres import fresh_centre, helpdesk_token, mail_count, open_manage_users, screenshot
from tests.browser.harness import Strings, check_axe, sign_in, unique_email
from tests.e2e.portal import LocalPortal


def test_a_bulk_invite_is_previewed_sent_and_retried_without_inviting_anyone_twice(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    centre = fresh_centre(console_portal)
    taken, _ = centre.invite("user", given_name="Mari", family_name="Member")
    good = [unique_email(f"bulk{n}") for n in range(4)]
    lines = [
        "Email,Given_Name,Family_Name,Account_Type,Permissions",  # header names in any case
        f"{good[0]},Nia,Newman,user,iamis;entries",
        f'"{good[1]}","Owain","O\'Neill, Jr",admin,',  # quoted, with a comma inside
        f'{good[2]},"Siân ""Sia""",Jones,User,"results view_scripts"',  # doubled quotes
        f"{good[3]},Gwen,Griffiths,user,",
        "not-an-email,Bad,Row,user,",
        f"{unique_email('x')},Rhys,Refused,user,a2c_keys",
        f"{good[0]},Nia,Again,user,",
        f"{taken},Mari,Member,user,",
    ]
    csv = "\ufeff" + "\r\n".join(lines) + "\r\n"  # as a spreadsheet saves it: BOM and CRLF

    sign_in(page, s, centre.eo)
    open_manage_users(page, s, "Elin Evans")
    page.get_by_role("link", name=s("bulk.title")).click()
    expect(page.get_by_role("heading", level=1, name=s("bulk.title"))).to_be_visible()
    check_axe(page, "bulk invite")
    page.get_by_label(s("bulk.file")).set_input_files(
        files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": csv.encode("utf-8")}]
    )

    # The preview: five rows ready, three marked with what is wrong.
    expect(page.get_by_role("heading", name=s("bulk.previewTitle", file="staff.csv"))).to_be_visible()
    expect(page.get_by_text(s("bulk.readyCount", ready=5, total=8))).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows.nth(1)).to_contain_text("O'Neill, Jr")
    expect(rows.nth(1)).to_contain_text(s("bulk.allPermissions"))
    expect(rows.nth(2)).to_contain_text('Siân "Sia" Jones')
    expect(rows.nth(2)).to_contain_text(s("service.view_scripts.name"))
    expect(rows.nth(4)).to_contain_text(s("bulk.row.emailInvalid"))
    expect(rows.nth(5)).to_contain_text(s("bulk.row.permissionNotGrantable", value="a2c_keys"))
    expect(rows.nth(6)).to_contain_text(s("bulk.row.duplicate", row=2))
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
        assert mail_count(console_portal, email) == 1, email
    listed = Counter(m["email"] for m in centre.listed())
    assert all(listed[email] == 1 for email in good), listed
    audit = console_portal.call(
        "GET", f"/audit?centre_id={centre.centre_id}&limit=100", helpdesk_token(console_portal)
    ).json()["items"]
    invited = Counter(e["target_email"] for e in audit if e["action"] == "member.invited")
    assert all(invited[email] == 1 for email in good), invited
    admin = next(m for m in centre.listed() if m["email"] == good[1])
    assert (admin["account_type"], admin["family_name"]) == ("admin", "O'Neill, Jr")
