"""Issue 11, item 2: what AWS would refuse, or what could plant a link in an email, is a 400 at the edge.

Every case goes through the handlers as API Gateway calls them, with the use cases on moto, so
a value that passed validation here and failed at Cognito or SES would show as a 503.
"""

from __future__ import annotations

import pytest

from tests.api.client import Api, refused
from tests.api.conftest import Mail
from tests.api.events import rest_event
from tests.api.world import NUMBERS, World

# Addresses email-validator or Cognito's username form refuses (a 503 before issue 11).
BAD_EMAILS = [
    "a/b@school.example",
    ".a@school.example",
    "a.@school.example",
    "a..b@school.example",
    '"quoted"@school.example',
    "ann@[192.0.2.1]",
    "ánn@school.example",
    "ann@bücher.example",
    "ann@school.invalid",
    "ann@localhost",
    "ann@school.c0m",
    "Ann <ann@school.example>",
    "x" * 60 + "@" + "y" * 60 + ".example",
]
PLANTED = [
    "Visit https://evil.example/login and enter your password",
    "Visit evil.example now",
    "www.evil.example",
    "Call 0800 123 456",
    "<a href=x>Ann</a>",
    "Ann\u202eSmith",
    "Ann: reply with your password",
    "Ann@evil",
    "Ann_Smith",
    "A\u0301\u0301\u0301\u0301\u0301\u0301nn",
]
GOOD_NAMES = [
    "Llŷr",
    "Ŵyn",
    "Siân",
    "O'Brien-Jones",
    "J.R.R. Smith",
    "Zoë 李",
    "Dafydd ap Gwilym",
    "Jones\u2019",
]


def _invite(api: Api, world: World, **changes: object):
    body = {
        "email": world.new_email("valid"),
        "account_type": "user",
        "given_name": "Ann",
        "family_name": "Jones",
        **changes,
    }
    return api.post(world.users, world.eo, body=body)


@pytest.mark.parametrize("email", BAD_EMAILS)
def test_emails_aws_would_refuse_are_invalid_not_unavailable(api: Api, world: World, email: str) -> None:
    answer = _invite(api, world, email=email)
    refused(answer, 400, "invalid_request")
    assert answer.fields == {"email"}


def test_an_ordinary_address_still_reaches_cognito(api: Api, world: World) -> None:
    answer = _invite(api, world, email="Ann.Jones+exams@Mail.School.example")
    assert answer.status == 201, answer
    assert answer.json["email"] == "ann.jones+exams@mail.school.example"


def test_an_apostrophe_before_the_at_reaches_cognito_and_ses(
    api: Api, world: World, sent_emails: Mail
) -> None:
    """Cognito takes `o'brien@...` as a username and an email attribute, SES delivers to it."""
    email = world.new_email("O'Brien")
    answer = _invite(api, world, email=email)
    assert answer.status == 201, answer
    assert answer.json["email"] == email.lower()
    invitation = [m for m in sent_emails() if m.to == email.lower()]
    assert len(invitation) == 1, sent_emails()
    found = api.get("/users", world.helpdesk, query={"email": email})
    assert found.status == 200, found
    assert found.json["email"] == email.lower()


@pytest.mark.parametrize("text", PLANTED)
@pytest.mark.parametrize("field", ["given_name", "family_name"])
def test_no_link_or_instruction_in_a_name(api: Api, world: World, field: str, text: str) -> None:
    answer = _invite(api, world, **{field: text})
    refused(answer, 400, "invalid_request")
    assert answer.fields == {field}


@pytest.mark.parametrize("text", PLANTED)
def test_no_link_in_ones_own_profile(api: Api, world: World, text: str) -> None:
    answer = api.patch("/me", world.admin, body={"given_name": text, "job_role": text})
    refused(answer, 400, "invalid_request")
    assert answer.fields == {"given_name", "job_role"} or text == "Call 0800 123 456"


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_names_of_any_language(api: Api, world: World, name: str) -> None:
    answer = _invite(api, world, given_name=name, family_name=name)
    assert answer.status == 201, answer
    assert answer.json["given_name"] == name


def test_centre_names_hold_what_centres_are_called(api: Api, world: World) -> None:
    for name in ["Cardiff & Vale College", "Ysgol Gyfun Gŵyr", "St. Mary's R.C. High School (Upper)"]:
        created = api.post(
            "/centres", world.helpdesk, body={"centre_id": f"{next(NUMBERS):05d}", "name": name}
        )
        assert created.status == 201, created
    bad = api.post(
        "/centres", world.helpdesk, body={"centre_id": f"{next(NUMBERS):05d}", "name": "See evil.example"}
    )
    refused(bad, 400, "invalid_request")
    assert bad.fields == {"name"}


@pytest.mark.parametrize(
    "day",
    [
        "2026-08-13T00:00:00",
        "2026-08-13T00:00:00+01:00",
        "20260813",
        "2026-W33-4",
        "2026-225",
        "2026-8-13",
        "2026-02-30",
        " 2026-08-13",
        "2026-08-13\n",
        1786579200,
        "١٢٣٤-٠٨-١٣",
    ],
)
def test_results_day_is_only_a_date(api: Api, world: World, day: object) -> None:
    answer = api.put(f"/series/{world.series_id('summer')}", world.helpdesk, body={"results_day": day})
    refused(answer, 400, "invalid_request")
    assert answer.fields == {"results_day"}


def test_results_day_as_a_date(api: Api, world: World) -> None:
    answer = api.put(
        f"/series/{world.series_id('summer')}", world.helpdesk, body={"results_day": "2026-08-13"}
    )
    assert answer.status == 201, answer


# --- paths: a malformed parameter is 400 naming it; unknown fixed segments are 404 --------------

ODD_SEGMENTS = [
    "68\n01",
    "68\x0001",
    "6810\u00e9",
    "\u0661\u0662\u0663\u0664\u0665",
    "68101\n",
    "%0A",
    "6\u202e8101",
]


@pytest.mark.parametrize("segment", ODD_SEGMENTS)
def test_a_malformed_centre_number_is_400_whatever_it_holds(api: Api, world: World, segment: str) -> None:
    path = f"/centres/{segment}/users"
    event = rest_event("GET", path, who=world.eo, resource="/centres/{centre_id}/users")
    event["pathParameters"] = {"centre_id": segment}
    answer = api.raw(event, "centre_users")
    refused(answer, 400, "invalid_request")
    assert answer.fields == {"centre_id"}


@pytest.mark.parametrize("segment", ["x\ny", "x\x7fy", "\u00e9", "a" * 65, "a b"])
def test_a_malformed_user_id_is_400_whatever_it_holds(api: Api, world: World, segment: str) -> None:
    path = f"{world.users}/{segment}"
    event = rest_event("GET", path, who=world.eo, resource="/centres/{centre_id}/users/{user_id}")
    event["pathParameters"] = {"centre_id": world.centre_id, "user_id": segment}
    refused(api.raw(event, "centre_users"), 400, "invalid_request")


@pytest.mark.parametrize("path", ["/me\n", "/me\x00", "/m\u00e9", "/me/\u202e", "/centres/68101/us\ners"])
def test_odd_fixed_segments_are_404(api: Api, world: World, path: str) -> None:
    function = "self_service" if path.startswith("/m") else "centre_users"
    refused(api.raw(rest_event("GET", path, who=world.eo, resource=path), function), 404, "not_found")
