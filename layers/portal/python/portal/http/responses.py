"""Response bodies: snake_case, times in ISO 8601 with their offset, lists as items + next_cursor."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from portal.domain import catalogue, model
from portal.domain.release import results_release_time
from portal.service.ports import Page
from portal.service.views import CentreSummary, MembershipSummary, MemberView, PersonView


def _iso(value: datetime) -> str:
    """Always with an offset: a naive time (none are expected) is taken as UTC."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


Timestamp = Annotated[
    datetime,
    PlainSerializer(_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time", "examples": ["2026-08-13T08:00:00+01:00"]}),
]


class ResponseBody(BaseModel):
    """Every response body. Built at its route's first answer, not at import: a cold start then
    builds only the models of the route it serves (pydantic's `defer_build`)."""

    model_config = ConfigDict(defer_build=True)


def _ordered(permissions: frozenset[model.Permission]) -> list[model.Permission]:
    """Catalogue order, so answers are stable and read like domain.md's table."""
    return [entry.permission for entry in catalogue.CATALOGUE if entry.permission in permissions]


class Member(ResponseBody):
    user_id: str
    email: str
    title: str | None
    given_name: str
    family_name: str
    account_type: model.AccountType
    permissions: list[model.Permission]
    status: model.MembershipStatus
    invited_at: Timestamp
    invited_by: str | None
    last_sign_in_at: Timestamp | None

    @classmethod
    def of(cls, view: MemberView) -> Member:
        m = view.membership
        return cls(
            user_id=m.user_id,
            email=m.email,
            title=m.title,
            given_name=m.given_name,
            family_name=m.family_name,
            account_type=m.account_type,
            permissions=_ordered(m.permissions),
            status=view.status,
            invited_at=m.invited_at,
            invited_by=m.invited_by,
            last_sign_in_at=m.last_sign_in_at,
        )


class MemberList(ResponseBody):
    items: list[Member]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[MemberView]) -> MemberList:
        return cls(items=[Member.of(v) for v in page.items], next_cursor=page.next_cursor)


class Mfa(ResponseBody):
    """As recorded at the person's latest sign-in, and as Portal set passkey sign-in (read paths
    never ask Cognito)."""

    preferred: str | None
    enabled: list[str]
    passkey: bool = Field(description="Passkey sign-in is on: a passkey alone signs this person in")
    passkey_review: bool = Field(
        description="Set by a helpdesk MFA reset until passkey sign-in is turned on or off again: "
        "the person should review their passkeys (one may be on a lost device) first"
    )

    @classmethod
    def of(cls, mfa: model.MfaState) -> Mfa:
        return cls(
            preferred=mfa.preferred,
            enabled=list(mfa.enabled),
            passkey=mfa.passkey,
            passkey_review=mfa.passkey_review,
        )


class MyMembership(ResponseBody):
    centre_id: str
    centre_name: str
    account_type: model.AccountType
    permissions: list[model.Permission]
    status: model.MembershipStatus

    @classmethod
    def of(cls, summary: MembershipSummary) -> MyMembership:
        return cls(
            centre_id=summary.centre_id,
            centre_name=summary.centre_name,
            account_type=summary.account_type,
            permissions=_ordered(summary.permissions),
            status=summary.status,
        )


class Me(ResponseBody):
    """The caller's own profile, MFA state, helpdesk flag and memberships."""

    user_id: str
    email: str | None
    title: str | None
    given_name: str
    family_name: str
    job_role: str | None
    language: model.Language
    phone_number: str | None
    mfa: Mfa
    helpdesk: bool
    memberships: list[MyMembership]

    @classmethod
    def of(cls, view: PersonView) -> Me:
        person = view.person
        profile = person.profile if person else model.Profile()
        return cls(
            user_id=view.user_id,
            email=person.email if person else None,
            title=profile.title,
            given_name=profile.given_name,
            family_name=profile.family_name,
            job_role=profile.job_role,
            language=profile.language,
            phone_number=profile.phone_number,
            mfa=Mfa.of(view.mfa),
            helpdesk=view.helpdesk,
            memberships=[MyMembership.of(m) for m in view.memberships],
        )


