"""Centre management: every route's answer and every problem it can give, on moto."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from portal.adapters import directory
from portal.domain.errors import Unavailable
from portal.service.deps import Deps

from tests.api.client import Api, refused
from tests.api.world import UNKNOWN_CENTRE, World
from tests.integration.conftest import Clients, Failures, FakeClock, SentEmail

ALL = ("eo", "admin", "user", "invited", "disabled")


def new(world: World, **change: Any) -> dict[str, Any]:
    """An invitation for a person new to Portal (spaces and capitals in the email on purpose)."""
    email = " " + world.new_email("New.Teacher").replace("school", "School") + " "
    return {"email": email, "account_type": "user", "given_name": "New", "family_name": "Teacher", **change}


# --- GET /centres/{centre_id} ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["eo", "admin", "helpdesk"])
def test_centre_overview(api: Api, world: World, role: str) -> None:
    world.ensure(*ALL)
    answer = api.get(f"/centres/{world.centre_id}", getattr(world, role))
    assert answer.status == 200, answer
    assert answer.json == {
        "centre_id": world.centre_id,
        "name": "Ysgol Gyfun Test",
        "counts": {
            "exams_officer": {"invited": 0, "expired": 0, "active": 1},
            "admin": {"invited": 0, "expired": 0, "active": 2},
            "user": {"invited": 1, "expired": 0, "active": 1},
        },
        "admin_places_left": 1,
    }


def test_centre_overview_counts_expired_invitations(api: Api, world: World, clock: FakeClock) -> None:
    world.ensure("invited")
    clock.advance(timedelta(days=61))
    counts = api.get(f"/centres/{world.centre_id}", world.eo).json["counts"]
    assert counts["user"] == {"invited": 0, "expired": 1, "active": 0}


@pytest.mark.parametrize("role", ["user", "other", "stranger", "disabled"])
def test_centre_overview_is_for_its_managers(api: Api, world: World, role: str) -> None:
    refused(api.get(f"/centres/{world.centre_id}", getattr(world, role)), 403, "forbidden")


def test_an_unknown_centre_is_forbidden_to_members_and_missing_to_the_helpdesk(
    api: Api, world: World
) -> None:
    refused(api.get(f"/centres/{UNKNOWN_CENTRE}", world.eo), 403, "forbidden")
    refused(api.get(f"/centres/{UNKNOWN_CENTRE}", world.helpdesk), 404, "not_found")


def test_centre_overview_bad_number_and_no_token(api: Api, world: World) -> None:
    answer = api.get("/centres/6810x", world.eo)
    refused(answer, 400, "invalid_request")
    assert answer.fields == {"centre_id"}
    refused(api.get(f"/centres/{world.centre_id}"), 401, "unauthenticated")


# --- GET /centres/{centre_id}/users --------------------------------------------------------------


def test_list_members_with_every_field(api: Api, world: World) -> None:
    world.ensure(*ALL)
    answer = api.get(world.users, world.admin)
    assert answer.status == 200, answer
    items = {m["user_id"]: m for m in answer.json["items"]}
    assert answer.json["next_cursor"] is None
    assert set(items) == {world.id(r) for r in ALL}
    invited = items[world.id("invited")]
    assert invited == {
        "user_id": world.id("invited"),
        "email": world.email("invited"),
        "title": None,
        "given_name": "Invited",
        "family_name": "Person",
        "account_type": "user",
        "permissions": ["resources"],
        "status": "invited",
        "invited_at": "2026-11-29T10:00:00+00:00",
        "invited_by": world.id("helpdesk"),
        "last_sign_in_at": None,
    }
    assert items[world.id("user")]["last_sign_in_at"] == "2026-11-29T10:00:00+00:00"


@pytest.mark.parametrize(
    ("query", "roles"),
    [
        ({"status": "invited"}, {"invited"}),
        ({"account_type": "admin"}, {"admin", "disabled"}),
        ({"account_type": "user", "status": "active"}, {"user"}),
    ],
)
def test_list_members_filters(api: Api, world: World, query: dict[str, str], roles: set[str]) -> None:
    world.ensure(*ALL)
    answer = api.get(world.users, world.eo, query=query)
    assert {m["user_id"] for m in answer.json["items"]} == {world.id(r) for r in roles}


def test_list_members_pages_with_the_cursor(api: Api, world: World) -> None:
    world.ensure(*ALL)
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        query = {"limit": "2", **({"cursor": cursor} if cursor else {})}
        page = api.get(world.users, world.eo, query=query).json
        assert len(page["items"]) <= 2
        seen += [m["user_id"] for m in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(world.id(r) for r in ALL)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"status": "deleted"}, "status"),
        ({"account_type": "owner"}, "account_type"),
        ({"cursor": "garbage"}, "cursor"),
        ({"cursor": "e30.AAAA"}, "cursor"),
        ({"cursor": "é.é"}, "cursor"),
        ({"cursor": "x" * 5000}, "cursor"),
    ],
)
def test_list_members_bad_query(api: Api, world: World, query: dict[str, str], field: str) -> None:
    answer = api.get(world.users, world.eo, query=query)
    refused(answer, 400, "invalid_request")
    assert answer.fields == {field}


def test_a_cursor_of_another_centre_is_refused(api: Api, world: World) -> None:
    other_users = f"/centres/{world.other_centre_id}/users"
    api.post(other_users, world.other, body=new(world))
    cursor = api.get(other_users, world.other, query={"limit": "1"}).json["next_cursor"]
    assert cursor
    answer = api.get(world.users, world.eo, query={"cursor": cursor})
    refused(answer, 400, "invalid_request")
    assert answer.fields == {"cursor"}


@pytest.mark.parametrize("role", ["user", "other", "stranger", "disabled"])
def test_list_members_is_for_managers(api: Api, world: World, role: str) -> None:
    refused(api.get(world.users, getattr(world, role)), 403, "forbidden")


def test_list_members_of_an_unknown_centre(api: Api, world: World) -> None:
    refused(api.get(f"/centres/{UNKNOWN_CENTRE}/users", world.helpdesk), 404, "not_found")
    refused(api.get(f"/centres/{UNKNOWN_CENTRE}/users"), 401, "unauthenticated")


# --- POST /centres/{centre_id}/users -------------------------------------------------------------


def test_invite_a_user(api: Api, world: World, sent_emails: Callable[[], list[SentEmail]]) -> None:
    body = new(world, title="Mr", permissions=["iamis", "iamis", "results"])
    answer = api.post(world.users, world.admin, body=body)
    assert answer.status == 201, answer
    created = answer.json
    assert created["email"] == body["email"].strip().lower()
    assert (created["account_type"], created["status"], created["title"]) == ("user", "invited", "Mr")
    assert created["permissions"] == ["resources", "iamis", "results"]
    assert created["invited_by"] == world.id("admin")
    assert answer.headers["Location"] == f"{world.users}/{created['user_id']}"
    assert [m.to for m in sent_emails()] == [created["email"]]
    assert api.get(f"{world.users}/{created['user_id']}", world.eo).json == created


def test_invite_an_admin_takes_the_last_place(api: Api, world: World) -> None:
    world.ensure("admin", "disabled")
    assert api.post(world.users, world.eo, body=new(world, account_type="admin")).status == 201
    assert api.get(f"/centres/{world.centre_id}", world.eo).json["admin_places_left"] == 0
    fourth = new(world, account_type="admin", email=world.new_email("fourth"))
    refused(api.post(world.users, world.eo, body=fourth), 409, "admin_limit_reached")


def test_invite_someone_from_another_centre_adds_a_membership(
    api: Api, world: World, sent_emails: Callable[[], list[SentEmail]]
) -> None:
    world.ensure("eo", "other")
    body = new(world, email=world.email("other").upper())
    answer = api.post(world.users, world.eo, body=body)
    assert answer.status == 201, answer
    assert (answer.json["user_id"], answer.json["status"]) == (world.id("other"), "active")
    assert [m.to for m in sent_emails()] == [world.email("other")]
    refused(api.post(world.users, world.eo, body=body), 409, "already_member")


def test_inviting_someone_from_another_centre_shows_only_what_the_caller_sent(
    api: Api, world: World, deps: Deps, clock: FakeClock
) -> None:
    """docs/rules.md: the answer (and the centre's record) holds the names the caller gave, and
    nothing of the person's profile or use of Portal at another centre."""
    world.ensure("eo", "other")
    other = deps.store.get_person(world.id("other"))
    assert other is not None
    deps.store.update_profile(
        other.user_id,
        dataclasses.replace(other.profile, title="Dr", given_name="Secret", job_role="Head of Science"),
        deps.store.memberships_of(other.user_id),
    )
    clock.advance(timedelta(hours=1))
    body = new(world, email=world.email("other"), given_name="Olwen", family_name="Pryce")

    answer = api.post(world.users, world.eo, body=body)

    assert answer.status == 201, answer
    assert answer.json == {
        "user_id": world.id("other"),
        "email": world.email("other"),
        "title": None,
        "given_name": "Olwen",
        "family_name": "Pryce",
        "account_type": "user",
        "permissions": ["resources"],
        "status": "active",
        "invited_at": "2026-11-29T11:00:00+00:00",
        "invited_by": world.id("eo"),
        "last_sign_in_at": None,
    }
    assert api.get(f"{world.users}/{world.id('other')}", world.eo).json == answer.json


def test_an_exams_officer_inviting_a_helpdesk_address_is_refused_without_the_reason_and_it_is_audited(
    api: Api, world: World, clients: Clients, deps: Deps, settings: Any
) -> None:
    email = world.new_email("helper")
    clients.cognito.admin_create_user(
        UserPoolId=settings.user_pool_id, Username=email, MessageAction="SUPPRESS"
    )
    clients.cognito.admin_add_user_to_group(
        UserPoolId=settings.user_pool_id, Username=email, GroupName="helpdesk"
    )

    answer = api.post(world.users, world.eo, body=new(world, email=email))

    refused(answer, 409, "cannot_invite_address")
    assert answer.json["title"] == "That email address cannot be invited"
    assert "helpdesk account" not in answer.json["detail"]
    assert deps.store.user_id_for_email(email) is None
    log = api.get(f"/centres/{world.centre_id}/audit", world.eo).json["items"]
    assert log[0]["action"] == "invitation.refused"
    assert log[0]["target_email"] == email
    assert "helpdesk" not in str(log[0]).replace(world.id("eo"), "")
    # The helpdesk itself may be told what the address is.
    by_helpdesk = api.post(world.users, world.helpdesk, body=new(world, email=email))
    refused(by_helpdesk, 409, "helpdesk_account")
    officer = {"email": email, "given_name": "Nia", "family_name": "Officer"}
    appointed = api.put(f"/centres/{world.other_centre_id}/exams-officer", world.helpdesk, body=officer)
    refused(appointed, 409, "helpdesk_account")


def test_inviting_the_email_of_a_cognito_user_portal_does_not_know_has_its_own_code(
    api: Api, world: World, clients: Clients, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    email = world.new_email("orphan")
    clients.cognito.admin_create_user(
        UserPoolId=settings.user_pool_id, Username=email, MessageAction="SUPPRESS"
    )
    refused(api.post(world.users, world.eo, body=new(world, email=email)), 409, "conflict")  # made just now

    monkeypatch.setattr(directory, "RECENT", timedelta(0))  # as if made long ago
    answer = api.post(world.users, world.eo, body=new(world, email=email))

    refused(answer, 409, "account_outside_portal")
    officer = {"email": email, "given_name": "Nia", "family_name": "Officer"}
    appointed = api.put(f"/centres/{world.other_centre_id}/exams-officer", world.helpdesk, body=officer)
    refused(appointed, 409, "account_outside_portal")
    users = clients.cognito.list_users(UserPoolId=settings.user_pool_id, Filter=f'email = "{email}"')["Users"]
    assert len(users) == 1  # the refused invitations made and left nothing


@pytest.mark.parametrize("permissions", [["a2c_keys"], ["question_papers", "iamis"]])
def test_invite_a_user_with_staff_only_permissions(api: Api, world: World, permissions: list[str]) -> None:
    answer = api.post(world.users, world.eo, body=new(world, permissions=permissions))
    refused(answer, 422, "permission_not_grantable")


def test_invite_an_admin_with_fewer_permissions(api: Api, world: World) -> None:
    body = new(world, account_type="admin", permissions=["resources"])
    refused(api.post(world.users, world.eo, body=body), 422, "permission_not_grantable")


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"account_type": "exams_officer"}, {"account_type"}),
        ({"account_type": "owner"}, {"account_type"}),
        ({"email": "not-an-email"}, {"email"}),
        ({"email": "a@b"}, {"email"}),
        ({"email": "x" * 250 + "@school.example"}, {"email"}),
        ({"email": 7}, {"email"}),
        ({"given_name": ""}, {"given_name"}),
        ({"family_name": "f" * 101}, {"family_name"}),
        ({"title": "Sir"}, {"title"}),
        ({"permissions": ["everything"]}, {"permissions.0"}),
        ({"permissions": "iamis"}, {"permissions"}),
        ({"permissions": ["iamis"] * 9}, {"permissions"}),
        ({"unknown": True}, {"unknown"}),
    ],
)
def test_invite_bad_input(api: Api, world: World, change: dict[str, Any], fields: set[str]) -> None:
    answer = api.post(world.users, world.eo, body=new(world, **change))
    refused(answer, 400, "invalid_request")
    assert answer.fields == fields


