"""Helpdesk routes: every answer and every problem they can give, on moto."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from portal.service import people
from portal.service.deps import Deps
from portal.service.ports import Found, Lookup

from tests.api.client import Api, refused
from tests.api.world import UNKNOWN_CENTRE, World
from tests.integration.conftest import Clients, Failures, SentEmail

NOT_HELPDESK = ["eo", "admin", "user", "stranger"]


def officer(world: World, name: str = "new.officer", **change: Any) -> dict[str, Any]:
    return {"email": world.new_email(name), "given_name": "Nia", "family_name": "Officer", **change}


# --- POST /centres and GET /centres ----------------------------------------------------------------


def test_create_a_centre(api: Api, world: World) -> None:
    answer = api.post("/centres", world.helpdesk, body={"centre_id": "12345", "name": "  Coleg Newydd "})
    assert answer.status == 201, answer
    assert answer.json == {
        "centre_id": "12345",
        "name": "Coleg Newydd",
        "created_at": "2026-11-29T10:00:00+00:00",
    }
    assert answer.headers["Location"] == "/centres/12345"
    refused(
        api.post("/centres", world.helpdesk, body={"centre_id": "12345", "name": "Again"}),
        409,
        "centre_exists",
    )


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"centre_id": "1234", "name": "X"}, {"centre_id"}),
        ({"centre_id": 12345, "name": "X"}, {"centre_id"}),
        ({"centre_id": "12345", "name": ""}, {"name"}),
        ({"centre_id": "12345", "name": "n" * 201}, {"name"}),
        ({"centre_id": "12345", "name": "X", "region": "Wales"}, {"region"}),
        ({"name": "X"}, {"centre_id"}),
    ],
)
def test_create_a_centre_bad_input(api: Api, world: World, body: dict[str, Any], fields: set[str]) -> None:
    answer = api.post("/centres", world.helpdesk, body=body)
    refused(answer, 400, "invalid_request")
    assert answer.fields == fields


@pytest.mark.parametrize("role", NOT_HELPDESK)
def test_create_a_centre_is_for_the_helpdesk(api: Api, world: World, role: str) -> None:
    refused(
        api.post("/centres", getattr(world, role), body={"centre_id": "12345", "name": "X"}), 403, "forbidden"
    )


def test_list_centres_in_pages(api: Api, world: World) -> None:
    first = api.get("/centres", world.helpdesk, query={"limit": "1"})
    assert first.status == 200, first
    assert len(first.json["items"]) == 1 and first.json["next_cursor"]
    rest = api.get("/centres", world.helpdesk, query={"cursor": first.json["next_cursor"]}).json
    ids = {c["centre_id"] for c in first.json["items"] + rest["items"]}
    assert ids == {world.centre_id, world.other_centre_id}
    assert rest["next_cursor"] is None


def test_list_centres_problems(api: Api, world: World) -> None:
    refused(api.get("/centres", world.eo), 403, "forbidden")
    refused(api.get("/centres", world.helpdesk, query={"limit": "1000"}), 400, "invalid_request")
    refused(api.get("/centres", world.helpdesk, query={"cursor": "bad"}), 400, "invalid_request")
    refused(api.get("/centres"), 401, "unauthenticated")
    refused(api.post("/centres", body={"centre_id": "12345", "name": "X"}), 401, "unauthenticated")


# --- PUT /centres/{centre_id}/exams-officer ------------------------------------------------------


def test_appoint_the_first_exams_officer(
    api: Api, world: World, sent_emails: Callable[[], list[SentEmail]]
) -> None:
    body = officer(world, title="Mrs")
    answer = api.put(f"/centres/{world.centre_id}/exams-officer", world.helpdesk, body=body)
    assert answer.status == 201, answer
    assert (answer.json["account_type"], answer.json["status"], answer.json["title"]) == (
        "exams_officer",
        "invited",
        "Mrs",
    )
    assert [m.to for m in sent_emails()] == [body["email"]]


def test_replace_the_exams_officer_in_one_step(
    api: Api, world: World, sent_emails: Callable[[], list[SentEmail]]
) -> None:
    world.ensure("eo")
    body = officer(world)
    answer = api.put(f"/centres/{world.centre_id}/exams-officer", world.helpdesk, body=body)
    assert answer.status == 200, answer
    officers = api.get(world.users, world.helpdesk, query={"account_type": "exams_officer"}).json["items"]
    assert [o["user_id"] for o in officers] == [answer.json["user_id"]]
    refused(api.get(f"/centres/{world.centre_id}", world.eo), 403, "forbidden")
    assert sorted(m.to for m in sent_emails()) == sorted([body["email"], world.email("eo")])


def test_reappointing_the_same_exams_officer(api: Api, world: World) -> None:
    body = officer(world, email=world.email("eo"))
    refused(
        api.put(f"/centres/{world.centre_id}/exams-officer", world.helpdesk, body=body), 409, "already_member"
    )


def test_two_helpdesk_appointments_at_once(
    api: Api, world: World, deps: Deps, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second read 'no EO' before the first one's EO was stored: the transaction refuses it."""
    world.ensure("eo")
    real = deps.store.read

    def before_the_first(lookup: Lookup) -> Found:
        found = real(lookup)
        return dataclasses.replace(
            found,
            centres={k: dataclasses.replace(v, exams_officer_id=None) for k, v in found.centres.items()},
        )

    monkeypatch.setattr(deps.store, "read", before_the_first)
    answer = api.put(f"/centres/{world.centre_id}/exams-officer", world.helpdesk, body=officer(world))
    refused(answer, 409, "exams_officer_exists")


