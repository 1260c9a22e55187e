"""People made over real HTTP for the e2e tests, as the walkthrough makes one: invited by the
seeded Exams Officer, then through the first sign-in with boto3 (new password, authenticator app)."""

from __future__ import annotations

from typing import NamedTuple

from portal.constants import PASSWORD_MIN_LENGTH

from local.flows import first_sign_in
from tests.e2e.mail import temporary_password
from tests.e2e.portal import LocalPortal

CENTRE = "68101"


class NewUser(NamedTuple):
    user_id: str
    password: str
    totp_secret: str
    token: str  # an access token of the first sign-in


def new_user(
    portal: LocalPortal, email: str, given_name: str = "Siân", family_name: str = "Events"
) -> NewUser:
    """A User of the seeded centre, signed in once."""
    eo = portal.token(portal.account("exams_officer", CENTRE))
    invited = portal.call(
        "POST",
        f"/centres/{CENTRE}/users",
        eo,
        json={"email": email, "account_type": "user", "given_name": given_name, "family_name": family_name},
    )
    assert invited.status_code == 201, invited.text
    password = "p" * PASSWORD_MIN_LENGTH
    temporary = temporary_password(portal.mailbox(email)[0]["text"])
    tokens, secret = first_sign_in(portal.cognito(), portal.client_id, email, temporary, password)
    return NewUser(invited.json()["user_id"], password, secret, str(tokens["AccessToken"]))
