"""The StateStore port on one DynamoDB table (docs/rules.md, The data model).

Reads that decide access are one strongly consistent BatchGetItem (`read`); lists are one Query
each, their filters key conditions on the centre's partition or an index (never a filter over a
partition). Every write that must hold together is one TransactWriteItems. A transaction that
adds or removes a membership also updates its centre (counters, Admin places, the Exams
Officer) and its person (the count of memberships), with conditions on both: whether a removal
takes the person's last membership is decided inside the transaction, so two requests can never
both think the other membership remains.
"""

from __future__ import annotations

from collections.abc import Callable
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
    iso,
    query_all,
    query_page,
    transact,
    value,
)
from portal.adapters.steps import LIVE_PERSON, EoChange, Recount, Steps, Tally, _person_refusal
from portal.domain.errors import AccountClosing, CentreExists, Conflict, NotFound, Throttled
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
from portal.service.ports import Found, Lookup, MemberFilter, Page, PageRequest, Removal

if TYPE_CHECKING:  # the stubs are a dev dependency; no layer ships them
    from mypy_boto3_dynamodb import DynamoDBClient

BATCH_GET_ATTEMPTS = 3
SIGN_IN_ATTEMPTS = 3
RECOUNT_ATTEMPTS = 3
"""A removal first tries the variant its read suggests (last or not), then the other: two
attempts always suffice unless the person changes again in between."""


def page_size(page: PageRequest) -> int:
    return max(1, min(page.limit, c.MAX_PAGE_SIZE))


def _one(m: Membership, delta: int) -> dict[tuple[AccountType, bool], int]:
    return {(m.account_type, m.accepted): delta}


def _merge(*tallies: Tally) -> dict[tuple[AccountType, bool], int]:
    out: dict[tuple[AccountType, bool], int] = {}
    for tally in tallies:
        for key, delta in tally.items():
            out[key] = out.get(key, 0) + delta
    return out


