"""What a person does with their own account through Cognito's public API: calls authorised by an
access token (attributes, MFA, password, sign-out), tokens, and a forgotten password.

The app client's read and write attributes are enforced as Cognito enforces them: GetUser shows
only readable attributes, and writing any attribute but the writable ones (Portal's client: only
`timezone`) is refused. A forgotten password's code goes by the medium the pool's
AccountRecoverySetting gives (`constants.ACCOUNT_RECOVERY`, which the stack reads too).
"""

from __future__ import annotations

import pyotp

from local.cognito import moto_patches, signals, webauthn
from local.cognito.codes import FORGOT_PASSWORD_VALIDITY, VERIFICATION_VALIDITY
from local.cognito.context import Context, Payload, delivery, masked_email
from local.cognito.errors import CognitoError
from local.cognito.signin import UNAUTHORIZED_ATTRIBUTE, totp_matches
from local.cognito.store import EMAIL, SMS, TOTP

VERIFIABLE = {"email": "EMAIL", "phone_number": "SMS"}


def get_user(ctx: Context, body: Payload) -> Payload:
    _, person, client = ctx.caller(body)
    readable = set(client.get("ReadAttributes") or person.attributes) | {"sub"}
    return {
        "Username": person.username,
        "UserAttributes": [{"Name": k, "Value": v} for k, v in person.attributes.items() if k in readable],
        "MFAOptions": [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]
        if SMS in person.mfa
        else [],
        "UserMFASettingList": list(person.mfa),
        **({"PreferredMfaSetting": person.preferred} if person.preferred else {}),
    }


def update_user_attributes(ctx: Context, body: Payload) -> Payload:
    _, person, client = ctx.caller(body)
    values = {str(a["Name"]): str(a.get("Value", "")) for a in body.get("UserAttributes") or []}
    writable = client.get("WriteAttributes") or []
    if any(name not in writable for name in values):
        raise UNAUTHORIZED_ATTRIBUTE
    changed = {k: v for k, v in values.items() if person.attributes.get(k) != v}
    for name in VERIFIABLE:
        if name in changed:
            changed[f"{name}_verified"] = "false"
    ctx.store.set_attributes(person.sub, changed)
    return {"CodeDeliveryDetailsList": []}


def get_user_attribute_verification_code(ctx: Context, body: Payload) -> Payload:
    _, person, _ = ctx.caller(body)
    attribute = str(body.get("AttributeName", ""))
    if attribute not in VERIFIABLE or not person.attributes.get(attribute):
        raise CognitoError("InvalidParameterException", f"{attribute} cannot be verified")
    code = ctx.codes.issue(("verify", person.sub, attribute), VERIFICATION_VALIDITY)
    medium = VERIFIABLE[attribute]
    ctx.triggers.send_code("CustomMessage_VerifyUserAttribute", person, code, by_sms=medium == "SMS")
    return {"CodeDeliveryDetails": delivery(medium, person)}


def verify_user_attribute(ctx: Context, body: Payload) -> Payload:
    _, person, _ = ctx.caller(body)
    attribute = str(body.get("AttributeName", ""))
    ctx.codes.use(("verify", person.sub, attribute), str(body.get("Code", "")))
    ctx.store.set_attributes(person.sub, {f"{attribute}_verified": "true"})
    return {}


