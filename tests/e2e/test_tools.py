"""The local-only endpoints: config, mailbox, the OpenAPI document and the docs page."""

from __future__ import annotations

import pytest
from portal.constants import ROUTES

from tests.e2e.portal import LocalPortal

pytestmark = pytest.mark.e2e


def test_config_lists_endpoints_and_seeded_accounts(portal: LocalPortal) -> None:
    config = portal.config
    for key in ("api_url", "cognito_endpoint", "region", "user_pool_id", "client_id", "accounts"):
        assert config[key], key
    assert config["api_url"].startswith("http://localhost:")  # a passkey's RP may not be an IP
    assert config["console_url"] == config["api_url"] + "/"
    roles = sorted((a["role"], a["centre_id"]) for a in config["accounts"])
    assert roles == [("exams_officer", "68101"), ("exams_officer", "68102"), ("helpdesk", None)]
    for account in config["accounts"]:
        assert set(account) == {"email", "password", "totp_secret", "role", "centre_id"}


def test_every_seeded_account_signs_in_at_once(portal: LocalPortal) -> None:
    for account in portal.config["accounts"]:
        me = portal.call("GET", "/me", portal.token(account))
        assert me.status_code == 200, me.text
        assert me.json()["helpdesk"] is (account["role"] == "helpdesk")
        for membership in me.json()["memberships"]:
            assert membership["status"] == "active"


def test_mailbox_finds_mail_by_address_in_any_case(portal: LocalPortal) -> None:
    eo = portal.account("exams_officer", "68101")
    items = portal.mailbox(eo["email"].upper())
    assert items, "the seed's invitation to the EO"
    for item in items:
        assert set(item) == {"to", "subject", "text", "html", "sent_at"}
        assert item["to"].lower() == eo["email"]
    assert portal.mailbox("nobody@example.org") == []


def test_mailbox_needs_an_address(portal: LocalPortal) -> None:
    answer = portal.call("GET", "/_local/mailbox")
    assert answer.status_code == 400


def test_openapi_and_docs(portal: LocalPortal) -> None:
    document = portal.call("GET", "/openapi.json").json()
    for method, resource, _ in ROUTES:
        assert method.lower() in document["paths"][resource], (method, resource)
    page = portal.call("GET", "/docs")
    assert page.status_code == 200
    assert page.headers["Content-Type"].startswith("text/html")
    assert "<script src=" not in page.text  # self-contained: no CDN offline


def test_local_frontends_may_call_across_origins(portal: LocalPortal) -> None:
    origin = "http://localhost:5173"
    preflight = portal.call("OPTIONS", "/me", headers={"Origin": origin})
    assert preflight.headers["Access-Control-Allow-Origin"] == origin
    elsewhere = portal.call("OPTIONS", "/me", headers={"Origin": "https://example.com"})
    assert "Access-Control-Allow-Origin" not in elsewhere.headers


def test_the_emails_lead_to_the_portal_root(portal: LocalPortal) -> None:
    """The root is the console's sign-in page (tests/browser/test_serving.py checks it)."""
    invitation = portal.mailbox(portal.account("exams_officer", "68101")["email"])[-1]
    assert portal.api in invitation["text"]