def test_invite_missing_fields(api: Api, world: World) -> None:
    answer = api.post(world.users, world.eo, body={"email": "x@school.example"})
    refused(answer, 400, "invalid_request")
    assert answer.fields == {"account_type", "given_name", "family_name"}


@pytest.mark.parametrize("role", ["user", "other", "stranger", "disabled", "invited"])
def test_invite_is_for_managers(api: Api, world: World, role: str) -> None:
    refused(api.post(world.users, getattr(world, role), body=new(world)), 403, "forbidden")


def test_invite_at_an_unknown_centre(api: Api, world: World) -> None:
    refused(api.post(f"/centres/{UNKNOWN_CENTRE}/users", world.helpdesk, body=new(world)), 404, "not_found")
    refused(api.post(f"/centres/{UNKNOWN_CENTRE}/users", body=new(world)), 401, "unauthenticated")


def test_invite_when_another_request_wins_the_race(
    api: Api, world: World, clients: Clients, fail: Failures, deps: Deps
) -> None:
    world.ensure("eo")
    body = new(world)
    fail.transaction(clients.dynamodb, times=None)  # every try conflicts: the adapter gives up
    refused(api.post(world.users, world.eo, body=body), 409, "conflict")
    assert deps.store.user_id_for_email(body["email"].strip().lower()) is None


