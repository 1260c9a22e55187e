"""domain.md, Account types: who may invite, delete and change whom, row by row.

Outcomes: OK (allowed), or the error raised: Forbidden, CannotModifySelf,
CannotModifyExamsOfficer. The centre has an EO (u-eo), Admins (u-admin, u-admin-2) and Users
(u-user, u-user-2); the targets `admin` and `user` are always someone other than the actor.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

import pytest
from portal.constants import MAX_ADMINS_PER_CENTRE, MAX_EXAMS_OFFICERS_PER_CENTRE
from portal.domain import policy
from portal.domain.catalogue import ALL_PERMISSIONS
from portal.domain.errors import CannotModifyExamsOfficer, CannotModifySelf, Forbidden, PortalError
from portal.domain.model import AccountType, Membership, Permission
from portal.domain.policy import Actor

CENTRE = "68101"
OTHER_CENTRE = "68102"
T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

OK = None
FORBIDDEN = Forbidden
SELF = CannotModifySelf
EO_ONLY = CannotModifyExamsOfficer
Outcome = type[PortalError] | None

EO, ADMIN, USER = AccountType.EXAMS_OFFICER, AccountType.ADMIN, AccountType.USER


def member(user_id: str, account_type: AccountType, centre_id: str = CENTRE) -> Membership:
    return Membership(
        centre_id=centre_id,
        user_id=user_id,
        email=f"{user_id}@school.example",
        account_type=account_type,
        permissions=ALL_PERMISSIONS if account_type is not USER else frozenset({Permission.RESOURCES}),
        invited_at=T0,
        invited_by="u-helpdesk",
        accepted=True,
    )


THE_EO = member("u-eo", EO)
AN_ADMIN = member("u-admin", ADMIN)
A_USER = member("u-user", USER)

ACTORS: dict[str, Actor] = {
    "eo": Actor("u-eo", membership=THE_EO),
    "admin": Actor("u-admin", membership=AN_ADMIN),
    "user": Actor("u-user", membership=A_USER),
    "helpdesk": Actor("u-helpdesk", helpdesk=True),
    # An EO elsewhere: their membership *at this centre*, as loaded per request, is None.
    "member_of_other_centre": Actor("u-eo-elsewhere", membership=None),
    "no_membership": Actor("u-nobody"),
    "disabled_eo": Actor("u-eo", disabled=True, membership=THE_EO),
    "disabled_admin": Actor("u-admin", disabled=True, membership=AN_ADMIN),
    "disabled_user": Actor("u-user", disabled=True, membership=A_USER),
    "disabled_helpdesk": Actor("u-helpdesk", helpdesk=True, disabled=True),
}

SELF_MEMBERSHIP: dict[str, Membership] = {
    "eo": THE_EO,
    "admin": AN_ADMIN,
    "user": A_USER,
    # a helpdesk person who also holds a membership somewhere still cannot touch it
    "helpdesk": member("u-helpdesk", ADMIN),
    "member_of_other_centre": member("u-eo-elsewhere", EO, OTHER_CENTRE),
    "no_membership": member("u-nobody", USER),
    "disabled_eo": THE_EO,
    "disabled_admin": AN_ADMIN,
    "disabled_user": A_USER,
    "disabled_helpdesk": member("u-helpdesk", ADMIN),
}


def target(actor_name: str, target_name: str) -> Membership:
    return {
        "eo": THE_EO,
        "admin": member("u-admin-2", ADMIN),
        "user": member("u-user-2", USER),
        "self": SELF_MEMBERSHIP[actor_name],
    }[target_name]


def check(outcome: Outcome, call: object) -> None:
    assert callable(call)
    if outcome is None:
        call()
    else:
        with pytest.raises(outcome):
            call()


ALL_FORBIDDEN = (FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN)
NOBODY = dict.fromkeys(
    (
        "user",
        "member_of_other_centre",
        "no_membership",
        "disabled_eo",
        "disabled_admin",
        "disabled_user",
        "disabled_helpdesk",
    ),
    ALL_FORBIDDEN,
)
TARGETS = ("eo", "admin", "user", "self")


def rows(table: Mapping[str, tuple[Outcome, ...]], columns: tuple[str, ...]) -> list[object]:
    assert set(table) == set(ACTORS), "every actor has a row"
    return [
        pytest.param(actor, column, outcome, id=f"{actor}->{column}")
        for actor, outcomes in table.items()
        for column, outcome in zip(columns, outcomes, strict=True)
    ]


# --- limits ---------------------------------------------------------------------------------


def test_limits_per_centre():
    assert MAX_EXAMS_OFFICERS_PER_CENTRE == 1
    assert MAX_ADMINS_PER_CENTRE == 3


# --- who may invite (account type to invite: EO, Admin, User) --------------------------------

INVITE: dict[str, tuple[Outcome, ...]] = {
    # columns: invite an EO, an Admin, a User
    "eo": (FORBIDDEN, OK, OK),
    "admin": (FORBIDDEN, OK, OK),
    "helpdesk": (OK, OK, OK),
    **dict.fromkeys(NOBODY, (FORBIDDEN, FORBIDDEN, FORBIDDEN)),
}


@pytest.mark.parametrize(("actor", "account_type", "outcome"), rows(INVITE, ("eo", "admin", "user")))
def test_authorise_invite(actor, account_type, outcome):
    kind = {"eo": EO, "admin": ADMIN, "user": USER}[account_type]
    check(outcome, lambda: policy.authorise_invite(ACTORS[actor], kind))


# --- who may delete (also: withdraw or resend an invitation) ---------------------------------

DELETE: dict[str, tuple[Outcome, ...]] = {
    # columns: target the EO, another Admin, another User, self
    "eo": (SELF, OK, OK, SELF),  # the EO is themselves
    "admin": (EO_ONLY, OK, OK, SELF),  # "never the EO"
    "helpdesk": (OK, OK, OK, SELF),  # deletes any membership
    **NOBODY,
}


@pytest.mark.parametrize("function", [policy.authorise_delete, policy.authorise_invitation])
@pytest.mark.parametrize(("actor", "target_name", "outcome"), rows(DELETE, TARGETS))
def test_authorise_delete(function, actor, target_name, outcome):
    check(outcome, lambda: function(ACTORS[actor], target(actor, target_name)))


# --- who may change permissions / account type -----------------------------------------------

CHANGE: dict[str, tuple[Outcome, ...]] = {
    # columns: target the EO, another Admin, another User, self
    "eo": (SELF, OK, OK, SELF),
    "admin": (EO_ONLY, OK, OK, SELF),
    "helpdesk": (EO_ONLY, OK, OK, SELF),  # the EO is replaced, never edited (docs/rules.md)
    **NOBODY,
}


@pytest.mark.parametrize("new_type", [None, ADMIN, USER], ids=["permissions_only", "to_admin", "to_user"])
@pytest.mark.parametrize(("actor", "target_name", "outcome"), rows(CHANGE, TARGETS))
def test_authorise_change(new_type, actor, target_name, outcome):
    check(outcome, lambda: policy.authorise_change(ACTORS[actor], target(actor, target_name), new_type))


CHANGE_TO_EO: dict[str, tuple[Outcome, ...]] = {
    # columns: target the EO, another Admin, another User, self
    "eo": (SELF, EO_ONLY, EO_ONLY, SELF),
    "admin": (EO_ONLY, EO_ONLY, EO_ONLY, SELF),
    "helpdesk": (EO_ONLY, EO_ONLY, EO_ONLY, SELF),  # appointing an EO is PUT .../exams-officer
    **NOBODY,
}


@pytest.mark.parametrize(("actor", "target_name", "outcome"), rows(CHANGE_TO_EO, TARGETS))
def test_authorise_change_to_exams_officer(actor, target_name, outcome):
    check(outcome, lambda: policy.authorise_change(ACTORS[actor], target(actor, target_name), EO))


# --- a membership at another centre never authorises anything here ---------------------------


@pytest.mark.parametrize("account_type", [EO, ADMIN])
@pytest.mark.parametrize("target_name", ["eo", "admin", "user"])
def test_staff_of_another_centre_cannot_act_on_this_centres_members(account_type, target_name):
    elsewhere = Actor("u-elsewhere", membership=member("u-elsewhere", account_type, OTHER_CENTRE))
    victim = target("eo", target_name)
    assert victim.centre_id == CENTRE
    with pytest.raises(Forbidden):
        policy.authorise_delete(elsewhere, victim)
    with pytest.raises(Forbidden):
        policy.authorise_change(elsewhere, victim, None)


# --- require_manager / require_helpdesk / require_member -------------------------------------

GATES: dict[str, tuple[Outcome, Outcome, Outcome]] = {
    # columns: require_manager, require_helpdesk, require_member
    "eo": (OK, FORBIDDEN, OK),
    "admin": (OK, FORBIDDEN, OK),
    "user": (FORBIDDEN, FORBIDDEN, OK),
    "helpdesk": (OK, OK, FORBIDDEN),  # helpdesk belongs to no centre
    "member_of_other_centre": (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "no_membership": (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "disabled_eo": (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "disabled_admin": (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "disabled_user": (FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "disabled_helpdesk": (FORBIDDEN, FORBIDDEN, FORBIDDEN),
}


@pytest.mark.parametrize(
    ("actor", "gate", "outcome"), rows(GATES, ("require_manager", "require_helpdesk", "require_member"))
)
def test_gates(actor, gate, outcome):
    check(outcome, lambda: getattr(policy, gate)(ACTORS[actor]))


@pytest.mark.parametrize("actor", ["eo", "admin", "user"])
def test_require_member_returns_the_membership(actor):
    assert policy.require_member(ACTORS[actor]) is ACTORS[actor].membership


@pytest.mark.parametrize("actor", ["member_of_other_centre", "no_membership"])
def test_a_stranger_is_not_told_whether_the_centre_exists(actor):
    with pytest.raises(Forbidden) as refused:
        policy.require_manager(ACTORS[actor])
    assert refused.value.detail == policy.NO_ACCESS


def test_actor_account_type_is_that_of_the_membership_here():
    assert ACTORS["eo"].account_type is EO
    assert ACTORS["admin"].account_type is ADMIN
    assert ACTORS["user"].account_type is USER
    assert ACTORS["helpdesk"].account_type is None
