"""Changing, deleting and withdrawing memberships; people's own views; the helpdesk's care."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from botocore.exceptions import ClientError
from portal.domain.errors import (
    AdminLimitReached,
    CannotModifyExamsOfficer,
    CannotModifySelf,
    Forbidden,
    NotFound,
    NotPending,
    PermissionNotGrantable,
)
from portal.domain.model import Access, AccountType, Caller, Language, Permission
from portal.service import audit, members, people, series
from portal.service.deps import Deps
from portal.service.people import ProfileChanges
from portal.service.ports import AuditFilter, PageRequest

from tests.integration.conftest import member_users
from tests.integration.world import HELPDESK, add_member, invitation, make_centre

pytestmark = pytest.mark.integration


def _cognito_emails(clients, resources) -> set[str]:
    users = member_users(clients.cognito, resources.user_pool_id)
    return {a["Value"] for u in users for a in u["Attributes"] if a["Name"] == "email"}


def test_person_in_two_centres_keeps_the_other_and_loses_the_account_only_with_the_last(
    deps: Deps, clients, resources, sent_emails
):
    first = make_centre(deps, "68101")
    second = make_centre(deps, "68102", eo_email="eo2@school.example")
    ann = add_member(deps, first, "ann@school.example")
    members.invite(deps, second.eo, "68102", invitation("ann@school.example"))

    members.delete_member(deps, first.eo, "68101", ann.user_id)
    assert "ann@school.example" in _cognito_emails(clients, resources)
    assert [m.centre_id for m in people.me(deps, ann).memberships] == ["68102"]
    with pytest.raises(Forbidden):  # her old token gets nothing at the first centre, at once
        people.my_services(deps, ann, "68101", None)

    members.delete_member(deps, second.eo, "68102", ann.user_id)
    assert "ann@school.example" not in _cognito_emails(clients, resources)
    assert deps.store.user_id_for_email("ann@school.example") is None
    assert sent_emails()[-1].to == "ann@school.example"  # the removal notice, then nothing more


def test_change_between_admin_and_user_moves_the_place(deps: Deps, sent_emails):
    centre = make_centre(deps)
    admins = [add_member(deps, centre, f"a{i}@school.example", AccountType.ADMIN) for i in range(3)]
    user = add_member(deps, centre, "u@school.example")
    with pytest.raises(AdminLimitReached):
        members.change_access(deps, centre.eo, "68101", user.user_id, AccountType.ADMIN, None)
    demoted = members.change_access(deps, admins[0], "68101", admins[1].user_id, AccountType.USER, None)
    assert demoted.membership.permissions == {Permission.RESOURCES}
    promoted = members.change_access(deps, centre.eo, "68101", user.user_id, AccountType.ADMIN, None)
    assert Permission.A2C_KEYS in promoted.membership.permissions
    assert sent_emails()[-1].to == "u@school.example"


def test_permissions_are_replaced_and_take_effect_on_the_next_request(deps: Deps):
    centre = make_centre(deps)
    user = add_member(deps, centre, "u@school.example", permissions=frozenset({Permission.ENTRIES}))
    tiles = {s.service: s.access for s in people.my_services(deps, user, "68101", None)}
    assert tiles[Permission.ENTRIES] is Access.VIEW and tiles[Permission.IAMIS] is Access.NONE
    members.change_access(deps, centre.eo, "68101", user.user_id, None, frozenset({Permission.IAMIS}))
    tiles = {s.service: s.access for s in people.my_services(deps, user, "68101", None)}
    assert tiles[Permission.ENTRIES] is Access.NONE and tiles[Permission.IAMIS] is Access.FULL
    with pytest.raises(PermissionNotGrantable):
        members.change_access(
            deps, centre.eo, "68101", user.user_id, None, frozenset({Permission.QUESTION_PAPERS})
        )


def test_nobody_changes_themselves_and_admins_never_touch_the_eo(deps: Deps):
    centre = make_centre(deps)
    admin = add_member(deps, centre, "a@school.example", AccountType.ADMIN)
    user = add_member(deps, centre, "u@school.example")
    with pytest.raises(CannotModifySelf):
        members.change_access(deps, admin, "68101", admin.user_id, AccountType.USER, None)
    with pytest.raises(CannotModifySelf):
        members.delete_member(deps, admin, "68101", admin.user_id)
    with pytest.raises(CannotModifyExamsOfficer):
        members.delete_member(deps, admin, "68101", centre.eo.user_id)
    with pytest.raises(CannotModifyExamsOfficer):
        members.change_access(deps, admin, "68101", user.user_id, AccountType.EXAMS_OFFICER, None)
    with pytest.raises(Forbidden):
        members.delete_member(deps, user, "68101", admin.user_id)
    with pytest.raises(NotFound):
        members.delete_member(deps, admin, "68101", "no-such-user")


def test_withdraw_only_pending_and_the_temporary_password_stops_working(
    deps: Deps, clients, resources, passwords
):
    centre = make_centre(deps)
    active = add_member(deps, centre, "active@school.example")
    pending = add_member(deps, centre, "pending@school.example", accept=False)
    with pytest.raises(NotPending):
        members.withdraw_invitation(deps, centre.eo, "68101", active.user_id)
    with pytest.raises(NotPending):
        members.resend_invitation(deps, centre.eo, "68101", active.user_id)
    members.withdraw_invitation(deps, centre.eo, "68101", pending.user_id)
    with pytest.raises(ClientError):
        clients.cognito.admin_initiate_auth(
            UserPoolId=resources.user_pool_id,
            ClientId=resources.client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "pending@school.example", "PASSWORD": passwords.issued[-1]},
        )


def test_disabled_person_is_refused_at_once_and_enabled_again(deps: Deps, clients, resources):
    centre = make_centre(deps)
    user = add_member(deps, centre, "u@school.example")
    people.set_enabled(deps, HELPDESK, user.user_id, enabled=False)
    with pytest.raises(Forbidden):
        people.my_services(deps, user, "68101", None)
    got = clients.cognito.admin_get_user(UserPoolId=resources.user_pool_id, Username="u@school.example")
    assert got["Enabled"] is False
    people.set_enabled(deps, HELPDESK, user.user_id, enabled=True)
    assert people.my_services(deps, user, "68101", None)
    with pytest.raises(Forbidden):
        people.set_enabled(deps, user, centre.eo.user_id, enabled=False)


def test_results_open_to_a_user_at_eight_uk_time_on_results_day(deps: Deps, clock):
    centre = make_centre(deps)
    user = add_member(deps, centre, "u@school.example", permissions=frozenset({Permission.RESULTS}))
    series.set_results_day(deps, HELPDESK, "2027-summer", date(2027, 8, 19))
    clock.set(datetime(2027, 8, 19, 6, 59, tzinfo=UTC))  # 07:59 BST
    results = next(
        s for s in people.my_services(deps, user, "68101", "2027-summer") if s.service is Permission.RESULTS
    )
    assert results.access is Access.NONE
    assert results.available_from == datetime(2027, 8, 19, 7, 0, tzinfo=UTC)
    staff = next(
        s
        for s in people.my_services(deps, centre.eo, "68101", "2027-summer")
        if s.service is Permission.RESULTS
    )
    assert staff.access is Access.FULL
    clock.set(datetime(2027, 8, 19, 7, 0, tzinfo=UTC))
    results = next(
        s for s in people.my_services(deps, user, "68101", "2027-summer") if s.service is Permission.RESULTS
    )
    assert results.access is Access.VIEW
    with pytest.raises(NotFound):
        people.my_services(deps, user, "68101", "2027-winter")


def test_profile_update_reaches_cognito_and_the_listing(deps: Deps, clients, resources):
    centre = make_centre(deps)
    user = add_member(deps, centre, "u@school.example")
    view = people.update_profile(
        deps,
        user,
        ProfileChanges({"language": Language.WELSH, "phone_number": "+447700900123", "given_name": "Siân"}),
    )
    assert view.person is not None and view.person.profile.language is Language.WELSH
    attrs = {
        a["Name"]: a["Value"]
        for a in clients.cognito.admin_get_user(
            UserPoolId=resources.user_pool_id, Username="u@school.example"
        )["UserAttributes"]
    }
    assert (
        attrs["locale"] == "cy" and attrs["phone_number"] == "+447700900123" and attrs["given_name"] == "Siân"
    )
    assert members.get_member(deps, centre.eo, "68101", user.user_id).membership.given_name == "Siân"


def test_mfa_reset_notifies_and_is_audited(deps: Deps, sent_emails, clock):
    centre = make_centre(deps)
    user = add_member(deps, centre, "u@school.example")
    clock.advance(timedelta(minutes=1))
    people.reset_mfa(deps, HELPDESK, user.user_id)
    assert sent_emails()[-1].to == "u@school.example"
    found = audit.search(deps, HELPDESK, AuditFilter(target_id=user.user_id), PageRequest()).items
    assert found[0].action == "mfa.reset"
    with pytest.raises(Forbidden):
        people.reset_mfa(deps, centre.eo, user.user_id)


def test_audit_is_readable_by_the_centre_and_the_helpdesk_only(deps: Deps):
    centre = make_centre(deps)
    user = add_member(deps, centre, "u@school.example")
    other = make_centre(deps, "68102", eo_email="eo2@school.example")
    actions = [r.action for r in audit.centre_log(deps, centre.eo, "68101", PageRequest()).items]
    assert actions[0] == "invitation.accepted" and "member.invited" in actions
    with pytest.raises(Forbidden):
        audit.centre_log(deps, user, "68101", PageRequest())
    with pytest.raises(Forbidden):
        audit.centre_log(deps, other.eo, "68101", PageRequest())
    everything = audit.search(deps, HELPDESK, AuditFilter(), PageRequest(limit=100)).items
    assert {r.centre_id for r in everything} >= {"68101", "68102"}
    with pytest.raises(Forbidden):
        audit.search(deps, Caller(centre.eo.user_id), AuditFilter(), PageRequest())
