"""The Cognito endpoint clients use locally: every call forwarded to moto, with Cognito's extras.

Hooks run before and after the calls that need them (see docs/local-portal.md):
- a successful sign-in runs the post-authentication trigger (not on refresh, as in Cognito);
- ForgotPassword mails the code, worded by the custom message trigger; ConfirmForgotPassword
  checks it and the password policy;
- TOTP secrets are per person, and MFA set-up must verify a code before it completes;
- a person whose TOTP was reset is asked to set it up again instead of for a code.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

import jwt
import requests
from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
from werkzeug.wrappers import Request, Response

from local.cognito import password_policy, totp
from local.cognito.codes import MOTO_PREFIX, CodeCheck, ResetCodes
from local.cognito.errors import AMZ_JSON, CognitoError
from local.cognito.triggers import Pool, Triggers

log = logging.getLogger("local.cognito")

TARGET_PREFIX = "AWSCognitoIdentityProviderService."
MOTO_CODE_HEADER = "x-moto-forgot-password-confirmation-code"
FORWARDED_HEADERS = (
    "Content-Type",
    "X-Amz-Target",
    "Authorization",
    "X-Amz-Date",
    "X-Amz-Security-Token",
    "User-Agent",
)
REFRESH_FLOWS = frozenset({"REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"})
TOTP = "SOFTWARE_TOKEN_MFA"

Payload = dict[str, Any]


def masked_delivery(email: str) -> dict[str, str]:
    """Where Cognito says a code went: `a***@e***`."""
    local, _, domain = email.partition("@")
    return {
        "Destination": f"{local[:1]}***@{domain[:1]}***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }


def fold_usernames(body: Payload) -> None:
    """Cognito's usernames are case-insensitive (the pool's default); moto's are not. Portal's
    users are named by their lower-cased email, so an email typed in any case is lower-cased."""
    for holder, key in ((body, "Username"), (body.get("AuthParameters"), "USERNAME")):
        if isinstance(holder, dict) and "@" in str(holder.get(key, "")):
            holder[key] = str(holder[key]).lower()
    responses = body.get("ChallengeResponses")
    if isinstance(responses, dict) and "@" in str(responses.get("USERNAME", "")):
        responses["USERNAME"] = str(responses["USERNAME"]).lower()


class CognitoProxy:
    def __init__(
        self,
        moto_endpoint: str,
        pool: Pool,
        cognito: CognitoIdentityProviderClient,
        triggers: Triggers,
        secrets: totp.TotpSecrets | None = None,
        codes: ResetCodes | None = None,
    ) -> None:
        self._moto = moto_endpoint.rstrip("/")
        self._pool = pool
        self._cognito = cognito
        self._triggers = triggers
        self.secrets = secrets or totp.TotpSecrets()
        self._codes = codes or ResetCodes()
        self._http = requests.Session()
        self._lock = threading.Lock()
        self._session_subs: dict[str, str] = {}
        self._verified_sessions: set[str] = set()
        self._policy: dict[str, Any] | None = None

    # --- HTTP -------------------------------------------------------------------------------

    def __call__(self, request: Request, path: str) -> Response:
        if request.method == "GET":  # the pool's JWKS, at Cognito's path
            upstream = self._http.get(f"{self._moto}/{path.lstrip('/')}", timeout=30)
            return Response(
                upstream.content, upstream.status_code, content_type=upstream.headers.get("Content-Type")
            )
        operation = request.headers.get("X-Amz-Target", "").removeprefix(TARGET_PREFIX)
        try:
            body: Payload = json.loads(request.get_data() or b"{}")
        except ValueError:
            return CognitoError("SerializationException", "the body is not JSON").response()
        headers = {h: request.headers[h] for h in FORWARDED_HEADERS if h in request.headers}
        try:
            return self._call(operation, body, headers)
        except CognitoError as error:
            return error.response()

    def _call(self, operation: str, body: Payload, headers: dict[str, str]) -> Response:
        fold_usernames(body)
        before, after = HOOKS.get(operation, (None, None))
        context: Payload = {}
        if before is not None:
            before(self, body, context)
        status, payload, code_header = self._forward(headers, body)
        if status == 400 and payload.get("__type") == "CodeMismatchException" and context.get("moto_code"):
            # moto checks the current 30-second step only: one retry covers a step boundary.
            if before is not None:
                before(self, body, context)
            status, payload, code_header = self._forward(headers, body)
        if status == 200 and after is not None:
            context["moto_reset_code"] = code_header
            after(self, body, payload, context)
        return Response(json.dumps(payload), status=status, content_type=AMZ_JSON)

    def _forward(self, headers: dict[str, str], body: Payload) -> tuple[int, Payload, str | None]:
        upstream = self._http.post(f"{self._moto}/", data=json.dumps(body), headers=headers, timeout=30)
        try:
            payload = upstream.json() if upstream.content else {}
        except ValueError:
            payload = {"__type": "InternalErrorException", "message": upstream.text[:200]}
        return upstream.status_code, payload, upstream.headers.get(MOTO_CODE_HEADER)

    # --- who is who -------------------------------------------------------------------------

    def _user(self, username: str) -> tuple[str, dict[str, str], list[str]]:
        """(Cognito username, attributes, TOTP/SMS MFA enabled) of a user, by email or sub."""
        user = self._cognito.admin_get_user(UserPoolId=self._pool.user_pool_id, Username=username)
        attributes = {a["Name"]: a.get("Value", "") for a in user.get("UserAttributes", [])}
        attributes["cognito:user_status"] = user.get("UserStatus", "CONFIRMED")
        return user["Username"], attributes, list(user.get("UserMFASettingList", []))

    def _sub(self, username: str) -> str | None:
        try:
            return self._user(username)[1].get("sub")
        except self._cognito.exceptions.UserNotFoundException:
            return None

    def _remember(self, session: str | None, sub: str | None) -> None:
        if session and sub:
            with self._lock:
                self._session_subs[session] = sub

    def _session_sub(self, session: str | None) -> str | None:
        with self._lock:
            return self._session_subs.get(session or "")

    @staticmethod
    def _token_sub(token: str | None) -> str | None:
        """The `sub` of an access token moto issued (moto itself checks the token when called)."""
        try:
            return str(jwt.decode(token or "", options={"verify_signature": False})["sub"])
        except (jwt.PyJWTError, KeyError):
            return None

    def _caller_sub(self, body: Payload) -> str | None:
        return (
            self._session_sub(body.get("Session"))
            if body.get("Session")
            else self._token_sub(body.get("AccessToken"))
        )

    # --- sign-in ----------------------------------------------------------------------------

    def _after_initiate(self, body: Payload, payload: Payload, context: Payload) -> None:
        username = (body.get("AuthParameters") or {}).get("USERNAME")
        sub = self._sub(username) if username else None
        self._remember(payload.get("Session"), sub)
        self._challenge_or_sign_in(body, payload, sub)

    def _challenge_or_sign_in(self, body: Payload, payload: Payload, sub: str | None) -> None:
        if payload.get("ChallengeName") == TOTP and sub is not None and TOTP not in self._user(sub)[2]:
            # moto still asks a person whose TOTP was reset for a code; Cognito asks them to set it up.
            payload["ChallengeName"] = "MFA_SETUP"
            payload["ChallengeParameters"] = {"MFAS_CAN_SETUP": json.dumps([TOTP])}
        result = payload.get("AuthenticationResult")
        if result and body.get("AuthFlow") not in REFRESH_FLOWS:
            self._signed_in(result, body)

    def _signed_in(self, result: Payload, body: Payload) -> None:
        sub = self._token_sub(result.get("AccessToken"))
        if sub is None:
            return
        username, attributes, _ = self._user(sub)
        self._triggers.post_authentication(username, attributes, body.get("ClientMetadata") or {})

    def _before_respond(self, body: Payload, context: Payload) -> None:
        responses = body.setdefault("ChallengeResponses", {})
        sub = self._session_sub(body.get("Session"))
        if sub is None and responses.get("USERNAME"):
            sub = self._sub(str(responses["USERNAME"]))
        context["sub"] = sub
        challenge = body.get("ChallengeName")
        if challenge == TOTP and sub is not None:
            secret = self.secrets.active(sub)
            typed = context.setdefault("typed", str(responses.get("SOFTWARE_TOKEN_MFA_CODE", "")))
            if secret is not None:
                if not totp.matches(secret, typed):
                    raise CognitoError("CodeMismatchException", "Invalid code received for user")
                responses["SOFTWARE_TOKEN_MFA_CODE"] = context["moto_code"] = totp.moto_code()
        if challenge == "MFA_SETUP":
            with self._lock:
                verified = body.get("Session") in self._verified_sessions
            if not verified:
                raise CognitoError(
                    "InvalidParameterException", "Verify a software token before completing MFA set-up"
                )

    def _after_respond(self, body: Payload, payload: Payload, context: Payload) -> None:
        self._remember(payload.get("Session"), context.get("sub"))
        parameters = payload.get("ChallengeParameters") or {}
        if isinstance(parameters.get("MFAS_CAN_SETUP"), list):  # Cognito sends a JSON string
            parameters["MFAS_CAN_SETUP"] = json.dumps(parameters["MFAS_CAN_SETUP"])
        result = payload.get("AuthenticationResult")
        if result and body.get("ChallengeName") == "MFA_SETUP":
            # Cognito turns TOTP on, preferred, once MFA set-up completes; moto does not.
            self._cognito.set_user_mfa_preference(
                AccessToken=result["AccessToken"],
                SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
            )
        self._challenge_or_sign_in(body, payload, context.get("sub"))

    # --- TOTP -------------------------------------------------------------------------------

    def _before_associate(self, body: Payload, context: Payload) -> None:
        context["sub"] = self._caller_sub(body)

    def _after_associate(self, body: Payload, payload: Payload, context: Payload) -> None:
        if context.get("sub"):
            payload["SecretCode"] = self.secrets.associate(context["sub"])

    def _before_verify(self, body: Payload, context: Payload) -> None:
        sub = context["sub"] = self._caller_sub(body)
        secret = self.secrets.pending(sub) if sub else None
        if sub is None or secret is None:
            return  # an unknown session or token: moto answers
        typed = context.setdefault("typed", str(body.get("UserCode", "")))
        if not totp.matches(secret, typed):
            raise CognitoError(
                "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA"
            )
        body["UserCode"] = context["moto_code"] = totp.moto_code()

    def _after_verify(self, body: Payload, payload: Payload, context: Payload) -> None:
        sub = context.get("sub")
        if sub:
            self.secrets.activate(sub)
        self._remember(payload.get("Session"), sub)
        if payload.get("Session") and body.get("Session"):
            with self._lock:
                self._verified_sessions.add(payload["Session"])

    # --- forgotten password -----------------------------------------------------------------

    def _after_forgot(self, body: Payload, payload: Payload, context: Payload) -> None:
        username = str(body.get("Username", ""))
        if "@" in username:  # the same masked form whether or not the person exists (moto's differs)
            payload["CodeDeliveryDetails"] = masked_delivery(username)
        moto_code = str(context.get("moto_reset_code") or "")
        if not moto_code.startswith(MOTO_PREFIX):
            return  # no such user: Cognito answers the same and sends nothing
        name, attributes, _ = self._user(username)
        digits = self._codes.issue(attributes["sub"], moto_code)
        self._triggers.forgot_password(name, attributes, digits, body.get("ClientMetadata") or {})

    def _before_confirm_forgot(self, body: Payload, context: Payload) -> None:
        sub = self._sub(str(body.get("Username", "")))
        typed = str(body.get("ConfirmationCode", ""))
        check = self._codes.check(sub, typed) if sub else CodeCheck.MISMATCH
        if check == CodeCheck.MISMATCH:
            raise CognitoError(
                "CodeMismatchException", "Invalid verification code provided, please try again."
            )
        if check in (CodeCheck.MISSING, CodeCheck.EXPIRED):
            raise CognitoError("ExpiredCodeException", "Invalid code provided, please request a code again.")
        password_policy.check(self._password_policy(), str(body.get("Password", "")))
        body["ConfirmationCode"] = ResetCodes.for_moto(typed)
        context["sub"] = sub

    def _after_confirm_forgot(self, body: Payload, payload: Payload, context: Payload) -> None:
        self._codes.used(context["sub"])

    def _password_policy(self) -> dict[str, Any]:
        if self._policy is None:
            pool = self._cognito.describe_user_pool(UserPoolId=self._pool.user_pool_id)["UserPool"]
            self._policy = dict(pool.get("Policies", {}).get("PasswordPolicy", {}))
        return self._policy


Before = Callable[[CognitoProxy, Payload, Payload], None]
After = Callable[[CognitoProxy, Payload, Payload, Payload], None]

HOOKS: dict[str, tuple[Before | None, After | None]] = {
    "InitiateAuth": (None, CognitoProxy._after_initiate),
    "AdminInitiateAuth": (None, CognitoProxy._after_initiate),
    "RespondToAuthChallenge": (CognitoProxy._before_respond, CognitoProxy._after_respond),
    "AdminRespondToAuthChallenge": (CognitoProxy._before_respond, CognitoProxy._after_respond),
    "AssociateSoftwareToken": (CognitoProxy._before_associate, CognitoProxy._after_associate),
    "VerifySoftwareToken": (CognitoProxy._before_verify, CognitoProxy._after_verify),
    "ForgotPassword": (None, CognitoProxy._after_forgot),
    "ConfirmForgotPassword": (CognitoProxy._before_confirm_forgot, CognitoProxy._after_confirm_forgot),
}
