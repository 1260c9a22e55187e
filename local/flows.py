"""Signing in as a person does, through the local Cognito endpoint: used by the seed and the tests.

These helpers take the client that a frontend would have (`cognito-idp` pointed at the local
portal) and use the flow the local app client allows: USER_PASSWORD_AUTH, then MFA.
"""

from __future__ import annotations

from typing import Any

import pyotp
from mypy_boto3_cognito_idp import CognitoIdentityProviderClient


def totp_code(secret: str) -> str:
    return str(pyotp.TOTP(secret).now())


def first_sign_in(
    cognito: CognitoIdentityProviderClient,
    client_id: str,
    email: str,
    temporary_password: str,
    new_password: str,
    totp_secret: str | None = None,
) -> tuple[dict[str, Any], str]:
    """Temporary password → new password → TOTP set-up. Returns the tokens and the TOTP secret
    (the one Cognito handed out; `totp_secret` only says what the caller expects, if anything)."""
    started = cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": temporary_password},
    )
    assert started.get("ChallengeName") == "NEW_PASSWORD_REQUIRED", started.get("ChallengeName")
    answered = cognito.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=started["Session"],
        ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": new_password},
    )
    assert answered.get("ChallengeName") == "MFA_SETUP", answered.get("ChallengeName")
    return set_up_totp(cognito, client_id, email, answered["Session"], totp_secret)


def set_up_totp(
    cognito: CognitoIdentityProviderClient,
    client_id: str,
    email: str,
    session: str,
    expected_secret: str | None = None,
) -> tuple[dict[str, Any], str]:
    """Answer an MFA_SETUP challenge with an authenticator app's code."""
    associated = cognito.associate_software_token(Session=session)
    secret = associated["SecretCode"]
    if expected_secret is not None and secret != expected_secret:
        raise RuntimeError("Cognito handed out another TOTP secret than expected")
    verified = cognito.verify_software_token(
        Session=associated["Session"], UserCode=totp_code(secret), FriendlyDeviceName="authenticator"
    )
    done = cognito.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="MFA_SETUP",
        Session=verified["Session"],
        ChallengeResponses={"USERNAME": email},
    )
    return dict(done["AuthenticationResult"]), secret


def sign_in(
    cognito: CognitoIdentityProviderClient, client_id: str, email: str, password: str, totp_secret: str
) -> dict[str, Any]:
    """Password, then the TOTP code: the tokens of a person whose MFA is set up."""
    started = cognito.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )
    assert started.get("ChallengeName") == "SOFTWARE_TOKEN_MFA", started.get("ChallengeName")
    done = cognito.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="SOFTWARE_TOKEN_MFA",
        Session=started["Session"],
        ChallengeResponses={"USERNAME": email, "SOFTWARE_TOKEN_MFA_CODE": totp_code(totp_secret)},
    )
    return dict(done["AuthenticationResult"])
