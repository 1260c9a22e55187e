"""The browser tests' tools: the console's own strings, axe-core on a screen, people to sign in as,
a virtual passkey authenticator.

Tests drive the console as a person does: by role and visible label, in English and Welsh, with
the labels read from the console's own catalogues (console/src/i18n/*.json), so a test names a
control the way the page shows it in either language.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyotp
from playwright.sync_api import CDPSession, Page, Request, expect

from local.flows import first_sign_in, totp_code
from tests.e2e.portal import LocalPortal

ROOT = Path(__file__).resolve().parents[2]
CONSOLE = ROOT / "console"
AXE_SCRIPT = CONSOLE / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 A and AA, and axe's best practices; serious and critical findings fail the test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = ("serious", "critical")


class Strings:
    """`s("signIn.email")` is the page's text for that key in this language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._catalogue: dict[str, str] = json.loads(
            (CONSOLE / "src" / "i18n" / f"{language}.json").read_text(encoding="utf-8")
        )

    def __call__(self, key: str, **values: Any) -> str:
        text = self._catalogue[key]
        return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), text)

    def exact(self, key: str, **values: Any) -> re.Pattern[str]:
        return re.compile(f"^{re.escape(self(key, **values))}$")

    def __repr__(self) -> str:
        return self.language


COGNITO_TARGET = "AWSCognitoIdentityProviderService."


def cognito_calls(page: Page) -> list[str]:
    """The Cognito operations the page calls from now on (X-Amz-Target, without the service)."""
    calls: list[str] = []

    def seen(request: Request) -> None:
        if "/_cognito" in request.url:
            calls.append(request.headers.get("x-amz-target", "").removeprefix(COGNITO_TARGET))

    page.on("request", seen)
    return calls


@dataclass
class AxeLog:
    """Every screen axe-core checked in this session (the report counts them)."""

    screens: set[str] = field(default_factory=set)
    runs: int = 0


AXE_LOG = AxeLog()


def check_axe(page: Page, screen: str) -> None:
    """axe-core on the page as it is now: no serious or critical violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools, as a person's extension would be: the page's CSP is untouched.
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;true")
    results = page.evaluate(
        "async (tags) => { const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });"
        " return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) })); }",
        AXE_TAGS,
    )
    AXE_LOG.screens.add(screen)
    AXE_LOG.runs += 1
    failing = [v for v in results if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe-core on {screen}: " + json.dumps(failing, indent=2)


@dataclass
class Person:
    email: str
    password: str
    totp_secret: str
    given_name: str
    user_id: str = ""


def unique_email(prefix: str) -> str:
    return f"{prefix}.{uuid.uuid4().hex[:10]}@browser.example.org"


_TOKENS: dict[tuple[str, str], str] = {}


def eo_token(portal: LocalPortal, centre_id: str = "68101") -> str:
    """The seeded Exams Officer's access token, signed in once per session (tokens last an hour)."""
    # By portal too: a worker runs browser and e2e tests, each against a portal (and pool) of its own.
    key = (portal.api, centre_id)
    if key not in _TOKENS:
        _TOKENS[key] = portal.token(portal.account("exams_officer", centre_id))
    return _TOKENS[key]


def invite(
    portal: LocalPortal,
    account_type: str = "user",
    permissions: tuple[str, ...] = (),
    given_name: str = "Nia",
    family_name: str = "Newman",
    centre_id: str = "68101",
) -> tuple[str, str]:
    """An Exams Officer invites someone; returns the email and the temporary password."""
    email = unique_email(account_type)
    body: dict[str, Any] = {
        "email": email,
        "account_type": account_type,
        "given_name": given_name,
        "family_name": family_name,
    }
    if account_type == "user":
        body["permissions"] = list(permissions)
    answer = portal.call("POST", f"/centres/{centre_id}/users", eo_token(portal, centre_id), json=body)
    assert answer.status_code == 201, answer.text
    return email, temporary_password(portal, email)


def temporary_password(portal: LocalPortal, email: str) -> str:
    text = portal.mailbox(email)[0]["text"]
    found = re.search(r"(?:Temporary password|Cyfrinair dros dro):\s*(\S+)", text)
    assert found, text
    return found.group(1)