def set_user_mfa_preference(ctx: Context, body: Payload) -> Payload:
    """SMS, TOTP and email MFA, and passkey MFA (WebAuthnMfaSettings: a passkey with user
    verification then satisfies the pool's MFA), which needs another MFA method on beside it."""
    _, person, _ = ctx.caller(body)
    pool = ctx.pool()
    factors = pool["Factors"]
    current = {
        "SMSMfaSettings": SMS in person.mfa,
        "SoftwareTokenMfaSettings": TOTP in person.mfa,
        "EmailMfaSettings": EMAIL in person.mfa,
    }
    factor_configuration = (pool.get("WebAuthnConfiguration") or {}).get("FactorConfiguration")
    multi_factor = factor_configuration == webauthn.MULTI_FACTOR
    problem = moto_patches.passkey_mfa_problem(body, current, person.passkey_mfa, multi_factor)
    if problem:
        raise CognitoError("InvalidParameterException", problem)
    for factor, key in (
        (TOTP, "SoftwareTokenMfaSettings"),
        (SMS, "SMSMfaSettings"),
        (EMAIL, "EmailMfaSettings"),
    ):
        settings = body.get(key)
        if settings is None:
            continue
        enabled, preferred = bool(settings.get("Enabled")), bool(settings.get("PreferredMfa"))
        if enabled and factor not in factors:
            raise CognitoError("InvalidParameterException", f"{factor} is not enabled for this user pool")
        if enabled and factor == TOTP and ctx.store.totp_secret(person.sub) is None:
            raise CognitoError("InvalidParameterException", "User has not verified software token mfa")
        if enabled and factor == SMS and not person.phone:
            raise CognitoError(
                "InvalidParameterException", "User does not have delivery config set to turn on SMS_MFA"
            )
        ctx.store.enable_mfa(person.sub, factor, enabled, preferred if enabled else False)
    if body.get("WebAuthnMfaSettings") is not None:
        ctx.store.set_passkey_mfa(person.sub, bool(body["WebAuthnMfaSettings"].get("Enabled")))
    sent = {
        k: body[k] for k in ("SoftwareTokenMfaSettings", "SMSMfaSettings", "EmailMfaSettings") if k in body
    }
    ctx.triggers.api_call("SetUserMFAPreference", person, sent)
    return {}


def associate_software_token(ctx: Context, body: Payload) -> Payload:
    _, person, _ = ctx.caller(body)
    secret = ctx.reserved_totp.pop(person.sub, None) or pyotp.random_base32()
    ctx.pending_totp[person.sub] = secret
    return {"SecretCode": secret}


def verify_software_token(ctx: Context, body: Payload) -> Payload:
    _, person, _ = ctx.caller(body)
    secret = ctx.pending_totp.get(person.sub)
    if secret is None or not totp_matches(secret, str(body.get("UserCode", "")), ctx.clock()):
        raise CognitoError(
            "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA"
        )
    ctx.store.set_totp_secret(person.sub, ctx.pending_totp.pop(person.sub))
    return {"Status": "SUCCESS"}


def change_password(ctx: Context, body: Payload) -> Payload:
    _, person, _ = ctx.caller(body)
    if not ctx.store.password_matches(person.sub, str(body.get("PreviousPassword", ""))):
        raise CognitoError("NotAuthorizedException", "Incorrect username or password.")
    proposed = str(body.get("ProposedPassword", ""))
    ctx.check_password(proposed)
    ctx.store.set_password(person.sub, proposed)
    ctx.triggers.api_call("ChangePassword", person)
    return {}


def global_sign_out(ctx: Context, body: Payload) -> Payload:
    _, person, _ = ctx.caller(body)
    ctx.store.sign_out(person.sub)
    return {}


def revoke_token(ctx: Context, body: Payload) -> Payload:
    client_id = str(body.get("ClientId", ""))
    ctx.client(client_id)
    ctx.tokens.revoke(str(body.get("Token", "")), client_id)
    return {}


def get_tokens_from_refresh_token(ctx: Context, body: Payload) -> Payload:
    client_id = str(body.get("ClientId", ""))
    client = ctx.client(client_id)
    rotate = (client.get("RefreshTokenRotation") or {}).get("Feature") == "ENABLED"
    result = ctx.tokens.refresh(str(body.get("RefreshToken", "")), client_id, client, rotate)
    return {"AuthenticationResult": result}


def forgot_password(ctx: Context, body: Payload) -> Payload:
    ctx.client(body.get("ClientId"))
    username = str(body.get("Username", ""))
    person = ctx.store.find(username)
    if person is None:  # the same answer, and nothing sent
        return {
            "CodeDeliveryDetails": {
                "Destination": masked_email(username),
                "DeliveryMedium": "EMAIL",
                "AttributeName": "email",
            }
        }
    if person.status == "FORCE_CHANGE_PASSWORD" or not person.enabled:
        raise CognitoError("NotAuthorizedException", "User password cannot be reset in the current state.")
    medium = ctx.recovery(person)
    code = ctx.codes.issue(("forgot", person.sub), FORGOT_PASSWORD_VALIDITY)
    ctx.triggers.send_code(
        "CustomMessage_ForgotPassword", person, code, medium == "SMS", body.get("ClientMetadata") or {}
    )
    return {"CodeDeliveryDetails": delivery(medium, person)}