def test_appointment_when_the_write_conflicts(
    api: Api, world: World, clients: Clients, fail: Failures
) -> None:
    fail.transaction(clients.dynamodb, times=None)  # every try conflicts: the adapter gives up
    answer = api.put(f"/centres/{world.centre_id}/exams-officer", world.helpdesk, body=officer(world))
    refused(answer, 409, "conflict")


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"email": "nope"}, {"email"}),
        ({"account_type": "admin"}, {"account_type"}),
        ({"permissions": ["iamis"]}, {"permissions"}),
        ({"given_name": " "}, {"given_name"}),
        ({"title": "Captain"}, {"title"}),
    ],
)
def test_appointment_bad_input(api: Api, world: World, change: dict[str, Any], fields: set[str]) -> None:
    answer = api.put(
        f"/centres/{world.centre_id}/exams-officer", world.helpdesk, body=officer(world, **change)
    )
    refused(answer, 400, "invalid_request")
    assert answer.fields == fields


@pytest.mark.parametrize("role", NOT_HELPDESK)
def test_appointment_is_for_the_helpdesk(api: Api, world: World, role: str) -> None:
    answer = api.put(f"/centres/{world.centre_id}/exams-officer", getattr(world, role), body=officer(world))
    refused(answer, 403, "forbidden")


def test_appointment_at_an_unknown_centre(api: Api, world: World) -> None:
    path = f"/centres/{UNKNOWN_CENTRE}/exams-officer"
    refused(api.put(path, world.helpdesk, body=officer(world)), 404, "not_found")
    refused(api.put("/centres/1/exams-officer", world.helpdesk, body=officer(world)), 400, "invalid_request")
    refused(api.put(path, body=officer(world)), 401, "unauthenticated")


# --- GET /users?email= ---------------------------------------------------------------------------


def test_find_a_person_by_email(api: Api, world: World) -> None:
    world.ensure("user", "invited")
    answer = api.get("/users", world.helpdesk, query={"email": "  " + world.email("user").upper()})
    assert answer.status == 200, answer
    found = answer.json
    assert (found["user_id"], found["signed_in"], found["disabled"]) == (world.id("user"), True, False)
    assert found["last_sign_in_at"] == "2026-11-29T10:00:00+00:00"
    assert found["memberships"][0]["centre_id"] == world.centre_id
    assert "phone_number" not in found
    invited = api.get("/users", world.helpdesk, query={"email": world.email("invited")}).json
    assert (invited["signed_in"], invited["memberships"][0]["status"]) == (False, "invited")


