"""AWS calls per API route, counted with botocore's event hooks, for centres of 10 and 5,000 members.

Counts do not depend on the machine's load, so they are exact: the tests assert them (see
`tests/integration/test_call_budgets.py`) and docs/api.md states them as each use case's budget.
Every route of the API is called through its function's handler, as API Gateway calls it, on
moto (in this process); each filter is its own entry. A centre is built twice: once with 10
members and once with 5,000 (all but a handful written straight into the table, as the use cases
would store them, since inviting 5,000 people through Cognito would only measure moto).

    python -m bench.aws_calls            # prints the JSON of measure()
    python -m bench.aws_calls --sizes 10 200

`measure()` returns `{"aws_calls": {"<METHOD> <path>": {"dynamodb", "cognito", "ses", "scan"}},
"scale": {"<METHOD> <path>": {"10": {...}, "5000": {...}}}}`; `aws_calls` holds the counts of the
largest centre. `operations()` gives the same requests' calls by name (`dynamodb:Query`, ...).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAYER = ROOT / "layers" / "portal" / "python"

SIZES = (10, 5000)
SERVICES = {"dynamodb": "dynamodb", "cognito-idp": "cognito", "sesv2": "ses"}
START = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
FAKE_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "eu-west-2",
    "AWS_REGION": "eu-west-2",
}


# --- the counter ----------------------------------------------------------------------------------


class CallCounter:
    """Every API call a boto3 client makes, by service and operation.

    botocore emits `before-call.<service>.<operation>` once per call (retries are resent at a
    lower level, so a retried call counts once); moto answers later, at `before-send`.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: Counter[tuple[str, str]] = Counter()

    def attach(self, *clients: Any) -> CallCounter:
        for client in clients:
            client.meta.events.register("before-call", self._on_call)
        return self

    def _on_call(self, model: Any, **_: Any) -> None:
        with self._lock:
            self._calls[(model.service_model.service_name, model.name)] += 1

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()

    def operations(self) -> dict[str, int]:
        """`{"dynamodb:Query": 1, ...}` since the last reset."""
        with self._lock:
            return {f"{service}:{op}": n for (service, op), n in sorted(self._calls.items())}

    def summary(self) -> dict[str, int]:
        """`{"dynamodb": n, "cognito": n, "ses": n, "scan": n}` since the last reset."""
        with self._lock:
            out = dict.fromkeys(("dynamodb", "cognito", "ses", "scan"), 0)
            for (service, op), n in self._calls.items():
                out[SERVICES.get(service, service)] = out.get(SERVICES.get(service, service), 0) + n
                if service == "dynamodb" and op == "Scan":
                    out["scan"] += n
            return out

    @contextmanager
    def counting(self) -> Iterator[CallCounter]:
        self.reset()
        yield self


# --- events ---------------------------------------------------------------------------------------


CLIENT_ID = "bench-client"
"""Portal's app client in these events (`_handlers` makes it the one accepted)."""


@dataclass(frozen=True)
class Who:
    """A token signed in at START, the bench's fixed clock: recent enough for every change."""

    sub: str
    helpdesk: bool = False

    def claims(self) -> dict[str, str]:
        claims = {
            "sub": self.sub,
            "token_use": "access",
            "username": self.sub,
            "client_id": CLIENT_ID,
            "auth_time": str(int(START.timestamp())),
        }
        if self.helpdesk:
            claims["cognito:groups"] = "helpdesk"
        return claims


def _event(
    method: str,
    resource: str,
    path: str,
    params: Mapping[str, str],
    who: Who | None,
    query: Mapping[str, str] | None,
    body: Any,
) -> dict[str, Any]:
    headers = {"Host": "api.portal.test", "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    context: dict[str, Any] = {
        "resourcePath": resource,
        "httpMethod": method,
        "path": f"/v1{path}",
        "stage": "v1",
        "requestId": f"bench-{method}-{len(path)}",
        "identity": {"sourceIp": "203.0.113.9"},
        "apiId": "bench",
    }
    if who is not None:
        context["authorizer"] = {"claims": who.claims()}
        headers["Authorization"] = "Bearer bench"
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": dict(query) if query else None,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": dict(params) or None,
        "stageVariables": None,
        "requestContext": context,
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