def confirm_forgot_password(ctx: Context, body: Payload) -> Payload:
    ctx.client(body.get("ClientId"))
    person = ctx.store.find(str(body.get("Username", "")))
    if person is None:
        raise CognitoError("CodeMismatchException", "Invalid verification code provided, please try again.")
    password = str(body.get("Password", ""))
    ctx.check_password(password)
    ctx.codes.use(("forgot", person.sub), str(body.get("ConfirmationCode", "")))
    ctx.store.set_password(person.sub, password)
    ctx.triggers.api_call(
        "ConfirmForgotPassword", person, {"clientId": body.get("ClientId"), "username": signals.HIDDEN}
    )
    return {}


def sign_up(ctx: Context, body: Payload) -> Payload:
    ctx.client(body.get("ClientId"))
    if (ctx.pool().get("AdminCreateUserConfig") or {}).get("AllowAdminCreateUserOnly"):
        raise CognitoError("NotAuthorizedException", "SignUp is not permitted for this user pool")
    raise CognitoError("InvalidParameterException", "SignUp is not emulated locally")


def confirm_sign_up(ctx: Context, body: Payload) -> Payload:
    """Confirms a person who signed up: in Portal's pool nobody signs up (SignUp is refused), so
    nobody is ever UNCONFIRMED and every call is refused, as Cognito refuses it, before any code is
    looked at. An invited person (FORCE_CHANGE_PASSWORD) stays invited: only their first sign-in,
    with the emailed temporary password, makes them CONFIRMED."""
    ctx.client(body.get("ClientId"))
    person = ctx.store.find(str(body.get("Username", "")))
    if person is None:  # the pool prevents user existence errors: a code that cannot match
        raise CognitoError("CodeMismatchException", "Invalid verification code provided, please try again.")
    raise CognitoError(
        "NotAuthorizedException", f"User cannot be confirmed. Current status is {person.status}"
    )


def resend_confirmation_code(ctx: Context, body: Payload) -> Payload:
    """A sign-up's code again: nobody in Portal's pool waits for one (admin-created people need no
    confirmation), so a known person is already confirmed; an unknown one gets the same masked
    answer as a real one would and nothing is sent (the pool prevents user existence errors)."""
    ctx.client(body.get("ClientId"))
    username = str(body.get("Username", ""))
    if ctx.store.find(username) is not None:
        raise CognitoError("InvalidParameterException", "User is already confirmed.")
    return {
        "CodeDeliveryDetails": {
            "Destination": masked_email(username),
            "DeliveryMedium": "EMAIL",
            "AttributeName": "email",
        }
    }


def delete_user_attributes(ctx: Context, body: Payload) -> Payload:
    """Deleting an attribute writes it: only the client's writable attributes may go."""
    _, person, client = ctx.caller(body)
    names = [str(name) for name in body.get("UserAttributeNames") or []]
    writable = client.get("WriteAttributes") or []
    if any(name not in writable for name in names):
        raise UNAUTHORIZED_ATTRIBUTE
    ctx.store.delete_attributes(person.sub, names)
    return {}


def set_user_settings(ctx: Context, body: Payload) -> Payload:
    """The old way of turning SMS MFA on (an SMS option) or off (no options); Cognito takes only
    SMS here, and needs the person's phone number for it."""
    _, person, _ = ctx.caller(body)
    options = body.get("MFAOptions") or []
    if any(o.get("DeliveryMedium") != "SMS" or o.get("AttributeName") != "phone_number" for o in options):
        raise CognitoError("InvalidParameterException", "Only SMS MFA with phone_number can be set here")
    if options and SMS not in ctx.pool()["Factors"]:
        raise CognitoError("InvalidParameterException", "SMS_MFA is not enabled for this user pool")
    if options and not person.phone:
        raise CognitoError(
            "InvalidParameterException", "User does not have delivery config set to turn on SMS_MFA"
        )
    ctx.store.enable_mfa(person.sub, SMS, bool(options))
    return {}