class DynamoStateStore:
    def __init__(self, client: DynamoDBClient, table: str, cursor_key: cursor.CursorKey) -> None:
        self._db = client
        self._table = table
        self._key = cursor_key
        self._steps = Steps(table)

    # --- plumbing ------------------------------------------------------------------------------

    def _transact(self, steps: list[Step], operation: str) -> None:
        transact(self._db, steps, operation)

    def _recounting(
        self, build: Callable[[dict[str, int]], list[Step]], counts: dict[str, int], operation: str
    ) -> dict[str, int]:
        """Run the transaction `build(counts)` makes; when a person's count of memberships was not
        as believed, believe what DynamoDB returned and build it again."""
        for attempt in range(RECOUNT_ATTEMPTS):
            try:
                self._transact(build(counts), operation)
            except Recount as error:
                if attempt == RECOUNT_ATTEMPTS - 1 or counts.get(error.user_id) == error.count:
                    raise
                counts[error.user_id] = error.count
                continue
            return counts
        raise AssertionError("unreachable")

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

    # --- reads ---------------------------------------------------------------------------------

    def read(self, lookup: Lookup) -> Found:
        keys, emails = _keys_of(lookup)
        people: dict[str, Person] = {}
        members: dict[tuple[str, str], Membership] = {}
        centres: dict[str, Centre] = {}
        series: dict[str, Series] = {}
        owners: dict[str, str] = {}
        holds: dict[str, str] = {}
        for item in self._batch_get(keys):
            pk, sk = _pair(item)
            if pk.startswith("USER#"):
                if r.is_person(item):
                    person = r.person_of(item)
                    people[person.user_id] = person
            elif pk.startswith("CENTRE#") and sk.startswith("MEMBER#"):
                member = r.membership_of(item)
                members[(member.centre_id, member.user_id)] = member
            elif pk.startswith("CENTRE#"):
                centre = r.centre_of(item)
                centres[centre.centre_id] = centre
            elif pk == r.SERIES_PARTITION:
                one = r.series_of(item)
                series[one.series_id] = one
            elif pk in emails and "user_id" in item:
                owners[emails[pk]] = item["user_id"]["S"]
            elif pk in emails and r.HOLD_TOKEN in item:
                holds[emails[pk]] = item[r.HOLD_TOKEN]["S"]
        return Found(people, members, centres, series, owners, holds)

    def _batch_get(self, keys: list[Item]) -> list[Item]:
        if not keys:
            return []
        if len(keys) > 100:
            raise ValueError("a BatchGetItem reads at most 100 items")
        request: dict[str, Any] = {self._table: {"Keys": keys, "ConsistentRead": True}}
        found: list[Item] = []
        for _ in range(BATCH_GET_ATTEMPTS):
            with aws_errors("BatchGetItem"):
                response = self._db.batch_get_item(RequestItems=request)
            found.extend(response.get("Responses", {}).get(self._table, []))
            request = dict(response.get("UnprocessedKeys") or {})
            if not request:
                return found
        # DynamoDB leaves keys unprocessed when it lacks the throughput to read them.
        raise Throttled("the data store is busy; please retry in a few seconds")

    def get_centre(self, centre_id: str) -> Centre | None:
        return self.read(Lookup(centres=(centre_id,))).centre(centre_id)

    def get_person(self, user_id: str) -> Person | None:
        return self.read(Lookup(people=(user_id,))).person(user_id)

    def get_membership(self, centre_id: str, user_id: str) -> Membership | None:
        return self.read(Lookup(members=((centre_id, user_id),))).member(centre_id, user_id)

    def get_series(self, series_id: str) -> Series | None:
        return self.read(Lookup(series=(series_id,))).series.get(series_id)

    def user_id_for_email(self, email: str) -> str | None:
        return self.read(Lookup(emails=(email,))).owner(email)

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
            r.BY_USER_KEY,
        )
        return Page([r.centre_of(i) for i in items], next_cursor)

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

    def list_members(
        self, centre_id: str, page: PageRequest, where: MemberFilter, now: datetime
    ) -> Page[Membership]:
        """By account type: that type's partition of `by_type`; by status alone: the centre's
        partition of `by_status`; neither: the centre's own partition. Status is a condition on
        the status key (domain/status.py: invited while invited_at >= now - 60 days)."""
        names: dict[str, str] = {"#pk": r.PK}
        values: dict[str, Any] = {}
        request: dict[str, Any] = {}
        key_names: tuple[str, ...]
        if where.account_type is not None:
            request["IndexName"], key_names = c.BY_TYPE_INDEX, r.BY_TYPE_KEY
            names["#pk"] = r.TYPE_PK
            values[":pk"] = value(r.type_pk(centre_id, where.account_type))
            condition = "#pk = :pk"
        elif where.status is not None:
            request["IndexName"], key_names = c.BY_STATUS_INDEX, r.BY_STATUS_KEY
            values[":pk"] = value(r.centre_pk(centre_id))
            condition = "#pk = :pk"
        else:
            key_names = r.TABLE_KEY
            names["#sk"] = r.SK
            values.update({":pk": value(r.centre_pk(centre_id)), ":member": value("MEMBER#")})
            condition = "#pk = :pk AND begins_with(#sk, :member)"
        if where.status is not None:
            names["#s"] = r.STATUS_SK
            condition += " AND " + _status_condition(where.status, now, values)
        request.update(
            {
                "KeyConditionExpression": condition,
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values,
            }
        )
        scope = f"members:{centre_id}:{where.status or ''}:{where.account_type or ''}"
        items, next_cursor = self._page(scope, request, page, key_names)
        return Page([r.membership_of(i) for i in items], next_cursor)

    def expired_invitations(self, centre_id: str, now: datetime) -> dict[AccountType, int]:
        values: dict[str, Any] = {":pk": value(r.centre_pk(centre_id))}
        request = {
            "TableName": self._table,
            "IndexName": c.BY_STATUS_INDEX,
            "KeyConditionExpression": "#pk = :pk AND "
            + _status_condition(MembershipStatus.EXPIRED, now, values),
            "ProjectionExpression": "#t",
            "ExpressionAttributeNames": {"#pk": r.PK, "#s": r.STATUS_SK, "#t": "account_type"},
            "ExpressionAttributeValues": values,
        }
        with aws_errors("Query"):
            items = query_all(self._db, request)
        out = dict.fromkeys(AccountType, 0)
        for item in items:
            out[AccountType(item["account_type"]["S"])] += 1
        return out

    def _by_user(self, user_id: str, memberships_only: bool) -> list[Item]:
        condition = "#g = :g"
        values = {":g": value(r.user_pk(user_id))}
        if memberships_only:
            condition += " AND begins_with(#s, :centre)"
            values[":centre"] = value("CENTRE#")
        with aws_errors("Query"):
            return query_all(
                self._db,
                {
                    "TableName": self._table,
                    "IndexName": c.BY_USER_INDEX,
                    "KeyConditionExpression": condition,
                    "ExpressionAttributeNames": {"#g": r.GPK, **({"#s": r.GSK} if memberships_only else {})},
                    "ExpressionAttributeValues": values,
                },
            )

    def memberships_of(self, user_id: str) -> list[Membership]:
        return [r.membership_of(i) for i in self._by_user(user_id, memberships_only=True)]

    def person_with_memberships(self, user_id: str) -> tuple[Person | None, list[Membership]]:
        person: Person | None = None
        memberships: list[Membership] = []
        for item in self._by_user(user_id, memberships_only=False):
            if item[r.GSK]["S"] == r.PROFILE:
                person = r.person_of(item) if r.is_person(item) else None
            else:
                memberships.append(r.membership_of(item))
        return person, memberships

    # --- centres and series --------------------------------------------------------------------

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

    def put_series(self, series: Series) -> None:
        with aws_errors("PutItem"):
            self._db.put_item(TableName=self._table, Item=r.series_item(series))

    # --- email holds -----------------------------------------------------------------------------

    def hold_email(self, email: str, token: str, at: datetime, stale_before: datetime) -> bool:
        with aws_errors("PutItem"):
            try:
                response = self._db.put_item(
                    TableName=self._table,
                    Item=r.hold_item(email, token, at),
                    ConditionExpression="attribute_not_exists(#pk) OR (attribute_not_exists(#user_id) "
                    "AND (#token = :token OR #since < :stale))",
                    ExpressionAttributeNames={
                        "#pk": r.PK,
                        "#user_id": "user_id",
                        "#token": r.HOLD_TOKEN,
                        "#since": r.HOLD_SINCE,
                    },
                    ExpressionAttributeValues={":token": value(token), ":stale": value(iso(stale_before))},
                    ReturnValues="ALL_OLD",
                    ReturnValuesOnConditionCheckFailure="ALL_OLD",
                )
            except self._db.exceptions.ConditionalCheckFailedException as error:
                old: dict[str, Any] = dict(error.response.get("Item") or {})  # type: ignore[call-overload]
                taken = "changed" if "user_id" in old else "is being invited"
                raise Conflict(f"that email address {taken} at the same moment; please retry") from error
        return bool(response.get("Attributes"))

    def release_email(self, email: str, token: str) -> None:
        with aws_errors("DeleteItem"):
            try:
                self._db.delete_item(
                    TableName=self._table,
                    Key=r.claim_key(email),
                    ConditionExpression="#token = :token AND attribute_not_exists(#user_id)",
                    ExpressionAttributeNames={"#token": r.HOLD_TOKEN, "#user_id": "user_id"},
                    ExpressionAttributeValues={":token": value(token)},
                )
            except self._db.exceptions.ConditionalCheckFailedException:
                return  # gone, a claim now, or another invitation's: not ours to remove

    # --- memberships: added ----------------------------------------------------------------------

    def add_person(
        self,
        person: Person,
        membership: Membership,
        replacing: Membership | None = None,
        replacing_memberships: int = 2,
        token: str | None = None,
    ) -> Removal | None:
        first = [
            self._steps.claim(person, token),
            self._steps.add_person(replace(person, memberships=1, closing=None)),
            self._steps.add_member(membership),
        ]
        return self._add(first, membership, replacing, replacing_memberships, "add_person")

    def add_membership(
        self, membership: Membership, replacing: Membership | None = None, replacing_memberships: int = 2
    ) -> Removal | None:
        first = [self._steps.add_member(membership), self._steps.join(membership.user_id)]
        return self._add(first, membership, replacing, replacing_memberships, "add_membership")

    def _add(
        self,
        first: list[Step],
        m: Membership,
        replacing: Membership | None,
        replacing_memberships: int,
        operation: str,
    ) -> Removal | None:
        since = m.invited_at
        counts = {replacing.user_id: replacing_memberships} if replacing else {}

        def build(counts: dict[str, int]) -> list[Step]:
            tally = _merge(_one(m, +1), _one(replacing, -1) if replacing else {})
            steps = [*first, self._steps.centre(m.centre_id, tally, _eo(m, replacing))]
            if replacing is not None:
                steps += [
                    self._steps.remove_member_as_read(replacing),
                    self._steps.leave(replacing.user_id, counts[replacing.user_id] <= 1, since),
                ]
            return steps

        counts = self._recounting(build, counts, operation)
        if replacing is None:
            return None
        return Removal(replacing, since if counts[replacing.user_id] <= 1 else None)

    # --- memberships: removed, put back ---------------------------------------------------------

    def remove_membership(self, membership: Membership, since: datetime, memberships: int = 2) -> Removal:
        m = membership

        def build(counts: dict[str, int]) -> list[Step]:
            return [
                self._steps.remove_member_as_read(m),
                self._steps.leave(m.user_id, counts[m.user_id] <= 1, since),
                self._steps.centre(m.centre_id, _one(m, -1), _eo_gone(m)),
            ]

        counts = self._recounting(build, {m.user_id: memberships}, "remove_membership")
        return Removal(m, since if counts[m.user_id] <= 1 else None)

    def _put_back_steps(self, removal: Removal) -> list[Step]:
        m = removal.membership
        person = (
            self._steps.unclose(m.user_id, removal.closing)
            if removal.closing
            else self._steps.join(m.user_id)
        )
        return [self._steps.put_back_member(m), person]

    def put_back(self, removal: Removal) -> None:
        """The place is taken again under the limit: a put-back never makes a fourth Admin."""
        m = removal.membership
        eo = EoChange(None, m.user_id) if m.account_type is AccountType.EXAMS_OFFICER else None
        steps = [*self._put_back_steps(removal), self._steps.centre(m.centre_id, _one(m, +1), eo)]
        self._transact(steps, "put_back")

    def undo_add(
        self, membership: Membership, new_person: bool, replaced: Removal | None, since: datetime
    ) -> Removal:
        m = membership

        def build(counts: dict[str, int]) -> list[Step]:
            old = replaced.membership if replaced else None
            tally = _merge(_one(m, -1), _one(old, +1) if old else {})
            eo = None
            if m.account_type is AccountType.EXAMS_OFFICER:
                eo = EoChange(m.user_id, old.user_id if old else None)
            steps = [
                self._steps.remove_member_as_read(m),
                self._steps.leave(m.user_id, counts[m.user_id] <= 1, since),
                self._steps.centre(m.centre_id, tally, eo),
            ]
            if replaced is not None:
                steps += self._put_back_steps(replaced)
            return steps

        counts = self._recounting(build, {m.user_id: 1 if new_person else 2}, "undo_add")
        return Removal(m, since if counts[m.user_id] <= 1 else None)

    def finish_close(self, user_id: str, email: str, since: datetime, keep_mark: bool = True) -> None:
        person = (
            self._steps.closed(user_id, since, since) if keep_mark else self._steps.discard(user_id, since)
        )
        self._transact([person, self._steps.remove_claim(email, user_id)], "finish_close")

    # --- changes -------------------------------------------------------------------------------

    def change_access(
        self, membership: Membership, account_type: AccountType, permissions: frozenset[Permission]
    ) -> Membership:
        m = membership
        steps = [
            self._steps.change_member(
                m,
                {
                    "account_type": account_type.value,
                    "permissions": r.sorted_permissions(permissions),
                    r.TYPE_PK: r.type_pk(m.centre_id, account_type),
                },
            )
        ]
        if account_type is not m.account_type:
            tally = {(m.account_type, m.accepted): -1, (account_type, m.accepted): +1}
            steps.append(self._steps.centre(m.centre_id, tally))
        self._transact(steps, "change_access")
        return replace(m, account_type=account_type, permissions=permissions)

    def refresh_invitations(
        self, user_id: str, pending: list[Membership], invited_at: datetime, invited_by: str
    ) -> None:
        steps = [
            self._steps.live(user_id),
            *(self._steps.invitation(m, invited_at, invited_by) for m in pending),
        ]
        for chunk in _chunks(steps):
            self._transact(chunk, "refresh_invitations")

    def restore_invitations(self, memberships: list[Membership]) -> None:
        steps = [self._steps.invitation(m, m.invited_at, m.invited_by) for m in memberships]
        for chunk in _chunks(steps):
            self._transact(chunk, "restore_invitations")

    def update_profile(self, user_id: str, profile: Profile, memberships: list[Membership]) -> None:
        """The person's record and the names on each membership, in one transaction (chunked
        only beyond DynamoDB's 100 items: a person with 99 centres)."""
        person = self._steps.update(
            r.person_key(user_id),
            r.profile_values(profile),
            _person_refusal(user_id),
            LIVE_PERSON,
            {":person": "person"},
        )
        steps = [person, *(self._steps.names(m, profile) for m in memberships)]
        for chunk in _chunks(steps):
            self._transact(chunk, "update_profile")

    def set_disabled(self, user_id: str, disabled: bool) -> None:
        step = self._steps.update(
            r.person_key(user_id),
            {"disabled": disabled},
            _person_refusal(user_id),
            LIVE_PERSON,
            {":person": "person"},
        )
        self._transact([step], "set_disabled")

    def set_mfa(self, user_id: str, mfa: MfaState) -> None:
        sets = {"mfa_preferred": mfa.preferred, "mfa_enabled": list(mfa.enabled), **r.mfa_flags(mfa)}
        step = self._steps.update(
            r.person_key(user_id), sets, _person_refusal(user_id), LIVE_PERSON, {":person": "person"}
        )
        self._transact([step], "set_mfa")

    def record_sign_in(
        self, user_id: str, email: str, at: datetime, mfa: MfaState | None
    ) -> list[Membership]:
        """Retried when a membership changes between reading and writing (accepted or deleted
        meanwhile). A closing or closed account is refused (AccountClosing): the sign-in fails."""
        for attempt in range(SIGN_IN_ATTEMPTS):
            memberships = self.memberships_of(user_id)
            pending = [m for m in memberships if not m.accepted]
            steps = [self._upsert_person(user_id, email, at, mfa)]
            for m in memberships:
                if m.accepted:
                    steps.append(self._steps.signed_in(m, at))
                else:
                    moved = {(m.account_type, False): -1, (m.account_type, True): +1}
                    steps += [self._steps.accept(m, at), self._steps.centre(m.centre_id, moved)]
            try:
                for chunk in _chunks(steps):
                    self._transact(chunk, "record_sign_in")
            except (Conflict, NotFound) as error:
                if isinstance(error, AccountClosing) or attempt == SIGN_IN_ATTEMPTS - 1:
                    raise
                continue
            return [replace(m, accepted=True, last_sign_in_at=at) for m in pending]
        raise AssertionError("unreachable")

    def _upsert_person(self, user_id: str, email: str, at: datetime, mfa: MfaState | None) -> Step:
        """A profile is made at first sign-in if there is none (helpdesk accounts are made by hand);
        never over a closing or closed account. `mfa` None (Cognito could not say) keeps the MFA
        state recorded before."""
        when = iso(at)
        defaults: dict[str, object] = {
            "kind": "person",
            r.GPK: r.user_pk(user_id),
            r.GSK: r.PROFILE,
            "user_id": user_id,
            "email": email.strip().lower(),
            "given_name": "",
            "family_name": "",
            "language": "en",
            "disabled": False,
            "created_at": when,
            r.MEMBERSHIPS: 0,
        }
        facts: dict[str, object] = {"signed_in": True, "last_sign_in_at": when}
        if mfa is not None:
            facts["mfa_enabled"] = list(mfa.enabled)
        names: dict[str, str] = {"#pk": r.PK, "#kind": "kind", "#closing": r.CLOSING}
        values: dict[str, Any] = {":person": value("person")}
        assign: list[str] = []
        for i, (name, v) in enumerate(defaults.items()):
            names[f"#d{i}"], values[f":d{i}"] = name, value(v)
            assign.append(f"#d{i} = if_not_exists(#d{i}, :d{i})")
        for i, (name, v) in enumerate(facts.items()):
            names[f"#f{i}"], values[f":f{i}"] = name, value(v)
            assign.append(f"#f{i} = :f{i}")
        expression = f"SET {', '.join(assign)}"
        if mfa is not None:
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
            "ConditionExpression": f"attribute_not_exists(#pk) OR ({LIVE_PERSON})",
            "ExpressionAttributeNames": names,
            "ExpressionAttributeValues": values,
        }
        return Step({"Update": body}, _person_refusal(user_id))