def test_invite_when_cognito_is_down(api: Api, world: World, fail: Failures, deps: Deps) -> None:
    world.ensure("eo")
    fail.method(deps.directory, "create_user", Unavailable("Cognito is down"))
    answer = api.post(world.users, world.eo, body=new(world))
    refused(answer, 503, "service_unavailable")
    assert answer.headers["Retry-After"] == "1"
    assert "Cognito" not in (answer.body or "")


# --- GET /centres/{centre_id}/users/{user_id} ----------------------------------------------------


def test_get_member(api: Api, world: World) -> None:
    answer = api.get(world.member("user"), world.helpdesk)
    assert (answer.status, answer.json["email"], answer.json["permissions"]) == (
        200,
        world.email("user"),
        ["resources", "entries"],
    )


def test_get_member_problems(api: Api, world: World) -> None:
    refused(api.get(f"{world.users}/no-such-person", world.eo), 404, "not_found")
    refused(api.get(f"{world.users}/{world.id('other')}", world.eo), 404, "not_found")
    refused(api.get(world.member("eo"), world.user), 403, "forbidden")
    refused(api.get(world.member("eo"), world.other), 403, "forbidden")
    refused(api.get(f"{world.users}/{'x' * 65}", world.eo), 400, "invalid_request")
    refused(api.get(f"{world.users}/bad%20id", world.eo), 400, "invalid_request")
    refused(api.get(world.member("eo")), 401, "unauthenticated")