def active_person(
    portal: LocalPortal, account_type: str = "user", permissions: tuple[str, ...] = ()
) -> Person:
    """A member who has signed in once (new password, authenticator app), as the seed's people have."""
    email, temporary = invite(portal, account_type, permissions)
    password = "a long browser password"
    tokens, secret = first_sign_in(portal.cognito(), portal.client_id, email, temporary, password)
    me = portal.call("GET", "/me", tokens["AccessToken"]).json()
    return Person(email, password, secret, "Nia", me["user_id"])


def seeded(portal: LocalPortal, role: str = "exams_officer", centre_id: str | None = "68101") -> Person:
    account = portal.account(role, centre_id)
    names = {"exams_officer": "Eira" if centre_id == "68101" else "Emrys", "helpdesk": "Hal"}
    return Person(account["email"], account["password"], account["totp_secret"], names[role])


def open_console(page: Page, s: Strings, path: str = "/") -> None:
    """Open the console and choose the test's language with the switch, as a visitor would."""
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    switch_to(page, s)
    expect(page.locator("html")).to_have_attribute("lang", s.language)


def sign_in(page: Page, s: Strings, person: Person, axe: bool = False) -> None:
    """Email, Next, password, the authenticator app's code: the person arrives Home."""
    open_console(page, s)
    page.get_by_label(s("signIn.email")).fill(person.email)
    if axe:
        check_axe(page, "sign in: email")
    page.get_by_role("button", name=s("action.next")).click()
    page.get_by_label(s("signIn.password"), exact=True).fill(person.password)
    if axe:
        check_axe(page, "sign in: password")
    page.get_by_role("button", name=s("action.signIn"), exact=True).click()
    expect(page.get_by_role("heading", level=1, name=s("code.totpTitle"))).to_be_visible()
    if axe:
        check_axe(page, "sign in: authenticator code")
    page.get_by_label(s("code.label")).fill(totp_code(person.totp_secret))
    page.get_by_role("button", name=s("action.verify")).click()
    arrive_home(page, s, person)


def arrive_home(page: Page, s: Strings, person: Person) -> None:
    """Home, in the person's preferred language; then the test's, with the switch (which saves it)."""
    welcome = [Strings(language)("home.welcome", name=person.given_name) for language in ("en", "cy")]
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile("|".join(map(re.escape, welcome))))
    switch_to(page, s)
    expect(
        page.get_by_role("heading", level=1, name=s("home.welcome", name=person.given_name))
    ).to_be_visible()


def switch_to(page: Page, s: Strings) -> None:
    """The language switch names the other language in itself: "Cymraeg" on an English page."""
    if page.locator("html").get_attribute("lang") != s.language:
        page.get_by_role("button", name="Cymraeg" if s.language == "cy" else "English", exact=True).click()
        expect(page.locator("html")).to_have_attribute("lang", s.language)
        page.wait_for_load_state("networkidle")  # signed in, the switch also saves it (PATCH /me)


def totp_from_page(page: Page) -> str:
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    return str(pyotp.TOTP(secret).now())


class VirtualAuthenticator:
    """A platform authenticator in this tab, as a laptop's fingerprint reader would be."""

    def __init__(self, page: Page) -> None:
        self.cdp: CDPSession = page.context.new_cdp_session(page)
        self.cdp.send("WebAuthn.enable")
        added = self.cdp.send(
            "WebAuthn.addVirtualAuthenticator",
            {
                "options": {
                    "protocol": "ctap2",
                    "transport": "internal",
                    "hasResidentKey": True,
                    "hasUserVerification": True,
                    "isUserVerified": True,
                }
            },
        )
        self.id = str(added["authenticatorId"])

    def credentials(self) -> list[dict[str, Any]]:
        answer = self.cdp.send("WebAuthn.getCredentials", {"authenticatorId": self.id})
        return list(answer["credentials"])

    def verifies_user(self, verified: bool) -> None:
        """False: the fingerprint is not recognised, or the person cancels the prompt."""
        self.cdp.send("WebAuthn.setUserVerified", {"authenticatorId": self.id, "isUserVerified": verified})
