"""Self service: /health, /me and a member's services, each answer and each problem they give."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from portal.domain.model import Permission
from portal.service import people
from portal.service.deps import Deps

from tests.api.client import Api, refused
from tests.api.events import Who
from tests.api.world import UNKNOWN_CENTRE, World
from tests.integration.conftest import FakeClock

SERVICES = "/me/centres/{}/services"


def test_health_needs_no_token(api: Api) -> None:
    answer = api.get("/health")
    assert (answer.status, answer.json) == (200, {"status": "ok"})


# --- GET /me -------------------------------------------------------------------------------------


def test_me_is_the_callers_profile_and_memberships(api: Api, world: World) -> None:
    answer = api.get("/me", world.user)
    assert answer.status == 200, answer
    me = answer.json
    assert me["user_id"] == world.id("user")
    assert me["email"] == world.email("user")
    assert (me["given_name"], me["family_name"], me["language"]) == ("User", "Person", "en")
    assert me["helpdesk"] is False
    assert me["mfa"] == {"preferred": None, "enabled": [], "passkey": False, "passkey_review": False}
    assert me["memberships"] == [
        {
            "centre_id": world.centre_id,
            "centre_name": "Ysgol Gyfun Test",
            "account_type": "user",
            "permissions": ["resources", "entries"],
            "status": "active",
        }
    ]
    assert set(me) == {
        "user_id",
        "email",
        "title",
        "given_name",
        "family_name",
        "job_role",
        "language",
        "phone_number",
        "mfa",
        "helpdesk",
        "memberships",
    }


def test_me_says_helpdesk_from_the_group_claim(api: Api, world: World, deps: Deps) -> None:
    people.record_sign_in(deps, world.id("helpdesk"), "helpdesk@board.example")
    me = api.get("/me", world.helpdesk).json
    assert (me["helpdesk"], me["memberships"], me["email"]) == (True, [], "helpdesk@board.example")


def test_me_without_a_profile_is_empty_not_an_error(api: Api, world: World) -> None:
    me = api.get("/me", world.stranger).json
    assert (me["user_id"], me["email"], me["memberships"]) == (world.id("stranger"), None, [])


def test_me_of_a_disabled_person_is_forbidden(api: Api, world: World) -> None:
    answer = api.get("/me", world.disabled)
    assert (answer.status, answer.code) == (403, "forbidden")


def test_me_without_claims_is_unauthenticated(api: Api) -> None:
    answer = api.get("/me")
    assert (answer.status, answer.code) == (401, "unauthenticated")
    assert answer.headers["Content-Type"] == "application/problem+json"


# --- PATCH /me -----------------------------------------------------------------------------------


def test_patch_me_changes_only_the_fields_given(api: Api, world: World, deps: Deps) -> None:
    answer = api.patch(
        "/me",
        world.user,
        body={"title": "Dr", "job_role": "Exams clerk", "language": "cy", "phone_number": "+44 7700 900123"},
    )
    assert answer.status == 200, answer
    me = answer.json
    assert (me["title"], me["job_role"], me["language"], me["phone_number"]) == (
        "Dr",
        "Exams clerk",
        "cy",
        "+447700900123",
    )
    assert (me["given_name"], me["family_name"]) == ("User", "Person")
    stored = deps.store.get_person(world.id("user"))
    assert stored is not None and stored.profile.phone_number == "+447700900123"


def test_patch_me_null_clears_what_may_be_cleared(api: Api, world: World) -> None:
    api.patch("/me", world.user, body={"title": "Ms", "phone_number": "+447700900123"})
    me = api.patch("/me", world.user, body={"title": None, "phone_number": None, "job_role": None}).json
    assert (me["title"], me["phone_number"], me["job_role"]) == (None, None, None)


def test_patch_me_with_nothing_changes_nothing(api: Api, world: World) -> None:
    answer = api.patch("/me", world.user, body={})
    assert answer.status == 200 and answer.json["given_name"] == "User"


def test_patch_me_trims_names(api: Api, world: World) -> None:
    me = api.patch("/me", world.user, body={"given_name": "  Siân ", "family_name": "Ap Rhys"}).json
    assert (me["given_name"], me["family_name"]) == ("Siân", "Ap Rhys")


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"email": "new@school.example"}, {"email"}),
        ({"title": "Lord"}, {"title"}),
        ({"given_name": ""}, {"given_name"}),
        ({"given_name": "x" * 101}, {"given_name"}),
        ({"given_name": None}, {"given_name"}),
        ({"family_name": "tab\there"}, {"family_name"}),
        ({"language": "fr"}, {"language"}),
        ({"language": None}, {"language"}),
        ({"phone_number": "07700 900123"}, {"phone_number"}),
        ({"phone_number": 447700900123}, {"phone_number"}),
        ({"job_role": "j" * 101}, {"job_role"}),
        ({"title": "Lord", "phone_number": "123", "extra": 1}, {"title", "phone_number", "extra"}),
        ([], {"body"}),
        ("not json", {"body"}),
    ],
)
def test_patch_me_bad_input_names_every_offending_field(
    api: Api, world: World, body: object, fields: set[str]
) -> None:
    answer = api.patch("/me", world.user, body=body)
    assert (answer.status, answer.code) == (400, "invalid_request"), answer
    assert answer.fields == fields


def test_patch_me_of_a_disabled_person_is_forbidden(api: Api, world: World) -> None:
    answer = api.patch("/me", world.disabled, body={"job_role": "Head"})
    assert (answer.status, answer.code) == (403, "forbidden")


def test_patch_me_without_a_profile_is_not_found(api: Api, world: World) -> None:
    answer = api.patch("/me", world.stranger, body={"job_role": "Head"})
    assert (answer.status, answer.code) == (404, "not_found")


def test_patch_me_without_claims_is_unauthenticated(api: Api) -> None:
    assert api.patch("/me", body={"job_role": "Head"}).code == "unauthenticated"


# --- GET /me/centres/{centre_id}/services --------------------------------------------------------


def _tiles(api: Api, who: Who, centre_id: str, **query: str) -> dict[str, dict[str, object]]:
    answer = api.get(SERVICES.format(centre_id), who, query=query or None)
    assert answer.status == 200, answer
    return {tile["service"]: tile for tile in answer.json["services"]}


def test_services_of_an_eo_are_full(api: Api, world: World) -> None:
    tiles = _tiles(api, world.eo, world.centre_id)
    assert list(tiles) == [p.value for p in Permission]
    assert {t["access"] for t in tiles.values()} == {"full"}


def test_services_of_a_user_follow_the_grants(api: Api, world: World) -> None:
    tiles = _tiles(api, world.user, world.centre_id)
    assert tiles["resources"]["access"] == "full"
    assert tiles["entries"]["access"] == "view"
    assert tiles["a2c_keys"]["access"] == "none"
    assert tiles["results"] == {"service": "results", "access": "none", "available_from": None}


def test_results_open_at_8_uk_time_on_results_day(
    api: Api, world: World, deps: Deps, clock: FakeClock
) -> None:
    api.patch(world.member("user"), world.eo, body={"permissions": ["results"]})
    day = clock.now().date() + timedelta(days=1)
    series = world.series_id("winter")
    assert api.put(f"/series/{series}", world.helpdesk, body={"results_day": day.isoformat()}).status == 201
    before = _tiles(api, world.user, world.centre_id, series_id=series)["results"]
    assert before == {
        "service": "results",
        "access": "none",
        "available_from": f"{day.isoformat()}T08:00:00+00:00",
    }
    assert _tiles(api, world.eo, world.centre_id, series_id=series)["results"]["access"] == "full"
    clock.advance(timedelta(days=1))
    assert _tiles(api, world.user, world.centre_id, series_id=series)["results"]["access"] == "view"


def test_summer_results_day_is_at_8_bst(api: Api, world: World) -> None:
    api.patch(world.member("user"), world.eo, body={"permissions": ["results"]})
    series = world.series_id("summer", 2027)
    api.put(f"/series/{series}", world.helpdesk, body={"results_day": date(2027, 8, 12).isoformat()})
    tile = _tiles(api, world.user, world.centre_id, series_id=series)["results"]
    assert tile["available_from"] == "2027-08-12T08:00:00+01:00"


@pytest.mark.parametrize(
    ("centre_id", "query", "field"),
    [
        ("6810", None, "centre_id"),
        ("681011", None, "centre_id"),
        ("abcde", None, "centre_id"),
        ("home", {"series_id": "Summer 2026"}, "series_id"),
        ("home", {"series_id": "2026-" + "x" * 40}, "series_id"),
    ],
)
def test_services_bad_input(
    api: Api, world: World, centre_id: str, query: dict[str, str] | None, field: str
) -> None:
    centre = world.centre_id if centre_id == "home" else centre_id
    answer = api.get(SERVICES.format(centre), world.user, query=query)
    assert (answer.status, answer.code, answer.fields) == (400, "invalid_request", {field})


@pytest.mark.parametrize("role", ["other", "stranger", "disabled", "helpdesk"])
def test_services_need_a_membership_here(api: Api, world: World, role: str) -> None:
    answer = api.get(SERVICES.format(world.centre_id), getattr(world, role))
    assert (answer.status, answer.code) == (403, "forbidden")


def test_services_of_an_unknown_centre_say_forbidden_not_missing(api: Api, world: World) -> None:
    answer = api.get(SERVICES.format(UNKNOWN_CENTRE), world.user)
    assert (answer.status, answer.code) == (403, "forbidden")


def test_services_for_an_unknown_series_is_not_found(api: Api, world: World) -> None:
    answer = api.get(
        SERVICES.format(world.centre_id), world.user, query={"series_id": world.series_id("never")}
    )
    assert (answer.status, answer.code) == (404, "not_found")


def test_services_without_claims_is_unauthenticated(api: Api) -> None:
    assert api.get(SERVICES.format("68101")).code == "unauthenticated"


# --- GET /series: every signed-in person (issue 21: the home page shows the next results day) ----


@pytest.mark.parametrize("role", ["user", "eo", "admin", "invited", "other", "stranger", "helpdesk"])
def test_every_signed_in_person_reads_the_series(api: Api, world: World, role: str) -> None:
    series = world.series_id("summer", 2028)
    assert api.put(f"/series/{series}", world.helpdesk, body={"results_day": "2028-08-17"}).status == 201
    listed = api.get("/series", getattr(world, role), query={"limit": "100"})
    assert listed.status == 200, listed
    mine = [item for item in listed.json["items"] if item["series_id"] == series]
    assert mine == [
        {"series_id": series, "results_day": "2028-08-17", "results_released_at": "2028-08-17T08:00:00+01:00"}
    ]


def test_series_are_not_for_a_disabled_person_and_only_the_helpdesk_sets_them(api: Api, world: World) -> None:
    refused(api.get("/series", world.disabled), 403, "forbidden")
    refused(api.put("/series/2028-summer", world.user, body={"results_day": "2028-08-17"}), 403, "forbidden")
    refused(api.put("/series/2028-summer", world.admin, body={"results_day": "2028-08-17"}), 403, "forbidden")
