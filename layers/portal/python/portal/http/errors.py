"""Every error a request can meet, mapped to its status and stable code in one place, by type.

Domain errors keep their detail (it is written for people and carries no personal data);
failures of ours or of AWS get a fixed detail, so nothing internal reaches a caller. Nothing is
logged but the code, the error's type and, for our own failures, the stack without its message.
"""

from __future__ import annotations

import binascii
import random
import traceback
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import (
    RequestUnsupportedContentType,
    RequestValidationError,
)

from portal.constants import CHALLENGES, FIXED_DETAILS, NO_ROUTE_DETAIL, PROBLEMS
from portal.domain import errors as domain
from portal.http.caller import Unauthenticated
from portal.http.problems import FieldError, problem
from portal.http.validation import declared_json
from portal.observability import Business, count, logger

CODE_OF: dict[type[Exception], str] = {
    domain.InvalidRequest: "invalid_request",
    Unauthenticated: "unauthenticated",
    domain.ReauthenticationRequired: "reauthentication_required",
    domain.Forbidden: "forbidden",
    domain.NotFound: "not_found",
    domain.ExamsOfficerExists: "exams_officer_exists",
    domain.AdminLimitReached: "admin_limit_reached",
    domain.AlreadyMember: "already_member",
    domain.NotPending: "not_pending",
    domain.CentreExists: "centre_exists",
    domain.Conflict: "conflict",
    domain.HelpdeskAccount: "helpdesk_account",
    domain.AddressNotInvitable: "cannot_invite_address",
    domain.AccountOutsidePortal: "account_outside_portal",
    domain.MfaMethodRequired: "mfa_method_required",
    domain.PermissionNotGrantable: "permission_not_grantable",
    domain.CannotModifySelf: "cannot_modify_self",
    domain.CannotModifyExamsOfficer: "cannot_modify_exams_officer",
    domain.Unavailable: "service_unavailable",
    domain.Throttled: "too_many_requests",
}
"""Looked up along the error's class hierarchy, at each error; a PortalError of no listed type is
our bug (500). Modules that bring errors of their own add them (http/idempotency.py, Powertools'
idempotency errors), so a function that does not use them does not import them."""

RETRY_AFTER = {"Retry-After": "1"}

# A throttled request (Cognito's quotas, DynamoDB's throughput) is told to come back after a whole
# number of seconds drawn from this range, so that clients refused in the same second spread out
# over the next several instead of returning together (docs/api.md, "Throttling").
THROTTLED_RETRY_AFTER_SECONDS = (2, 8)
_spread = random.SystemRandom()  # os.urandom at each draw: no state made at import (SnapStart)


def throttled_retry_after() -> dict[str, str]:
    low, high = THROTTLED_RETRY_AFTER_SECONDS
    return {"Retry-After": str(_spread.randint(low, high))}


def code_of(error: BaseException) -> str | None:
    for cls in type(error).__mro__:
        if cls in CODE_OF:
            return CODE_OF[cls]
    return None


def _field(loc: tuple[object, ...]) -> str:
    """`email`, `permissions.2`, `limit`, `Idempotency-Key`: the field and any list index, without
    union branch tags; a header in its usual capitals (Powertools reports it lower-cased)."""
    if loc and loc[0] == "header" and len(loc) > 1:
        return "-".join(word.capitalize() for word in str(loc[1]).split("-"))
    names = [str(part) for part in loc[1:2]] + [str(part) for part in loc[2:] if isinstance(part, int)]
    return ".".join(names) or (str(loc[0]) if loc else "body")


def field_errors(errors: Iterable[Mapping[str, Any]]) -> list[FieldError]:
    """Pydantic's errors as one `{field, message}` per field; the input is never echoed back.

    An optional field reports each branch of its union (`str`, `none`); the branch that is not
    `none` says what is wrong, so that one is kept.
    """
    chosen: dict[str, tuple[bool, str]] = {}
    for error in errors:
        loc = tuple(error.get("loc", ()))
        if error.get("type") == "json_invalid":
            chosen["body"] = (False, "must be well-formed JSON")
            continue
        field = _field(loc)
        is_none_branch = "none" in loc[2:]
        message = str(error.get("msg", "is not valid"))
        if field not in chosen or (chosen[field][0] and not is_none_branch):
            chosen[field] = (is_none_branch, message)
    return [FieldError(field=field, message=message) for field, (_, message) in chosen.items()]