def test_find_a_person_problems(api: Api, world: World) -> None:
    refused(api.get("/users", world.helpdesk, query={"email": world.new_email("nobody")}), 404, "not_found")
    refused(api.get("/users", world.helpdesk, query={"email": "nobody"}), 400, "invalid_request")
    answer = api.get("/users", world.helpdesk)
    refused(answer, 400, "invalid_request")
    assert answer.fields == {"email"}
    refused(api.get("/users", world.eo, query={"email": world.email("user")}), 403, "forbidden")
    refused(api.get("/users", query={"email": "a@school.example"}), 401, "unauthenticated")


# --- POST /users/{user_id}/mfa-reset, /disable, /enable ------------------------------------------


def test_reset_mfa(api: Api, world: World, sent_emails: Callable[[], list[SentEmail]]) -> None:
    answer = api.post(f"/users/{world.id('user')}/mfa-reset", world.helpdesk)
    assert (answer.status, answer.body) == (204, None)
    assert [m.to for m in sent_emails()] == [world.email("user")]


@pytest.mark.parametrize("action", ["mfa-reset", "disable", "enable"])
def test_account_actions_problems(api: Api, world: World, action: str) -> None:
    refused(api.post(f"/users/{world.id('user')}/{action}", world.eo), 403, "forbidden")
    refused(api.post(f"/users/nobody-here/{action}", world.helpdesk), 404, "not_found")
    refused(api.post(f"/users/not%20an%20id/{action}", world.helpdesk), 400, "invalid_request")
    refused(api.post(f"/users/{world.id('user')}/{action}"), 401, "unauthenticated")


def test_disable_then_enable(api: Api, world: World) -> None:
    world.ensure("user")
    assert api.post(f"/users/{world.id('user')}/disable", world.helpdesk).status == 204
    refused(api.get("/me", world.user), 403, "forbidden")
    refused(api.get(f"/me/centres/{world.centre_id}/services", world.user), 403, "forbidden")
    assert api.get("/users", world.helpdesk, query={"email": world.email("user")}).json["disabled"] is True
    assert api.post(f"/users/{world.id('user')}/enable", world.helpdesk).status == 204
    assert api.get("/me", world.user).status == 200


def test_the_helpdesk_cannot_disable_itself(api: Api, world: World, deps: Deps) -> None:
    people.record_sign_in(deps, world.id("helpdesk"), world.new_email("helpdesk"))
    answer = api.post(f"/users/{world.id('helpdesk')}/disable", world.helpdesk)
    refused(answer, 422, "cannot_modify_self")
    refused(api.post(f"/users/{world.id('helpdesk')}/enable", world.helpdesk), 422, "cannot_modify_self")


def test_the_helpdesk_cannot_reset_its_own_mfa(
    api: Api, world: World, deps: Deps, sent_emails: Callable[[], list[SentEmail]]
) -> None:
    """Another helpdesk member can: a reset signs the person out, and an account that resets its
    own second factor has proved only its first."""
    email = world.new_email("helpdesk")
    people.record_sign_in(deps, world.id("helpdesk"), email)
    answer = api.post(f"/users/{world.id('helpdesk')}/mfa-reset", world.helpdesk)
    refused(answer, 422, "cannot_modify_self")
    assert answer.json["detail"] == "you cannot reset your own MFA"
    assert sent_emails() == []
    trail = api.get("/audit", world.helpdesk, query={"target": world.id("helpdesk")}).json["items"]
    assert [r for r in trail if r["action"] == "mfa.reset"] == []
    other = api.post(f"/users/{world.id('user')}/mfa-reset", world.helpdesk)  # anyone else: as before
    assert other.status == 204, other


