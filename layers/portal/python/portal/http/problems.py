"""RFC 9457 problem details: the one shape of every error answer (api.md, Errors)."""

from __future__ import annotations

import json

from aws_lambda_powertools.event_handler import Response
from pydantic import BaseModel, ConfigDict, Field

from portal.constants import PROBLEM_JSON, PROBLEM_TYPE_PREFIX, PROBLEMS


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
    status, title = PROBLEMS[code]
    body = Problem(
        type=PROBLEM_TYPE_PREFIX + code,
        title=title,
        status=status,
        detail=detail,
        code=code,
        errors=errors,
        request_id=request_id,
    )
    return Response(
        status_code=status,
        content_type=PROBLEM_JSON,
        body=json.dumps(body.model_dump(mode="json", exclude_none=True), separators=(",", ":")),
        headers=headers,
    )
