"""The account-type table of domain.md against every route that changes membership.

Rows: who calls (the centre's EO, an Admin, a User, the helpdesk, the EO of another centre, a
person with no membership, a disabled Admin of the centre). Columns: invite an Admin, invite a
User, change a User's access, delete a User, resend and withdraw an invitation, and put an
Exams Officer in place. Then who may touch whom: EO, Admin and helpdesk against the EO, another
Admin and a User.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.api.client import Answer, Api
from tests.api.events import Who
from tests.api.world import World

CALLERS = ("eo", "admin", "user", "helpdesk", "other", "stranger", "disabled")
MANAGERS = {"eo", "admin", "helpdesk"}


@dataclass(frozen=True)
class Action:
    call: Callable[[Api, World, Who], Answer]
    success: int
    allowed: frozenset[str] = frozenset(MANAGERS)


def _invite(account_type: str) -> Callable[[Api, World, Who], Answer]:
    def call(api: Api, world: World, who: Who) -> Answer:
        body = {
            "email": world.new_email(f"matrix.{account_type}"),
            "account_type": account_type,
            "given_name": "Matrix",
            "family_name": "Person",
        }
        return api.post(world.users, who, body=body)

    return call


def _put_exams_officer(api: Api, world: World, who: Who) -> Answer:
    world.ensure("eo")
    body = {"email": world.new_email("matrix.eo"), "given_name": "Matrix", "family_name": "Officer"}
    return api.put(f"/centres/{world.centre_id}/exams-officer", who, body=body)


ACTIONS = {
    "invite admin": Action(_invite("admin"), 201),
    "invite user": Action(_invite("user"), 201),
    "change access": Action(
        lambda api, world, who: api.patch(world.member("user"), who, body={"permissions": ["iamis"]}), 200
    ),
    "delete": Action(lambda api, world, who: api.delete(world.member("user"), who), 204),
    "resend invitation": Action(
        lambda api, world, who: api.post(world.member("invited") + "/invitation", who), 202
    ),
    "withdraw invitation": Action(
        lambda api, world, who: api.delete(world.member("invited") + "/invitation", who), 204
    ),
    "put exams officer": Action(_put_exams_officer, 200, frozenset({"helpdesk"})),
}


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("action", ACTIONS)
def test_who_may_change_memberships(api: Api, world: World, action: str, caller: str) -> None:
    spec = ACTIONS[action]
    answer = spec.call(api, world, getattr(world, caller))
    if caller in spec.allowed:
        assert answer.status == spec.success, answer
    else:
        assert (answer.status, answer.code) == (403, "forbidden"), answer


# --- who may touch whom ------------------------------------------------------------------------

TARGETS = ("eo", "second_admin", "user")
DELETE = {
    ("eo", "eo"): (422, "cannot_modify_self"),
    ("eo", "second_admin"): (204, None),
    ("eo", "user"): (204, None),
    ("admin", "eo"): (422, "cannot_modify_exams_officer"),
    ("admin", "second_admin"): (204, None),
    ("admin", "user"): (204, None),
    ("helpdesk", "eo"): (204, None),
    ("helpdesk", "second_admin"): (204, None),
    ("helpdesk", "user"): (204, None),
    ("user", "eo"): (403, "forbidden"),
    ("user", "second_admin"): (403, "forbidden"),
    ("user", "user"): (403, "forbidden"),
}
CHANGE = {
    ("eo", "eo"): (422, "cannot_modify_self"),
    ("eo", "second_admin"): (200, None),
    ("eo", "user"): (200, None),
    ("admin", "eo"): (422, "cannot_modify_exams_officer"),
    ("admin", "second_admin"): (200, None),
    ("admin", "user"): (200, None),
    ("helpdesk", "eo"): (422, "cannot_modify_exams_officer"),
    ("helpdesk", "second_admin"): (200, None),
    ("helpdesk", "user"): (200, None),
    ("user", "eo"): (403, "forbidden"),
    ("user", "second_admin"): (403, "forbidden"),
    ("user", "user"): (403, "forbidden"),
}
NEXT_TYPE = {"eo": "admin", "second_admin": "user", "user": "admin"}


@pytest.mark.parametrize(("caller", "target"), sorted(DELETE))
def test_who_may_delete_whom(api: Api, world: World, caller: str, target: str) -> None:
    answer = api.delete(world.member(target), getattr(world, caller))
    assert (answer.status, answer.code) == DELETE[(caller, target)], answer


@pytest.mark.parametrize(("caller", "target"), sorted(CHANGE))
def test_who_may_change_whose_account_type(api: Api, world: World, caller: str, target: str) -> None:
    answer = api.patch(world.member(target), getattr(world, caller), body={"account_type": NEXT_TYPE[target]})
    assert (answer.status, answer.code) == CHANGE[(caller, target)], answer
    if answer.status == 200:
        assert answer.json["account_type"] == NEXT_TYPE[target]
