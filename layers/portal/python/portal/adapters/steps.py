"""The writes that the state store's transactions are made of, each with what its refusal means.

A step's condition is the rule it guards (a place left, a membership absent or unchanged), and
its `on_fail` turns DynamoDB's ConditionalCheckFailed, given the item as it was, into the typed
error of that rule. Limits are conditions on the centre's counters, so they hold however many
requests race for the last place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portal.adapters import records as r
from portal.adapters.dynamo import Item, OnFail, Step, conflict, iso, value
from portal.domain.errors import (
    AdminLimitReached,
    AlreadyMember,
    Conflict,
    ExamsOfficerExists,
    NotFound,
    PortalError,
)
from portal.domain.model import AccountType, Membership, Person

LIMIT_ERRORS: dict[AccountType, type[PortalError]] = {
    AccountType.EXAMS_OFFICER: ExamsOfficerExists,
    AccountType.ADMIN: AdminLimitReached,
}
LIMIT_MESSAGES = {
    AccountType.EXAMS_OFFICER: "this centre already has an Exams Officer (an open invitation counts)",
    AccountType.ADMIN: "this centre has no Admin place left (open invitations count)",
}


def _not_found(what: str) -> OnFail:
    def on_fail(_: dict[str, Any] | None) -> PortalError:
        return NotFound(what)

    return on_fail


def _gone_or_changed(what: str) -> OnFail:
    """NotFound when the item is gone, Conflict when it is there but no longer as it was read."""

    def on_fail(old: dict[str, Any] | None) -> PortalError:
        if old is None:
            return NotFound(what)
        return Conflict(f"{what.removeprefix('no such ')} changed at the same moment; please retry")

    return on_fail


class Steps:
    """Builds the steps for one table."""

    def __init__(self, table: str) -> None:
        self.table = table

    # --- generic -------------------------------------------------------------------------------

    def put_new(self, item: Item, on_fail: OnFail = conflict) -> Step:
        return Step(
            {
                "Put": {
                    "TableName": self.table,
                    "Item": item,
                    "ConditionExpression": "attribute_not_exists(#pk)",
                    "ExpressionAttributeNames": {"#pk": r.PK},
                }
            },
            on_fail,
        )

    def exists(self, key: Item, on_fail: OnFail) -> Step:
        return Step(
            {
                "ConditionCheck": {
                    "TableName": self.table,
                    "Key": key,
                    "ConditionExpression": "attribute_exists(#pk)",
                    "ExpressionAttributeNames": {"#pk": r.PK},
                }
            },
            on_fail,
        )

    def delete(self, key: Item, condition: str, values: Mapping[str, object], on_fail: OnFail) -> Step:
        body: dict[str, Any] = {
            "TableName": self.table,
            "Key": key,
            "ConditionExpression": f"attribute_exists(#pk){' AND ' + condition if condition else ''}",
            "ExpressionAttributeNames": {"#pk": r.PK},
        }
        if values:
            body["ExpressionAttributeValues"] = {k: value(v) for k, v in values.items()}
        return Step({"Delete": body}, on_fail)

    def update(
        self,
        key: Item,
        sets: Mapping[str, object],
        on_fail: OnFail,
        condition: str = "",
        condition_values: Mapping[str, object] | None = None,
    ) -> Step:
        """SET each non-None value, REMOVE each None one; only on an existing item."""
        names: dict[str, str] = {"#pk": r.PK}
        values: dict[str, Any] = {}
        assign: list[str] = []
        remove: list[str] = []
        for i, (name, v) in enumerate(sets.items()):
            names[f"#a{i}"] = name
            if v is None:
                remove.append(f"#a{i}")
            else:
                values[f":a{i}"] = value(v)
                assign.append(f"#a{i} = :a{i}")
        expression = " ".join(
            part
            for part in (
                f"SET {', '.join(assign)}" if assign else "",
                f"REMOVE {', '.join(remove)}" if remove else "",
            )
            if part
        )
        values.update({k: value(v) for k, v in (condition_values or {}).items()})
        body: dict[str, Any] = {
            "TableName": self.table,
            "Key": key,
            "UpdateExpression": expression,
            "ConditionExpression": f"attribute_exists(#pk){' AND ' + condition if condition else ''}",
            "ExpressionAttributeNames": names,
        }
        if values:
            body["ExpressionAttributeValues"] = values
        return Step({"Update": body}, on_fail)

    # --- centres: places -----------------------------------------------------------------------

    def centre_exists(self, centre_id: str) -> Step:
        return self.exists(r.centre_key(centre_id), _not_found("no such centre"))

    def places(self, centre_id: str, deltas: Mapping[AccountType, int]) -> Step:
        """Take (+1) or give back (-1) places on the centre's counters; taking checks the limit.

        With no counted type among `deltas`, only checks that the centre exists."""
        counted = {t: d for t, d in deltas.items() if t in r.COUNTERS and d != 0}
        if not counted:
            return self.centre_exists(centre_id)
        names: dict[str, str] = {"#pk": r.PK}
        values: dict[str, Any] = {}
        adds: list[str] = []
        conditions = ["attribute_exists(#pk)"]
        for account_type, delta in counted.items():
            field, limit = r.COUNTERS[account_type]
            names[f"#{field}"] = field
            values[f":d_{field}"] = value(delta)
            adds.append(f"#{field} :d_{field}")
            if delta > 0:
                values[f":max_{field}"] = value(limit - delta)
                conditions.append(f"(attribute_not_exists(#{field}) OR #{field} <= :max_{field})")

        def on_fail(old: dict[str, Any] | None) -> PortalError:
            if old is None:
                return NotFound("no such centre")
            for account_type, delta in counted.items():
                field, limit = r.COUNTERS[account_type]
                if delta > 0 and int(old.get(field, 0)) + delta > limit:
                    return LIMIT_ERRORS[account_type](LIMIT_MESSAGES[account_type])
            return Conflict("the centre changed at the same moment; please retry")

        return Step(
            {
                "Update": {
                    "TableName": self.table,
                    "Key": r.centre_key(centre_id),
                    "UpdateExpression": f"ADD {', '.join(adds)}",
                    "ConditionExpression": " AND ".join(conditions),
                    "ExpressionAttributeNames": names,
                    "ExpressionAttributeValues": values,
                }
            },
            on_fail,
        )

    # --- memberships ---------------------------------------------------------------------------

    def add_member(self, m: Membership) -> Step:
        def on_fail(_: dict[str, Any] | None) -> PortalError:
            return AlreadyMember("that person is already a member of this centre")

        return self.put_new(r.membership_item(m), on_fail)

    def put_back_member(self, m: Membership) -> Step:
        return self.put_new(r.membership_item(m))

    def remove_member_as_read(self, m: Membership) -> Step:
        """Delete only if it is still as it was read: same type, permissions, acceptance, invitation."""
        return self.delete(
            r.member_key(m.centre_id, m.user_id),
            "#account_type = :t AND #permissions = :p AND #accepted = :a AND #invited_at = :i",
            {
                ":t": m.account_type.value,
                ":p": r.sorted_permissions(m.permissions),
                ":a": m.accepted,
                ":i": iso(m.invited_at),
            },
            _gone_or_changed("no such member at this centre"),
        )

    def remove_member(self, m: Membership) -> Step:
        return self.delete(r.member_key(m.centre_id, m.user_id), "", {}, _not_found("no such member"))

    # --- people and claims ---------------------------------------------------------------------

    def add_person(self, p: Person) -> Step:
        return self.put_new(r.person_item(p))

    def put_back_person(self, p: Person) -> Step:
        return self.put_new(r.person_item(p))

    def remove_person(self, p: Person) -> Step:
        return self.delete(r.person_key(p.user_id), "", {}, _not_found("no such person"))

    def put_back_claim(self, p: Person) -> Step:
        return self.put_new(r.claim_item(p.email, p.user_id))

    def remove_claim(self, p: Person) -> Step:
        """Only the person's own claim: never one that another person has taken since."""
        return self.delete(r.claim_key(p.email), "#user_id = :u", {":u": p.user_id}, conflict)
