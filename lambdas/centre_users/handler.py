"""Centre management: a centre's EO and Admins (and the helpdesk) manage its members."""

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
    AccountTypeFilter,
    CentreIdPath,
    Cursor,
    IdempotencyKey,
    Limit,
    StatusFilter,
    UserIdPath,
)
from portal.http.requests import AccessChange, InviteRequest
from portal.http.resolver import make_resolver
from portal.http.responses import AuditList, CentreOverview, Member, MemberList
from portal.observability import Business, count
from portal.service import audit, centres, members
from portal.service.ports import MemberFilter, PageRequest

TAGS = ["centre management"]
MEMBER = "/centres/<centre_id>/users/<user_id>"

app = make_resolver()


@app.get(
    "/centres/<centre_id>",
    summary="A centre: name, members by account type and status, Admin places left",
    tags=TAGS,
    responses=answers(200, "The centre", "invalid_request", "forbidden", "not_found"),
)
def get_centre(centre_id: CentreIdPath, caller: CurrentCaller, deps: ServiceDeps) -> CentreOverview:
    return CentreOverview.of(centres.summarise(deps, caller, centre_id))


@app.get(
    "/centres/<centre_id>/users",
    summary="The centre's members, paged",
    tags=TAGS,
    responses=answers(200, "A page of members", "invalid_request", "forbidden", "not_found"),
)
def list_members(
    centre_id: CentreIdPath,
    caller: CurrentCaller,
    deps: ServiceDeps,
    status: StatusFilter = None,
    account_type: AccountTypeFilter = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> MemberList:
    page = members.list_members(
        deps, caller, centre_id, MemberFilter(status, account_type), PageRequest(limit, cursor)
    )
    return MemberList.of(page)


@app.post(
    "/centres/<centre_id>/users",
    summary="Invite an Admin or a User",
    tags=TAGS,
    middlewares=[idempotent],
    responses=answers(
        201,
        "The new member (Location: the member)",
        "invalid_request",
        "forbidden",
        "not_found",
        "admin_limit_reached",
        "already_member",
        "conflict",
        "helpdesk_account",
        "cannot_invite_address",
        "account_outside_portal",
        "permission_not_grantable",
        idempotent=True,
    ),
)
def invite(
    centre_id: CentreIdPath,
    invitation: Annotated[InviteRequest, Body()],
    caller: CurrentCaller,
    deps: ServiceDeps,
    idempotency_key: IdempotencyKey = None,
) -> Response[Member]:
    member = Member.of(members.invite(deps, caller, centre_id, invitation.invitation(idempotency_key)))
    count(Business.INVITATIONS_SENT)
    return with_status(HTTPStatus.CREATED, member, f"/centres/{centre_id}/users/{member.user_id}")


@app.get(
    MEMBER,
    summary="One member",
    tags=TAGS,
    responses=answers(200, "The member", "invalid_request", "forbidden", "not_found"),
)
def get_member(
    centre_id: CentreIdPath, user_id: UserIdPath, caller: CurrentCaller, deps: ServiceDeps
) -> Member:
    return Member.of(members.get_member(deps, caller, centre_id, user_id))


@app.patch(
    MEMBER,
    summary="Change a member's account type and/or permissions (the set is replaced)",
    tags=TAGS,
    responses=answers(
        200,
        "The member, changed",
        "invalid_request",
        "forbidden",
        "not_found",
        "admin_limit_reached",
        "conflict",
        "permission_not_grantable",
        "cannot_modify_self",
        "cannot_modify_exams_officer",
    ),
)
def change_member(
    centre_id: CentreIdPath,
    user_id: UserIdPath,
    change: Annotated[AccessChange, Body()],
    caller: CurrentCaller,
    deps: ServiceDeps,
) -> Member:
    view = members.change_access(
        deps, caller, centre_id, user_id, change.account_type, change.permission_set()
    )
    count(Business.PERMISSIONS_CHANGED)
    return Member.of(view)


@app.delete(
    MEMBER,
    summary="Delete a membership; the person's last one takes their account with it",
    tags=TAGS,
    responses=answers(
        204,
        "Deleted",
        "invalid_request",
        "forbidden",
        "not_found",
        "conflict",
        "cannot_modify_self",
        "cannot_modify_exams_officer",
    ),
)
def delete_member(
    centre_id: CentreIdPath, user_id: UserIdPath, caller: CurrentCaller, deps: ServiceDeps
) -> Response[None]:
    members.delete_member(deps, caller, centre_id, user_id)
    count(Business.MEMBERSHIPS_DELETED)
    return no_content()


@app.post(
    MEMBER + "/invitation",
    summary="Send a new invitation: a new temporary password and 60 more days",
    tags=TAGS,
    middlewares=[idempotent],
    responses=answers(
        202,
        "Sent; the member as now invited",
        "invalid_request",
        "forbidden",
        "not_found",
        "not_pending",
        "cannot_modify_self",
        "cannot_modify_exams_officer",
        idempotent=True,
    ),
)
def resend_invitation(
    centre_id: CentreIdPath,
    user_id: UserIdPath,
    caller: CurrentCaller,
    deps: ServiceDeps,
    idempotency_key: IdempotencyKey = None,
) -> Response[Member]:
    member = Member.of(members.resend_invitation(deps, caller, centre_id, user_id))
    count(Business.INVITATIONS_SENT)
    return with_status(HTTPStatus.ACCEPTED, member)


@app.delete(
    MEMBER + "/invitation",
    summary="Withdraw a pending invitation",
    tags=TAGS,
    responses=answers(
        204,
        "Withdrawn",
        "invalid_request",
        "forbidden",
        "not_found",
        "not_pending",
        "conflict",
        "cannot_modify_self",
        "cannot_modify_exams_officer",
    ),
)
def withdraw_invitation(
    centre_id: CentreIdPath, user_id: UserIdPath, caller: CurrentCaller, deps: ServiceDeps
) -> Response[None]:
    members.withdraw_invitation(deps, caller, centre_id, user_id)
    count(Business.INVITATIONS_WITHDRAWN)
    return no_content()


@app.get(
    "/centres/<centre_id>/audit",
    summary="The centre's audit log, newest first",
    tags=TAGS,
    responses=answers(200, "A page of audit records", "invalid_request", "forbidden"),
)
def centre_audit(
    centre_id: CentreIdPath,
    caller: CurrentCaller,
    deps: ServiceDeps,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> AuditList:
    return AuditList.of(audit.centre_log(deps, caller, centre_id, PageRequest(limit, cursor)))


handler = api_handler(app)
