"""The long runs' side of HTTP: people with real tokens from a running local portal, and a census.

`HttpCast` makes each person as the real flows do (the helpdesk creates centres and appoints
EOs, EOs invite, each person reads the invitation in the mailbox and signs in for the first time
through the local Cognito endpoint), so every token is one Cognito issued. A long run's tokens
would outlive the 15 minutes the step-up routes allow a sign-in (docs/api.md): a person whose
sign-in is 10 minutes old signs in again before their next request, and a person who can no
longer sign in (disabled, deleted) has their token re-signed as from a sign-in just before
(tests/e2e/tokens.py), so every case meets the rule it tests and not the sign-in's age. `census`
reads Cognito and Portal's table directly (moto's endpoint) and lists every way they disagree.
"""

from __future__ import annotations

import itertools
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

import boto3
import requests

from local.flows import first_sign_in, sign_in
from tests.e2e.mail import temporary_password
from tests.e2e.portal import LocalPortal
from tests.e2e.tokens import claims_of, forge
from tests.security.matrix import HOME, MEMBERSHIPS, NOWHERE

NUMBERS = itertools.count(30_000 + (os.getpid() % 50) * 100)
SERIAL = itertools.count(1)
PASSWORD = "a long password for the matrix"
NEVER_MADE = "00000"
BY_HAND = "made-by-hand-temporary-1"
SIGN_IN_AGAIN_AFTER = 10 * 60  # seconds: well within the step-up routes' 15 minutes


def tampered(token: str) -> str:
    """The same claims with one character of the signature changed."""
    head, _, signature = token.rpartition(".")
    flipped = "A" if signature[5] != "A" else "B"
    return f"{head}.{signature[:5]}{flipped}{signature[6:]}"


@dataclass
class HttpCast:
    portal: LocalPortal
    tag: str = field(default_factory=lambda: f"h{next(SERIAL)}p{os.getpid()}")
    centres: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    secrets: dict[str, str] = field(default_factory=dict)
    """Each signed-in person's authenticator app secret, to sign in again."""
    ids: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)

    conflicts: ClassVar[list[str]] = []
    """Set-up requests that answered 409 `conflict` with nothing else running, and were retried."""

    def __post_init__(self) -> None:
        self.centres[NOWHERE] = NEVER_MADE

    # --- the Cast protocol ----------------------------------------------------------------------

    def centre_id(self, kind: str) -> str:
        if kind not in self.centres:
            centre_id = self.new_centre_id()
            made = self.call(
                "helpdesk", "POST", "/centres", json={"centre_id": centre_id, "name": "Matrix Centre"}
            )
            assert made.status_code == 201, made.text
            self.centres[kind] = centre_id
        return self.centres[kind]

    def user_id(self, role: str) -> str:
        self.token(role)
        return self.ids[role]

    def email(self, role: str) -> str:
        self.token(role)
        return self.emails[role]

    def new_email(self, label: str) -> str:
        return f"{label}.{next(SERIAL)}.{self.tag}@school.example"

    def new_centre_id(self) -> str:
        return f"{next(NUMBERS):05d}"

    def new_series_id(self) -> str:
        return f"2026-summer-{self.tag}s{next(SERIAL)}"

    # --- people ---------------------------------------------------------------------------------

    def token(self, role: str) -> str | None:
        if role == "anonymous":
            return None
        if role == "tampered":
            return tampered(self.token("eo") or "")
        if role not in self.ids:  # made once: an invited person has an id but no token
            self._make(role)
        token = self.tokens.get(role)
        if token is not None and time.time() - int(claims_of(token)["auth_time"]) > SIGN_IN_AGAIN_AFTER:
            token = self.tokens[role] = self._signed_in_again(role, token)
        return token

    def _signed_in_again(self, role: str, token: str) -> str:
        if role in ("disabled", "deleted"):  # they cannot sign in now: a sign-in from just before
            return forge(claims_of(token), auth_time=int(time.time()))
        tokens = sign_in(
            self.portal.cognito(), self.portal.client_id, self.emails[role], PASSWORD, self.secrets[role]
        )
        return str(tokens["AccessToken"])

    def call(self, role: str, method: str, path: str, **kwargs: Any) -> requests.Response:
        return self.portal.call(method, path, self.token(role), **kwargs)

    def _make(self, role: str) -> None:
        if role in ("stranger", "helpdesk"):
            self._by_hand(role)
            return
        if role == "deleted":
            self._member(role, HOME, "user", sign_in=True)
            gone = self.call("eo", "DELETE", f"/centres/{self.centre_id(HOME)}/users/{self.ids[role]}")
            assert gone.status_code == 204, gone.text
            return
        spec = MEMBERSHIPS[role]
        self._member(role, spec.centre, spec.account_type, sign_in=not spec.pending)
        if role == "disabled":
            done = self.call("helpdesk", "POST", f"/users/{self.ids[role]}/disable")
            assert done.status_code == 204, done.text

    def _member(self, role: str, centre: str, account_type: str, sign_in: bool) -> None:
        centre_id = self.centre_id(centre)
        for _ in range(3):
            email = self.new_email(role.replace("_", "."))
            names = {"email": email, "given_name": "Cast", "family_name": "Member"}
            if account_type == "exams_officer":
                made = self.call("helpdesk", "PUT", f"/centres/{centre_id}/exams-officer", json=names)
            else:
                manager = "eo" if centre == HOME else "other_eo"
                body = {**names, "account_type": account_type}
                made = self.call(manager, "POST", f"/centres/{centre_id}/users", json=body)
            if made.status_code != 409 or made.json().get("code") != "conflict":
                break
            # Under load a write can outlast the functions' 5 s read time-out: botocore retries it,
            # moto (unlike DynamoDB) ignores the retry's idempotency token, and the retry's
            # conditions refuse what the first attempt did. Counted, and tried with a new address.
            self.conflicts.append(f"{role}: {made.json().get('request_id')}")
        assert made.status_code in (200, 201), made.text
        self.ids[role], self.emails[role] = made.json()["user_id"], email
        if sign_in:
            self.tokens[role], self.secrets[role] = self._first_sign_in(email)

    def _first_sign_in(self, email: str) -> tuple[str, str]:
        mail = self.portal.mailbox(email)[0]
        tokens, secret = first_sign_in(
            self.portal.cognito(), self.portal.client_id, email, temporary_password(mail["text"]), PASSWORD
        )
        return str(tokens["AccessToken"]), secret

    def _by_hand(self, role: str) -> None:
        """A Cognito user made by an operator, not by Portal: a helpdesk account of this cast's own
        (so that one case resetting its own MFA breaks no other), or a person with no membership."""
        email = self.new_email(role)
        pool = self.portal.config["user_pool_id"]
        admin = aws_client(self.portal, "cognito-idp")
        admin.admin_create_user(
            UserPoolId=pool,
            Username=email,
            TemporaryPassword=BY_HAND,
            MessageAction="SUPPRESS",
            UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}],
        )
        if role == "helpdesk":
            admin.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName="helpdesk")
        tokens, secret = first_sign_in(self.portal.cognito(), self.portal.client_id, email, BY_HAND, PASSWORD)
        self.tokens[role], self.secrets[role] = str(tokens["AccessToken"]), secret
        self.ids[role] = claims_of(self.tokens[role])["sub"]
        self.emails[role] = email


