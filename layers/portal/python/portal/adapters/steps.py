"""The writes that the state store's transactions are made of, each with what its refusal means.

A step's condition is the rule it guards (a place left, a membership unchanged, a person's count
of memberships), and its `on_fail` turns DynamoDB's ConditionalCheckFailed, given the item as it
was, into the typed error of that rule. Every transaction that adds or removes a membership also
changes its centre (counters, places, the Exams Officer) and its person (the count of
memberships), so two transactions that touch the same person or centre are serialised by
DynamoDB, and "is this the person's last membership?" is decided inside the transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from portal.adapters import records as r
from portal.adapters.dynamo import Item, OnFail, Step, conflict, iso, value
from portal.constants import MAX_ADMINS_PER_CENTRE
from portal.domain.errors import (
    AccountClosing,
    AdminLimitReached,
    AlreadyMember,
    Conflict,
    ExamsOfficerExists,
    NotFound,
    PortalError,
)
from portal.domain.model import AccountType, Membership, Person, Profile

Tally = Mapping[tuple[AccountType, bool], int]
"""Changes to a centre's counters: (account type, accepted) → +n or -n."""


class Recount(Conflict):
    """A person's count of memberships was not what the transaction expected: the caller reads
    the count off this error and tries the other variant (last or not last)."""

    def __init__(self, user_id: str, count: int) -> None:
        super().__init__("the person's memberships changed at the same moment; please retry")
        self.user_id = user_id
        self.count = count


@dataclass(frozen=True, slots=True)
class EoChange:
    """The centre's Exams Officer goes from `expected` (None: none) to `new` (None: none)."""

    expected: str | None
    new: str | None


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


def _person_refusal(user_id: str) -> OnFail:
    def on_fail(old: dict[str, Any] | None) -> PortalError:
        if old is None:
            return NotFound("no such person")
        if old.get("kind") != "person" or old.get(r.CLOSING):
            return AccountClosing("that person's account is being closed; try again in a moment")
        return Recount(user_id, int(old.get(r.MEMBERSHIPS, 0)))

    return on_fail


LIVE_PERSON = "#kind = :person AND attribute_not_exists(#closing)"
MEMBER_GONE = "no such member at this centre"


