"""Sign-in: post-authentication after tokens are issued, and MFA challenges as Cognito poses them."""

from __future__ import annotations

import json

from local.cognito import totp
from local.cognito.errors import CognitoError
from local.cognito.hooks import Call, Kit
from local.cognito.people import token_sub

TOTP = "SOFTWARE_TOKEN_MFA"
REFRESH_FLOWS = frozenset({"REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"})


def after_initiate(kit: Kit, call: Call) -> None:
    username = (call.body.get("AuthParameters") or {}).get("USERNAME")
    call.sub = kit.people.sub(str(username)) if username else None
    kit.people.remember(call.payload.get("Session"), call.sub)
    _challenge_or_sign_in(kit, call)


def before_respond(kit: Kit, call: Call) -> None:
    responses = call.body.setdefault("ChallengeResponses", {})
    call.sub = kit.people.of_session(call.body.get("Session"))
    if call.sub is None and responses.get("USERNAME"):
        call.sub = kit.people.sub(str(responses["USERNAME"]))
    challenge = call.body.get("ChallengeName")
    if challenge == TOTP and call.sub is not None:
        secret = kit.secrets.active(call.sub)
        if call.typed_code is None:
            call.typed_code = str(responses.get("SOFTWARE_TOKEN_MFA_CODE", ""))
        if secret is not None:
            if not totp.matches(secret, call.typed_code):
                raise CognitoError("CodeMismatchException", "Invalid code received for user")
            responses["SOFTWARE_TOKEN_MFA_CODE"] = call.moto_code = totp.moto_code()
    if challenge == "MFA_SETUP" and not kit.people.verified(call.body.get("Session")):
        raise CognitoError("InvalidParameterException", "Verify a software token to complete MFA set-up")


def after_respond(kit: Kit, call: Call) -> None:
    kit.people.remember(call.payload.get("Session"), call.sub)
    parameters = call.payload.get("ChallengeParameters") or {}
    if isinstance(parameters.get("MFAS_CAN_SETUP"), list):  # Cognito sends a JSON string
        parameters["MFAS_CAN_SETUP"] = json.dumps(parameters["MFAS_CAN_SETUP"])
    result = call.payload.get("AuthenticationResult")
    if result and call.body.get("ChallengeName") == "MFA_SETUP":
        # Cognito turns TOTP on, preferred, once MFA set-up completes; moto does not.
        kit.cognito.set_user_mfa_preference(
            AccessToken=result["AccessToken"],
            SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
        )
    _challenge_or_sign_in(kit, call)


def _challenge_or_sign_in(kit: Kit, call: Call) -> None:
    payload = call.payload
    if payload.get("ChallengeName") == TOTP and call.sub and TOTP not in kit.people.user(call.sub).mfa:
        # moto still asks a person whose TOTP was reset for a code; Cognito asks them to set it up.
        payload["ChallengeName"] = "MFA_SETUP"
        payload["ChallengeParameters"] = {"MFAS_CAN_SETUP": json.dumps([TOTP])}
    result = payload.get("AuthenticationResult")
    if result and call.body.get("AuthFlow") not in REFRESH_FLOWS:
        sub = token_sub(result.get("AccessToken"))
        if sub is not None:
            user = kit.people.user(sub)
            kit.triggers.post_authentication(
                user.username, user.attributes, call.body.get("ClientMetadata") or {}
            )
