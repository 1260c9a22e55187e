"""Sessions: a 401 returns to sign-in with a message, a 403 says what is not allowed, sign-out
revokes the tokens, and the profile menu offers what the person may do."""

from __future__ import annotations

import json
import re

import boto3
import pytest
from botocore.config import Config
from playwright.sync_api import Page, Route, expect

from tests.browser.harness import Strings, active_person, check_axe, cognito_calls, seeded, sign_in
from tests.e2e.portal import LocalPortal

PROBLEM = "application/problem+json"


def problem(status: int, code: str) -> dict[str, object]:
    body = {
        "type": f"urn:portal:problem:{code}",
        "title": code,
        "status": status,
        "detail": code,
        "code": code,
    }
    return {"status": status, "content_type": PROBLEM, "body": json.dumps(body)}


def test_a_401_from_the_api_returns_to_sign_in_with_a_message(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    person = active_person(console_portal)
    sign_in(page, s, person)

    def expired(route: Route) -> None:
        route.fulfill(**problem(401, "unauthenticated"))  # type: ignore[arg-type]

    page.route(re.compile(r".*/me/centres/.*/services.*"), expired)
    page.reload()
    expect(page.get_by_role("heading", level=1, name=s("signIn.title"))).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(s("session.expired"))
    check_axe(page, "sign in: session ended")
    assert not cognito_tokens(page), "the tokens are cleared"


def test_a_403_from_the_api_says_plainly_what_is_not_allowed(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    person = active_person(console_portal)
    sign_in(page, s, person)

    def refused(route: Route) -> None:
        route.fulfill(**problem(403, "forbidden"))  # type: ignore[arg-type]

    page.route(re.compile(r".*/me/centres/.*/services.*"), refused)
    page.reload()
    expect(page.get_by_role("alert")).to_contain_text(s("error.forbidden"))
    expect(
        page.get_by_role("heading", level=1, name=s("home.welcome", name="Nia"))
    ).to_be_visible()  # still signed in


def test_a_user_is_not_offered_manage_users(page: Page, s: Strings, console_portal: LocalPortal) -> None:
    person = active_person(console_portal)
    sign_in(page, s, person)
    page.get_by_role("button", name=s("nav.profileMenu", name="Nia Newman")).click()
    expect(page.get_by_role("link", name=s("nav.settings"))).to_be_visible()
    expect(page.get_by_role("button", name=s("nav.signOut"))).to_be_visible()
    expect(page.get_by_role("link", name=s("nav.manageUsers"))).to_have_count(0)


def test_the_profile_menu_by_keyboard(page: Page, s: Strings, console_portal: LocalPortal) -> None:
    eo = seeded(console_portal)
    sign_in(page, s, eo)
    toggle = page.get_by_role("button", name=s("nav.profileMenu", name="Eira Owen"))
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    manage = page.get_by_role("link", name=s("nav.manageUsers"))
    expect(manage).to_be_visible()
    expect(manage).to_have_attribute("href", "#/centres/68101/users")
    expect(page.get_by_role("link", name=s("nav.settings"))).to_be_visible()
    expect(page.get_by_role("button", name=s("nav.signOut"))).to_be_visible()
    check_axe(page, "profile menu")
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(manage).to_be_hidden()


def cognito_tokens(page: Page) -> list[str]:
    """Amplify's tokens wherever the page keeps them (sessionStorage: test_session_limits.py)."""
    keys: list[str] = page.evaluate("() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]")
    return [k for k in keys if k.startswith("CognitoIdentityServiceProvider.") and k.endswith("Token")]


def test_sign_out_revokes_the_tokens_and_returns_to_sign_in(
    page: Page, s: Strings, console_portal: LocalPortal
) -> None:
    person = active_person(console_portal)
    sign_in(page, s, person)
    assert cognito_tokens(page)
    targets = cognito_calls(page)
    page.get_by_role("button", name=s("nav.profileMenu", name="Nia Newman")).click()
    page.get_by_role("button", name=s("nav.signOut")).click()
    expect(page.get_by_role("heading", level=1, name=s("signIn.title"))).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(s("session.signedOut"))
    assert "RevokeToken" in targets
    assert not cognito_tokens(page)
    page.goto("/#/settings")
    expect(page.get_by_role("heading", level=1, name=s("signIn.title"))).to_be_visible()


def test_a_revoked_refresh_token_no_longer_works(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    person = active_person(console_portal)
    sign_in(page, s, person)
    refresh = page.evaluate(
        "() => Object.entries(sessionStorage).find(([k]) => k.endsWith('.refreshToken'))[1]"
    )
    page.get_by_role("button", name=s("nav.profileMenu", name="Nia Newman")).click()
    page.get_by_role("button", name=s("nav.signOut")).click()
    expect(page.get_by_role("status")).to_have_text(s("session.signedOut"))
    cognito = boto3.client(
        "cognito-idp",
        region_name=console_portal.config["region"],
        endpoint_url=console_portal.config["cognito_endpoint"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
        config=Config(retries={"max_attempts": 1}),
    )
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.get_tokens_from_refresh_token(RefreshToken=refresh, ClientId=console_portal.client_id)


def test_an_expired_access_token_is_refreshed(page: Page, console_portal: LocalPortal) -> None:
    s = Strings("en")
    person = active_person(console_portal)
    page.clock.install()
    sign_in(page, s, person)
    targets = cognito_calls(page)
    # The access token lasts an hour; the person works on (a click now and then), so the idle
    # sign-out (an hour without activity) does not come first.
    page.clock.fast_forward("50:00")
    page.get_by_role("heading", level=1).click()
    page.clock.fast_forward("50:00")
    page.reload()
    expect(page.get_by_role("heading", level=1, name=s("home.welcome", name="Nia"))).to_be_visible()
    assert "GetTokensFromRefreshToken" in targets