@dataclass
class Context:
    function_name: str = "bench"
    aws_request_id: str = "bench"
    memory_limit_in_mb: int = 256
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:eu-west-2:123456789012:function:bench"
    log_group_name: str = "/aws/lambda/bench"
    log_stream_name: str = "bench"

    def get_remaining_time_in_millis(self) -> int:
        return 29_000


class FixedClock:
    def __init__(self) -> None:
        self.current = START

    def now(self) -> datetime:
        return self.current


# --- one centre, of a given size ------------------------------------------------------------------


@dataclass
class Probe:
    """One request and the answer it must get (so a count is never of a refusal by mistake)."""

    name: str
    method: str
    resource: str
    params: dict[str, str]
    who: Who | None
    status: int
    query: dict[str, str] | None = None
    body: Any = None

    @property
    def path(self) -> str:
        path = self.resource
        for name, value in self.params.items():
            path = path.replace("{" + name + "}", value)
        return path


@dataclass
class Sized:
    """The people and centres of one size's world, made through the use cases (and bulk items)."""

    size: int
    centre_id: str
    other_id: str
    spare_id: str
    ids: dict[str, str] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)


class Bench:
    def __init__(self, sizes: Sequence[int]) -> None:
        # Imported here: moto is running by now, and boto3 clients must come after it.
        import boto3  # noqa: PLC0415
        from portal.adapters import aws  # noqa: PLC0415
        from portal.adapters.audit_log import DynamoAuditLog  # noqa: PLC0415
        from portal.adapters.directory import CognitoDirectory  # noqa: PLC0415
        from portal.adapters.mailer import SesMailer  # noqa: PLC0415
        from portal.adapters.state_store import DynamoStateStore  # noqa: PLC0415
        from portal.service.deps import Deps  # noqa: PLC0415

        from local.provision import Names, provision  # noqa: PLC0415

        self.sizes = list(sizes)
        self.resources = provision(names=Names(prefix=f"bench-{os.getpid()}"), cursor_key=b"bench")
        settings = self.resources.settings
        self.dynamodb = aws.dynamodb(settings.region)
        self.cognito = aws.cognito(settings.region)
        self.sesv2 = aws.sesv2(settings.region)
        self.counter = CallCounter().attach(self.dynamodb, self.cognito, self.sesv2)
        # Bulk items go in through boto3's own client: Portal's holds only the operations it calls.
        self.operator = boto3.session.Session(region_name=settings.region).client("dynamodb")
        self.clock = FixedClock()
        passwords = iter(range(1, 10**9))
        self.deps = Deps(
            store=DynamoStateStore(self.dynamodb, settings.state_table, settings.cursor_key),
            audit=DynamoAuditLog(self.dynamodb, settings.audit_table, settings.cursor_key),
            directory=CognitoDirectory(self.cognito, settings.user_pool_id),
            mailer=SesMailer(self.sesv2, settings.sender, settings.configuration_set),
            clock=self.clock,
            brand=settings.brand,
            portal_url=settings.portal_url,
            new_password=lambda: f"bench-password-{next(passwords)}",
        )
        self.modules = _handlers(self.deps)
        self.helpdesk = Who(self._helpdesk_account(), helpdesk=True)

    def _helpdesk_account(self) -> str:
        """The helpdesk person as operators make one (docs/deploy.md): a Cognito user in the group,
        which Portal asks about at each of their requests. Made with boto3's own client: Portal's
        holds only the operations it calls."""
        import boto3  # noqa: PLC0415
        from portal.constants import HELPDESK_GROUP  # noqa: PLC0415

        idp = boto3.session.Session(region_name=self.resources.region).client("cognito-idp")
        pool, email = self.resources.user_pool_id, "helpdesk@bench.example.org"
        user = idp.admin_create_user(
            UserPoolId=pool,
            Username=email,
            UserAttributes=[{"Name": "email", "Value": email}],
            MessageAction="SUPPRESS",
        )["User"]
        idp.admin_add_user_to_group(UserPoolId=pool, Username=user["Username"], GroupName=HELPDESK_GROUP)
        return str(next(a["Value"] for a in user["Attributes"] if a["Name"] == "sub"))

    # --- building ---------------------------------------------------------------------------

    def build(self, size: int, index: int) -> Sized:
        from portal.domain.model import AccountType, Caller, Permission  # noqa: PLC0415
        from portal.service import centres, members, people, series  # noqa: PLC0415
        from portal.service.invitations import Invitation  # noqa: PLC0415

        deps = self.deps
        hd = Caller(self.helpdesk.sub, helpdesk_claim=True, request_id="bench")
        world = Sized(size, f"{index + 1}0001", f"{index + 1}0002", f"{index + 1}0003")
        tag = f"s{size}"

        def email(role: str) -> str:
            return f"{role}.{tag}@school.example"

        def invite_as(
            inviter: Caller, centre: str, role: str, account_type: AccountType, accept: bool = True
        ) -> str:
            view = members.invite(
                deps,
                inviter,
                centre,
                Invitation(
                    email(role),
                    account_type,
                    role.title(),
                    "Bench",
                    permissions=frozenset({Permission.ENTRIES}) if account_type is AccountType.USER else None,
                ),
            )
            uid = view.membership.user_id
            world.ids[role], world.emails[role] = uid, email(role)
            if accept:
                people.record_sign_in(deps, uid, email(role))
            return uid

        for centre in (world.centre_id, world.other_id, world.spare_id):
            centres.create_centre(deps, hd, centre, f"Bench centre {centre}")
        for centre, role in ((world.centre_id, "eo"), (world.other_id, "other_eo")):
            view, _ = centres.appoint_exams_officer(
                deps, hd, centre, Invitation(email(role), AccountType.EXAMS_OFFICER, "Eo", "Bench")
            )
            world.ids[role], world.emails[role] = view.membership.user_id, email(role)
            people.record_sign_in(deps, view.membership.user_id, email(role))
        eo = Caller(world.ids["eo"], request_id="bench")
        other_eo = Caller(world.ids["other_eo"], request_id="bench")
        invite_as(eo, world.centre_id, "admin", AccountType.ADMIN)
        for role in ("user", "changed", "removed", "switched"):
            invite_as(eo, world.centre_id, role, AccountType.USER)
        for role in ("pending", "withdrawn"):
            invite_as(eo, world.centre_id, role, AccountType.USER, accept=False)
        invite_as(other_eo, world.other_id, "outsider", AccountType.USER)
        invite_as(other_eo, world.other_id, "both", AccountType.USER)
        members.invite(
            deps, eo, world.centre_id, Invitation(email("both"), AccountType.USER, "Both", "Bench")
        )
        invite_as(other_eo, world.other_id, "joiner", AccountType.USER, accept=False)
        made = len([r for r in world.ids if r not in ("other_eo", "outsider", "joiner")])
        _seed_bulk(
            deps,
            self.operator,
            self.resources.state_table,
            world.centre_id,
            size - made,
            self.clock.now(),
            tag,
        )
        series.set_results_day(deps, hd, f"2026-summer-{tag}", START.date() + timedelta(days=30))
        return world

    # --- measuring --------------------------------------------------------------------------

    def probes(self, w: Sized) -> list[Probe]:
        c, hd = w.centre_id, self.helpdesk
        eo, user, both = Who(w.ids["eo"]), Who(w.ids["user"]), Who(w.ids["both"])
        centre = {"centre_id": c}
        member = {"centre_id": c, "user_id": w.ids["user"]}
        users = "/centres/{centre_id}/users"
        one = "/centres/{centre_id}/users/{user_id}"
        tag = f"s{w.size}"
        reads = [
            Probe("GET /health", "GET", "/health", {}, None, 200),
            Probe("GET /me", "GET", "/me", {}, eo, 200),
            Probe("GET /me (2 centres)", "GET", "/me", {}, both, 200),
            Probe(
                "GET /me/centres/{centre_id}/services",
                "GET",
                "/me/centres/{centre_id}/services",
                centre,
                user,
                200,
            ),
            Probe(
                "GET /me/centres/{centre_id}/services?series_id=",
                "GET",
                "/me/centres/{centre_id}/services",
                centre,
                user,
                200,
                query={"series_id": f"2026-summer-{tag}"},
            ),
            Probe("GET /centres/{centre_id}", "GET", "/centres/{centre_id}", centre, eo, 200),
            Probe(f"GET {users}", "GET", users, centre, eo, 200),
        ]
        for status in ("invited", "expired", "active"):
            reads.append(
                Probe(f"GET {users}?status={status}", "GET", users, centre, eo, 200, query={"status": status})
            )
        for account_type in ("exams_officer", "admin", "user"):
            reads.append(
                Probe(
                    f"GET {users}?account_type={account_type}",
                    "GET",
                    users,
                    centre,
                    eo,
                    200,
                    query={"account_type": account_type},
                )
            )
        reads += [
            Probe(
                f"GET {users}?status=invited&account_type=user",
                "GET",
                users,
                centre,
                eo,
                200,
                query={"status": "invited", "account_type": "user"},
            ),
            Probe(f"GET {users}?cursor= (second page)", "GET", users, centre, eo, 200, query={"limit": "5"}),
            Probe(f"GET {one}", "GET", one, member, eo, 200),
            Probe("GET /centres/{centre_id}/audit", "GET", "/centres/{centre_id}/audit", centre, eo, 200),
            Probe("GET /centres", "GET", "/centres", {}, hd, 200),
            Probe("GET /me/sign-ins", "GET", "/me/sign-ins", {}, eo, 200),
            Probe(
                "GET /users/{user_id}/sign-ins",
                "GET",
                "/users/{user_id}/sign-ins",
                {"user_id": w.ids["user"]},
                hd,
                200,
            ),
            Probe("GET /users?email=", "GET", "/users", {}, hd, 200, query={"email": w.emails["both"]}),
            Probe("GET /series", "GET", "/series", {}, eo, 200),  # a member: results morning's reader
            Probe("GET /audit", "GET", "/audit", {}, hd, 200),
            Probe("GET /audit?centre_id=", "GET", "/audit", {}, hd, 200, query={"centre_id": c}),
            Probe("GET /audit?actor=", "GET", "/audit", {}, hd, 200, query={"actor": w.ids["eo"]}),
            Probe("GET /audit?target=", "GET", "/audit", {}, hd, 200, query={"target": w.ids["user"]}),
            Probe(
                "GET /audit?centre_id=&actor=",
                "GET",
                "/audit",
                {},
                hd,
                200,
                query={"centre_id": c, "actor": w.ids["eo"]},
            ),
            Probe(
                "GET /audit?centre_id=&target=",
                "GET",
                "/audit",
                {},
                hd,
                200,
                query={"centre_id": c, "target": w.ids["user"]},
            ),
            Probe(
                "GET /audit?actor=&target=",
                "GET",
                "/audit",
                {},
                hd,
                200,
                query={"actor": w.ids["eo"], "target": w.ids["user"]},
            ),
            Probe(
                "GET /audit?centre_id=&actor=&target=",
                "GET",
                "/audit",
                {},
                hd,
                200,
                query={"centre_id": c, "actor": w.ids["eo"], "target": w.ids["user"]},
            ),
        ]
        writes = [
            Probe("PATCH /me", "PATCH", "/me", {}, eo, 200, body={"job_role": "Exams Officer"}),
            Probe("PUT /me/mfa/passkey", "PUT", "/me/mfa/passkey", {}, eo, 200, body={"enabled": False}),
            Probe(
                f"POST {users}",
                "POST",
                users,
                centre,
                eo,
                201,
                body={
                    "email": f"new.{tag}@school.example",
                    "account_type": "user",
                    "given_name": "New",
                    "family_name": "Bench",
                },
            ),
            Probe(
                f"POST {users} (existing person)",
                "POST",
                users,
                centre,
                eo,
                201,
                body={
                    "email": w.emails["outsider"],
                    "account_type": "user",
                    "given_name": "Outsider",
                    "family_name": "Bench",
                },
            ),
            Probe(
                f"PATCH {one}",
                "PATCH",
                one,
                {**centre, "user_id": w.ids["changed"]},
                eo,
                200,
                body={"permissions": ["results"]},
            ),
            Probe(
                f"PATCH {one} (user to admin)",
                "PATCH",
                one,
                {**centre, "user_id": w.ids["switched"]},
                eo,
                200,
                body={"account_type": "admin"},
            ),
            Probe(f"DELETE {one}", "DELETE", one, {**centre, "user_id": w.ids["both"]}, eo, 204),
            Probe(
                f"DELETE {one} (last membership)",
                "DELETE",
                one,
                {**centre, "user_id": w.ids["removed"]},
                eo,
                204,
            ),
            Probe(
                f"POST {one}/invitation",
                "POST",
                one + "/invitation",
                {**centre, "user_id": w.ids["pending"]},
                eo,
                202,
            ),
            Probe(
                f"DELETE {one}/invitation",
                "DELETE",
                one + "/invitation",
                {**centre, "user_id": w.ids["withdrawn"]},
                eo,
                204,
            ),
            Probe(
                "POST /centres",
                "POST",
                "/centres",
                {},
                hd,
                201,
                body={"centre_id": f"{w.centre_id[:1]}9999", "name": "Bench new centre"},
            ),
            Probe(
                "PUT /centres/{centre_id}/exams-officer",
                "PUT",
                "/centres/{centre_id}/exams-officer",
                {"centre_id": w.spare_id},
                hd,
                201,
                body={
                    "email": f"spare.eo.{tag}@school.example",
                    "given_name": "Spare",
                    "family_name": "Bench",
                },
            ),
            Probe(
                "PUT /centres/{centre_id}/exams-officer (replace)",
                "PUT",
                "/centres/{centre_id}/exams-officer",
                centre,
                hd,
                200,
                body={"email": f"next.eo.{tag}@school.example", "given_name": "Next", "family_name": "Bench"},
            ),
            Probe(
                "POST /users/{user_id}/mfa-reset",
                "POST",
                "/users/{user_id}/mfa-reset",
                {"user_id": w.ids["user"]},
                hd,
                204,
            ),
            Probe(
                "POST /users/{user_id}/disable",
                "POST",
                "/users/{user_id}/disable",
                {"user_id": w.ids["user"]},
                hd,
                204,
            ),
            Probe(
                "POST /users/{user_id}/enable",
                "POST",
                "/users/{user_id}/enable",
                {"user_id": w.ids["user"]},
                hd,
                204,
            ),
            Probe(
                "PUT /series/{series_id}",
                "PUT",
                "/series/{series_id}",
                {"series_id": f"2027-summer-{tag}"},
                hd,
                201,
                body={"results_day": "2027-08-12"},
            ),
        ]
        return reads + writes

    def run(self, probe: Probe) -> tuple[dict[str, int], dict[str, int]]:
        function = _function_of(probe.method, probe.resource)
        event = _event(
            probe.method, probe.resource, probe.path, probe.params, probe.who, probe.query, probe.body
        )
        if probe.query and "limit" in probe.query:
            first = self.modules[function].handler(event, Context())
            cursor = json.loads(first["body"])["next_cursor"]
            event = _event(
                probe.method,
                probe.resource,
                probe.path,
                probe.params,
                probe.who,
                {**probe.query, "cursor": cursor},
                probe.body,
            )
        with self.counter.counting():
            result = self.modules[function].handler(event, Context())
            summary, operations = self.counter.summary(), self.counter.operations()
        if int(result["statusCode"]) != probe.status:
            raise AssertionError(f"{probe.name}: {result['statusCode']} {result.get('body')}")
        return summary, operations

    def sign_in(self, w: Sized) -> tuple[dict[str, int], dict[str, int]]:
        from portal.service import people  # noqa: PLC0415

        with self.counter.counting():
            people.record_sign_in(self.deps, w.ids["joiner"], w.emails["joiner"])
            return self.counter.summary(), self.counter.operations()