# --- PATCH /centres/{centre_id}/users/{user_id} --------------------------------------------------


def test_patch_replaces_a_users_permissions(api: Api, world: World) -> None:
    answer = api.patch(world.member("user"), world.admin, body={"permissions": ["results", "view_scripts"]})
    assert answer.status == 200, answer
    assert answer.json["permissions"] == ["resources", "results", "view_scripts"]
    assert api.get("/me", world.user).json["memberships"][0]["permissions"] == answer.json["permissions"]


def test_patch_moves_between_user_and_admin(api: Api, world: World) -> None:
    world.ensure("admin", "disabled")
    up = api.patch(world.member("user"), world.eo, body={"account_type": "admin"})
    assert (up.status, up.json["account_type"], len(up.json["permissions"])) == (200, "admin", 8)
    full = api.patch(world.member("invited"), world.eo, body={"account_type": "admin"})
    refused(full, 409, "admin_limit_reached")
    down = api.patch(world.member("admin"), world.eo, body={"account_type": "user", "permissions": ["iamis"]})
    assert (down.json["account_type"], down.json["permissions"]) == ("user", ["resources", "iamis"])


def test_patch_without_changes_answers_the_member(api: Api, world: World) -> None:
    answer = api.patch(world.member("user"), world.eo, body={})
    assert (answer.status, answer.json["permissions"]) == (200, ["resources", "entries"])