class Person(ResponseBody):
    """A person as the helpdesk finds them: identity, sign-in state and memberships (no phone)."""

    user_id: str
    email: str | None
    title: str | None
    given_name: str
    family_name: str
    language: model.Language
    disabled: bool
    signed_in: bool
    last_sign_in_at: Timestamp | None
    mfa: Mfa
    memberships: list[MyMembership]

    @classmethod
    def of(cls, view: PersonView) -> Person:
        person = view.person or model.Person(user_id=view.user_id, email="")
        return cls(
            user_id=view.user_id,
            email=person.email or None,
            title=person.profile.title,
            given_name=person.profile.given_name,
            family_name=person.profile.family_name,
            language=person.profile.language,
            disabled=person.disabled,
            signed_in=person.signed_in,
            last_sign_in_at=person.last_sign_in_at,
            mfa=Mfa.of(view.mfa),
            memberships=[MyMembership.of(m) for m in view.memberships],
        )


class ServiceTile(ResponseBody):
    service: model.Permission
    access: model.Access
    available_from: Timestamp | None

    @classmethod
    def of(cls, service: model.Service) -> ServiceTile:
        return cls(service=service.service, access=service.access, available_from=service.available_from)


class Services(ResponseBody):
    services: list[ServiceTile]

    @classmethod
    def of(cls, services: list[model.Service]) -> Services:
        return cls(services=[ServiceTile.of(s) for s in services])


class Centre(ResponseBody):
    centre_id: str
    name: str
    created_at: Timestamp | None

    @classmethod
    def of(cls, centre: model.Centre) -> Centre:
        return cls(centre_id=centre.centre_id, name=centre.name, created_at=centre.created_at)


class CentreList(ResponseBody):
    items: list[Centre]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[model.Centre]) -> CentreList:
        return cls(items=[Centre.of(c) for c in page.items], next_cursor=page.next_cursor)


class StatusCounts(ResponseBody):
    invited: int
    expired: int
    active: int


class Counts(ResponseBody):
    """Members by account type, then by status."""

    exams_officer: StatusCounts
    admin: StatusCounts
    user: StatusCounts


class CentreOverview(ResponseBody):
    centre_id: str
    name: str
    counts: Counts
    admin_places_left: int

    @classmethod
    def of(cls, summary: CentreSummary) -> CentreOverview:
        def tally(account_type: model.AccountType) -> StatusCounts:
            by_status = summary.counts.get(account_type, {})
            return StatusCounts(**{s.value: by_status.get(s, 0) for s in model.MembershipStatus})

        return cls(
            centre_id=summary.centre_id,
            name=summary.name,
            counts=Counts(**{t.value: tally(t) for t in model.AccountType}),
            admin_places_left=summary.admin_places_left,
        )


class Series(ResponseBody):
    series_id: str
    results_day: date
    results_released_at: Timestamp

    @classmethod
    def of(cls, series: model.Series) -> Series:
        return cls(
            series_id=series.series_id,
            results_day=series.results_day,
            results_released_at=results_release_time(series.results_day),
        )


class SeriesList(ResponseBody):
    items: list[Series]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[model.Series]) -> SeriesList:
        return cls(items=[Series.of(s) for s in page.items], next_cursor=page.next_cursor)


class AuditEntry(ResponseBody):
    record_id: str
    at: Timestamp
    action: str
    actor_id: str
    centre_id: str | None
    target_id: str | None
    target_email: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str | None

    @classmethod
    def of(cls, record: model.AuditRecord) -> AuditEntry:
        return cls(
            record_id=record.record_id,
            at=record.at,
            action=record.action,
            actor_id=record.actor_id,
            centre_id=record.centre_id,
            target_id=record.target_id,
            target_email=record.target_email,
            before=record.before,
            after=record.after,
            request_id=record.request_id,
        )


class AuditList(ResponseBody):
    items: list[AuditEntry]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[model.AuditRecord]) -> AuditList:
        return cls(items=[AuditEntry.of(r) for r in page.items], next_cursor=page.next_cursor)


class SignIn(ResponseBody):
    """One sign-in attempt: no address or place, only what says whether it was the person."""

    at: Timestamp
    outcome: Literal["success", "failure"]
    method: str
    risk: Literal["low", "medium", "high"] | None
    new_device: bool | None

    @classmethod
    def of(cls, event: model.SignInEvent) -> SignIn:
        return cls(
            at=event.at,
            outcome=event.outcome.value,
            method=event.method,
            risk=event.risk,
            new_device=event.new_device,
        )


class SignInList(ResponseBody):
    items: list[SignIn]
    next_cursor: str | None

    @classmethod
    def of(cls, page: Page[model.SignInEvent]) -> SignInList:
        return cls(items=[SignIn.of(e) for e in page.items], next_cursor=page.next_cursor)


class Health(ResponseBody):
    status: Literal["ok"] = "ok"
