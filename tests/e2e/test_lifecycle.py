"""A User's whole life at a centre, over real HTTP, as a frontend and a person would live it."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from portal.constants import PASSWORD_MIN_LENGTH

from local.flows import sign_in, totp_code
from tests.e2e.mail import access_code, temporary_password
from tests.e2e.portal import LocalPortal

pytestmark = pytest.mark.e2e

CENTRE = "68101"
# Mixed case on purpose: Portal treats emails case-insensitively. The apostrophe too: Cognito takes
# it (username and email attribute), SES delivers to it, so the local Cognito must (moto_patches).
NEW_USER = "Una.O'User@example.org"


def test_invitation_to_deletion(portal: LocalPortal) -> None:
    cognito = portal.cognito()
    eo_token = portal.token(portal.account("exams_officer", CENTRE))

    # The EO invites a User, who receives a temporary password by email.
    invited = portal.call(
        "POST",
        f"/centres/{CENTRE}/users",
        eo_token,
        json={
            "email": NEW_USER,
            "account_type": "user",
            "given_name": "Una",
            "family_name": "User",
            "permissions": ["entries"],
        },
    )
    assert invited.status_code == 201, invited.text
    member = invited.json()
    user_id, email = member["user_id"], member["email"]
    assert member["status"] == "invited"
    mails = portal.mailbox(NEW_USER.upper())
    assert len(mails) == 1
    temporary = temporary_password(mails[0]["text"])

    # First sign-in: the new password must have the pool's minimum length.
    started = cognito.initiate_auth(
        ClientId=portal.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": NEW_USER, "PASSWORD": temporary},  # any case, as in Cognito
    )
    assert started["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    with pytest.raises(ClientError) as refused:
        cognito.respond_to_auth_challenge(
            ClientId=portal.client_id,
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=started["Session"],
            ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": "x" * (PASSWORD_MIN_LENGTH - 1)},
        )
    assert refused.value.response["Error"]["Code"] == "InvalidPasswordException"
    password = "y" * PASSWORD_MIN_LENGTH
    answered = cognito.respond_to_auth_challenge(
        ClientId=portal.client_id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=started["Session"],
        ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": password},
    )

    # Then TOTP set-up, with a secret of the person's own.
    assert answered["ChallengeName"] == "MFA_SETUP"
    associated = cognito.associate_software_token(Session=answered["Session"])
    secret = associated["SecretCode"]
    assert secret not in {a["totp_secret"] for a in portal.config["accounts"]}
    verified = cognito.verify_software_token(Session=associated["Session"], UserCode=totp_code(secret))
    assert verified["Status"] == "SUCCESS"
    done = cognito.respond_to_auth_challenge(
        ClientId=portal.client_id,
        ChallengeName="MFA_SETUP",
        Session=verified["Session"],
        ChallengeResponses={"USERNAME": email},
    )
    user_token = done["AuthenticationResult"]["AccessToken"]

    # Post-authentication ran: the membership is active.
    me = portal.call("GET", "/me", user_token)
    assert me.status_code == 200, me.text
    (membership,) = me.json()["memberships"]
    assert (membership["centre_id"], membership["status"]) == (CENTRE, "active")
    assert set(membership["permissions"]) == {"resources", "entries"}

    # The EO changes the User's permissions; the User's next request (same token) sees it.
    changed = portal.call(
        "PATCH", f"/centres/{CENTRE}/users/{user_id}", eo_token, json={"permissions": ["entries", "results"]}
    )
    assert changed.status_code == 200, changed.text
    (membership,) = portal.call("GET", "/me", user_token).json()["memberships"]
    assert set(membership["permissions"]) == {"resources", "entries", "results"}

    # Forgotten password: a code by email, a new password, and the old one stops working.
    cognito.forgot_password(ClientId=portal.client_id, Username=email)
    newest = portal.mailbox(email)[0]
    assert "Portal access code" in newest["subject"]
    new_password = "z" * PASSWORD_MIN_LENGTH
    cognito.confirm_forgot_password(
        ClientId=portal.client_id,
        Username=email,
        ConfirmationCode=access_code(newest["text"]),
        Password=new_password,
    )
    with pytest.raises(ClientError):
        sign_in(cognito, portal.client_id, email, password, secret)
    sign_in(cognito, portal.client_id, email, new_password, secret)

    # The EO deletes the User: the token issued before is refused at that centre at once.
    deleted = portal.call("DELETE", f"/centres/{CENTRE}/users/{user_id}", eo_token)
    assert deleted.status_code == 204, deleted.text
    refused_now = portal.call("GET", f"/me/centres/{CENTRE}/services", user_token)
    assert refused_now.status_code == 403, refused_now.text
    assert refused_now.headers["Content-Type"].startswith("application/problem+json")