SIGN_IN = "TRIGGER post_authentication (first sign-in)"


def _function_of(method: str, resource: str) -> str:
    from portal.constants import ROUTES  # noqa: PLC0415

    for route_method, template, function in ROUTES:
        if (route_method, template) == (method, resource):
            return function
    raise KeyError(f"{method} {resource} is not a route")


def _handlers(deps: Any) -> dict[str, ModuleType]:
    from portal.http.dependencies import portal_clients, service_deps  # noqa: PLC0415

    from lambdas.centre_users import handler as centre_users  # noqa: PLC0415
    from lambdas.helpdesk import handler as helpdesk  # noqa: PLC0415
    from lambdas.self_service import handler as self_service  # noqa: PLC0415

    modules = {"self_service": self_service, "centre_users": centre_users, "helpdesk": helpdesk}
    for module in modules.values():
        module.app.dependency_overrides[service_deps] = lambda: deps
        module.app.dependency_overrides[portal_clients] = lambda: frozenset({CLIENT_ID})
    return modules


def _seed_bulk(
    deps: Any, dynamodb: Any, table: str, centre_id: str, count: int, now: datetime, tag: str
) -> None:
    """`count` Users at the centre, written as the use cases store them: every tenth pending
    (half of those past 60 days), the rest active. No Cognito users: reads never call Cognito,
    and the writes measured act on the people made through the use cases."""
    from portal.adapters import records  # noqa: PLC0415
    from portal.domain.model import AccountType, Membership, Permission, Person, Profile  # noqa: PLC0415

    centre = deps.store.get_centre(centre_id)
    items: list[dict[str, Any]] = []
    tally: Counter[bool] = Counter()
    for i in range(max(0, count)):
        uid, email = f"bulk-{tag}-{i:05d}", f"bulk{i:05d}.{tag}@school.example"
        pending = i % 10 == 9
        invited_at = now - timedelta(days=61 if pending and i % 20 == 19 else 1)
        profile = Profile(given_name=f"Bulk{i}", family_name="Bench")
        person = Person(uid, email, profile, signed_in=not pending, **_one_membership(Person))
        membership = Membership(
            centre_id,
            uid,
            email,
            AccountType.USER,
            frozenset({Permission.RESOURCES}),
            invited_at,
            "bench",
            accepted=not pending,
            given_name=profile.given_name,
            family_name="Bench",
            **({"centre_name": centre.name} if "centre_name" in Membership.__slots__ else {}),
        )
        items += [
            records.person_item(person),
            records.membership_item(membership),
            records.claim_item(email, uid),
        ]
        tally[not pending] += 1
    for start in range(0, len(items), 25):
        chunk = items[start : start + 25]
        dynamodb.batch_write_item(RequestItems={table: [{"PutRequest": {"Item": i}} for i in chunk]})
    count_of = getattr(records, "count_attribute", None)  # counters of the centre, where kept
    if count_of is not None and tally:
        names = {f"#n{k}": count_of(AccountType.USER, accepted) for k, accepted in enumerate(tally)}
        values = {f":n{k}": {"N": str(n)} for k, n in enumerate(tally.values())}
        dynamodb.update_item(
            TableName=table,
            Key=records.centre_key(centre_id),
            UpdateExpression="ADD " + ", ".join(f"#n{k} :n{k}" for k in range(len(tally))),
            ExpressionAttributeNames=names,
            ExpressionAttributeValues=values,
        )


