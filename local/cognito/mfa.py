"""TOTP set-up: a secret of the person's own at association, checked at verification."""

from __future__ import annotations

from local.cognito import totp
from local.cognito.errors import CognitoError
from local.cognito.hooks import Call, Kit


def before_associate(kit: Kit, call: Call) -> None:
    call.sub = kit.people.caller(call.body)


def after_associate(kit: Kit, call: Call) -> None:
    if call.sub:
        call.payload["SecretCode"] = kit.secrets.associate(call.sub)


def before_verify(kit: Kit, call: Call) -> None:
    call.sub = kit.people.caller(call.body)
    secret = kit.secrets.pending(call.sub) if call.sub else None
    if secret is None:
        return  # an unknown session or token: moto answers
    if call.typed_code is None:
        call.typed_code = str(call.body.get("UserCode", ""))
    if not totp.matches(secret, call.typed_code):
        raise CognitoError(
            "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA"
        )
    call.body["UserCode"] = call.moto_code = totp.moto_code()


def after_verify(kit: Kit, call: Call) -> None:
    if call.sub:
        kit.secrets.activate(call.sub)
    kit.people.remember(call.payload.get("Session"), call.sub, verified=bool(call.body.get("Session")))
