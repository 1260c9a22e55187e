"""The Cognito endpoint clients use locally: every call forwarded to moto, with Cognito's extras.

The hooks (`signin`, `mfa`, `recovery`) run before and after the calls that need them; every
other call passes through untouched. docs/local-portal.md lists what each adds.
"""

from __future__ import annotations

import json

import requests
from werkzeug.wrappers import Request, Response

from local.cognito import mfa, recovery, signin
from local.cognito.errors import AMZ_JSON, CognitoError
from local.cognito.hooks import After, Before, Call, Kit, Payload

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

HOOKS: dict[str, tuple[Before | None, After | None]] = {
    "InitiateAuth": (None, signin.after_initiate),
    "AdminInitiateAuth": (None, signin.after_initiate),
    "RespondToAuthChallenge": (signin.before_respond, signin.after_respond),
    "AdminRespondToAuthChallenge": (signin.before_respond, signin.after_respond),
    "AssociateSoftwareToken": (mfa.before_associate, mfa.after_associate),
    "VerifySoftwareToken": (mfa.before_verify, mfa.after_verify),
    "ForgotPassword": (None, recovery.after_forgot),
    "ConfirmForgotPassword": (recovery.before_confirm_forgot, recovery.after_confirm_forgot),
}


def fold_usernames(body: Payload) -> None:
    """Cognito's usernames are case-insensitive (the pool's default); moto's are not. Portal's
    users are named by their lower-cased email, so an email typed in any case is lower-cased."""
    for holder, key in (
        (body, "Username"),
        (body.get("AuthParameters"), "USERNAME"),
        (body.get("ChallengeResponses"), "USERNAME"),
    ):
        if isinstance(holder, dict) and "@" in str(holder.get(key, "")):
            holder[key] = str(holder[key]).lower()


class CognitoProxy:
    def __init__(self, moto_endpoint: str, kit: Kit) -> None:
        self._moto = moto_endpoint.rstrip("/")
        self.kit = kit
        self._http = requests.Session()

    def __call__(self, request: Request, path: str) -> Response:
        if request.method == "GET":  # the pool's JWKS, at Cognito's path
            upstream = self._http.get(f"{self._moto}/{path.lstrip('/')}", timeout=30)
            content_type = upstream.headers.get("Content-Type")
            return Response(upstream.content, upstream.status_code, content_type=content_type)
        operation = request.headers.get("X-Amz-Target", "").removeprefix(TARGET_PREFIX)
        try:
            body: Payload = json.loads(request.get_data() or b"{}")
        except ValueError:
            return CognitoError("SerializationException", "the body is not JSON").response()
        headers = {h: request.headers[h] for h in FORWARDED_HEADERS if h in request.headers}
        try:
            return self._call(operation, Call(body), headers)
        except CognitoError as error:
            return error.response()

    def _call(self, operation: str, call: Call, headers: dict[str, str]) -> Response:
        fold_usernames(call.body)
        before, after = HOOKS.get(operation, (None, None))
        if before is not None:
            before(self.kit, call)
        status = self._forward(headers, call)
        if status == 400 and call.payload.get("__type") == "CodeMismatchException" and call.moto_code:
            # moto checks the current 30-second step only: one retry covers a step boundary.
            if before is not None:
                before(self.kit, call)
            status = self._forward(headers, call)
        if status == 200 and after is not None:
            after(self.kit, call)
        return Response(json.dumps(call.payload), status=status, content_type=AMZ_JSON)

    def _forward(self, headers: dict[str, str], call: Call) -> int:
        upstream = self._http.post(f"{self._moto}/", data=json.dumps(call.body), headers=headers, timeout=30)
        try:
            call.payload = upstream.json() if upstream.content else {}
        except ValueError:
            call.payload = {"__type": "InternalErrorException", "message": upstream.text[:200]}
        call.reset_code = upstream.headers.get(MOTO_CODE_HEADER)
        return upstream.status_code
