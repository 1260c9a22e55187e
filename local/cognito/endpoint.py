"""The Cognito endpoint clients use locally (`/_cognito`): Cognito's JSON API, as a browser or an
SDK calls it without IAM credentials, and the pool's two public documents; nothing else.

Every public operation Portal's clients make is answered here (signin.py, account.py,
devices.py, webauthn.py for passkeys), after its body has passed the checks Cognito makes of
every input (shapes.py).
Nothing goes on to moto: moto's own API, recorder and dashboard are not reachable through the
portal's origin. Operations that need IAM credentials in AWS (`Admin…`, pool management) are
refused: only Portal's functions make them, and they call moto directly, as they would call
Cognito with their role. What the pool's web ACL blocks for everyone (`DeleteUser`) is
`ForbiddenException`, as Cognito answers a call its web ACL blocks. A public operation not
emulated here gets Cognito's `UnsupportedOperationException`; a name Cognito does not have,
`UnknownOperationException`.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from portal import constants as c
from werkzeug.wrappers import Request, Response

from local.cognito import account, devices, shapes, signin, webauthn
from local.cognito.context import Context, Payload
from local.cognito.errors import AMZ_JSON, CognitoError
from local.cognito.wellknown import WellKnown
from local.quotas import Throttles

log = logging.getLogger("local.cognito")

TARGET_PREFIX = "AWSCognitoIdentityProviderService."
Operation = Callable[[Context, Payload], Payload]

OPERATIONS: dict[str, Operation] = {
    "InitiateAuth": signin.initiate_auth,
    "RespondToAuthChallenge": signin.respond_to_auth_challenge,
    "GetUser": account.get_user,
    "UpdateUserAttributes": account.update_user_attributes,
    "GetUserAttributeVerificationCode": account.get_user_attribute_verification_code,
    "VerifyUserAttribute": account.verify_user_attribute,
    "SetUserMFAPreference": account.set_user_mfa_preference,
    "ChangePassword": account.change_password,
    "GlobalSignOut": account.global_sign_out,
    "RevokeToken": account.revoke_token,
    "GetTokensFromRefreshToken": account.get_tokens_from_refresh_token,
    "ForgotPassword": account.forgot_password,
    "ConfirmForgotPassword": account.confirm_forgot_password,
    "SignUp": account.sign_up,
    "StartWebAuthnRegistration": webauthn.start_web_authn_registration,
    "CompleteWebAuthnRegistration": webauthn.complete_web_authn_registration,
    "ListWebAuthnCredentials": webauthn.list_web_authn_credentials,
    "DeleteWebAuthnCredential": webauthn.delete_web_authn_credential,
    "ConfirmSignUp": account.confirm_sign_up,
    "ResendConfirmationCode": account.resend_confirmation_code,
    "DeleteUserAttributes": account.delete_user_attributes,
    "SetUserSettings": account.set_user_settings,
    "ConfirmDevice": devices.one_device,
    "GetDevice": devices.one_device,
    "ListDevices": devices.list_devices,
    "ForgetDevice": devices.one_device,
    "UpdateDeviceStatus": devices.one_device,
}


def software_token(ctx: Context, body: Payload, in_session: Operation, with_token: Operation) -> Payload:
    """AssociateSoftwareToken and VerifySoftwareToken take a sign-in's Session or an AccessToken."""
    return in_session(ctx, body) if body.get("Session") else with_token(ctx, body)


OPERATIONS["AssociateSoftwareToken"] = lambda ctx, body: software_token(
    ctx, body, signin.associate_software_token_in_session, account.associate_software_token
)
OPERATIONS["VerifySoftwareToken"] = lambda ctx, body: software_token(
    ctx, body, signin.verify_software_token_in_session, account.verify_software_token
)


class CognitoEndpoint:
    def __init__(self, context: Context, well_known: WellKnown, throttles: Throttles | None = None) -> None:
        self.context = context
        self.well_known = well_known
        self._throttles = throttles or Throttles()

    def __call__(self, request: Request, path: str) -> Response:
        if request.method in ("GET", "HEAD"):
            return self.well_known.answer(path)
        if request.method != "POST" or path not in ("", "/"):
            return CognitoError("UnknownOperationException", "Unknown operation", 404).response()
        try:
            return self._operation(request)
        except CognitoError as error:
            return error.response()
        except Exception:  # a bug of the emulation: Cognito's own 500, never an HTML page
            log.exception("the local Cognito failed")
            return CognitoError("InternalErrorException", "Internal error", 500).response()

    def _operation(self, request: Request) -> Response:
        name = request.headers.get("X-Amz-Target", "").removeprefix(TARGET_PREFIX)
        if name in c.COGNITO_BLOCKED_OPERATIONS:  # the pool's web ACL, before Cognito sees the call
            raise CognitoError("ForbiddenException", "Request blocked by the user pool's web ACL.")
        model = shapes.operation(name)
        if model is None:
            raise CognitoError("UnknownOperationException", "Unknown operation")
        if not shapes.is_public(model):
            raise _refusal(request)
        if name not in OPERATIONS:
            raise CognitoError("UnsupportedOperationException", f"{name} is not emulated by the local portal")
        body = _body(request)
        shapes.check(model, body)
        if self._throttles.refused("cognito-idp", name):  # the account's quota, as Cognito says it
            raise CognitoError("TooManyRequestsException", "Rate exceeded")
        return _json(OPERATIONS[name](self.context, body))


def _body(request: Request) -> Payload:
    """The JSON object sent; anything else is Cognito's SerializationException."""
    try:
        body = json.loads(request.get_data() or b"{}", parse_constant=_not_json)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, nested too deep, too long a number
        raise CognitoError("SerializationException", "the body is not a JSON object") from None
    if not isinstance(body, dict):
        raise CognitoError("SerializationException", "the body is not a JSON object")
    return body


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _refusal(request: Request) -> CognitoError:
    """What Cognito answers a call that needs IAM credentials: none are valid here."""
    if not request.headers.get("Authorization"):
        return CognitoError("MissingAuthenticationTokenException", "Missing Authentication Token")
    return CognitoError(
        "UnrecognizedClientException", "The security token included in the request is invalid."
    )


def _json(payload: Payload) -> Response:
    return Response(json.dumps(payload), status=200, content_type=AMZ_JSON)
