"""The StateStore port on one DynamoDB table (architecture.md, Data).

Reads of what decides access (the caller's person and membership, one membership) are strongly
consistent, so a change takes effect on the next request. Every write that must hold together
is one TransactWriteItems; limits are conditions on the centre's counters inside it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from portal import constants as c
from portal.adapters import cursor
from portal.adapters import records as r
from portal.adapters.dynamo import (
    MAX_TRANSACTION_ITEMS,
    Item,
    Step,
    aws_errors,
    conflict,
    iso,
    query_all,
    query_page,
    transact,
    value,
)
from portal.adapters.steps import Steps
from portal.domain.errors import CentreExists, Conflict, NotFound, Unavailable
from portal.domain.model import (
    AccountType,
    Centre,
    Membership,
    MembershipStatus,
    MfaState,
    Permission,
    Person,
    Profile,
    Series,
)
from portal.domain.status import INVITATION_VALIDITY
from portal.service.ports import MemberFilter, Page, PageRequest

if TYPE_CHECKING:  # the stubs are a dev dependency; no layer ships them
    from mypy_boto3_dynamodb import DynamoDBClient

BATCH_GET_ATTEMPTS = 3
SIGN_IN_ATTEMPTS = 3


def page_size(page: PageRequest) -> int:
    return max(1, min(page.limit, c.MAX_PAGE_SIZE))


class DynamoStateStore:
    def __init__(self, client: DynamoDBClient, table: str, cursor_key: bytes) -> None:
        self._db = client
        self._table = table
        self._key = cursor_key
        self._steps = Steps(table)

    # --- plumbing ------------------------------------------------------------------------------

    def _get(self, key: Item) -> Item | None:
        with aws_errors("GetItem"):
            item = self._db.get_item(TableName=self._table, Key=key, ConsistentRead=True).get("Item")
        return dict(item) if item else None

    def _transact(self, steps: list[Step], operation: str) -> None:
        transact(self._db, steps, operation)

    def _page(
        self, scope: str, request: dict[str, Any], page: PageRequest, key_names: tuple[str, ...]
    ) -> tuple[list[Item], str | None]:
        start = None
        if page.cursor:
            start = cursor.string_key(cursor.decode(self._key, scope, page.cursor).get("k"), key_names)
        with aws_errors("Query"):
            items, last = query_page(
                self._db, {"TableName": self._table, **request}, page_size(page), start, key_names
            )
        return items, cursor.encode(self._key, scope, {"k": last}) if last else None

    # --- centres and series --------------------------------------------------------------------

    def get_centre(self, centre_id: str) -> Centre | None:
        item = self._get(r.centre_key(centre_id))
        return r.centre_of(item) if item else None

    def create_centre(self, centre: Centre) -> None:
        with aws_errors("PutItem"):
            try:
                self._db.put_item(
                    TableName=self._table,
                    Item=r.centre_item(centre),
                    ConditionExpression="attribute_not_exists(#pk)",
                    ExpressionAttributeNames={"#pk": r.PK},
                )
            except self._db.exceptions.ConditionalCheckFailedException as error:
                raise CentreExists(f"centre {centre.centre_id} already exists") from error

    def list_centres(self, page: PageRequest) -> Page[Centre]:
        items, next_cursor = self._page(
            "centres",
            {
                "IndexName": c.BY_USER_INDEX,
                "KeyConditionExpression": "#g = :g",
                "ExpressionAttributeNames": {"#g": r.GPK},
                "ExpressionAttributeValues": {":g": value(r.CENTRES_PARTITION)},
            },
            page,
            r.INDEX_KEY,
        )
        return Page([r.centre_of(i) for i in items], next_cursor)

    def put_series(self, series: Series) -> None:
        with aws_errors("PutItem"):
            self._db.put_item(TableName=self._table, Item=r.series_item(series))

    def get_series(self, series_id: str) -> Series | None:
        item = self._get(r.series_key(series_id))
        return r.series_of(item) if item else None

    def list_series(self, page: PageRequest) -> Page[Series]:
        items, next_cursor = self._page(
            "series",
            {
                "KeyConditionExpression": "#pk = :pk",
                "ExpressionAttributeNames": {"#pk": r.PK},
                "ExpressionAttributeValues": {":pk": value(r.SERIES_PARTITION)},
            },
            page,
            r.TABLE_KEY,
        )
        return Page([r.series_of(i) for i in items], next_cursor)

    # --- reads ---------------------------------------------------------------------------------

    def load_actor(self, user_id: str, centre_id: str | None) -> tuple[Person | None, Membership | None]:
        keys = [r.person_key(user_id)]
        if centre_id is not None:
            keys.append(r.member_key(centre_id, user_id))
        request: dict[str, Any] = {self._table: {"Keys": keys, "ConsistentRead": True}}
        found: list[Item] = []
        for _ in range(BATCH_GET_ATTEMPTS):
            with aws_errors("BatchGetItem"):
                response = self._db.batch_get_item(RequestItems=request)
            found.extend(response.get("Responses", {}).get(self._table, []))
            request = dict(response.get("UnprocessedKeys") or {})
            if not request:
                break
        else:
            raise Unavailable("the data store is unavailable; please retry")
        person = next((r.person_of(i) for i in found if i[r.SK]["S"] == "PROFILE"), None)
        membership = next((r.membership_of(i) for i in found if i[r.SK]["S"].startswith("MEMBER#")), None)
        return person, membership

    def get_membership(self, centre_id: str, user_id: str) -> Membership | None:
        item = self._get(r.member_key(centre_id, user_id))
        return r.membership_of(item) if item else None

    def list_members(
        self, centre_id: str, page: PageRequest, where: MemberFilter, now: datetime
    ) -> Page[Membership]:
        request: dict[str, Any] = {
            "KeyConditionExpression": "#pk = :pk AND begins_with(#sk, :member)",
            "ExpressionAttributeNames": {"#pk": r.PK, "#sk": r.SK},
            "ExpressionAttributeValues": {":pk": value(r.centre_pk(centre_id)), ":member": value("MEMBER#")},
        }
        filters = _member_filters(where, now)
        if filters:
            expression, values = filters
            request["FilterExpression"] = expression
            request["ExpressionAttributeValues"].update(values)
        items, next_cursor = self._page(f"members:{centre_id}", request, page, r.TABLE_KEY)
        return Page([r.membership_of(i) for i in items], next_cursor)

    def all_members(self, centre_id: str) -> list[Membership]:
        with aws_errors("Query"):
            items = query_all(
                self._db,
                {
                    "TableName": self._table,
                    "KeyConditionExpression": "#pk = :pk AND begins_with(#sk, :member)",
                    "ExpressionAttributeNames": {"#pk": r.PK, "#sk": r.SK},
                    "ExpressionAttributeValues": {
                        ":pk": value(r.centre_pk(centre_id)),
                        ":member": value("MEMBER#"),
                    },
                    "ConsistentRead": True,
                },
            )
        return [r.membership_of(i) for i in items]

    def memberships_of(self, user_id: str) -> list[Membership]:
        with aws_errors("Query"):
            items = query_all(
                self._db,
                {
                    "TableName": self._table,
                    "IndexName": c.BY_USER_INDEX,
                    "KeyConditionExpression": "#g = :g AND begins_with(#s, :centre)",
                    "ExpressionAttributeNames": {"#g": r.GPK, "#s": r.GSK},
                    "ExpressionAttributeValues": {
                        ":g": value(r.user_pk(user_id)),
                        ":centre": value("CENTRE#"),
                    },
                },
            )
        return [r.membership_of(i) for i in items]

    def get_person(self, user_id: str) -> Person | None:
        item = self._get(r.person_key(user_id))
        return r.person_of(item) if item else None

    def user_id_for_email(self, email: str) -> str | None:
        item = self._get(r.claim_key(email))
        owner = item.get("user_id", {}).get("S") if item else None
        return str(owner) if owner else None

    # --- invitations ---------------------------------------------------------------------------

    def reserve_email(self, email: str, centre_id: str, account_type: AccountType | None) -> None:
        self._transact(
            [
                self._steps.put_new(r.reservation_item(email, centre_id), _claimed),
                self._steps.places(centre_id, _one(account_type, +1)),
            ],
            "reserve_email",
        )

    def release_email(self, email: str, centre_id: str, account_type: AccountType | None) -> None:
        self._transact(
            [
                self._steps.delete(
                    r.claim_key(email), "attribute_not_exists(#user_id)", {}, _reservation_gone
                ),
                self._steps.places(centre_id, _one(account_type, -1)),
            ],
            "release_email",
        )

    def add_person(
        self,
        person: Person,
        membership: Membership,
        replacing: Membership | None = None,
        replacing_person: Person | None = None,
    ) -> None:
        finish_claim = self._steps.update(
            r.claim_key(person.email),
            {"user_id": person.user_id, "reserved": None, "centre_id": None},
            _reservation_gone,
            condition="attribute_not_exists(#user_id)",
        )
        steps = [self._steps.add_person(person), self._steps.add_member(membership), finish_claim]
        steps += self._replacement(replacing, replacing_person)
        self._transact(steps, "add_person")

    def add_membership(
        self,
        membership: Membership,
        replacing: Membership | None = None,
        replacing_person: Person | None = None,
    ) -> None:
        steps = [
            self._steps.add_member(membership),
            self._steps.exists(r.person_key(membership.user_id), _person_gone),
        ]
        if replacing is None:
            steps.append(self._steps.places(membership.centre_id, _one(membership.account_type, +1)))
        steps += self._replacement(replacing, replacing_person)
        self._transact(steps, "add_membership")

    def _replacement(self, replacing: Membership | None, replacing_person: Person | None) -> list[Step]:
        """The replaced EO's membership goes (as it was read), and their record and claim if last."""
        if replacing is None:
            return []
        steps = [self._steps.remove_member_as_read(replacing)]
        if replacing_person is not None:
            steps += [self._steps.remove_person(replacing_person), self._steps.remove_claim(replacing_person)]
        return steps

    def remove_membership(self, membership: Membership, person: Person | None = None) -> None:
        steps = [
            self._steps.remove_member_as_read(membership),
            self._steps.places(membership.centre_id, _one(membership.account_type, -1)),
        ]
        if person is not None:
            steps += [self._steps.remove_person(person), self._steps.remove_claim(person)]
        self._transact(steps, "remove_membership")

    def restore_membership(self, membership: Membership, person: Person | None = None) -> None:
        """The place is taken again under the limit: a restore never makes a fourth Admin."""
        steps = [
            self._steps.put_back_member(membership),
            self._steps.places(membership.centre_id, _one(membership.account_type, +1)),
        ]
        if person is not None:
            steps += [self._steps.put_back_person(person), self._steps.put_back_claim(person)]
        self._transact(steps, "restore_membership")

    def undo_add(
        self,
        membership: Membership,
        person: Person | None,
        replacing: Membership | None = None,
        replacing_person: Person | None = None,
    ) -> None:
        steps = [self._steps.remove_member(membership)]
        if person is not None:
            steps += [self._steps.remove_person(person), self._steps.remove_claim(person)]
        if replacing is None:
            steps.append(self._steps.places(membership.centre_id, _one(membership.account_type, -1)))
        else:
            steps.append(self._steps.put_back_member(replacing))
            if replacing_person is not None:
                steps += [
                    self._steps.put_back_person(replacing_person),
                    self._steps.put_back_claim(replacing_person),
                ]
        self._transact(steps, "undo_add")

    # --- changes -------------------------------------------------------------------------------

    def change_access(
        self, membership: Membership, account_type: AccountType, permissions: frozenset[Permission]
    ) -> Membership:
        steps = [
            self._steps.update(
                r.member_key(membership.centre_id, membership.user_id),
                {"account_type": account_type.value, "permissions": r.sorted_permissions(permissions)},
                _member_gone_or_changed,
                condition="#account_type = :old",
                condition_values={":old": membership.account_type.value},
            )
        ]
        if account_type is not membership.account_type:
            deltas = {membership.account_type: -1, account_type: +1}
            if any(t in r.COUNTERS for t in deltas):
                steps.append(self._steps.places(membership.centre_id, deltas))
        self._transact(steps, "change_access")
        return replace(membership, account_type=account_type, permissions=permissions)

    def refresh_invitations(self, user_id: str, invited_at: datetime, invited_by: str) -> list[Membership]:
        pending = [m for m in self.memberships_of(user_id) if not m.accepted]
        steps = [
            self._steps.update(
                r.member_key(m.centre_id, m.user_id),
                {"invited_at": iso(invited_at), "invited_by": invited_by},
                conflict,
                condition="#accepted = :false",
                condition_values={":false": False},
            )
            for m in pending
        ]
        for chunk in _chunks(steps):
            self._transact(chunk, "refresh_invitations")
        return pending

    def restore_invitations(self, memberships: list[Membership]) -> None:
        steps = [
            self._steps.update(
                r.member_key(m.centre_id, m.user_id),
                {"invited_at": iso(m.invited_at), "invited_by": m.invited_by},
                conflict,
            )
            for m in memberships
        ]
        for chunk in _chunks(steps):
            self._transact(chunk, "restore_invitations")

    def update_profile(self, user_id: str, profile: Profile) -> Person:
        """The person's record and the names on each membership, in one transaction (chunked
        only beyond DynamoDB's 100 items: a person with 99 centres)."""
        steps = [
            self._steps.update(r.person_key(user_id), r.profile_values(profile), _person_gone),
            *(
                self._steps.update(
                    r.member_key(m.centre_id, user_id),
                    {
                        "title": profile.title,
                        "given_name": profile.given_name,
                        "family_name": profile.family_name,
                    },
                    conflict,
                )
                for m in self.memberships_of(user_id)
            ),
        ]
        for chunk in _chunks(steps):
            self._transact(chunk, "update_profile")
        person = self.get_person(user_id)
        if person is None:
            raise NotFound("no such person")
        return person

    def set_disabled(self, user_id: str, disabled: bool) -> None:
        self._transact(
            [self._steps.update(r.person_key(user_id), {"disabled": disabled}, _person_gone)], "set_disabled"
        )

    def record_sign_in(self, user_id: str, email: str, at: datetime, mfa: MfaState) -> list[Membership]:
        """Retried when a membership vanishes between reading and writing (deleted meanwhile)."""
        for attempt in range(SIGN_IN_ATTEMPTS):
            memberships = self.memberships_of(user_id)
            try:
                self._sign_in(user_id, email, at, mfa, memberships)
            except Conflict:
                if attempt == SIGN_IN_ATTEMPTS - 1:
                    raise
                continue
            return [replace(m, accepted=True, last_sign_in_at=at) for m in memberships if not m.accepted]
        raise AssertionError("unreachable")

    def _sign_in(
        self, user_id: str, email: str, at: datetime, mfa: MfaState, memberships: list[Membership]
    ) -> None:
        when = iso(at)
        steps = [self._upsert_person(user_id, email, when, mfa)]
        steps += [
            self._steps.update(
                r.member_key(m.centre_id, user_id), {"accepted": True, "last_sign_in_at": when}, conflict
            )
            for m in memberships
        ]
        for chunk in _chunks(steps):
            self._transact(chunk, "record_sign_in")

    def _upsert_person(self, user_id: str, email: str, when: str, mfa: MfaState) -> Step:
        """A profile is made at first sign-in if there is none (helpdesk accounts are made by hand)."""
        defaults: dict[str, object] = {
            "kind": "person",
            "user_id": user_id,
            "email": email.strip().lower(),
            "given_name": "",
            "family_name": "",
            "language": "en",
            "disabled": False,
            "created_at": when,
        }
        facts: dict[str, object] = {
            "signed_in": True,
            "last_sign_in_at": when,
            "mfa_enabled": list(mfa.enabled),
        }
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        assign: list[str] = []
        for i, (name, v) in enumerate(defaults.items()):
            names[f"#d{i}"], values[f":d{i}"] = name, value(v)
            assign.append(f"#d{i} = if_not_exists(#d{i}, :d{i})")
        for i, (name, v) in enumerate(facts.items()):
            names[f"#f{i}"], values[f":f{i}"] = name, value(v)
            assign.append(f"#f{i} = :f{i}")
        expression = f"SET {', '.join(assign)}"
        names["#mp"] = "mfa_preferred"
        if mfa.preferred:
            values[":mp"] = value(mfa.preferred)
            expression += ", #mp = :mp"
        else:
            expression += " REMOVE #mp"
        body = {
            "TableName": self._table,
            "Key": r.person_key(user_id),
            "UpdateExpression": expression,
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
        return Step({"Update": body}, conflict)


# --- helpers -------------------------------------------------------------------------------------


def _one(account_type: AccountType | None, delta: int) -> dict[AccountType, int]:
    return {} if account_type is None else {account_type: delta}


def _chunks(steps: list[Step]) -> list[list[Step]]:
    return [steps[i : i + MAX_TRANSACTION_ITEMS] for i in range(0, len(steps), MAX_TRANSACTION_ITEMS)]


def _claimed(_: dict[str, Any] | None) -> Conflict:
    return Conflict("that email address is already in use or being invited")


def _reservation_gone(old: dict[str, Any] | None) -> Conflict | NotFound:
    if old is None:
        return NotFound("no reservation for that email address")
    return Conflict("that email address is no longer only reserved")


def _person_gone(_: dict[str, Any] | None) -> NotFound:
    return NotFound("no such person")


def _member_gone_or_changed(old: dict[str, Any] | None) -> Conflict | NotFound:
    if old is None:
        return NotFound("no such member at this centre")
    return Conflict("the member changed at the same moment; please retry")


def _member_filters(where: MemberFilter, now: datetime) -> tuple[str, dict[str, Any]] | None:
    """Status is derived (domain/status.py): accepted → active; else by the invitation's age."""
    parts: list[str] = []
    values: dict[str, Any] = {}
    if where.account_type is not None:
        parts.append("#account_type = :type")
        values[":type"] = value(where.account_type.value)
    if where.status is MembershipStatus.ACTIVE:
        parts.append("#accepted = :true")
        values[":true"] = value(True)
    elif where.status is not None:
        # Invited while now - invited_at <= 60 days, i.e. invited_at >= now - 60 days.
        values[":false"] = value(False)
        values[":cutoff"] = value(iso(now - INVITATION_VALIDITY))
        compare = ">=" if where.status is MembershipStatus.INVITED else "<"
        parts.append(f"#accepted = :false AND #invited_at {compare} :cutoff")
    if not parts:
        return None
    return " AND ".join(parts), values
