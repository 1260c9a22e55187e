"""What the local Cognito endpoint adds to moto: per-person TOTP, MFA reset, codes that reveal nothing."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from local.flows import first_sign_in, totp_code
from tests.e2e.mail import temporary_password
from tests.e2e.portal import LocalPortal

pytestmark = pytest.mark.e2e

CENTRE = "68102"


def invite(portal: LocalPortal, email: str) -> tuple[str, str]:
    """A new User of the second centre, signed in once; returns their user id and TOTP secret."""
    eo = portal.token(portal.account("exams_officer", CENTRE))
    body = {"email": email, "account_type": "user", "given_name": "Mo", "family_name": "Reset"}
    invited = portal.call("POST", f"/centres/{CENTRE}/users", eo, json=body)
    assert invited.status_code == 201, invited.text
    temporary = temporary_password(portal.mailbox(email)[0]["text"])
    _, secret = first_sign_in(portal.cognito(), portal.client_id, email, temporary, "mo-password-1")
    return str(invited.json()["user_id"]), secret


def test_a_totp_code_of_someone_else_is_refused(portal: LocalPortal) -> None:
    cognito = portal.cognito()
    eo = portal.account("exams_officer", CENTRE)
    other = portal.account("helpdesk")
    started = cognito.initiate_auth(
        ClientId=portal.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": eo["email"], "PASSWORD": eo["password"]},
    )
    with pytest.raises(ClientError) as refused:
        cognito.respond_to_auth_challenge(
            ClientId=portal.client_id,
            ChallengeName="SOFTWARE_TOKEN_MFA",
            Session=started["Session"],
            ChallengeResponses={
                "USERNAME": eo["email"],
                "SOFTWARE_TOKEN_MFA_CODE": totp_code(other["totp_secret"]),
            },
        )
    assert refused.value.response["Error"]["Code"] == "CodeMismatchException"


def test_after_an_mfa_reset_the_next_sign_in_sets_mfa_up_again(portal: LocalPortal) -> None:
    email = "mo.reset@example.org"
    user_id, old_secret = invite(portal, email)
    helpdesk = portal.token(portal.account("helpdesk"))
    reset = portal.call("POST", f"/users/{user_id}/mfa-reset", helpdesk)
    assert reset.status_code in (200, 202, 204), reset.text

    cognito = portal.cognito()
    started = cognito.initiate_auth(
        ClientId=portal.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": "mo-password-1"},
    )
    assert started["ChallengeName"] == "MFA_SETUP"
    with pytest.raises(ClientError):  # completing set-up without verifying a token
        cognito.respond_to_auth_challenge(
            ClientId=portal.client_id,
            ChallengeName="MFA_SETUP",
            Session=started["Session"],
            ChallengeResponses={"USERNAME": email},
        )
    associated = cognito.associate_software_token(Session=started["Session"])
    assert associated["SecretCode"] != old_secret
    with pytest.raises(ClientError) as wrong:
        cognito.verify_software_token(Session=associated["Session"], UserCode=totp_code(old_secret))
    assert wrong.value.response["Error"]["Code"] == "EnableSoftwareTokenMFAException"
    verified = cognito.verify_software_token(
        Session=associated["Session"], UserCode=totp_code(associated["SecretCode"])
    )
    done = cognito.respond_to_auth_challenge(
        ClientId=portal.client_id,
        ChallengeName="MFA_SETUP",
        Session=verified["Session"],
        ChallengeResponses={"USERNAME": email},
    )
    me = portal.call("GET", "/me", done["AuthenticationResult"]["AccessToken"]).json()
    assert me["mfa"]["enabled"]


def test_forgot_password_answers_alike_for_anyone_and_mails_only_real_people(portal: LocalPortal) -> None:
    cognito = portal.cognito()
    known = portal.account("exams_officer", CENTRE)["email"]
    before = len(portal.mailbox(known))
    answers = [
        cognito.forgot_password(ClientId=portal.client_id, Username=email)
        for email in (known, "nobody.here@example.org")
    ]
    for answer in answers:
        assert answer["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
        assert answer["CodeDeliveryDetails"]["Destination"].count("***") == 2
        assert not any(h.startswith("x-moto") for h in answer["ResponseMetadata"]["HTTPHeaders"])
    assert len(portal.mailbox(known)) == before + 1
    assert portal.mailbox("nobody.here@example.org") == []
    with pytest.raises(ClientError) as wrong:
        cognito.confirm_forgot_password(
            ClientId=portal.client_id,
            Username=known,
            ConfirmationCode="000000",
            Password="whatever-long-enough",
        )
    assert wrong.value.response["Error"]["Code"] in ("CodeMismatchException",)


def test_admin_calls_are_refused_on_the_public_endpoint(portal: LocalPortal) -> None:
    eo = portal.account("exams_officer", CENTRE)
    with pytest.raises(ClientError) as refused:
        portal.cognito().admin_add_user_to_group(
            UserPoolId=portal.config["user_pool_id"], Username=eo["email"], GroupName="helpdesk"
        )
    assert refused.value.response["Error"]["Code"] == "UnrecognizedClientException"
    me = portal.call("GET", "/me", portal.token(eo)).json()
    assert me["helpdesk"] is False


def test_a_person_may_write_only_the_clients_writable_attributes(portal: LocalPortal) -> None:
    eo = portal.account("exams_officer", CENTRE)
    token = portal.token(eo)
    with pytest.raises(ClientError) as refused:
        portal.cognito().update_user_attributes(
            AccessToken=token, UserAttributes=[{"Name": "email", "Value": "someone.else@example.org"}]
        )
    assert refused.value.response["Error"]["Code"] == "NotAuthorizedException"
    portal.cognito().update_user_attributes(
        AccessToken=token, UserAttributes=[{"Name": "timezone", "Value": "Europe/London"}]
    )
    attributes = {a["Name"] for a in portal.cognito().get_user(AccessToken=token)["UserAttributes"]}
    assert "email" in attributes and "timezone" not in attributes  # timezone is writable, not readable