@pytest.mark.parametrize(
    ("caller", "target", "body", "code"),
    [
        ("eo", "user", {"permissions": ["a2c_keys"]}, "permission_not_grantable"),
        ("eo", "admin", {"permissions": ["iamis"]}, "permission_not_grantable"),
        ("admin", "admin", {"permissions": ["iamis"]}, "cannot_modify_self"),
        ("eo", "eo", {"account_type": "admin"}, "cannot_modify_self"),
        ("admin", "eo", {"account_type": "admin"}, "cannot_modify_exams_officer"),
        ("helpdesk", "eo", {"account_type": "admin"}, "cannot_modify_exams_officer"),
        ("eo", "user", {"account_type": "exams_officer"}, "cannot_modify_exams_officer"),
    ],
)
def test_patch_refused_by_the_rules(
    api: Api, world: World, caller: str, target: str, body: dict[str, Any], code: str
) -> None:
    refused(api.patch(world.member(target), getattr(world, caller), body=body), 422, code)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"permissions": ["root"]}, {"permissions.0"}),
        ({"account_type": "superuser"}, {"account_type"}),
        ({"status": "active"}, {"status"}),
        ("[1, 2", {"body"}),
    ],
)
def test_patch_bad_input(api: Api, world: World, body: Any, fields: set[str]) -> None:
    answer = api.patch(world.member("user"), world.eo, body=body)
    refused(answer, 400, "invalid_request")
    assert answer.fields == fields


def test_patch_problems(api: Api, world: World, clients: Clients, fail: Failures) -> None:
    refused(api.patch(f"{world.users}/nobody", world.eo, body={}), 404, "not_found")
    refused(api.patch(world.member("admin"), world.user, body={}), 403, "forbidden")
    refused(api.patch(world.member("admin"), body={}), 401, "unauthenticated")
    fail.transaction(clients.dynamodb, times=None)  # every try conflicts: the adapter gives up
    refused(api.patch(world.member("user"), world.eo, body={"permissions": ["iamis"]}), 409, "conflict")


# --- DELETE /centres/{centre_id}/users/{user_id} -------------------------------------------------


def test_delete_a_member_ends_access_at_once(
    api: Api, world: World, sent_emails: Callable[[], list[SentEmail]]
) -> None:
    world.ensure("admin", "user", "eo")
    answer = api.delete(world.member("user"), world.admin)
    assert (answer.status, answer.body) == (204, None)
    refused(api.get(world.member("user"), world.eo), 404, "not_found")
    refused(api.get(f"/me/centres/{world.centre_id}/services", world.user), 403, "forbidden")
    assert [m.to for m in sent_emails()] == [world.email("user")]


def test_delete_problems(api: Api, world: World, clients: Clients, fail: Failures) -> None:
    refused(api.delete(world.member("eo"), world.admin), 422, "cannot_modify_exams_officer")
    refused(api.delete(world.member("admin"), world.admin), 422, "cannot_modify_self")
    refused(api.delete(world.member("admin"), world.user), 403, "forbidden")
    refused(api.delete(f"{world.users}/nobody", world.eo), 404, "not_found")
    refused(api.delete(f"{world.users}/no.body", world.eo), 400, "invalid_request")
    refused(api.delete(world.member("admin")), 401, "unauthenticated")
    fail.transaction(clients.dynamodb, times=None)  # every try conflicts: the adapter gives up
    refused(api.delete(world.member("user"), world.eo), 409, "conflict")


def test_the_helpdesk_may_delete_the_eo(api: Api, world: World) -> None:
    assert api.delete(world.member("eo"), world.helpdesk).status == 204


# --- POST and DELETE /centres/{centre_id}/users/{user_id}/invitation -----------------------------


def test_resend_an_invitation(
    api: Api, world: World, clock: FakeClock, sent_emails: Callable[[], list[SentEmail]]
) -> None:
    world.ensure("invited", "admin", "eo")
    clock.advance(timedelta(days=70))
    assert api.get(world.member("invited"), world.eo).json["status"] == "expired"
    answer = api.post(world.member("invited") + "/invitation", world.admin)
    assert answer.status == 202, answer
    assert (answer.json["status"], answer.json["invited_at"]) == ("invited", "2027-02-07T10:00:00+00:00")
    assert [m.to for m in sent_emails()] == [world.email("invited")]


