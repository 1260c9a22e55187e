"""RFC 9457 problem details: the one shape of every error answer (api.md, Errors)."""

from __future__ import annotations

import json
from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from pydantic import BaseModel, ConfigDict, Field

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:portal:problem:"

# Every stable code: its status and title. docs/api.md lists the same table for people.
CODES: dict[str, tuple[HTTPStatus, str]] = {
    "invalid_request": (HTTPStatus.BAD_REQUEST, "The request is not valid"),
    "unauthenticated": (HTTPStatus.UNAUTHORIZED, "Sign in first"),
    "forbidden": (HTTPStatus.FORBIDDEN, "You may not do this"),
    "not_found": (HTTPStatus.NOT_FOUND, "Not found"),
    "exams_officer_exists": (HTTPStatus.CONFLICT, "The centre already has an Exams Officer"),
    "admin_limit_reached": (HTTPStatus.CONFLICT, "The centre has no Admin place left"),
    "already_member": (HTTPStatus.CONFLICT, "Already a member of this centre"),
    "not_pending": (HTTPStatus.CONFLICT, "The invitation has already been accepted"),
    "centre_exists": (HTTPStatus.CONFLICT, "The centre already exists"),
    "conflict": (HTTPStatus.CONFLICT, "Changed by someone else at the same moment; try again"),
    "helpdesk_account": (HTTPStatus.CONFLICT, "That email address belongs to a helpdesk account"),
    "account_outside_portal": (
        HTTPStatus.CONFLICT,
        "That email address has a sign-in account Portal holds no record of",
    ),
    "idempotency_key_in_use": (HTTPStatus.CONFLICT, "A request with this Idempotency-Key is still running"),
    "idempotency_key_reused": (
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "This Idempotency-Key was used with a different request",
    ),
    "permission_not_grantable": (HTTPStatus.UNPROCESSABLE_ENTITY, "Permission not grantable"),
    "cannot_modify_self": (HTTPStatus.UNPROCESSABLE_ENTITY, "You cannot change your own membership"),
    "cannot_modify_exams_officer": (
        HTTPStatus.UNPROCESSABLE_ENTITY,
        "The Exams Officer cannot be changed this way",
    ),
    "too_many_requests": (HTTPStatus.TOO_MANY_REQUESTS, "Too many requests"),
    "internal_error": (HTTPStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side"),
    "service_unavailable": (HTTPStatus.SERVICE_UNAVAILABLE, "A service Portal depends on is unavailable"),
}


class FieldError(BaseModel):
    """One offending field: `field` is its name in the body, query, path or header."""

    model_config = ConfigDict(defer_build=True)  # built at the first problem, not at import

    field: str = Field(examples=["email"])
    message: str = Field(examples=["must be an email address"])


class Problem(BaseModel):
    """An error answer (`application/problem+json`); `code` is the stable, documented value."""

    model_config = ConfigDict(title="Problem", defer_build=True)

    type: str = Field(examples=["urn:portal:problem:admin_limit_reached"])
    title: str
    status: int = Field(examples=[409])
    detail: str
    code: str = Field(examples=["admin_limit_reached"])
    errors: list[FieldError] | None = Field(default=None, description="Only with `invalid_request`")
    request_id: str | None = Field(default=None, description="API Gateway's request id, for support")


def problem(
    code: str,
    detail: str,
    *,
    errors: list[FieldError] | None = None,
    request_id: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response[str]:
    """A ready response; the body is serialised here, since its media type is not plain JSON."""
    status, title = CODES[code]
    body = Problem(
        type=TYPE_PREFIX + code,
        title=title,
        status=status.value,
        detail=detail,
        code=code,
        errors=errors,
        request_id=request_id,
    )
    return Response(
        status_code=status.value,
        content_type=PROBLEM_JSON,
        body=json.dumps(body.model_dump(mode="json", exclude_none=True), separators=(",", ":")),
        headers=headers,
    )
