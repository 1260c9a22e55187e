"""The helpdesk: find a person by email, their memberships, MFA reset, a new invitation,
disable and enable, deleting a membership; manage users at any centre; create a centre, appoint
and replace its Exams Officer; exam series and results days; the whole audit log, filtered."""

from __future__ import annotations

import random
import string

from playwright.sync_api import Page, expect

from tests.browser.centres import call, fresh_centre, helpdesk_token, mail_count, screenshot
from tests.browser.harness import Person, Strings, check_axe, seeded, sign_in, unique_email
from tests.e2e.portal import LocalPortal


def helpdesk(portal: LocalPortal) -> Person:
    """The seeded helpdesk account. It was made by hand in Cognito, so Portal has no names for it
    (GET /me: given_name "") and the console names it by its email."""
    account = seeded(portal, "helpdesk", None)
    return Person(account.email, account.password, account.totp_secret, account.email)


def open_helpdesk(page: Page, s: Strings, person: Person) -> None:
    page.get_by_role("button", name=s("nav.profileMenu", name=person.email)).click()
    page.get_by_role("link", name=s("nav.helpdesk")).click()
    expect(page.get_by_role("heading", level=1, name=s("helpdesk.title"))).to_be_visible()


def find(page: Page, s: Strings, email: str) -> None:
    page.get_by_label(s("helpdesk.findEmail")).fill(email)
    page.get_by_role("button", name=s("helpdesk.find"), exact=True).click()


def confirm(page: Page, question: str, button: str) -> None:
    group = page.get_by_role("group", name=question)
    expect(group.get_by_role("heading", name=question)).to_be_focused()
    group.get_by_role("button", name=button).click()


