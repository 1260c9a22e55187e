"""Self service: any signed-in person's own profile, passkey sign-in and services, the exam series, and the
health check."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body
from portal.http.dependencies import CurrentCaller, ServiceDeps
from portal.http.entry import api_handler
from portal.http.openapi import answers
from portal.http.params import CentreIdPath, Cursor, Limit, SeriesIdQuery
from portal.http.requests import PasskeySetting, ProfileUpdate
from portal.http.resolver import make_resolver
from portal.http.responses import Health, Me, Mfa, SeriesList, Services, SignInList
from portal.http.step_up import recent_sign_in, recent_sign_in_to_change
from portal.service import people, series, sign_ins
from portal.service.ports import PageRequest

TAGS = ["self service"]

app = make_resolver()


@app.get(
    "/health",
    summary="Is the API up",
    tags=["operations"],
    responses=answers(200, "Up", signed_in=False),
)
def health() -> Health:
    return Health()


@app.get(
    "/me",
    summary="My profile, MFA state and memberships",
    tags=TAGS,
    responses=answers(200, "The caller (empty before their first sign-in made a profile)", "forbidden"),
)
def get_me(caller: CurrentCaller, deps: ServiceDeps) -> Me:
    return Me.of(people.me(deps, caller))


@app.patch(
    "/me",
    summary="Change my own profile (any subset of its fields); a phone number needs a recent sign-in",
    tags=TAGS,
    middlewares=[recent_sign_in_to_change("phone_number")],
    responses=answers(200, "The caller, changed", "invalid_request", "forbidden", "not_found", step_up=True),
)
def patch_me(changes: Annotated[ProfileUpdate, Body()], caller: CurrentCaller, deps: ServiceDeps) -> Me:
    return Me.of(people.update_profile(deps, caller, changes.changes()))


@app.put(
    "/me/mfa/passkey",
    summary="Turn my passkey sign-in on or off",
    description="Passkey sign-in on lets a passkey with user verification stand for the required "
    "MFA (Cognito's passkey MFA, which Amplify cannot set); it needs another MFA method on. Either "
    "way ends the review of passkeys that a helpdesk MFA reset asks for. Idempotent. Needs a sign-in "
    "within the last 15 minutes (one's MFA methods: domain.md).",
    tags=TAGS,
    middlewares=[recent_sign_in],
    responses=answers(
        200,
        "My MFA state, as GET /me shows it",
        "invalid_request",
        "forbidden",
        "not_found",
        "mfa_method_required",
        step_up=True,
    ),
)
def put_passkey_sign_in(
    setting: Annotated[PasskeySetting, Body()], caller: CurrentCaller, deps: ServiceDeps
) -> Mfa:
    return Mfa.of(people.set_passkey_sign_in(deps, caller, setting.enabled))


@app.get(
    "/me/centres/<centre_id>/services",
    summary="My access to each service at a centre (the tiles of a home page)",
    tags=TAGS,
    responses=answers(200, "One entry per permission", "invalid_request", "forbidden", "not_found"),
)
def my_services(
    centre_id: CentreIdPath, caller: CurrentCaller, deps: ServiceDeps, series_id: SeriesIdQuery = None
) -> Services:
    return Services.of(people.my_services(deps, caller, centre_id, series_id))


@app.get(
    "/me/sign-ins",
    summary="My recent sign-ins, newest first: when, whether they succeeded, how, Cognito's risk level",
    tags=TAGS,
    responses=answers(200, "A page of sign-in attempts", "invalid_request", "forbidden"),
)
def my_sign_ins(
    caller: CurrentCaller, deps: ServiceDeps, limit: Limit = 50, cursor: Cursor = None
) -> SignInList:
    return SignInList.of(sign_ins.my_sign_ins(deps, caller, PageRequest(limit, cursor)))


@app.get(
    "/series",
    summary="Exam series and their results days (every signed-in person; the helpdesk sets them)",
    tags=TAGS,
    responses=answers(200, "A page of series", "invalid_request", "forbidden"),
)
def list_series(
    caller: CurrentCaller, deps: ServiceDeps, limit: Limit = 50, cursor: Cursor = None
) -> SeriesList:
    return SeriesList.of(series.list_series(deps, caller, PageRequest(limit, cursor)))


handler = api_handler(app)
