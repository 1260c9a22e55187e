"""The Cognito endpoint clients use locally (`/_cognito`): Cognito's JSON API, as a browser or an
SDK calls it without IAM credentials.

Every sign-in and account operation a frontend makes is answered here (signin.py, account.py,
webauthn.py for passkeys);
the few other public operations (devices, DeleteUser) go on to moto. Operations that need IAM
credentials in AWS (`Admin…`, pool management) are refused: only Portal's functions make them,
and they call moto directly, as they would call Cognito with their role.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import requests
from werkzeug.wrappers import Request, Response

from local.cognito import account, signin, webauthn
from local.cognito.context import Context, Payload
from local.cognito.errors import AMZ_JSON, CognitoError
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
}
# Public (unsigned) operations left to moto, which checks their access tokens itself.
FORWARDED = frozenset(
    {
        "DeleteUser",
        "DeleteUserAttributes",
        "ConfirmDevice",
        "ForgetDevice",
        "GetDevice",
        "ListDevices",
        "UpdateDeviceStatus",
        "ConfirmSignUp",
        "ResendConfirmationCode",
        "SetUserSettings",
    }
)


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
    def __init__(self, moto_endpoint: str, context: Context, throttles: Throttles | None = None) -> None:
        self._moto = moto_endpoint.rstrip("/")
        self.context = context
        self._throttles = throttles or Throttles()
        self._http = requests.Session()

    def __call__(self, request: Request, path: str) -> Response:
        if request.method == "GET":  # the pool's JWKS, at Cognito's path
            upstream = self._http.get(f"{self._moto}/{path.lstrip('/')}", timeout=30)
            return Response(
                upstream.content, upstream.status_code, content_type=upstream.headers.get("Content-Type")
            )
        operation = request.headers.get("X-Amz-Target", "").removeprefix(TARGET_PREFIX)
        try:
            body = json.loads(request.get_data() or b"{}")
            if not isinstance(body, dict):
                raise ValueError("not an object")
        except ValueError:
            return CognitoError("SerializationException", "the body is not a JSON object").response()
        if self._throttles.refused("cognito-idp", operation):  # the account's quota, as Cognito says it
            return CognitoError("TooManyRequestsException", "Rate exceeded").response()
        try:
            if operation in OPERATIONS:
                return _json(OPERATIONS[operation](self.context, body))
            if operation in FORWARDED:
                return self._forward(request)
            raise _refusal(request)
        except CognitoError as error:
            return error.response()

    def _forward(self, request: Request) -> Response:
        headers = {h: request.headers[h] for h in ("Content-Type", "X-Amz-Target") if h in request.headers}
        upstream = self._http.post(f"{self._moto}/", data=request.get_data(), headers=headers, timeout=30)
        return Response(upstream.content, upstream.status_code, content_type=AMZ_JSON)


def _refusal(request: Request) -> CognitoError:
    """What Cognito answers a call that needs IAM credentials: none are valid here."""
    if not request.headers.get("Authorization"):
        return CognitoError("MissingAuthenticationTokenException", "Missing Authentication Token")
    return CognitoError(
        "UnrecognizedClientException", "The security token included in the request is invalid."
    )


def _json(payload: Payload) -> Response:
    return Response(json.dumps(payload), status=200, content_type=AMZ_JSON)