def test_the_helpdesk_looks_after_people_centres_exam_series_and_reads_the_audit_log(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    centre = fresh_centre(console_portal)
    person = centre.active("user", ("iamis",), "Penri", "Person")
    pending, pending_id = centre.invite("user", given_name="Catrin", family_name="Cwestiwn")
    call(  # the helpdesk adds the same person at a second centre
        console_portal,
        helpdesk_token(console_portal),
        "POST",
        "/centres/68102/users",
        201,
        json={"email": pending, "account_type": "user", "given_name": "Catrin", "family_name": "Cwestiwn"},
    )

    desk = helpdesk(console_portal)
    sign_in(page, s, desk)
    open_helpdesk(page, s, desk)
    check_axe(page, "helpdesk: find a person")
    nobody = unique_email("nobody")
    find(page, s, nobody)
    expect(page.get_by_role("alert")).to_contain_text(s("helpdesk.notFound", email=nobody))

    find(page, s, person.email)
    card = page.get_by_role("region", name="Penri Person")
    expect(card).to_contain_text(s("helpdesk.enabled"))
    expect(card).to_contain_text(s("helpdesk.mfa.totp"))
    memberships = card.get_by_role("table", name=s("helpdesk.membershipsOf", name="Penri Person"))
    expect(memberships).to_contain_text(s("home.centre", id=centre.centre_id, name=centre.name))
    expect(memberships).to_contain_text(s("status.active"))
    check_axe(page, "helpdesk: a person")
    screenshot(page, s, "helpdesk-person")

    # MFA reset, after a confirmation; the person is told by email.
    mails = mail_count(console_portal, person.email)
    card.get_by_role("button", name=s("helpdesk.mfaReset")).click()
    check_axe(page, "helpdesk: confirm MFA reset")
    confirm(page, s("helpdesk.mfaQuestion", name="Penri Person"), s("helpdesk.mfaConfirm"))
    expect(page.get_by_role("status")).to_have_text(s("helpdesk.mfaDone", name="Penri Person"))
    assert mail_count(console_portal, person.email) == mails + 1

    # Disable (signs out everywhere), then enable.
    card.get_by_role("button", name=s("helpdesk.disable")).click()
    confirm(page, s("helpdesk.disableQuestion", name="Penri Person"), s("helpdesk.disableConfirm"))
    expect(page.get_by_role("status")).to_have_text(s("helpdesk.disabledDone", name="Penri Person"))
    expect(card).to_contain_text(s("helpdesk.disabled"))
    token = helpdesk_token(console_portal)
    assert call(console_portal, token, "GET", f"/users?email={person.email}", 200)["disabled"] is True
    card.get_by_role("button", name=s("helpdesk.enable")).click()
    expect(page.get_by_role("status")).to_have_text(s("helpdesk.enabledDone", name="Penri Person"))
    expect(card).to_contain_text(s("helpdesk.enabled"))
    assert call(console_portal, token, "GET", f"/users?email={person.email}", 200)["disabled"] is False

    # Someone invited at two centres: a new invitation, then deleting each membership.
    find(page, s, pending)
    card = page.get_by_role("region", name="Catrin Cwestiwn")
    expect(card.get_by_role("row")).to_have_count(3)  # a header and two centres
    mails = mail_count(console_portal, pending)
    at_68102 = s("helpdesk.atCentre", id="68102")
    card.get_by_role("button", name=f"{s('users.resend')} {at_68102}").click()
    expect(page.get_by_role("status")).to_have_text(s("users.invitationResent", email=pending))
    assert mail_count(console_portal, pending) == mails + 1
    card.get_by_role("button", name=f"{s('helpdesk.deleteMembership')} {at_68102}").click()
    check_axe(page, "helpdesk: confirm deleting a membership")
    confirm(page, s("helpdesk.deleteQuestion", id="68102"), s("helpdesk.deleteConfirm"))
    expect(page.get_by_role("status")).to_have_text(s("helpdesk.membershipDeleted", id="68102"))
    expect(card.get_by_role("row")).to_have_count(2)

    # Manage users at any centre, from the membership's link.
    card.get_by_role("link", name=s("home.centre", id=centre.centre_id, name=centre.name)).click()
    expect(page.get_by_role("heading", level=1, name=s("users.title"))).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=pending)).to_contain_text(s("status.invited"))
    check_axe(page, "manage users: as the helpdesk")
    page.get_by_role("link", name="Elin Evans").click()  # the EO is the helpdesk's to manage
    expect(page.get_by_text(s("users.examsOfficerFixed"))).to_be_visible()
    expect(page.get_by_role("button", name=s("users.delete"))).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Catrin Cwestiwn").click()
    page.get_by_role("button", name=s("users.delete")).click()
    page.get_by_role("button", name=s("users.deleteConfirm")).click()
    expect(page.get_by_role("status").first).to_have_text(s("users.deleted", name="Catrin Cwestiwn"))
    # Their last membership: the person is gone.
    assert console_portal.call("GET", f"/users?email={pending}", token).status_code == 404
    assert (
        console_portal.call("GET", f"/centres/{centre.centre_id}/users/{pending_id}", token).status_code
        == 404
    )

    # Centres, their Exams Officers, exam series and the whole audit log.
    open_helpdesk(page, s, desk)
    nav = page.get_by_role("navigation", name=s("helpdesk.nav.label"))

    # Create a centre: the API's field errors first, then a new number.
    nav.get_by_role("link", name=s("helpdesk.nav.centres")).click()
    expect(page.get_by_role("heading", level=1, name=s("helpdesk.centresTitle"))).to_be_visible()
    expect(page.get_by_role("link", name="68101")).to_be_visible()
    page.get_by_role("button", name=s("helpdesk.createCentre")).click()
    expect(page.locator("#centre_id-error")).to_have_text(s("fieldError.centre_id"))
    expect(page.locator("#name-error")).to_have_text(s("fieldError.name"))
    check_axe(page, "helpdesk: centres")
    page.get_by_label(s("helpdesk.centreNumber")).fill("68101")
    page.get_by_label(s("helpdesk.centreName")).fill("Ysgol Dyblyg")
    page.get_by_role("button", name=s("helpdesk.createCentre")).click()
    expect(page.get_by_role("alert")).to_contain_text(s("error.centre_exists"))
    while True:
        centre_id = str(random.randint(60000, 69999))
        if (
            console_portal.call("GET", f"/centres/{centre_id}", helpdesk_token(console_portal)).status_code
            == 404
        ):
            break
    page.get_by_label(s("helpdesk.centreNumber")).fill(centre_id)
    page.get_by_label(s("helpdesk.centreName")).fill("Ysgol y Bryn")
    page.get_by_role("button", name=s("helpdesk.createCentre")).click()
    expect(page.get_by_role("heading", level=1, name=s("helpdesk.centreTitle", id=centre_id))).to_be_visible()
    expect(page.get_by_role("status").first).to_have_text(
        s("helpdesk.centreCreated", id=centre_id, name="Ysgol y Bryn")
    )

    # Appoint its Exams Officer, then replace them.
    first, second = unique_email("eo-first"), unique_email("eo-second")
    expect(page.get_by_role("heading", name=s("helpdesk.appointEo"))).to_be_visible()
    check_axe(page, "helpdesk: a centre")
    page.get_by_label(s("invite.email")).fill(first)
    page.get_by_label(s("invite.givenName")).fill("Gareth")
    page.get_by_label(s("invite.familyName")).fill("Gyntaf")
    page.get_by_role("button", name=s("helpdesk.appointEoButton")).click()
    expect(page.get_by_role("status").first).to_have_text(s("helpdesk.eoInvited", email=first, id=centre_id))
    counts = page.get_by_role("table", name=s("helpdesk.counts"))
    expect(counts.get_by_role("row", name=s("accountType.exams_officer"))).to_have_text(
        f"{s('accountType.exams_officer')}010"
    )
    expect(page.get_by_role("heading", name=s("helpdesk.replaceEo"))).to_be_visible()
    page.get_by_label(s("invite.email")).fill(second)
    page.get_by_label(s("invite.personTitle")).select_option("Mrs")
    page.get_by_label(s("invite.givenName")).fill("Gwenllian")
    page.get_by_label(s("invite.familyName")).fill("Ail")
    page.get_by_role("button", name=s("helpdesk.replaceEoButton")).click()
    expect(page.get_by_role("status").first).to_have_text(s("helpdesk.eoInvited", email=second, id=centre_id))
    listed = call(console_portal, helpdesk_token(console_portal), "GET", f"/centres/{centre_id}/users", 200)
    assert [(m["email"], m["account_type"]) for m in listed["items"]] == [(second, "exams_officer")]
    check_axe(page, "helpdesk: a centre with its Exams Officer")
    screenshot(page, s, "helpdesk-centre")

    # An exam series and its results day; then a change of day.
    nav.get_by_role("link", name=s("helpdesk.nav.series")).click()
    expect(page.get_by_role("heading", level=1, name=s("helpdesk.seriesTitle"))).to_be_visible()
    series = "2031-summer-" + "".join(random.choices(string.ascii_lowercase, k=6))
    page.get_by_label(s("helpdesk.series"), exact=True).fill("Summer 2031")
    page.get_by_label(s("helpdesk.resultsDay"), exact=True).fill("2031-08-14")
    page.get_by_role("button", name=s("action.save")).click()
    expect(page.locator("#series_id-error")).to_have_text(s("helpdesk.seriesIdInvalid"))
    check_axe(page, "helpdesk: exam series")
    page.get_by_label(s("helpdesk.series"), exact=True).fill(series)
    page.get_by_role("button", name=s("action.save")).click()
    expect(page.get_by_role("status").filter(has_text=series)).to_be_visible()
    row = page.get_by_role("row").filter(has_text=series)
    expect(row).to_contain_text("14 August 2031" if s.language == "en" else "dydd Iau 14 Awst 2031")
    expect(row).to_contain_text("08:00")
    row.get_by_role("button", name=f"{s('action.edit')} {series}").click()
    expect(page.get_by_label(s("helpdesk.series"), exact=True)).to_have_value(series)
    expect(page.get_by_label(s("helpdesk.resultsDay"), exact=True)).to_be_focused()
    screenshot(page, s, "helpdesk-series", around=page.get_by_role("row").filter(has_text=series))
    page.get_by_label(s("helpdesk.resultsDay"), exact=True).fill("2031-08-21")
    page.get_by_role("button", name=s("action.save")).click()
    expect(page.get_by_role("status").filter(has_text=series)).to_be_visible()
    found = call(console_portal, helpdesk_token(console_portal), "GET", "/series?limit=100", 200)["items"]
    assert {x["series_id"]: x["results_day"] for x in found}[series] == "2031-08-21"

    # The whole audit log: by centre, then by whom it was done to.
    nav.get_by_role("link", name=s("helpdesk.nav.audit")).click()
    expect(page.get_by_role("heading", level=1, name=s("helpdesk.auditTitle"))).to_be_visible()
    check_axe(page, "helpdesk: the whole audit log")
    filters = page.get_by_role("form", name=s("users.filters"))
    filters.get_by_label(s("audit.centre")).fill(centre_id)
    filters.get_by_role("button", name=s("users.filter")).click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)  # created, EO invited, EO replaced
    expect(rows.first).to_contain_text(s("audit.action.exams_officer.replaced"))
    expect(rows.first).to_contain_text(s("audit.you"))
    expect(rows.last).to_contain_text(s("audit.action.centre.created"))
    filters.get_by_label(s("helpdesk.auditTarget")).fill(first)  # gone with their last membership
    filters.get_by_role("button", name=s("users.filter")).click()
    expect(page.locator("#audit-target-error")).to_have_text(s("helpdesk.auditNoPerson"))
    filters.get_by_label(s("helpdesk.auditTarget")).fill(second)
    filters.get_by_role("button", name=s("users.filter")).click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(second)
    check_axe(page, "helpdesk: the audit log, filtered")
    screenshot(page, s, "helpdesk-audit")
