"""Cognito client libraries that nobody here wrote, against the local portal's `/_cognito`.

Each does a first sign-in, sets up MFA and signs in again with it, resets a forgotten password,
and is refused with a wrong password and a wrong code. The Node libraries are pinned in
tests/e2e/clients/package.json (lock file committed; `make test` runs `npm ci` there).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import uuid
from typing import Any

import boto3
import pytest
import requests
from awscli.clidriver import create_clidriver  # the AWS CLI v1, pinned in requirements-dev.txt
from botocore.exceptions import ClientError
from pycognito import Cognito
from pycognito.aws_srp import AWSSRP
from pycognito.exceptions import SMSMFAChallengeException, SoftwareTokenMFAChallengeException

from local.flows import set_up_totp, totp_code
from tests.e2e.mail import access_code, temporary_password
from tests.e2e.node import run_node
from tests.e2e.portal import LocalPortal

pytestmark = pytest.mark.e2e

CENTRE = "68101"


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


def test_amplify_js_v6(portal: LocalPortal) -> None:
    assert "every path passed" in run_node(portal, "amplify.mjs", people=people(portal, "amplify"))


def test_amazon_cognito_identity_js(portal: LocalPortal) -> None:
    output = run_node(portal, "identity-js.mjs", people=people(portal, "identity-js"))
    assert "every path passed" in output


NEW_PASSWORD = "a long new password"
RESET_PASSWORD = "another long password"


def wrong(code: str) -> str:
    return f"{(int(code) + 500000) % 1000000:06d}"


def sms_code(portal: LocalPortal, phone: str) -> str:
    answer = requests.get(f"{portal.api}/_local/sms", params={"to": phone}, timeout=10)
    return access_code(answer.json()["items"][0]["text"])


def email_code(portal: LocalPortal, email: str) -> str:
    return access_code(portal.mailbox(email)[0]["text"])


def test_pycognito(portal: LocalPortal) -> None:
    """pycognito's SRP (AWSSRP, Cognito) for the password; boto3 for the challenges it lacks."""
    who = people(portal, "pycognito")
    pool, client_id = portal.config["user_pool_id"], portal.client_id
    cognito = portal.cognito()

    jwks = requests.get(
        f"{portal.config['cognito_endpoint']}/{pool}/.well-known/jwks.json", timeout=10
    ).json()

    def signing_in(email: str) -> Cognito:
        person = Cognito(pool, client_id, username=email, boto3_client_kwargs=portal.client_kwargs())
        # pycognito takes an endpoint_url for the pool's issuer; the local tokens carry Cognito's.
        person.pool_domain_url, person.pool_jwk = None, jwks
        return person

    # TOTP: first sign-in (new password, MFA set-up), then a code; a wrong password, a wrong code.
    email = who["totp"]["email"]
    step = AWSSRP(
        email, who["totp"]["temporary"], pool, client_id, client=cognito
    ).set_new_password_challenge(NEW_PASSWORD)
    _, secret = set_up_totp(cognito, client_id, email, step["Session"])
    person = signing_in(email)
    with pytest.raises(ClientError, match="NotAuthorizedException"):
        person.authenticate(password="not the password")
    with pytest.raises(SoftwareTokenMFAChallengeException) as challenged:
        person.authenticate(password=NEW_PASSWORD)
    with pytest.raises(ClientError, match="CodeMismatchException"):
        person.respond_to_software_token_mfa_challenge(
            wrong(totp_code(secret)), challenged.value.get_tokens()
        )
    person.respond_to_software_token_mfa_challenge(totp_code(secret), challenged.value.get_tokens())
    assert person.get_user().email == email
    # A forgotten password.
    person.initiate_forgot_password()
    with pytest.raises(ClientError, match="CodeMismatchException"):
        person.confirm_forgot_password(wrong(email_code(portal, email)), RESET_PASSWORD)
    person.confirm_forgot_password(email_code(portal, email), RESET_PASSWORD)
    with pytest.raises(SoftwareTokenMFAChallengeException):
        signing_in(email).authenticate(password=RESET_PASSWORD)

    # SMS: the first sign-in texts a code to the profile's phone number, and so does the next.
    email, phone = who["sms"]["email"], who["sms"]["phone"]
    step = AWSSRP(email, who["sms"]["temporary"], pool, client_id, client=cognito).set_new_password_challenge(
        NEW_PASSWORD
    )
    assert step["ChallengeName"] == "SMS_MFA"
    signing_in(email).respond_to_sms_mfa_challenge(sms_code(portal, phone), step)
    person = signing_in(email)
    with pytest.raises(SMSMFAChallengeException) as texted:
        person.authenticate(password=NEW_PASSWORD)
    person.respond_to_sms_mfa_challenge(sms_code(portal, phone), texted.value.get_tokens())
    assert person.get_user().email == email

    # Email: pycognito has no EMAIL_OTP; its SRP signs in, boto3 answers the code from the mailbox.
    email = who["email"]["email"]
    step = AWSSRP(
        email, who["email"]["temporary"], pool, client_id, client=cognito
    ).set_new_password_challenge(NEW_PASSWORD)
    step = cognito.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="MFA_SETUP",
        Session=step["Session"],
        ChallengeResponses={"EMAIL": email},
    )
    cognito.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="EMAIL_OTP",
        Session=step["Session"],
        ChallengeResponses={"USERNAME": email, "EMAIL_OTP_CODE": email_code(portal, email)},
    )
    step = AWSSRP(email, NEW_PASSWORD, pool, client_id, client=cognito).authenticate_user()
    assert step["ChallengeName"] == "EMAIL_OTP"