def _one_membership(person_type: Any) -> dict[str, Any]:
    return {"memberships": 1} if "memberships" in person_type.__slots__ else {}


# --- the measurement --------------------------------------------------------------------------------


def _paths() -> None:
    for path in (str(LAYER), str(ROOT)):  # as pytest's pythonpath has them
        if path not in sys.path:
            sys.path.insert(0, path)


def _measure_in_mock(sizes: Sequence[int]) -> tuple[dict[str, Any], dict[str, Any]]:
    bench = Bench(sizes)
    scale: dict[str, dict[str, dict[str, int]]] = {}
    detail: dict[str, dict[str, dict[str, int]]] = {}
    try:
        for index, size in enumerate(bench.sizes):
            world = bench.build(size, index)
            for probe in bench.probes(world):
                summary, operations = bench.run(probe)
                scale.setdefault(probe.name, {})[str(size)] = summary
                detail.setdefault(probe.name, {})[str(size)] = operations
            summary, operations = bench.sign_in(world)
            scale.setdefault(SIGN_IN, {})[str(size)] = summary
            detail.setdefault(SIGN_IN, {})[str(size)] = operations
    finally:
        for module in bench.modules.values():
            module.app.dependency_overrides.clear()
    largest = str(max(bench.sizes))
    aws_calls = {name: by_size[largest] for name, by_size in scale.items()}
    return {"aws_calls": aws_calls, "scale": scale}, detail


