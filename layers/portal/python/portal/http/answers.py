"""Success answers that carry more than a body: a status other than 200, or a Location."""

from __future__ import annotations

from http import HTTPStatus
from typing import TypeVar

from aws_lambda_powertools.event_handler import Response, content_types
from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def with_status(status: HTTPStatus, body: M, location: str | None = None) -> Response[M]:
    return Response(
        status_code=status.value,
        content_type=content_types.APPLICATION_JSON,
        body=body,
        headers={"Location": location} if location else None,
    )


def no_content() -> Response[None]:
    return Response(status_code=HTTPStatus.NO_CONTENT.value)