def aws(portal: LocalPortal, *args: str) -> dict[str, Any]:
    """One AWS CLI command against the local endpoint, through the CLI's own entry point (in this
    process: a new `aws` process per command would cost seconds each); a refusal raises CliRefused."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = create_clidriver().main(
            ["cognito-idp", *args, "--endpoint-url", portal.config["cognito_endpoint"], "--output", "json"]
        )
    if code != 0:
        raise CliRefused(err.getvalue())
    return json.loads(out.getvalue() or "{}")  # type: ignore[no-any-return]


class CliRefused(Exception):
    pass


def cli_environment(portal: LocalPortal, monkeypatch: pytest.MonkeyPatch) -> None:
    """The region and dummy credentials the CLI needs, and no configuration of this machine's."""
    for name, value in (
        ("AWS_DEFAULT_REGION", portal.config["region"]),
        ("AWS_ACCESS_KEY_ID", "local"),
        ("AWS_SECRET_ACCESS_KEY", "local"),
        ("AWS_CONFIG_FILE", os.devnull),
        ("AWS_SHARED_CREDENTIALS_FILE", os.devnull),
    ):
        monkeypatch.setenv(name, value)


def test_aws_cli(portal: LocalPortal, monkeypatch: pytest.MonkeyPatch) -> None:
    """USER_PASSWORD_AUTH (the CLI has no SRP), allowed by the local app client only."""
    cli_environment(portal, monkeypatch)
    who = people(portal, "cli")
    client = ("--client-id", portal.client_id)

    def initiate(email: str, password: str) -> dict[str, Any]:
        return aws(
            portal,
            "initiate-auth",
            *client,
            "--auth-flow",
            "USER_PASSWORD_AUTH",
            "--auth-parameters",
            f"USERNAME={email},PASSWORD={password}",
        )

    def respond(step: dict[str, Any], name: str, responses: str) -> dict[str, Any]:
        return aws(
            portal,
            "respond-to-auth-challenge",
            *client,
            "--challenge-name",
            name,
            "--session",
            step["Session"],
            "--challenge-responses",
            responses,
        )

    email = who["totp"]["email"]
    with pytest.raises(CliRefused, match="NotAuthorizedException"):
        initiate(email, "not the password")
    step = respond(
        initiate(email, who["totp"]["temporary"]),
        "NEW_PASSWORD_REQUIRED",
        f"USERNAME={email},NEW_PASSWORD={NEW_PASSWORD}",
    )
    associated = aws(portal, "associate-software-token", f"--session={step['Session']}")
    secret = associated["SecretCode"]
    verified = aws(
        portal,
        "verify-software-token",
        f"--session={associated['Session']}",
        "--user-code",
        totp_code(secret),
    )
    assert "AccessToken" in respond(verified, "MFA_SETUP", f"USERNAME={email}")["AuthenticationResult"]
    step = initiate(email, NEW_PASSWORD)
    with pytest.raises(CliRefused, match="CodeMismatchException"):
        respond(
            step, "SOFTWARE_TOKEN_MFA", f"USERNAME={email},SOFTWARE_TOKEN_MFA_CODE={wrong(totp_code(secret))}"
        )
    tokens = respond(
        step, "SOFTWARE_TOKEN_MFA", f"USERNAME={email},SOFTWARE_TOKEN_MFA_CODE={totp_code(secret)}"
    )
    user = aws(portal, "get-user", "--access-token", tokens["AuthenticationResult"]["AccessToken"])
    assert {"Name": "email", "Value": email} in user["UserAttributes"]
    aws(portal, "forgot-password", *client, "--username", email)
    aws(
        portal,
        "confirm-forgot-password",
        *client,
        "--username",
        email,
        "--confirmation-code",
        email_code(portal, email),
        "--password",
        RESET_PASSWORD,
    )
    assert initiate(email, RESET_PASSWORD)["ChallengeName"] == "SOFTWARE_TOKEN_MFA"

    email = who["email"]["email"]
    step = respond(
        initiate(email, who["email"]["temporary"]),
        "NEW_PASSWORD_REQUIRED",
        f"USERNAME={email},NEW_PASSWORD={NEW_PASSWORD}",
    )
    step = respond(step, "MFA_SETUP", f"USERNAME={email},EMAIL={email}")
    respond(step, "EMAIL_OTP", f"USERNAME={email},EMAIL_OTP_CODE={email_code(portal, email)}")
    step = initiate(email, NEW_PASSWORD)
    with pytest.raises(CliRefused, match="CodeMismatchException"):
        respond(step, "EMAIL_OTP", f"USERNAME={email},EMAIL_OTP_CODE={wrong(email_code(portal, email))}")
    respond(step, "EMAIL_OTP", f"USERNAME={email},EMAIL_OTP_CODE={email_code(portal, email)}")

    email, phone = who["sms"]["email"], who["sms"]["phone"]
    step = respond(
        initiate(email, who["sms"]["temporary"]),
        "NEW_PASSWORD_REQUIRED",
        f"USERNAME={email},NEW_PASSWORD={NEW_PASSWORD}",
    )
    respond(step, "SMS_MFA", f"USERNAME={email},SMS_MFA_CODE={sms_code(portal, phone)}")
    step = initiate(email, NEW_PASSWORD)
    respond(step, "SMS_MFA", f"USERNAME={email},SMS_MFA_CODE={sms_code(portal, phone)}")
