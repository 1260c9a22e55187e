"""A browser's side of the sign-in, driven against the state machine directly."""

from __future__ import annotations

import json
from typing import Any

import pyotp
from pycognito.aws_srp import AWSSRP

from local.cognito import endpoint
from local.cognito.context import Context
from local.cognito.errors import CognitoError

PASSWORD = "a long new password"


def call(ctx: Context, operation: str, **body: Any) -> dict[str, Any]:
    return endpoint.OPERATIONS[operation](ctx, json.loads(json.dumps(body)))


def error_of(ctx: Context, operation: str, **body: Any) -> str:
    try:
        call(ctx, operation, **body)
    except CognitoError as error:
        return error.kind
    raise AssertionError(f"{operation} was not refused")


def srp(ctx: Context, client_id: str, email: str, password: str) -> dict[str, Any]:
    """USER_SRP_AUTH then PASSWORD_VERIFIER, with pycognito's client-side maths."""
    helper = AWSSRP(email, password, ctx.store.user_pool_id, client_id, client=object())
    parameters = helper.get_auth_params()
    started = call(
        ctx, "InitiateAuth", ClientId=client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=parameters
    )
    assert started["ChallengeName"] == "PASSWORD_VERIFIER"
    answers = helper.process_challenge(started["ChallengeParameters"], parameters)
    return call(
        ctx,
        "RespondToAuthChallenge",
        ClientId=client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=answers,
    )


def password_auth(ctx: Context, client_id: str, email: str, password: str) -> dict[str, Any]:
    return call(
        ctx,
        "InitiateAuth",
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )


def answer(ctx: Context, client_id: str, step: dict[str, Any], **responses: str) -> dict[str, Any]:
    return call(
        ctx,
        "RespondToAuthChallenge",
        ClientId=client_id,
        ChallengeName=step["ChallengeName"],
        Session=step["Session"],
        ChallengeResponses={"USERNAME": "ignored", **responses},
    )


def set_up_totp(ctx: Context, client_id: str, step: dict[str, Any]) -> tuple[dict[str, Any], str]:
    assert step["ChallengeName"] == "MFA_SETUP", step
    associated = call(ctx, "AssociateSoftwareToken", Session=step["Session"])
    secret = associated["SecretCode"]
    verified = call(
        ctx,
        "VerifySoftwareToken",
        Session=associated["Session"],
        UserCode=pyotp.TOTP(secret).at(int(ctx.clock())),
    )
    done = call(
        ctx,
        "RespondToAuthChallenge",
        ClientId=client_id,
        ChallengeName="MFA_SETUP",
        Session=verified["Session"],
        ChallengeResponses={"USERNAME": "ignored"},
    )
    return done, secret
