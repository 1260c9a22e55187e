"""Building blocks for use-case tests: a centre with its people, made through the use cases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from portal import constants as c
from portal.domain.model import AccountType, Caller, Permission
from portal.service import centres, members, people
from portal.service.deps import Deps
from portal.service.invitations import Invitation

HELPDESK = Caller("helpdesk-0000", helpdesk_claim=True, request_id="req-helpdesk")
"""The helpdesk account every test starts with (tests/integration/conftest.py `clean`)."""


def invitation(email: str, account_type: AccountType = AccountType.USER, **kw: Any) -> Invitation:
    given = kw.pop("given_name", email.split("@", maxsplit=1)[0].capitalize())
    return Invitation(
        email=email,
        account_type=account_type,
        given_name=given,
        family_name=kw.pop("family_name", "Jones"),
        **kw,
    )


@dataclass
class Centre:
    """A centre and callers for its people (their user ids as stored)."""

    centre_id: str
    eo: Caller

    def caller(self, user_id: str) -> Caller:
        return Caller(user_id, request_id=f"req-{user_id[:8]}")


def make_centre(
    deps: Deps, centre_id: str = "68101", eo_email: str = "eo@school.example", accept: bool = True
) -> Centre:
    centres.create_centre(deps, HELPDESK, centre_id, f"Centre {centre_id}")
    view, _ = centres.appoint_exams_officer(deps, HELPDESK, centre_id, invitation(eo_email))
    if accept:
        people.record_sign_in(deps, view.membership.user_id, eo_email)
    return Centre(centre_id, Caller(view.membership.user_id, request_id="req-eo"))


def add_member(
    deps: Deps,
    centre: Centre,
    email: str,
    account_type: AccountType = AccountType.USER,
    permissions: frozenset[Permission] | None = None,
    accept: bool = True,
) -> Caller:
    view = members.invite(
        deps, centre.eo, centre.centre_id, invitation(email, account_type, permissions=permissions)
    )
    if accept:
        people.record_sign_in(deps, view.membership.user_id, email)
    return centre.caller(view.membership.user_id)


def snapshot(clients: Any, resources: Any) -> dict[str, Any]:
    """Everything a use case can change: state items, audit records, Cognito users."""
    db = clients.dynamodb

    def items(table: str, keys: tuple[str, ...]) -> list[Any]:
        found = db.scan(TableName=table)["Items"]
        return sorted(found, key=lambda i: tuple(str(i[k]) for k in keys))

    users = clients.cognito.list_users(UserPoolId=resources.user_pool_id)["Users"]
    return {
        "state": items(resources.state_table, (c.STATE_PK, c.STATE_SK)),
        "audit": len(items(resources.audit_table, (c.AUDIT_PK, c.AUDIT_SK))),
        "users": sorted((u["Username"], u["Enabled"], u["UserStatus"]) for u in users),
    }