# --- GET /series and PUT /series/{series_id} -----------------------------------------------------


def test_set_and_list_results_days(api: Api, world: World) -> None:
    series = world.series_id("summer", 2027)
    created = api.put(f"/series/{series}", world.helpdesk, body={"results_day": "2027-08-12"})
    assert created.status == 201, created
    assert created.json == {
        "series_id": series,
        "results_day": "2027-08-12",
        "results_released_at": "2027-08-12T08:00:00+01:00",
    }
    changed = api.put(f"/series/{series}", world.helpdesk, body={"results_day": "2027-08-19"})
    assert (changed.status, changed.json["results_day"]) == (200, "2027-08-19")
    listed = api.get("/series", world.helpdesk).json
    assert {"series_id": series, "results_day": "2027-08-19"}.items() <= listed["items"][0].items()
    assert listed["next_cursor"] is None


@pytest.mark.parametrize(
    ("series_id", "body", "field"),
    [
        ("Summer", {"results_day": "2027-08-12"}, "series_id"),
        ("2027-summer-" + "x" * 30, {"results_day": "2027-08-12"}, "series_id"),
        ("2027-summer", {"results_day": "2027-13-12"}, "results_day"),
        ("2027-summer", {"results_day": 20270812}, "results_day"),
        ("2027-summer", {"results_day": "12/08/2027"}, "results_day"),
        ("2027-summer", {"results_day": "2027-08-12", "name": "Summer"}, "name"),
        ("2027-summer", {}, "results_day"),
    ],
)
def test_series_bad_input(api: Api, world: World, series_id: str, body: dict[str, Any], field: str) -> None:
    answer = api.put(f"/series/{series_id}", world.helpdesk, body=body)
    refused(answer, 400, "invalid_request")
    assert answer.fields == {field}


def test_series_problems(api: Api, world: World) -> None:
    refused(api.put("/series/2027-summer", world.eo, body={"results_day": "2027-08-12"}), 403, "forbidden")
    refused(api.get("/series", world.helpdesk, query={"limit": "0"}), 400, "invalid_request")
    refused(api.get("/series"), 401, "unauthenticated")
    refused(api.put("/series/2027-summer", body={"results_day": "2027-08-12"}), 401, "unauthenticated")


# --- GET /audit ----------------------------------------------------------------------------------


def test_search_the_audit_log(api: Api, world: World) -> None:
    world.ensure("eo", "user", "other")
    api.patch(world.member("user"), world.eo, body={"permissions": ["iamis"]})
    everything = api.get("/audit", world.helpdesk).json["items"]
    assert everything[0]["action"] == "member.access_changed"
    by_centre = api.get("/audit", world.helpdesk, query={"centre_id": world.other_centre_id}).json["items"]
    assert {r["centre_id"] for r in by_centre} == {world.other_centre_id}
    by_actor = api.get("/audit", world.helpdesk, query={"actor": world.id("eo")}).json["items"]
    assert by_actor[0]["action"] == "member.access_changed"
    assert {r["actor_id"] for r in by_actor} == {world.id("eo")}
    by_target = api.get("/audit", world.helpdesk, query={"target": world.id("user")}).json["items"]
    assert {r["target_id"] for r in by_target} == {world.id("user")}
    assert len(by_target) >= 2


@pytest.mark.parametrize(
    "query",
    [{"centre_id": "1"}, {"actor": "has space"}, {"target": "x" * 65}, {"cursor": "a.b"}, {"limit": "x"}],
)
def test_audit_search_bad_query(api: Api, world: World, query: dict[str, str]) -> None:
    answer = api.get("/audit", world.helpdesk, query=query)
    refused(answer, 400, "invalid_request")
    assert answer.fields == set(query)


def test_audit_search_problems(api: Api, world: World) -> None:
    refused(api.get("/audit", world.eo), 403, "forbidden")
    refused(api.get("/audit"), 401, "unauthenticated")