def aws_client(portal: LocalPortal, service: str) -> Any:
    """A client of moto's endpoint behind the local portal: what an operator reaches in AWS."""
    return boto3.client(  # type: ignore[call-overload]
        service,
        region_name=portal.config["region"],
        endpoint_url=portal.config["aws_endpoint"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )


# --- census ---------------------------------------------------------------------------------------


@dataclass
class Census:
    cognito_users: int = 0
    people: int = 0
    memberships: int = 0
    centres: int = 0
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "cognito_users": self.cognito_users,
            "people": self.people,
            "memberships": self.memberships,
            "centres": self.centres,
            "problems": len(self.problems),
        }


def _state_table(portal: LocalPortal) -> str:
    names = aws_client(portal, "dynamodb").list_tables()["TableNames"]
    return str(next(n for n in names if n.endswith("-state")))


def _items(portal: LocalPortal) -> list[dict[str, Any]]:
    db = aws_client(portal, "dynamodb")
    found: list[dict[str, Any]] = []
    for page in db.get_paginator("scan").paginate(TableName=_state_table(portal)):
        for item in page["Items"]:
            found.append({k: next(iter(v.values())) for k, v in item.items()})
    return found


def census(portal: LocalPortal, only_emails: set[str] | None = None) -> Census:
    """Cognito's users and Portal's memberships one to one (but the helpdesk's), one id per email,
    and no centre past its limits. `only_emails` narrows the person checks to a run's own people."""
    pool = portal.config["user_pool_id"]
    idp = aws_client(portal, "cognito-idp")
    users: dict[str, str] = {}
    helpdesk: set[str] = set()
    for page in idp.get_paginator("list_users").paginate(UserPoolId=pool):
        for user in page["Users"]:
            attributes = {a["Name"]: a["Value"] for a in user.get("Attributes", [])}
            users[attributes["sub"]] = attributes.get("email", "")
    for page in idp.get_paginator("list_users_in_group").paginate(UserPoolId=pool, GroupName="helpdesk"):
        helpdesk.update(
            next(a["Value"] for a in u["Attributes"] if a["Name"] == "sub") for u in page["Users"]
        )
    items = _items(portal)
    memberships = [i for i in items if i.get("kind") == "membership"]
    people = {i["user_id"]: i for i in items if i.get("kind") == "person"}
    claims = [i for i in items if i.get("kind") == "email" and "user_id" in i]
    result = Census(
        len(users), len(people), len(memberships), sum(1 for i in items if i.get("kind") == "centre")
    )

    def ours(email: str) -> bool:
        return only_emails is None or email.lower() in only_emails

    members_of: Counter[str] = Counter(m["user_id"] for m in memberships)
    for sub, email in users.items():
        if sub not in helpdesk and members_of[sub] == 0 and ours(email):
            result.problems.append(f"Cognito user {sub} has no membership (a ghost account)")
    for m in memberships:
        if m["user_id"] not in users and ours(m.get("email", "")):
            result.problems.append(f"membership of {m['user_id']} at {m['centre_id']} has no Cognito user")
    by_email: Counter[str] = Counter(e.lower() for e in users.values())
    for email, n in by_email.items():
        if n > 1 and ours(email):
            result.problems.append(f"{n} Cognito users for one email")
    for claim in claims:
        if claim["user_id"] not in users and ours(claim["email"]):
            result.problems.append(f"email claim for {claim['user_id']}, who has no Cognito user")
    per_centre: Counter[tuple[str, str]] = Counter((m["centre_id"], m["account_type"]) for m in memberships)
    for (centre_id, account_type), n in per_centre.items():
        limit = {"exams_officer": 1, "admin": 3}.get(account_type)
        if limit is not None and n > limit:
            result.problems.append(f"centre {centre_id} has {n} {account_type} memberships")
    return result
