"""Helpdesk: centres, Exams Officers, people's accounts, exam series' results days and the whole audit log."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body
from portal.http.answers import no_content, with_status
from portal.http.dependencies import CurrentCaller, ServiceDeps
from portal.http.entry import api_handler
from portal.http.idempotency import idempotent
from portal.http.openapi import answers
from portal.http.params import (
    ActorQuery,
    CentreIdPath,
    CentreIdQuery,
    Cursor,
    EmailQuery,
    IdempotencyKey,
    Limit,
    SeriesIdPath,
    TargetQuery,
    UserIdPath,
)
from portal.http.requests import CentreRequest, ExamsOfficerRequest, SeriesRequest
from portal.http.resolver import make_resolver
from portal.http.responses import (
    AuditList,
    Centre,
    CentreList,
    Member,
    Person,
    Series,
    SignInList,
)
from portal.http.step_up import recent_sign_in
from portal.observability import Business, count
from portal.service import audit, centres, people, series, sign_ins
from portal.service.ports import AuditFilter, PageRequest

TAGS = ["helpdesk"]
ACCOUNT = ("invalid_request", "forbidden", "not_found", "cannot_modify_self")

app = make_resolver()


@app.post(
    "/centres",
    summary="Create a centre",
    tags=TAGS,
    middlewares=[idempotent],
    responses=answers(
        201,
        "The centre (Location: the centre)",
        "invalid_request",
        "forbidden",
        "centre_exists",
        idempotent=True,
    ),
)
def create_centre(
    centre: Annotated[CentreRequest, Body()],
    caller: CurrentCaller,
    deps: ServiceDeps,
    idempotency_key: IdempotencyKey = None,
) -> Response[Centre]:
    created = Centre.of(centres.create_centre(deps, caller, centre.centre_id, centre.name))
    return with_status(HTTPStatus.CREATED, created, f"/centres/{created.centre_id}")


@app.get(
    "/centres",
    summary="All centres, paged",
    tags=TAGS,
    responses=answers(200, "A page of centres", "invalid_request", "forbidden"),
)
def list_centres(
    caller: CurrentCaller, deps: ServiceDeps, limit: Limit = 50, cursor: Cursor = None
) -> CentreList:
    return CentreList.of(centres.list_centres(deps, caller, PageRequest(limit, cursor)))


@app.put(
    "/centres/<centre_id>/exams-officer",
    summary="Invite the centre's Exams Officer, or replace the current one in the same step",
    tags=TAGS,
    middlewares=[recent_sign_in, idempotent],
    responses={
        **answers(
            201,
            "The centre had no Exams Officer: the new one",
            "invalid_request",
            "forbidden",
            "not_found",
            "exams_officer_exists",
            "already_member",
            "conflict",
            "helpdesk_account",
            "account_outside_portal",
            idempotent=True,
            step_up=True,
        ),
        200: {"description": "The previous Exams Officer was replaced: the new one"},
    },
)
def appoint_exams_officer(
    centre_id: CentreIdPath,
    officer: Annotated[ExamsOfficerRequest, Body()],
    caller: CurrentCaller,
    deps: ServiceDeps,
    idempotency_key: IdempotencyKey = None,
) -> Response[Member]:
    invitation = officer.invitation(idempotency_key)
    view, replaced = centres.appoint_exams_officer(deps, caller, centre_id, invitation)
    count(Business.INVITATIONS_SENT)
    if replaced:
        count(Business.MEMBERSHIPS_DELETED)
    return with_status(HTTPStatus.OK if replaced else HTTPStatus.CREATED, Member.of(view))


@app.get(
    "/users",
    summary="Find a person by email: memberships and sign-in state",
    tags=TAGS,
    responses=answers(200, "The person", "invalid_request", "forbidden", "not_found"),
)
def find_person(email: EmailQuery, caller: CurrentCaller, deps: ServiceDeps) -> Person:
    return Person.of(people.find_person(deps, caller, email))


@app.post(
    "/users/<user_id>/mfa-reset",
    summary="Clear a person's MFA: they set it up again at next sign-in",
    tags=TAGS,
    middlewares=[recent_sign_in, idempotent],
    responses=answers(204, "Reset", *ACCOUNT, idempotent=True, step_up=True),
)
def reset_mfa(
    user_id: UserIdPath, caller: CurrentCaller, deps: ServiceDeps, idempotency_key: IdempotencyKey = None
) -> Response[None]:
    people.reset_mfa(deps, caller, user_id)
    count(Business.MFA_RESETS)
    return no_content()


@app.post(
    "/users/<user_id>/disable",
    summary="Disable a person at every centre and sign them out everywhere",
    tags=TAGS,
    middlewares=[recent_sign_in, idempotent],
    responses=answers(204, "Disabled", *ACCOUNT, idempotent=True, step_up=True),
)
def disable_person(
    user_id: UserIdPath, caller: CurrentCaller, deps: ServiceDeps, idempotency_key: IdempotencyKey = None
) -> Response[None]:
    people.set_enabled(deps, caller, user_id, enabled=False)
    return no_content()


@app.post(
    "/users/<user_id>/enable",
    summary="Enable a disabled person again",
    tags=TAGS,
    middlewares=[recent_sign_in, idempotent],
    responses=answers(204, "Enabled", *ACCOUNT, idempotent=True, step_up=True),
)
def enable_person(
    user_id: UserIdPath, caller: CurrentCaller, deps: ServiceDeps, idempotency_key: IdempotencyKey = None
) -> Response[None]:
    people.set_enabled(deps, caller, user_id, enabled=True)
    return no_content()


@app.get(
    "/users/<user_id>/sign-ins",
    summary="A person's recent sign-ins, newest first, as GET /me/sign-ins",
    tags=TAGS,
    responses=answers(200, "A page of sign-in attempts", "invalid_request", "forbidden", "not_found"),
)
def person_sign_ins(
    user_id: UserIdPath, caller: CurrentCaller, deps: ServiceDeps, limit: Limit = 50, cursor: Cursor = None
) -> SignInList:
    return SignInList.of(sign_ins.sign_ins_of(deps, caller, user_id, PageRequest(limit, cursor)))


@app.put(
    "/series/<series_id>",
    summary="Create an exam series or change its results day",
    tags=TAGS,
    responses={
        **answers(201, "Created", "invalid_request", "forbidden"),
        200: {"description": "Changed"},
    },
)
def put_series(
    series_id: SeriesIdPath,
    change: Annotated[SeriesRequest, Body()],
    caller: CurrentCaller,
    deps: ServiceDeps,
) -> Response[Series]:
    stored, new = series.set_results_day(deps, caller, series_id, change.results_day)
    return with_status(HTTPStatus.CREATED if new else HTTPStatus.OK, Series.of(stored))


@app.get(
    "/audit",
    summary="The whole audit log, newest first, filtered by centre, actor or target",
    tags=TAGS,
    responses=answers(200, "A page of audit records", "invalid_request", "forbidden"),
)
def search_audit(
    caller: CurrentCaller,
    deps: ServiceDeps,
    centre_id: CentreIdQuery = None,
    actor: ActorQuery = None,
    target: TargetQuery = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AuditList:
    where = AuditFilter(centre_id=centre_id, actor_id=actor, target_id=target)
    return AuditList.of(audit.search(deps, caller, where, PageRequest(limit, cursor)))


handler = api_handler(app)