@contextmanager
def _mocked(already: bool) -> Iterator[None]:
    if already:
        yield
        return
    from moto import mock_aws  # noqa: PLC0415

    from local.cognito import moto_patches  # noqa: PLC0415

    moto_patches.install()  # as in tests: what moto lacks of Cognito (AdminListUserAuthEvents)
    saved = {name: os.environ.get(name) for name in (*FAKE_ENVIRONMENT, "AWS_ENDPOINT_URL")}
    from tests.integration.moto_tuning import copy_each_table_once  # noqa: PLC0415

    os.environ.update(FAKE_ENVIRONMENT)
    os.environ.pop("AWS_ENDPOINT_URL", None)
    with mock_aws():
        undo = copy_each_table_once()
        try:
            yield
        finally:
            undo()
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


_RESULTS: dict[tuple[tuple[int, ...], bool], tuple[dict[str, Any], dict[str, Any]]] = {}


def _cached(sizes: Sequence[int], mocked: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    key = (tuple(sizes), mocked)
    _paths()
    if key not in _RESULTS:
        with _mocked(mocked):
            _RESULTS[key] = _measure_in_mock(sizes)
    return _RESULTS[key]


def measure(sizes: Sequence[int] = SIZES, mocked: bool = False) -> dict[str, Any]:
    """The calls of every route at each size. `mocked`: moto is already running (tests)."""
    return _cached(sizes, mocked)[0]


def operations(sizes: Sequence[int] = SIZES, mocked: bool = False) -> dict[str, dict[str, dict[str, int]]]:
    """Per route and size, the calls by operation (`{"dynamodb:Query": 1, ...}`)."""
    return _cached(sizes, mocked)[1]


def table(result: Mapping[str, Any], detail: Mapping[str, Any] | None = None) -> str:
    """A Markdown table: DynamoDB, Cognito and SES calls per route at each size."""
    sizes = sorted({int(s) for by_size in result["scale"].values() for s in by_size})
    head = "| request | " + " | ".join(f"DynamoDB ({s})" for s in sizes) + " | Cognito | SES | Scan |"
    lines = [head, "|" + "---|" * (len(sizes) + 4)]
    for name, by_size in result["scale"].items():
        counts = [str(by_size[str(s)]["dynamodb"]) for s in sizes]
        last = by_size[str(sizes[-1])]
        lines.append(
            f"| `{name}` | " + " | ".join(counts) + f" | {last['cognito']} | {last['ses']} | {last['scan']} |"
        )
    _ = detail
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--table", action="store_true", help="print a Markdown table, not JSON")
    parser.add_argument("--operations", action="store_true", help="print the calls by operation")
    args = parser.parse_args(argv)
    # Only the result on stdout: the functions' request log lines and metrics stay quiet.
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    result = measure(args.sizes)
    if args.table:
        print(table(result))
    elif args.operations:
        print(json.dumps(operations(args.sizes), indent=2))
    else:
        print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
