"""People and centres for the management and helpdesk screens' tests, made through the API as
the helpdesk and an Exams Officer would make them, in a centre of the test's own so that a test
sees only what it made (the seeded centres are shared by every test of the session).
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
from playwright.sync_api import FloatRect, Locator, Page, expect
from portal.adapters.state_store import DynamoStateStore

from local.flows import first_sign_in
from local.provision import Names
from tests.browser.harness import Person, Strings, temporary_password, unique_email
from tests.e2e.portal import LocalPortal

PASSWORD = "a long browser password"


_TOKENS: dict[str, str] = {}


def helpdesk_token(portal: LocalPortal) -> str:
    """The seeded helpdesk's access token, signed in once per session (tokens last an hour)."""
    if portal.api not in _TOKENS:
        _TOKENS[portal.api] = portal.token(portal.account("helpdesk"))
    return _TOKENS[portal.api]


def call(portal: LocalPortal, token: str, method: str, path: str, status: int, **kwargs: Any) -> Any:
    answer = portal.call(method, path, token, **kwargs)
    assert answer.status_code == status, f"{method} {path}: {answer.status_code} {answer.text}"
    return answer.json() if answer.content else None


def sign_in_first_time(portal: LocalPortal, email: str, given_name: str) -> tuple[Person, str]:
    """Temporary password → new password → authenticator app, by the API, as a person would;
    the person and their access token."""
    temporary = temporary_password(portal, email)
    tokens, secret = first_sign_in(portal.cognito(), portal.client_id, email, temporary, PASSWORD)
    me = portal.call("GET", "/me", tokens["AccessToken"]).json()
    return Person(email, PASSWORD, secret, given_name, me["user_id"]), str(tokens["AccessToken"])


@dataclass
class Centre:
    """A centre of the test's own, its Exams Officer signed in once, and a token to act as them."""

    portal: LocalPortal
    centre_id: str
    name: str
    eo: Person
    eo_token: str
    members: dict[str, str] = field(default_factory=dict)  # email → user id

    def invite(
        self,
        account_type: str = "user",
        permissions: tuple[str, ...] = (),
        given_name: str = "Nia",
        family_name: str = "Newman",
        email: str | None = None,
        token: str | None = None,
    ) -> tuple[str, str]:
        """The EO (or `token`'s owner) invites someone; returns their email and user id."""
        address = email or unique_email(account_type)
        body: dict[str, Any] = {
            "email": address,
            "account_type": account_type,
            "given_name": given_name,
            "family_name": family_name,
        }
        if account_type == "user":
            body["permissions"] = list(permissions)
        member = call(
            self.portal, token or self.eo_token, "POST", f"/centres/{self.centre_id}/users", 201, json=body
        )
        self.members[address] = member["user_id"]
        return address, str(member["user_id"])

    def active(
        self,
        account_type: str = "user",
        permissions: tuple[str, ...] = (),
        given_name: str = "Nia",
        family_name: str = "Newman",
    ) -> Person:
        """An invited member who has then signed in once (status active)."""
        email, _ = self.invite(account_type, permissions, given_name, family_name)
        return sign_in_first_time(self.portal, email, given_name)[0]

    def member(self, user_id: str) -> dict[str, Any]:
        return dict(
            call(self.portal, self.eo_token, "GET", f"/centres/{self.centre_id}/users/{user_id}", 200)
        )

    def listed(self) -> list[dict[str, Any]]:
        """Every member, as the API lists them (one page of up to 100)."""
        path = f"/centres/{self.centre_id}/users?limit=100"
        return list(call(self.portal, self.eo_token, "GET", path, 200)["items"])

    def age_invitation(self, user_id: str, days: int = 61) -> None:
        """Make an open invitation `days` old, as time would (the local portal has no clock to move)."""
        config = self.portal.config
        client = boto3.client(
            "dynamodb",
            region_name=config["region"],
            endpoint_url=config["aws_endpoint"],
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )
        store = DynamoStateStore(client, Names().state_table, b"unused: no cursors are read")
        pending = [m for m in store.memberships_of(user_id) if not m.accepted]
        store.refresh_invitations(user_id, pending, datetime.now(UTC) - timedelta(days=days), self.eo.user_id)


def new_centre_id(portal: LocalPortal, token: str, name: str) -> str:
    for _ in range(20):
        centre_id = str(random.randint(70000, 99999))
        answer = portal.call("POST", "/centres", token, json={"centre_id": centre_id, "name": name})
        if answer.status_code == 201:
            return centre_id
        assert answer.status_code == 409, answer.text
    raise AssertionError("no free centre number")


def fresh_centre(
    portal: LocalPortal, name: str = "Ysgol Prawf", eo_name: tuple[str, str] = ("Elin", "Evans")
) -> Centre:
    """A new centre with its Exams Officer appointed by the helpdesk and signed in once."""
    token = helpdesk_token(portal)
    centre_id = new_centre_id(portal, token, name)
    email = unique_email("eo")
    body = {"email": email, "given_name": eo_name[0], "family_name": eo_name[1]}
    call(portal, token, "PUT", f"/centres/{centre_id}/exams-officer", 201, json=body)
    eo, eo_token = sign_in_first_time(portal, email, eo_name[0])
    return Centre(portal, centre_id, name, eo, eo_token, {email: eo.user_id})


def open_manage_users(page: Page, s: Strings, full_name: str) -> None:
    """From Home, by the profile menu, as the user guide says."""
    page.get_by_role("button", name=s("nav.profileMenu", name=full_name)).click()
    page.get_by_role("link", name=s("nav.manageUsers")).click()
    expect(page.get_by_role("heading", level=1, name=s("users.title"))).to_be_visible()


def mail_count(portal: LocalPortal, email: str) -> int:
    return len(portal.mailbox(email))


def screenshot(
    page: Page, s: Strings, name: str, around: Locator | None = None, language: str = "en"
) -> None:
    """docs/screenshots/<name>.png: the page as it is now (or around a part of it), in one language,
    when PORTAL_SCREENSHOTS names the folder; never in make test. docs/console.md says how."""
    folder = os.environ.get("PORTAL_SCREENSHOTS")
    if folder and s.language == language:
        page.mouse.move(0, 0)  # no hover on the picture
        whole = int(page.evaluate("() => document.documentElement.scrollHeight"))
        box = around.bounding_box() if around is not None else None
        scrolled = int(page.evaluate("() => window.scrollY"))  # the box is where the viewport is
        top = 0 if box is None else max(0, min(int(box["y"]) + scrolled - 500, whole - 1300))
        clip = FloatRect(x=0, y=top, width=1280, height=min(1300, whole - top))
        page.screenshot(path=Path(folder) / f"{name}.png", full_page=True, clip=clip, animations="disabled")