class Steps:
    """Builds the steps for one table."""

    def __init__(self, table: str) -> None:
        self.table = table

    # --- generic -------------------------------------------------------------------------------

    def put_new(self, item: Item, on_fail: OnFail = conflict) -> Step:
        return self.put(item, on_fail, "attribute_not_exists(#pk)")

    def put(
        self, item: Item, on_fail: OnFail, condition: str, values: Mapping[str, object] | None = None
    ) -> Step:
        body: dict[str, Any] = {"TableName": self.table, "Item": item, "ConditionExpression": condition}
        if values:
            body["ExpressionAttributeValues"] = {k: value(v) for k, v in values.items()}
        return Step({"Put": body}, on_fail)

    def check(self, key: Item, condition: str, values: Mapping[str, object], on_fail: OnFail) -> Step:
        body: dict[str, Any] = {"TableName": self.table, "Key": key, "ConditionExpression": condition}
        if values:
            body["ExpressionAttributeValues"] = {k: value(v) for k, v in values.items()}
        return Step({"ConditionCheck": body}, on_fail)

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
        adds: Mapping[str, int] | None = None,
    ) -> Step:
        """SET each non-None value, REMOVE each None one, ADD each of `adds`; only on an existing item."""
        names: dict[str, str] = {"#pk": r.PK}
        values: dict[str, Any] = {}
        assign: list[str] = []
        remove: list[str] = []
        add: list[str] = []
        for i, (name, v) in enumerate(sets.items()):
            names[f"#a{i}"] = name
            if v is None:
                remove.append(f"#a{i}")
            else:
                values[f":a{i}"] = value(v)
                assign.append(f"#a{i} = :a{i}")
        for i, (name, delta) in enumerate((adds or {}).items()):
            names[f"#n{i}"] = name
            values[f":n{i}"] = value(delta)
            add.append(f"#n{i} :n{i}")
        expression = " ".join(
            part
            for part in (
                f"SET {', '.join(assign)}" if assign else "",
                f"REMOVE {', '.join(remove)}" if remove else "",
                f"ADD {', '.join(add)}" if add else "",
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

    # --- centres: counters, places, the Exams Officer ------------------------------------------

    def centre(self, centre_id: str, tally: Tally, eo: EoChange | None = None) -> Step:
        """Move the centre's counters by `tally`, Admin places with them (taking one checks the
        limit), and the Exams Officer as `eo` says (checking who it was). With nothing to
        change, only checks that the centre exists."""
        counts = {r.count_attribute(t, accepted): d for (t, accepted), d in tally.items() if d}
        places = sum(d for (t, _), d in tally.items() if t is AccountType.ADMIN)
        if places:
            counts[r.ADMIN_PLACES] = places
        conditions: list[str] = []
        values: dict[str, object] = {}
        sets: dict[str, object] = {}
        if places > 0:
            conditions.append(f"#{r.ADMIN_PLACES} <= :max_admins")
            values[":max_admins"] = MAX_ADMINS_PER_CENTRE - places
        if eo is not None:
            if eo.expected is None:
                conditions.append(f"attribute_not_exists(#{r.EXAMS_OFFICER_ID})")
            else:
                conditions.append(f"#{r.EXAMS_OFFICER_ID} = :eo_was")
                values[":eo_was"] = eo.expected
            sets[r.EXAMS_OFFICER_ID] = eo.new

        def on_fail(old: dict[str, Any] | None) -> PortalError:
            if old is None:
                return NotFound("no such centre")
            if eo is not None and old.get(r.EXAMS_OFFICER_ID) != eo.expected:
                if eo.expected is None:
                    return ExamsOfficerExists(
                        "this centre already has an Exams Officer (an open invitation counts)"
                    )
                return Conflict("the centre's Exams Officer changed at the same moment; please retry")
            if places > 0 and int(old.get(r.ADMIN_PLACES, 0)) + places > MAX_ADMINS_PER_CENTRE:
                return AdminLimitReached("this centre has no Admin place left (open invitations count)")
            return Conflict("the centre changed at the same moment; please retry")

        key = r.centre_key(centre_id)
        if not counts and not sets:
            return self.check(key, "attribute_exists(#pk)", {}, on_fail)
        return self.update(key, sets, on_fail, " AND ".join(conditions), values, adds=counts)

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
            _gone_or_changed(MEMBER_GONE),
        )

    def change_member(self, m: Membership, sets: Mapping[str, object], accepted: bool | None = None) -> Step:
        """Update a membership that is still of the type (and acceptance) it was read with."""
        condition = "#account_type = :t AND #accepted = :a"
        return self.update(
            r.member_key(m.centre_id, m.user_id),
            sets,
            _gone_or_changed(MEMBER_GONE),
            condition,
            {":t": m.account_type.value, ":a": m.accepted if accepted is None else accepted},
        )

    def invitation(self, m: Membership, invited_at: datetime, invited_by: str | None) -> Step:
        """A pending membership's invitation time (its status key moves with it)."""
        return self.change_member(
            m,
            {
                "invited_at": iso(invited_at),
                "invited_by": invited_by,
                r.STATUS_SK: r.status_key(m.user_id, False, invited_at),
            },
            accepted=False,
        )

    def accept(self, m: Membership, at: datetime) -> Step:
        return self.change_member(
            m,
            {"accepted": True, "last_sign_in_at": iso(at), r.STATUS_SK: r.status_key(m.user_id, True, at)},
            accepted=False,
        )

    def signed_in(self, m: Membership, at: datetime) -> Step:
        return self.update(
            r.member_key(m.centre_id, m.user_id), {"last_sign_in_at": iso(at)}, _gone_or_changed(MEMBER_GONE)
        )

    def names(self, m: Membership, profile: Profile) -> Step:
        return self.update(
            r.member_key(m.centre_id, m.user_id),
            {"title": profile.title, "given_name": profile.given_name, "family_name": profile.family_name},
            _gone_or_changed(MEMBER_GONE),
        )

    # --- people: the count of memberships, closing and closed -----------------------------------

    def add_person(self, p: Person) -> Step:
        return self.put_new(r.person_item(p))

    def join(self, user_id: str) -> Step:
        """One more membership for a person who is there and not being closed."""
        return self.update(
            r.person_key(user_id),
            {},
            _person_refusal(user_id),
            LIVE_PERSON,
            {":person": "person"},
            adds={r.MEMBERSHIPS: 1},
        )

    def leave(self, user_id: str, last: bool, since: datetime) -> Step:
        """One membership fewer. Not the last: the person must have two or more. The last: the
        count must be exactly one, and the person becomes `closing` (nothing can join them)."""
        if not last:
            return self.update(
                r.person_key(user_id),
                {},
                _person_refusal(user_id),
                "#kind = :person AND #memberships >= :two",
                {":person": "person", ":two": 2},
                adds={r.MEMBERSHIPS: -1},
            )
        return self.update(
            r.person_key(user_id),
            {r.MEMBERSHIPS: 0, r.CLOSING: iso(since)},
            _person_refusal(user_id),
            f"{LIVE_PERSON} AND #memberships = :one",
            {":person": "person", ":one": 1},
        )

    def unclose(self, user_id: str, since: datetime) -> Step:
        """Undo `leave(last=True)`: the account stays, with its one membership back."""
        return self.update(
            r.person_key(user_id),
            {r.MEMBERSHIPS: 1, r.CLOSING: None},
            conflict,
            "#closing = :since",
            {":since": iso(since)},
        )

    def live(self, user_id: str) -> Step:
        return self.check(
            r.person_key(user_id),
            f"attribute_exists(#pk) AND {LIVE_PERSON}",
            {":person": "person"},
            _person_refusal(user_id),
        )

    def closed(self, user_id: str, since: datetime, at: datetime) -> Step:
        """The closing person becomes the closed mark (no personal data left)."""
        return self.put(r.closed_item(user_id, at), conflict, "#closing = :since", {":since": iso(since)})

    def discard(self, user_id: str, since: datetime) -> Step:
        """The closing person goes without a trace (an invitation undone before any email)."""
        return self.delete(r.person_key(user_id), "#closing = :since", {":since": iso(since)}, conflict)

    # --- email claims --------------------------------------------------------------------------

    def claim(self, p: Person, token: str | None = None) -> Step:
        """The address becomes the person's: new, or in place of this invitation's own hold."""

        def on_fail(_: dict[str, Any] | None) -> PortalError:
            return Conflict("that email address is already in use or being invited")

        if token is None:
            return self.put_new(r.claim_item(p.email, p.user_id), on_fail)
        return self.put(
            r.claim_item(p.email, p.user_id),
            on_fail,
            f"attribute_not_exists(#pk) OR (#{r.HOLD_TOKEN} = :token AND attribute_not_exists(#user_id))",
            {":token": token},
        )

    def remove_claim(self, email: str, user_id: str) -> Step:
        """Only the person's own claim: never one that another person has taken since."""
        return self.delete(r.claim_key(email), "#user_id = :u", {":u": user_id}, conflict)
