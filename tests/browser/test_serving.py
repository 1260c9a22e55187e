"""The local portal serves the console at `/` beside the API, with the deployed console's headers."""

from __future__ import annotations

import gzip
import re

from playwright.sync_api import Page, Request
from portal.constants import IDLE_TIMEOUT_MINUTES, IDLE_WARNING_MINUTES, SERVICES, console_headers

from local.console import HELPDESK_EMAIL, PORTAL_TEAM_EMAIL
from tests.browser.harness import Strings, open_console
from tests.e2e.portal import LocalPortal

SIGN_IN_BUDGET = 200 * 1024  # gzipped JavaScript the sign-in page loads (issue 8)


def test_the_root_is_the_console_with_strict_headers(console_portal: LocalPortal) -> None:
    root = console_portal.call("GET", "/", allow_redirects=False)
    assert root.status_code == 200
    assert '<div id="root"></div>' in root.text
    assert "<script>" not in root.text and "style=" not in root.text  # no inline script or style
    csp = root.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert f"connect-src 'self' {console_portal.api};" in csp
    assert root.headers["X-Content-Type-Options"] == "nosniff"
    assert root.headers["X-Frame-Options"] == "DENY"
    assert root.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    deployed = console_headers(console_portal.api, console_portal.api)  # what CloudFront sends
    for name, value in deployed.items():
        assert root.headers[name] == value, name


def test_config_json_is_written_from_the_running_portal(console_portal: LocalPortal) -> None:
    config = console_portal.call("GET", "/config.json").json()
    local = console_portal.config
    assert config == {
        "api_url": local["api_url"],
        "region": local["region"],
        "user_pool_id": local["user_pool_id"],
        "client_id": local["client_id"],
        "cognito_endpoint": local["cognito_endpoint"],
        # Each service's local stand-in, and what the help page names (local/console.py).
        "services": {service: f"{local['api_url']}/_local/services/{service}" for service in SERVICES},
        "sender": "portal-no-reply@portal.example.org",
        "helpdesk_email": HELPDESK_EMAIL,
        "portal_team_email": PORTAL_TEAM_EMAIL,
        "idle_minutes": IDLE_TIMEOUT_MINUTES,  # domain.md's, as the stages set them (cdk.json)
        "idle_warning_minutes": IDLE_WARNING_MINUTES,
    }


def test_the_api_and_its_docs_keep_their_paths(console_portal: LocalPortal) -> None:
    assert console_portal.call("GET", "/docs").status_code == 200
    assert console_portal.call("GET", "/health").status_code == 200
    me = console_portal.call("GET", "/me")
    assert me.status_code == 401
    assert me.headers["Content-Type"].startswith("application/problem+json")
    assert console_portal.call("POST", "/").status_code == 405
    assert console_portal.call("GET", "/assets/nothing-here.js").status_code == 404
    assert console_portal.call("GET", "/assets/../../pyproject.toml").status_code == 404


def test_assets_are_cached_for_good_and_the_page_is_not(console_portal: LocalPortal) -> None:
    root = console_portal.call("GET", "/")
    assert root.headers["Cache-Control"] == "no-cache"
    script = re.search(r'src="(/assets/[^"]+\.js)"', root.text)
    assert script, root.text
    asset = console_portal.call("GET", script.group(1))
    assert asset.status_code == 200
    assert asset.headers["Content-Type"].startswith("text/javascript")
    assert "immutable" in asset.headers["Cache-Control"]


def test_invitation_emails_link_to_the_console_sign_in_page(console_portal: LocalPortal) -> None:
    invitation = console_portal.mailbox(console_portal.account("exams_officer", "68101")["email"])[-1]
    links = re.findall(r"https?://[^\s\"<>)]+", invitation["text"])
    assert console_portal.api in links or console_portal.api + "/" in links, links
    landing = console_portal.call("GET", "/")
    assert '<div id="root"></div>' in landing.text


def test_the_sign_in_page_loads_under_200_kb_of_gzipped_javascript(
    page: Page, console_portal: LocalPortal
) -> None:
    scripts: list[Request] = []
    page.on("requestfinished", lambda r: scripts.append(r) if r.resource_type == "script" else None)
    open_console(page, Strings("en"))
    page.wait_for_load_state("networkidle")
    sizes = {r.url: len(gzip.compress(r.response().body(), 9)) for r in scripts if r.response()}  # type: ignore[union-attr]
    total = sum(sizes.values())
    print(f"\nsign-in page JavaScript: {len(sizes)} files, {total / 1024:.1f} KB gzipped")
    assert sizes, "the sign-in page loaded no script"
    assert total < SIGN_IN_BUDGET, sizes
    signed_in = ("Home", "Settings", "ManageUsers", "Member", "InviteUser", "BulkInvite", "Audit", "Helpdesk")
    assert not any(name in url for url in sizes for name in signed_in), "signed-in screens are lazy chunks"


def test_the_console_is_at_localhost_a_secure_context_where_passkeys_work(page: Page) -> None:
    """Browsers refuse an IP address as a WebAuthn relying party: the portal gives out localhost."""
    page.goto("/")
    assert page.evaluate("location.hostname") == "localhost"
    assert page.evaluate("window.isSecureContext") is True
    assert page.evaluate("typeof window.PublicKeyCredential") == "function"
