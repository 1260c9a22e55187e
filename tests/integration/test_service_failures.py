"""A failure at each step of invite, resend, delete and replace-EO leaves everything as before.

Each case injects one failure (a Cognito error, a DynamoDB transaction conflict, an SES
rejection), checks the typed error, then compares the state table, the audit log and the
Cognito users with a snapshot taken before the attempt.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from portal.adapters.dynamo import CONFLICT_ATTEMPTS
from portal.domain.errors import AccountClosing, Conflict, NotFound, PortalError, Unavailable
from portal.domain.model import AccountType
from portal.service import centres, closing, members
from portal.service.deps import Deps

from tests.integration.conftest import member_users
from tests.integration.world import HELPDESK, Centre, add_member, invitation, make_centre, snapshot

pytestmark = pytest.mark.integration


def _cognito_error(fail: Any, clients: Any, operation: str) -> Callable[[], Any]:
    return lambda: fail.aws(clients.cognito, operation, "InternalErrorException")


def _ses_rejects(fail: Any, clients: Any, after: int = 0) -> Callable[[], Any]:
    return lambda: fail.aws(clients.sesv2, "send_email", "MessageRejected", after=after)


def _transaction_conflict(fail: Any, clients: Any, after: int = 0) -> Callable[[], Any]:
    """Every try conflicts (the adapter tries CONFLICT_ATTEMPTS times before it answers Conflict)."""
    return lambda: fail.transaction(clients.dynamodb, after=after, times=CONFLICT_ATTEMPTS)


def _assert_unchanged(
    deps: Deps,
    clients: Any,
    resources: Any,
    inject: Callable[[], Any],
    action: Callable[[], Any],
    expected: type[PortalError],
) -> None:
    before = snapshot(clients, resources)
    inject()
    with pytest.raises(expected):
        action()
    assert snapshot(clients, resources) == before


# --- invite --------------------------------------------------------------------------------------

INVITE_FAILURES = {
    "cognito create_user fails": (lambda f, c: _cognito_error(f, c, "admin_create_user"), Unavailable),
    "the one transaction conflicts after cognito": (_transaction_conflict, Conflict),
    "ses rejects the invitation": (_ses_rejects, Unavailable),
}


@pytest.mark.parametrize("case", INVITE_FAILURES)
@pytest.mark.parametrize("account_type", [AccountType.ADMIN, AccountType.USER])
def test_invite_new_person_failure_changes_nothing(case, account_type, deps, fail, clients, resources):
    centre = make_centre(deps)
    make_inject, expected = INVITE_FAILURES[case]
    _assert_unchanged(
        deps,
        clients,
        resources,
        make_inject(fail, clients),
        lambda: members.invite(deps, centre.eo, "68101", invitation("new@school.example", account_type)),
        expected,
    )
    # and the place is really free: the same invitation now succeeds
    members.invite(deps, centre.eo, "68101", invitation("new@school.example", account_type))


@pytest.mark.parametrize("case", ["transaction", "ses"])
def test_adding_an_existing_person_failure_changes_nothing(case, deps, fail, clients, resources):
    first = make_centre(deps, "68101")
    second = make_centre(deps, "68102", eo_email="eo2@school.example")
    add_member(deps, first, "ann@school.example")
    inject = _transaction_conflict(fail, clients) if case == "transaction" else _ses_rejects(fail, clients)
    expected = Conflict if case == "transaction" else Unavailable
    _assert_unchanged(
        deps,
        clients,
        resources,
        inject,
        lambda: members.invite(deps, second.eo, "68102", invitation("ann@school.example", AccountType.ADMIN)),
        expected,
    )


# --- resend --------------------------------------------------------------------------------------


def _pending(deps: Deps) -> tuple[Centre, str]:
    centre = make_centre(deps)
    user = add_member(deps, centre, "ann@school.example", accept=False)
    return centre, user.user_id


RESEND_FAILURES = {
    "refresh transaction conflict": (_transaction_conflict, Conflict),
    "cognito password reset fails": (
        lambda f, c: _cognito_error(f, c, "admin_set_user_password"),
        Unavailable,
    ),
    "ses rejects the new invitation": (_ses_rejects, Unavailable),
}


@pytest.mark.parametrize("case", RESEND_FAILURES)
def test_resend_failure_changes_nothing(case, deps, fail, clients, resources):
    centre, user_id = _pending(deps)
    make_inject, expected = RESEND_FAILURES[case]
    _assert_unchanged(
        deps,
        clients,
        resources,
        make_inject(fail, clients),
        lambda: members.resend_invitation(deps, centre.eo, "68101", user_id),
        expected,
    )


# --- delete --------------------------------------------------------------------------------------

DELETE_FAILURES = {
    "delete transaction conflict": (_transaction_conflict, Conflict),
    "ses rejects the removal email": (_ses_rejects, Unavailable),
    "cognito delete fails": (lambda f, c: _cognito_error(f, c, "admin_delete_user"), Unavailable),
    "cognito sign-out fails": (lambda f, c: _cognito_error(f, c, "admin_user_global_sign_out"), Unavailable),
}


@pytest.mark.parametrize("case", DELETE_FAILURES)
def test_delete_failure_changes_nothing(case, deps, fail, clients, resources):
    centre = make_centre(deps)
    user = add_member(deps, centre, "ann@school.example")
    make_inject, expected = DELETE_FAILURES[case]
    _assert_unchanged(
        deps,
        clients,
        resources,
        make_inject(fail, clients),
        lambda: members.delete_member(deps, centre.eo, "68101", user.user_id),
        expected,
    )


# --- replace the Exams Officer ---------------------------------------------------------------------

REPLACE_FAILURES = {
    "cognito create_user fails": (lambda f, c: _cognito_error(f, c, "admin_create_user"), Unavailable),
    "the replacement transaction conflicts": (_transaction_conflict, Conflict),
    "ses rejects the new EO's invitation": (_ses_rejects, Unavailable),
    "ses rejects the old EO's notice": (lambda f, c: _ses_rejects(f, c, after=1), Unavailable),
    "cognito cannot delete the old EO": (lambda f, c: _cognito_error(f, c, "admin_delete_user"), Unavailable),
}


@pytest.mark.parametrize("case", REPLACE_FAILURES)
def test_replace_exams_officer_failure_changes_nothing(case, deps, fail, clients, resources):
    make_centre(deps)
    make_inject, expected = REPLACE_FAILURES[case]
    _assert_unchanged(
        deps,
        clients,
        resources,
        make_inject(fail, clients),
        lambda: centres.appoint_exams_officer(deps, HELPDESK, "68101", invitation("neweo@school.example")),
        expected,
    )


def test_replace_exams_officer_succeeds_in_one_step(deps, sent_emails, clients, resources):
    centre = make_centre(deps)
    view, replaced = centres.appoint_exams_officer(
        deps, HELPDESK, "68101", invitation("neweo@school.example")
    )
    assert replaced
    assert view.membership.account_type is AccountType.EXAMS_OFFICER
    assert (
        members.get_member(deps, HELPDESK, "68101", view.membership.user_id).membership.email
        == "neweo@school.example"
    )
    with pytest.raises(NotFound):
        members.get_member(deps, HELPDESK, "68101", centre.eo.user_id)
    usernames = [u["Attributes"] for u in member_users(clients.cognito, resources.user_pool_id)]
    emails = {a["Value"] for attrs in usernames for a in attrs if a["Name"] == "email"}
    assert emails == {"neweo@school.example"}  # the old EO had no other centre: account gone
    assert {m.to for m in sent_emails()[-2:]} == {"neweo@school.example", "eo@school.example"}


# --- after the Cognito user is gone: nothing is undone, and nothing is left for long ----------------


def test_a_close_that_cannot_finish_stands_and_the_next_invitation_finishes_it(
    deps, fail, clients, resources, clock
):
    """The Cognito user is deleted (that cannot be undone), then the last write fails: the
    deletion stands, the person is left closing with no membership, and an invitation of the
    same address once the closing is stale finishes it and starts afresh."""
    centre = make_centre(deps)
    user = add_member(deps, centre, "ann@school.example")
    fail.method(deps.store, "finish_close", Unavailable("DynamoDB down"))  # once

    members.delete_member(deps, centre.eo, "68101", user.user_id)  # answers as done

    assert deps.store.get_person(user.user_id).closing == clock.now()
    assert "ann@school.example" not in _cognito_emails(clients, resources)
    with pytest.raises(AccountClosing):
        members.invite(deps, centre.eo, "68101", invitation("ann@school.example"))
    clock.advance(closing.STALE + timedelta(seconds=1))

    view = members.invite(deps, centre.eo, "68101", invitation("ann@school.example"))

    assert view.membership.user_id != user.user_id
    assert deps.store.get_person(user.user_id) is None
    assert deps.store.user_id_for_email("ann@school.example") == view.membership.user_id


def test_a_replaced_eo_whose_close_cannot_finish_is_still_replaced(deps, fail, clients, resources):
    make_centre(deps)
    fail.method(deps.store, "finish_close", Unavailable("DynamoDB down"))

    view, replaced = centres.appoint_exams_officer(
        deps, HELPDESK, "68101", invitation("neweo@school.example")
    )

    assert replaced
    assert _cognito_emails(clients, resources) == {"neweo@school.example"}
    assert deps.store.get_centre("68101").exams_officer_id == view.membership.user_id


def _cognito_emails(clients: Any, resources: Any) -> set[str]:
    users = member_users(clients.cognito, resources.user_pool_id)
    return {a["Value"] for u in users for a in u["Attributes"] if a["Name"] == "email"}
