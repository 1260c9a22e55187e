"""Request bodies: closed (unknown fields refused), bounded, and checked by the domain's rules."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

from portal.domain.model import AccountType, Language, Permission
from portal.http.fields import (
    CentreId,
    CentreName,
    Email,
    FamilyName,
    GivenName,
    JobRole,
    PhoneNumber,
    ResultsDay,
    Title,
)
from portal.service.invitations import Invitation
from portal.service.people import ProfileChanges

PERMISSIONS_MAX = len(Permission)


class Closed(BaseModel):
    """Every body: unknown fields are an error, not silently dropped. Built at its route's first
    request, not at import (`defer_build`): a cold start builds only the models it uses."""

    model_config = ConfigDict(extra="forbid", defer_build=True)


class ProfileUpdate(Closed):
    """Any subset of the caller's own profile. `null` clears `title`, `job_role` and `phone_number`."""

    title: Title | None = None
    given_name: GivenName | SkipJsonSchema[None] = None
    family_name: FamilyName | SkipJsonSchema[None] = None
    job_role: JobRole | None = None
    language: Language | SkipJsonSchema[None] = None
    phone_number: PhoneNumber | None = None

    @field_validator("given_name", "family_name", "language", mode="before")
    @classmethod
    def _required_if_given(cls, value: object) -> object:
        if value is None:
            raise PydanticCustomError("not_clearable", "cannot be cleared")
        return value

    def changes(self) -> ProfileChanges:
        return ProfileChanges({name: getattr(self, name) for name in sorted(self.model_fields_set)})


class PasskeySetting(Closed):
    """Passkey sign-in on (`true`) or off (`false`); a boolean, not a string or a number."""

    enabled: StrictBool


class InviteRequest(Closed):
    """Invite an Admin or a User; `permissions` only matter for a User (EO and Admin hold all)."""

    email: Email
    account_type: Literal[AccountType.ADMIN, AccountType.USER]
    given_name: GivenName
    family_name: FamilyName
    title: Title | None = None
    permissions: list[Permission] | None = Field(default=None, max_length=PERMISSIONS_MAX)

    def invitation(self, request_key: str | None = None) -> Invitation:
        return Invitation(
            request_key=request_key,
            email=self.email,
            account_type=AccountType(self.account_type),
            given_name=self.given_name,
            family_name=self.family_name,
            title=self.title,
            permissions=frozenset(self.permissions) if self.permissions is not None else None,
        )


class AccessChange(Closed):
    """Move between Admin and User and/or replace a User's permissions; omitted means unchanged."""

    account_type: AccountType | None = None
    permissions: list[Permission] | None = Field(default=None, max_length=PERMISSIONS_MAX)

    def permission_set(self) -> frozenset[Permission] | None:
        return frozenset(self.permissions) if self.permissions is not None else None


class ExamsOfficerRequest(Closed):
    """The centre's new Exams Officer."""

    email: Email
    given_name: GivenName
    family_name: FamilyName
    title: Title | None = None

    def invitation(self, request_key: str | None = None) -> Invitation:
        return Invitation(
            request_key=request_key,
            email=self.email,
            account_type=AccountType.EXAMS_OFFICER,
            given_name=self.given_name,
            family_name=self.family_name,
            title=self.title,
        )


class CentreRequest(Closed):
    centre_id: CentreId
    name: CentreName


class SeriesRequest(Closed):
    results_day: ResultsDay