# --- helpers -------------------------------------------------------------------------------------


def _pair(key: Item) -> tuple[str, str]:
    return key[r.PK]["S"], key[r.SK]["S"]


def _keys_of(lookup: Lookup) -> tuple[list[Item], dict[str, str]]:
    """Each key once (BatchGetItem refuses a repeated key), and the email behind each claim key."""
    keys = [r.person_key(u) for u in lookup.people]
    keys += [r.member_key(centre, user) for centre, user in lookup.members]
    keys += [r.centre_key(centre) for centre in lookup.centres]
    keys += [r.series_key(s) for s in lookup.series]
    claims = {email: r.claim_key(email) for email in lookup.emails}
    keys += claims.values()
    unique = {_pair(k): k for k in keys}
    return list(unique.values()), {k[r.PK]["S"]: email for email, k in claims.items()}


def _eo(m: Membership, replacing: Membership | None) -> EoChange | None:
    if m.account_type is not AccountType.EXAMS_OFFICER:
        return None
    return EoChange(replacing.user_id if replacing else None, m.user_id)


def _eo_gone(m: Membership) -> EoChange | None:
    return EoChange(m.user_id, None) if m.account_type is AccountType.EXAMS_OFFICER else None


def _chunks(steps: list[Step]) -> list[list[Step]]:
    return [steps[i : i + MAX_TRANSACTION_ITEMS] for i in range(0, len(steps), MAX_TRANSACTION_ITEMS)]


def _status_condition(status: MembershipStatus, now: datetime, values: dict[str, Any]) -> str:
    """A key condition on `#s` (the status key): see records.py for its shape."""
    cutoff = r.pending_from(now - INVITATION_VALIDITY)
    if status is MembershipStatus.ACTIVE:
        values[":s"] = value(r.ACCEPTED_PREFIX)
        return "begins_with(#s, :s)"
    if status is MembershipStatus.INVITED:
        values[":s"] = value(cutoff)
        return "#s >= :s"
    values.update({":s": value(r.PENDING_PREFIX), ":s_to": value(cutoff)})
    return "#s BETWEEN :s AND :s_to"
