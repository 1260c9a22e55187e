"""The caller from the authorizer's claims, in every form API Gateway passes the groups."""

from __future__ import annotations

import pytest
from portal.http.caller import Unauthenticated, caller_from, groups

from tests.api.events import Who, rest_event


@pytest.mark.parametrize(
    ("claim", "expected"),
    [
        ("helpdesk", {"helpdesk"}),
        ("[helpdesk]", {"helpdesk"}),
        ("[helpdesk, other]", {"helpdesk", "other"}),
        ("[other helpdesk]", {"other", "helpdesk"}),
        ("other,helpdesk", {"other", "helpdesk"}),
        ('["helpdesk","other"]', {"helpdesk", "other"}),
        (["helpdesk", "other"], {"helpdesk", "other"}),
        ("", set()),
        ("[]", set()),
        (None, set()),
        (42, set()),
        ("helpdesks", {"helpdesks"}),
    ],
)
def test_groups_in_every_form(claim: object, expected: set[str]) -> None:
    assert groups(claim) == expected


@pytest.mark.parametrize("form", ["plain", "bracketed"])
def test_helpdesk_caller_with_request_id(form: str) -> None:
    event = rest_event("GET", "/me", who=Who.helpdesk("abc-123"), groups_form=form)
    caller = caller_from(event)
    assert caller.user_id == "abc-123"
    assert caller.helpdesk_claim
    assert caller.request_id == event["requestContext"]["requestId"]


def test_a_lookalike_group_is_not_the_helpdesk() -> None:
    assert not caller_from(rest_event("GET", "/me", who=Who("u-1", ("helpdesk-admins",)))).helpdesk_claim


@pytest.mark.parametrize(
    "context",
    [
        {},
        {"authorizer": None},
        {"authorizer": {"claims": None}},
        {"authorizer": {"claims": {}}},
        {"authorizer": {"claims": {"sub": ""}}},
        {"authorizer": {"claims": {"sub": "has space"}}},
        {"authorizer": {"claims": {"sub": 7}}},
        {"authorizer": "claims"},
    ],
)
def test_no_usable_sub_is_unauthenticated(context: dict[str, object]) -> None:
    with pytest.raises(Unauthenticated):
        caller_from({"requestContext": context})
