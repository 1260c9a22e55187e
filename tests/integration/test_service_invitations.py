"""Invitations through the use cases, on moto: limits, concurrency, case-insensitive emails."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from portal.domain.errors import (
    AdminLimitReached,
    AlreadyMember,
    ExamsOfficerExists,
    Forbidden,
    NotFound,
    PermissionNotGrantable,
)
from portal.domain.model import AccountType, MembershipStatus, Permission
from portal.service import centres, members, people
from portal.service.deps import Deps
from portal.service.ports import MemberFilter, PageRequest

from tests.integration.conftest import member_users
from tests.integration.world import HELPDESK, add_member, invitation, make_centre

pytestmark = pytest.mark.integration


def test_invite_user_creates_person_membership_and_sends_the_invitation(
    deps: Deps, sent_emails, passwords, clients, resources
):
    centre = make_centre(deps)
    view = members.invite(
        deps,
        centre.eo,
        "68101",
        invitation("Ann.Smith@School.Example", permissions=frozenset({Permission.RESULTS})),
    )
    assert view.status is MembershipStatus.INVITED
    assert view.membership.email == "ann.smith@school.example"
    assert view.membership.permissions == {Permission.RESULTS, Permission.RESOURCES}
    assert view.membership.invited_by == centre.eo.user_id
    mail = sent_emails()[-1]
    assert mail.to == "ann.smith@school.example"
    assert passwords.issued[-1] in mail.text
    assert mail.configuration_set == resources.settings.configuration_set
    user = clients.cognito.admin_get_user(
        UserPoolId=resources.user_pool_id, Username="ann.smith@school.example"
    )
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
    assert sub == view.membership.user_id
    log = deps.audit.for_centre("68101", PageRequest()).items
    assert log[0].action == "member.invited" and log[0].actor_id == centre.eo.user_id


def test_emails_differing_only_in_case_are_the_same_person(deps: Deps, sent_emails, clients, resources):
    first = make_centre(deps, "68101")
    second = make_centre(deps, "68102", eo_email="eo2@school.example")
    one = members.invite(deps, first.eo, "68101", invitation("Ann@School.Example"))
    with pytest.raises(AlreadyMember):
        members.invite(deps, first.eo, "68101", invitation("ann@school.example"))
    two = members.invite(deps, second.eo, "68102", invitation("ANN@SCHOOL.EXAMPLE"))
    assert one.membership.user_id == two.membership.user_id
    users = clients.cognito.list_users(UserPoolId=resources.user_pool_id)["Users"]
    assert sum(1 for u in users if any(a["Value"] == "ann@school.example" for a in u["Attributes"])) == 1
    kinds = [m.subject for m in sent_emails() if m.to == "ann@school.example"]
    assert len(kinds) == 2  # an invitation, then a notification without a password


def test_existing_signed_in_person_is_added_active_without_a_new_password(deps: Deps, sent_emails, passwords):
    first = make_centre(deps, "68101")
    second = make_centre(deps, "68102", eo_email="eo2@school.example")
    add_member(deps, first, "ann@school.example")
    issued = len(passwords.issued)
    view = members.invite(deps, second.eo, "68102", invitation("ann@school.example", AccountType.ADMIN))
    assert view.status is MembershipStatus.ACTIVE
    assert len(passwords.issued) == issued
    assert not any(p in sent_emails()[-1].text for p in passwords.issued)


def test_fourth_admin_is_refused_and_open_invitations_count(deps: Deps):
    centre = make_centre(deps)
    add_member(deps, centre, "a1@school.example", AccountType.ADMIN)
    add_member(deps, centre, "a2@school.example", AccountType.ADMIN)
    add_member(deps, centre, "a3@school.example", AccountType.ADMIN, accept=False)
    with pytest.raises(AdminLimitReached):
        members.invite(deps, centre.eo, "68101", invitation("a4@school.example", AccountType.ADMIN))
    assert centres.summarise(deps, centre.eo, "68101").admin_places_left == 0
    # Users are not limited
    add_member(deps, centre, "u1@school.example")


def test_a_user_cannot_invite_and_a_stranger_learns_nothing(deps: Deps):
    centre = make_centre(deps)
    user = add_member(deps, centre, "u@school.example")
    with pytest.raises(Forbidden):
        members.invite(deps, user, "68101", invitation("x@school.example"))
    with pytest.raises(Forbidden):
        members.invite(deps, centre.eo, "99999", invitation("x@school.example"))  # no such centre: still 403
    with pytest.raises(NotFound):
        members.invite(deps, HELPDESK, "99999", invitation("x@school.example"))


def test_a2c_keys_are_not_grantable_to_a_user(deps: Deps):
    centre = make_centre(deps)
    with pytest.raises(PermissionNotGrantable):
        members.invite(
            deps,
            centre.eo,
            "68101",
            invitation("u@school.example", permissions=frozenset({Permission.A2C_KEYS})),
        )


def _race(count: int, attempt) -> Counter[str]:
    barrier = threading.Barrier(count)
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def run(i: int) -> None:
        barrier.wait()
        try:
            attempt(i)
            result = "ok"
        except Exception as error:
            result = type(error).__name__
        with lock:
            outcomes[result] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def test_ten_concurrent_admin_invitations_for_the_last_place(deps: Deps, clients, resources):
    centre = make_centre(deps)
    add_member(deps, centre, "a1@school.example", AccountType.ADMIN)
    add_member(deps, centre, "a2@school.example", AccountType.ADMIN)

    outcomes = _race(
        10,
        lambda i: members.invite(
            deps, centre.eo, "68101", invitation(f"new{i}@school.example", AccountType.ADMIN)
        ),
    )

    assert outcomes == Counter({"ok": 1, "AdminLimitReached": 9})
    admins = members.list_members(
        deps, centre.eo, "68101", MemberFilter(account_type=AccountType.ADMIN), PageRequest()
    ).items
    assert len(admins) == 3
    users = member_users(clients.cognito, resources.user_pool_id)
    assert len(users) == 4  # EO, two admins, the one winner: no orphan from the losers


def test_ten_concurrent_exams_officer_invitations(deps: Deps, clients, resources):
    centres.create_centre(deps, HELPDESK, "68101", "Demo Centre")
    outcomes = _race(
        10,
        lambda i: members.invite(
            deps, HELPDESK, "68101", invitation(f"eo{i}@school.example", AccountType.EXAMS_OFFICER)
        ),
    )
    assert outcomes == Counter({"ok": 1, "ExamsOfficerExists": 9})
    assert len(member_users(clients.cognito, resources.user_pool_id)) == 1
    with pytest.raises(ExamsOfficerExists):
        members.invite(deps, HELPDESK, "68101", invitation("late@school.example", AccountType.EXAMS_OFFICER))


def test_first_sign_in_makes_every_pending_membership_active(deps: Deps):
    first = make_centre(deps, "68101")
    second = make_centre(deps, "68102", eo_email="eo2@school.example")
    view = members.invite(deps, first.eo, "68101", invitation("ann@school.example"))
    members.invite(deps, second.eo, "68102", invitation("ann@school.example"))
    accepted = people.record_sign_in(deps, view.membership.user_id, "ann@school.example")
    assert sorted(m.centre_id for m in accepted) == ["68101", "68102"]
    me = people.me(deps, first.caller(view.membership.user_id))
    assert {m.status for m in me.memberships} == {MembershipStatus.ACTIVE}
    assert me.person is not None and me.person.last_sign_in_at is not None


def test_invitation_expires_after_sixty_days_and_a_resend_renews_it(deps: Deps, clock, sent_emails):
    centre = make_centre(deps)
    view = members.invite(deps, centre.eo, "68101", invitation("ann@school.example"))
    clock.advance(timedelta(days=60))
    assert (
        members.get_member(deps, centre.eo, "68101", view.membership.user_id).status
        is MembershipStatus.INVITED
    )
    clock.advance(timedelta(seconds=1))
    assert (
        members.get_member(deps, centre.eo, "68101", view.membership.user_id).status
        is MembershipStatus.EXPIRED
    )
    expired = members.list_members(
        deps, centre.eo, "68101", MemberFilter(status=MembershipStatus.EXPIRED), PageRequest()
    ).items
    assert [m.membership.user_id for m in expired] == [view.membership.user_id]
    renewed = members.resend_invitation(deps, centre.eo, "68101", view.membership.user_id)
    assert renewed.status is MembershipStatus.INVITED
    assert sent_emails()[-1].to == "ann@school.example"


def test_invitation_email_names_only_the_inviter(deps: Deps, sent_emails):
    centre = make_centre(deps)
    add_member(deps, centre, "bob.other@school.example", AccountType.ADMIN)
    members.invite(
        deps, centre.eo, "68101", invitation("carol@school.example", given_name="Carol", family_name="Price")
    )
    mail = sent_emails()[-1]
    assert mail.to == "carol@school.example"
    assert "Eo Jones" in mail.text  # the inviter (the EO's names from the seed)
    for other in ("bob.other", "Bob", "eo@school.example"):
        assert other not in mail.text and other not in mail.html
