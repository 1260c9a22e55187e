"""Field types for request models, each checked by the domain's own validation rules.

A domain validator raises `InvalidRequest`; here it becomes a pydantic error on that field, so
one request reports every offending field at once (400 `invalid_request` with `errors`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from portal.domain import validation
from portal.domain.errors import InvalidRequest

T = TypeVar("T")

USER_ID_PATTERN = r"^[A-Za-z0-9-]{1,64}$"
CURSOR_MAX = 4096  # the cursor adapter's own bound


def rule(check: Callable[[str, str], T], field: str) -> AfterValidator:
    """Run a domain validator after pydantic's own type and length checks."""

    def run(value: str) -> T:
        try:
            return check(value, field)
        except InvalidRequest as error:
            reason = error.errors.get(field, error.detail)
            raise PydanticCustomError("invalid", "{reason}", {"reason": reason}) from None

    return AfterValidator(run)


def _iso_date(value: object) -> object:
    """Dates only as `YYYY-MM-DD` strings: pydantic's lax mode would take a number, a datetime
    with a zero time (`2026-08-13T00:00:00`) or a Unix time too."""
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "must be a date such as 2026-08-13")
    try:
        return validation.iso_date(value, "results_day")
    except InvalidRequest:
        raise PydanticCustomError("date_format", "must be a date such as 2026-08-13") from None


Email = Annotated[
    str,
    Field(min_length=3, max_length=validation.EMAIL_MAX, json_schema_extra={"format": "email"}),
    rule(validation.normalise_email, "email"),
]
NAME_RULE = f"Letters of any script, {validation.NAME_SAYS.removeprefix('letters, ')}; {validation.TEXT_RULE}"
GivenName = Annotated[
    str,
    Field(min_length=1, max_length=validation.NAME_MAX, description=NAME_RULE, examples=["Siân"]),
    rule(validation.name, "given_name"),
]
FamilyName = Annotated[
    str,
    Field(min_length=1, max_length=validation.NAME_MAX, description=NAME_RULE, examples=["ap Llŷr"]),
    rule(validation.name, "family_name"),
]
Title = Annotated[
    str,
    Field(max_length=8, json_schema_extra={"enum": list(validation.TITLES)}),
    rule(validation.title, "title"),
]
JobRole = Annotated[
    str,
    Field(
        max_length=validation.JOB_ROLE_MAX,
        description=f"Letters of any script, {validation.JOB_ROLE_SAYS.removeprefix('letters, ')}; "
        + validation.TEXT_RULE,
    ),
    rule(validation.job_role, "job_role"),
]
PhoneNumber = Annotated[
    str,
    Field(
        min_length=8,
        max_length=24,
        description="E.164, such as +447700900123 (spaces are removed)",
        examples=["+447700900123"],
    ),
    rule(validation.phone_number, "phone_number"),
]
CentreId = Annotated[
    str,
    Field(min_length=5, max_length=5, pattern=validation.CENTRE_ID.pattern, examples=["68101"]),
    rule(validation.centre_id, "centre_id"),
]
CentreName = Annotated[
    str,
    Field(
        min_length=1,
        max_length=validation.CENTRE_NAME_MAX,
        description="As the register of centres writes it: letters of any script, "
        f"{validation.CENTRE_NAME_SAYS.removeprefix('letters, ')}; {validation.TEXT_RULE}",
        examples=["School 21", "St Mary's C.E. (VA) High School", "UTC@harbourside"],
    ),
    rule(validation.centre_name, "name"),
]
ResultsDay = Annotated[date, BeforeValidator(_iso_date), Field(examples=["2026-08-13"])]
"""`format: date` in the document; anything but exactly `YYYY-MM-DD` is refused."""
