"""Sessions that end (issue 19) as a person meets them in the console.

- the tokens live in the tab's sessionStorage, never localStorage; a reload keeps the session,
  Manage users opened in a second tab is signed in too, and signing out leaves nothing behind;
- after 55 minutes without activity the console asks whether to stay (one click does), and at 60
  it signs the person out, revoking the refresh token (Playwright's clock: nothing waits);
- a phone change with a sign-in older than 15 minutes is refused by the API, and goes through
  after the person signs in again in place (password and code, or a passkey), with what they typed
  kept; changing MFA method asks first. The old sign-in is the local pool's own token with
  `auth_time` moved back (tests/e2e/tokens.py), since the portal's clock is not the browser's to move.
"""

from __future__ import annotations

import json
import time
from typing import Any

from playwright.sync_api import Page, expect

from local.flows import totp_code
from tests.browser.harness import (
    Person,
    Strings,
    VirtualAuthenticator,
    active_person,
    check_axe,
    cognito_calls,
    seeded,
    sign_in,
)
from tests.e2e.portal import LocalPortal
from tests.e2e.tokens import claims_of, forge

AMPLIFY = "CognitoIdentityServiceProvider."


def stored(page: Page, where: str) -> dict[str, str]:
    entries: dict[str, str] = page.evaluate(f"() => Object.fromEntries(Object.entries({where}))")
    return entries


def tokens_in(page: Page, where: str) -> list[str]:
    return [k for k in stored(page, where) if k.startswith(AMPLIFY)]


def sign_out(page: Page, s: Strings, name: str) -> None:
    page.get_by_role("button", name=s("nav.profileMenu", name=name)).click()
    page.get_by_role("button", name=s("nav.signOut")).click()


KEPT = ("portal.language", "portal.resultsDays", "portal.passkeyOffer.dismissed.")
"""The page's language, the results days the sign-in page words results morning by, and a "No thanks"
to the passkey offer: nothing a next person could use."""


def nothing_left(page: Page) -> None:
    """No token, no note of a sign-in under way, none of the console's keys but KEPT."""
    for where in ("localStorage", "sessionStorage"):
        left = [k for k in stored(page, where) if not k.startswith(KEPT)]
        assert left == [], (where, left)


def age_the_sign_in(page: Page, minutes: int = 20) -> None:
    """The session's access token, re-signed as if its sign-in were `minutes` old (refreshed since)."""
    entries = stored(page, "sessionStorage")
    key = next(k for k in entries if k.startswith(AMPLIFY) and k.endswith(".accessToken"))
    old = forge(claims_of(entries[key]), auth_time=int(time.time()) - minutes * 60)
    page.evaluate("([key, value]) => sessionStorage.setItem(key, value)", [key, old])


# --- where the tokens live -----------------------------------------------------------------------