def test_resend_problems(api: Api, world: World) -> None:
    refused(api.post(world.member("user") + "/invitation", world.eo), 409, "not_pending")
    refused(api.post(world.member("admin") + "/invitation", world.admin), 422, "cannot_modify_self")
    refused(api.post(world.member("invited") + "/invitation", world.user), 403, "forbidden")
    refused(api.post(f"{world.users}/nobody/invitation", world.eo), 404, "not_found")
    refused(api.post(f"{world.users}/{'9' * 70}/invitation", world.eo), 400, "invalid_request")
    refused(api.post(world.member("invited") + "/invitation"), 401, "unauthenticated")


def test_resend_to_a_pending_eo_is_for_the_helpdesk(api: Api, world: World) -> None:
    world.ensure("eo", "admin")
    eo = {"email": world.new_email("pending.eo"), "given_name": "Pen", "family_name": "Ding"}
    assert api.put(f"/centres/{world.centre_id}/exams-officer", world.helpdesk, body=eo).status == 200
    pending = api.get(world.users, world.helpdesk, query={"account_type": "exams_officer"}).json["items"][0]
    path = f"{world.users}/{pending['user_id']}/invitation"
    refused(api.post(path, world.admin), 422, "cannot_modify_exams_officer")
    refused(api.delete(path, world.admin), 422, "cannot_modify_exams_officer")
    assert api.post(path, world.helpdesk).status == 202


def test_withdraw_an_invitation(api: Api, world: World, deps: Deps) -> None:
    world.ensure("invited", "eo")
    answer = api.delete(world.member("invited") + "/invitation", world.eo)
    assert (answer.status, answer.body) == (204, None)
    refused(api.get(world.member("invited"), world.eo), 404, "not_found")
    assert deps.store.get_person(world.id("invited")) is None


def test_withdraw_problems(api: Api, world: World, clients: Clients, fail: Failures) -> None:
    refused(api.delete(world.member("user") + "/invitation", world.eo), 409, "not_pending")
    refused(api.delete(world.member("admin") + "/invitation", world.admin), 422, "cannot_modify_self")
    refused(api.delete(world.member("invited") + "/invitation", world.other), 403, "forbidden")
    refused(api.delete(f"{world.users}/nobody/invitation", world.eo), 404, "not_found")
    refused(api.delete(f"{world.users}/-=-/invitation", world.eo), 400, "invalid_request")
    refused(api.delete(world.member("invited") + "/invitation"), 401, "unauthenticated")
    fail.transaction(clients.dynamodb, times=None)  # every try conflicts: the adapter gives up
    refused(api.delete(world.member("invited") + "/invitation", world.eo), 409, "conflict")


# --- GET /centres/{centre_id}/audit --------------------------------------------------------------


def test_centre_audit_newest_first(api: Api, world: World, clock: FakeClock) -> None:
    world.ensure("eo", "admin", "user")
    clock.advance(timedelta(minutes=1))
    api.patch(world.member("user"), world.eo, body={"permissions": ["iamis"]})
    audit = f"/centres/{world.centre_id}/audit"
    answer = api.get(audit, world.admin, query={"limit": "3"})
    assert answer.status == 200, answer
    first = answer.json["items"][0]
    assert (first["action"], first["actor_id"], first["target_id"]) == (
        "member.access_changed",
        world.id("eo"),
        world.id("user"),
    )
    assert first["before"]["permissions"] == ["entries", "resources"]
    assert first["request_id"]
    assert first["at"] == "2026-11-29T10:01:00+00:00"
    assert answer.json["next_cursor"]
    again = api.get(audit, world.admin, query={"cursor": answer.json["next_cursor"]})
    assert first["record_id"] not in {r["record_id"] for r in again.json["items"]}


def test_centre_audit_problems(api: Api, world: World) -> None:
    audit = f"/centres/{world.centre_id}/audit"
    refused(api.get(audit, world.user), 403, "forbidden")
    refused(api.get(audit, world.other), 403, "forbidden")
    refused(api.get(audit, world.eo, query={"limit": "-1"}), 400, "invalid_request")
    refused(api.get(audit, world.eo, query={"cursor": "e30.e30"}), 400, "invalid_request")
    refused(api.get(audit), 401, "unauthenticated")
