"""Path, query and header parameters, bounded and checked before any use case runs."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Header, Path, Query

from portal.constants import IDEMPOTENCY_HEADER, MAX_PAGE_SIZE
from portal.domain import validation
from portal.domain.model import AccountType, MembershipStatus
from portal.http.fields import CURSOR_MAX, USER_ID_PATTERN, rule

IDEMPOTENCY_KEY_MAX = 255
# Visible ASCII only: the key is echoed into nothing, but it is hashed and compared as sent.
IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7e]+$"

CentreIdPath = Annotated[
    str,
    Path(
        min_length=5,
        max_length=5,
        pattern=validation.CENTRE_ID.pattern,
        description="The five-digit centre number",
        examples=["68101"],
    ),
]
UserIdPath = Annotated[
    str, Path(max_length=64, pattern=USER_ID_PATTERN, description="The person's Cognito `sub`")
]
SeriesIdPath = Annotated[
    str,
    Path(
        max_length=validation.SERIES_ID_MAX,
        pattern=validation.SERIES_ID.pattern,
        description="A short slug",
        examples=["2026-summer"],
    ),
]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Page size, 1 to 100")]
Cursor = Annotated[
    str | None,
    Query(min_length=1, max_length=CURSOR_MAX, description="`next_cursor` of the previous page; opaque"),
]
StatusFilter = Annotated[MembershipStatus | None, Query(description="Only members with this status")]
AccountTypeFilter = Annotated[AccountType | None, Query(description="Only members of this account type")]
SeriesIdQuery = Annotated[
    str | None,
    Query(
        max_length=validation.SERIES_ID_MAX,
        pattern=validation.SERIES_ID.pattern,
        description="Decide `results` for this exam series",
    ),
]
EmailQuery = Annotated[
    str,
    Query(min_length=3, max_length=validation.EMAIL_MAX, description="Case-insensitive"),
    rule(validation.normalise_email, "email"),
]
CentreIdQuery = Annotated[
    str | None,
    Query(min_length=5, max_length=5, pattern=validation.CENTRE_ID.pattern, description="Only this centre"),
]
ActorQuery = Annotated[
    str | None, Query(max_length=64, pattern=USER_ID_PATTERN, description="Only changes made by this `sub`")
]
TargetQuery = Annotated[
    str | None, Query(max_length=64, pattern=USER_ID_PATTERN, description="Only changes made to this `sub`")
]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=IDEMPOTENCY_HEADER,
        min_length=1,
        max_length=IDEMPOTENCY_KEY_MAX,
        pattern=IDEMPOTENCY_KEY_PATTERN,
        description="A retry with the same key, caller and body returns the first answer and does nothing "
        "twice (24 hours). The same key with a different body: 422 `idempotency_key_reused`.",
    ),
]