def test_tokens_live_in_the_tab_and_sign_out_leaves_nothing(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    person = active_person(console_portal)
    sign_in(page, s, person)
    assert tokens_in(page, "localStorage") == []
    assert {k.rsplit(".", 1)[1] for k in tokens_in(page, "sessionStorage")} >= {
        "accessToken",
        "idToken",
        "refreshToken",
    }
    page.reload()  # a reload keeps the session
    expect(page.get_by_role("heading", level=1, name=s("home.welcome", name="Nia"))).to_be_visible()
    calls = cognito_calls(page)
    sign_out(page, s, "Nia Newman")
    expect(page.get_by_role("status")).to_have_text(s("session.signedOut"))
    assert "RevokeToken" in calls
    nothing_left(page)


def test_manage_users_in_a_second_tab_shares_the_session(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    eo = seeded(console_portal)
    sign_in(page, s, eo)
    second = page.context.new_page()
    second.goto("/#/centres/68101/users")
    expect(second.get_by_role("heading", level=1, name=s("users.title"))).to_be_visible()
    assert tokens_in(second, "localStorage") == []
    sign_out(page, s, "Eira Owen")
    expect(second.get_by_role("status")).to_have_text(s("session.signedOutElsewhere"))
    nothing_left(second)
    second.close()


# --- the idle sign-out ---------------------------------------------------------------------------


def test_the_idle_warning_lets_a_person_stay_then_signs_them_out(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    person = active_person(console_portal)
    page.clock.install()
    sign_in(page, s, person)
    warning = page.get_by_role("alertdialog", name=s("session.idleTitle"))
    page.clock.fast_forward("54:00")
    expect(warning).to_have_count(0)
    page.clock.fast_forward("01:00")
    expect(warning).to_be_visible()
    stay = warning.get_by_role("button", name=s("session.stay"))
    expect(stay).to_be_focused()
    check_axe(page, "idle warning")
    stay.click()  # one click: the count starts again (a person waiting for results at 08:00)
    expect(warning).to_have_count(0)
    page.clock.fast_forward("54:00")
    expect(warning).to_have_count(0)
    page.clock.fast_forward("01:00")
    expect(warning).to_be_visible()
    calls = cognito_calls(page)
    page.clock.fast_forward("05:00")
    expect(page.get_by_role("heading", level=1, name=s("signIn.title"))).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(s("session.idleSignedOut"))
    check_axe(page, "sign in: signed out after inactivity")
    assert "RevokeToken" in calls
    nothing_left(page)


def test_escape_keeps_the_session_too(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    person = active_person(console_portal)
    page.clock.install()
    sign_in(page, s, person)
    page.clock.fast_forward("56:00")
    warning = page.get_by_role("alertdialog", name=s("session.idleTitle"))
    expect(warning).to_be_visible()
    page.keyboard.press("Escape")
    expect(warning).to_have_count(0)
    page.clock.fast_forward("10:00")  # past the first hour: the count restarted at Escape
    expect(page.get_by_role("heading", level=1, name=s("home.welcome", name="Nia"))).to_be_visible()


def test_a_tab_reopened_after_the_hour_signs_out(page: Page, console_portal: LocalPortal) -> None:
    """The browser put the tab away (no page of the console ran) and brings it back an hour later:
    the session ends before any token is refreshed. The tab leaves the console's origin first, so
    that the console's own timers cannot end the session on seeing the new time (its sessionStorage
    stays with the tab and the origin)."""
    s = Strings("en")
    person = active_person(console_portal)
    sign_in(page, s, person)
    console = page.url
    page.goto("about:blank")
    page.clock.install(time=time.time() + 61 * 60)
    calls = cognito_calls(page)
    page.goto(console)
    expect(page.get_by_role("status")).to_have_text(s("session.idleSignedOut"))
    assert "RevokeToken" in calls and not {"InitiateAuth", "GetTokensFromRefreshToken"} & set(calls), calls
    nothing_left(page)


# --- a recent sign-in for a sensitive change -----------------------------------------------------


def sign_in_again(page: Page, s: Strings, person: Person) -> None:
    dialog = page.get_by_role("dialog", name=s("stepUp.title"))
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text(person.email)
    check_axe(page, "sign in again: password")
    dialog.get_by_label(s("signIn.password"), exact=True).fill(person.password)
    dialog.get_by_role("button", name=s("action.continue")).click()
    expect(dialog.get_by_text(s("code.totpTitle"))).to_be_visible()
    check_axe(page, "sign in again: code")
    dialog.get_by_label(s("code.label")).fill(totp_code(person.totp_secret))
    dialog.get_by_role("button", name=s("action.verify")).click()
    expect(dialog).to_have_count(0)


def test_a_phone_change_after_an_old_sign_in_goes_through_after_signing_in_again(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    person = active_person(console_portal)
    sign_in(page, s, person)
    page.goto("/#/settings")
    page.get_by_role("button", name=s("settings.editProfile")).click()
    page.get_by_label(s("settings.jobRole")).fill("Exams clerk")
    page.get_by_label(s("settings.phone")).fill("+44 7700 900125")
    age_the_sign_in(page)
    answers: list[tuple[int, Any]] = []
    page.on(
        "response",
        lambda r: (
            answers.append((r.status, r.request.post_data))
            if r.url.endswith("/me") and r.request.method == "PATCH"
            else None
        ),
    )
    page.get_by_role("button", name=s("action.save")).click()
    sign_in_again(page, s, person)
    expect(page.get_by_text(s("settings.profileSaved"))).to_be_visible()
    expect(page.get_by_text("+447700900125")).to_be_visible()
    expect(page.get_by_text("Exams clerk")).to_be_visible()
    assert [status for status, _ in answers] == [401, 200]
    assert json.loads(answers[0][1]) == json.loads(answers[1][1])  # the same change, sent again
    fresh = stored(page, "sessionStorage")
    access = next(v for k, v in fresh.items() if k.endswith(".accessToken"))
    assert time.time() - claims_of(access)["auth_time"] < 5 * 60


def test_a_passkey_signs_in_again_too(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    VirtualAuthenticator(page)  # this tab's fingerprint reader: it keeps the passkey made below
    person = active_person(console_portal)
    sign_in(page, s, person)
    page.goto("/#/settings")
    page.get_by_role("button", name=s("passkeys.create")).click()  # just signed in: no question
    expect(page.get_by_text(s("passkeys.statusOn"))).to_be_visible()
    page.get_by_role("button", name=s("settings.editProfile")).click()
    page.get_by_label(s("settings.phone")).fill("+447700900128")
    age_the_sign_in(page)
    page.get_by_role("button", name=s("action.save")).click()
    dialog = page.get_by_role("dialog", name=s("stepUp.title"))
    expect(dialog.get_by_role("button", name=s("passkeys.signIn.button"))).to_have_accessible_description(
        s("passkeys.signIn.hint")
    )
    check_axe(page, "sign in again: password or passkey")
    dialog.get_by_role("button", name=s("passkeys.signIn.button")).click()  # no password, no code
    expect(dialog).to_have_count(0)
    expect(page.get_by_text("+447700900128")).to_be_visible()


def test_cancelling_the_sign_in_keeps_the_page_and_changes_nothing(
    page: Page, console_portal: LocalPortal
) -> None:
    s = Strings("en")
    person = active_person(console_portal)
    sign_in(page, s, person)
    page.goto("/#/settings")
    page.get_by_role("button", name=s("settings.editProfile")).click()
    page.get_by_label(s("settings.phone")).fill("+447700900126")
    age_the_sign_in(page)
    page.get_by_role("button", name=s("action.save")).click()
    dialog = page.get_by_role("dialog", name=s("stepUp.title"))
    dialog.get_by_role("button", name=s("action.cancel")).click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("alert")).to_contain_text(s("error.reauthentication_required"))
    expect(page.get_by_label(s("settings.phone"))).to_have_value("+447700900126")  # still typed
    me = console_portal.call(
        "GET", "/me", next(v for k, v in stored(page, "sessionStorage").items() if k.endswith(".accessToken"))
    )
    assert me.json()["phone_number"] is None


def test_changing_mfa_method_asks_for_a_recent_sign_in_first(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    person = active_person(console_portal)
    sign_in(page, s, person)
    page.goto("/#/settings")
    age_the_sign_in(page)
    page.get_by_label(s("mfaSetup.email")).check()
    page.get_by_role("button", name=s("action.continue")).click()
    sign_in_again(page, s, person)
    expect(page.get_by_role("heading", name=s("emailMfa.title"))).to_be_visible()