class Handlers:
    """The answers for one resolver (the request id is read off its current event)."""

    def __init__(self, app: APIGatewayRestResolver) -> None:
        self._app = app

    def _request_id(self) -> str | None:
        context = self._app.current_event.get("requestContext") or {}
        value = context.get("requestId") if isinstance(context, Mapping) else None
        return value if isinstance(value, str) else None

    def refuse(self, code: str, detail: str, errors: list[FieldError] | None = None) -> Response[str]:
        status, _ = PROBLEMS[code]
        if code == "forbidden":
            count(Business.ACCESS_DENIED)
        logger.info("request refused", extra={"status": status, "code": code})
        headers = dict(RETRY_AFTER) if status == HTTPStatus.SERVICE_UNAVAILABLE else {}
        if status == HTTPStatus.TOO_MANY_REQUESTS:
            headers = throttled_retry_after()
        if code in CHALLENGES:  # a 401 says how to authenticate (RFC 6750; RFC 9470 for step-up)
            headers["WWW-Authenticate"] = CHALLENGES[code]
        return problem(code, detail, errors=errors, request_id=self._request_id(), headers=headers or None)

    def unexpected(self, error: Exception) -> Response[str]:
        logger.error(
            "request failed",
            extra={"error_type": type(error).__name__, "stack": traceback.format_tb(error.__traceback__)},
        )
        return problem("internal_error", FIXED_DETAILS["internal_error"], request_id=self._request_id())

    def known(self, error: Exception) -> Response[str]:
        code = code_of(error)
        if code is None:
            return self.unexpected(error)
        if isinstance(error, domain.InvalidRequest):
            fields = [FieldError(field=f, message=m) for f, m in error.errors.items()]
            return self.refuse(code, error.detail, fields or None)
        detail = FIXED_DETAILS.get(code) or (error.detail if isinstance(error, domain.PortalError) else code)
        return self.refuse(code, detail)

    def invalid(self, error: RequestValidationError) -> Response[str]:
        """A form or multipart body fails validation as fields: it is answered as not JSON."""
        if not declared_json(self._app):
            return self.not_json(error)
        return self.refuse("invalid_request", "Some fields are not valid.", field_errors(error.errors()))

    def not_json(self, error: Exception) -> Response[str]:
        body = FieldError(field="body", message="must be sent as application/json")
        return self.refuse("invalid_request", "The body is not JSON.", [body])

    def unreadable(self, error: ValueError) -> Response[str]:
        """Powertools raises a bare ValueError for a multipart body without a boundary."""
        return self.not_json(error) if not declared_json(self._app) else self.known(error)

    def undecodable(self, error: ValueError) -> Response[str]:
        body = FieldError(field="body", message="must be UTF-8 encoded JSON")
        return self.refuse("invalid_request", "The body cannot be read.", [body])

    def no_route(self, error: NotFoundError) -> Response[str]:
        return self.refuse("not_found", NO_ROUTE_DETAIL)


def register(app: APIGatewayRestResolver) -> None:
    """Install the handlers; Powertools picks the most specific one along the error's classes.

    Any other error goes to `known`, which answers by CODE_OF as it is when the error happens (so
    errors added to it after this call are answered too) and as a 500 when it lists none.
    """
    handlers = Handlers(app)
    app.exception_handler(RequestValidationError)(handlers.invalid)
    app.exception_handler(RequestUnsupportedContentType)(handlers.not_json)
    app.exception_handler([UnicodeDecodeError, binascii.Error])(handlers.undecodable)
    app.exception_handler(ValueError)(handlers.unreadable)
    app.exception_handler(NotFoundError)(handlers.no_route)
    app.exception_handler(Exception)(handlers.known)
