"""Forgotten passwords: the code mailed as Cognito would, and checked where moto does not."""

from __future__ import annotations

from typing import Any

from local.cognito import password_policy
from local.cognito.codes import MOTO_PREFIX, CodeCheck, ResetCodes
from local.cognito.errors import CognitoError
from local.cognito.hooks import Call, Kit


def masked_delivery(email: str) -> dict[str, str]:
    """Where Cognito says a code went: `a***@e***`."""
    local, _, domain = email.partition("@")
    return {
        "Destination": f"{local[:1]}***@{domain[:1]}***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }


def after_forgot(kit: Kit, call: Call) -> None:
    username = str(call.body.get("Username", ""))
    if "@" in username:  # the same masked form whether or not the person exists (moto's differs)
        call.payload["CodeDeliveryDetails"] = masked_delivery(username)
    if not (call.reset_code or "").startswith(MOTO_PREFIX):
        return  # no such user: Cognito answers the same and sends nothing
    user = kit.people.user(username)
    digits = kit.codes.issue(user.sub, str(call.reset_code))
    kit.triggers.forgot_password(
        user.username, user.attributes, digits, call.body.get("ClientMetadata") or {}
    )


def before_confirm_forgot(kit: Kit, call: Call) -> None:
    call.sub = kit.people.sub(str(call.body.get("Username", "")))
    typed = str(call.body.get("ConfirmationCode", ""))
    check = kit.codes.check(call.sub, typed) if call.sub else CodeCheck.MISMATCH
    if check == CodeCheck.MISMATCH:
        raise CognitoError("CodeMismatchException", "Invalid verification code provided, please try again.")
    if check in (CodeCheck.MISSING, CodeCheck.EXPIRED):
        raise CognitoError("ExpiredCodeException", "Invalid code provided, please request a code again.")
    password_policy.check(_policy(kit), str(call.body.get("Password", "")))
    call.body["ConfirmationCode"] = ResetCodes.for_moto(typed)


def after_confirm_forgot(kit: Kit, call: Call) -> None:
    if call.sub:
        kit.codes.used(call.sub)


def _policy(kit: Kit) -> dict[str, Any]:
    pool = kit.cognito.describe_user_pool(UserPoolId=kit.people.user_pool_id)["UserPool"]
    return dict(pool.get("Policies", {}).get("PasswordPolicy", {}))
