"""Cognito client libraries that nobody here wrote, against the local portal's `/_cognito`.

Each does a first sign-in, sets up MFA and signs in again with it, resets a forgotten password,
and is refused with a wrong password and a wrong code. The Node libraries are pinned in
tests/e2e/clients/package.json (lock file committed; `make test` runs `npm ci` there).
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from pathlib import Path

import boto3
import pytest

from tests.e2e.mail import temporary_password
from tests.e2e.portal import LocalPortal

pytestmark = pytest.mark.e2e

CLIENTS = Path(__file__).parent / "clients"
CENTRE = "68101"
SCRIPT_TIMEOUT = 120  # the process is killed if it runs longer (subprocess.run)


def invite(portal: LocalPortal, eo_token: str, name: str, phone: str | None = None) -> dict[str, str]:
    """A new User of the demo centre: email, temporary password (from the invitation), phone."""
    email = f"{name}-{uuid.uuid4().hex[:8]}@example.org"
    body = {"email": email, "account_type": "user", "given_name": "Cai", "family_name": "Client"}
    invited = portal.call("POST", f"/centres/{CENTRE}/users", eo_token, json=body)
    assert invited.status_code == 201, invited.text
    person = {"email": email, "temporary": temporary_password(portal.mailbox(email)[0]["text"])}
    if phone:  # in the person's profile, as PATCH /me writes it (unverified), before they sign in
        admin = boto3.client(
            "cognito-idp",
            region_name=portal.config["region"],
            endpoint_url=portal.config["aws_endpoint"],
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )
        admin.admin_update_user_attributes(
            UserPoolId=portal.config["user_pool_id"],
            Username=email,
            UserAttributes=[{"Name": "phone_number", "Value": phone}],
        )
        person["phone"] = phone
    return person


def people(portal: LocalPortal, library: str) -> dict[str, dict[str, str]]:
    eo = portal.token(portal.account("exams_officer", CENTRE))
    return {
        "totp": invite(portal, eo, f"{library}-totp"),
        "email": invite(portal, eo, f"{library}-email"),
        "sms": invite(portal, eo, f"{library}-sms", phone=f"+4477009{uuid.uuid4().int % 10**5:05d}"),
    }


def run_node(portal: LocalPortal, script: str, who: dict[str, dict[str, str]]) -> str:
    env = {**os.environ, "PORTAL_CONFIG": json.dumps(portal.config), "PORTAL_PEOPLE": json.dumps(who)}
    done = subprocess.run(
        ["node", script],
        cwd=CLIENTS,
        env=env,
        capture_output=True,
        text=True,
        timeout=SCRIPT_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_amplify_js_v6(portal: LocalPortal) -> None:
    assert "every path passed" in run_node(portal, "amplify.mjs", people(portal, "amplify"))
