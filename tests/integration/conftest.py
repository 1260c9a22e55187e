"""Integration fixtures: Portal's adapters against moto, in this process, offline.

Session-scoped (once per xdist worker):
    aws        fake credentials, region eu-west-2, moto's mock started, one request at a time
               (moto is not isolated under threads: see _serialise_moto); records SES sends;
               moto's Cognito patched as the local portal's is (email MFA, Cognito's email form)
    resources  local.provision.Resources: tables, user pool, app client, group, SES identity
    clients    Clients(dynamodb, cognito, sesv2): the boto3 clients every adapter shares

Function-scoped, each starting from empty tables, no Cognito users and no sent email:
    settings     portal.settings.Settings for `resources`
    clock        FakeClock: aware UTC, starts at 2026-11-29T10:00Z; .advance(timedelta), .set(dt)
    store        DynamoStateStore
    audit_log    DynamoAuditLog
    directory    CognitoDirectory
    mailer       SesMailer (with the configuration set)
    deps         portal.service.deps.Deps of all the above; temporary passwords are predictable
    sent_emails  callable -> list[SentEmail(to, subject, text, html, configuration_set)], oldest first
    fail         Failures: inject failures into adapters or AWS calls (see its docstring)
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
from mypy_boto3_dynamodb import DynamoDBClient
from mypy_boto3_sesv2 import SESV2Client
from portal import constants as c
from portal.adapters import aws as portal_aws
from portal.adapters.audit_log import DynamoAuditLog
from portal.adapters.directory import CognitoDirectory
from portal.adapters.mailer import SesMailer
from portal.adapters.state_store import DynamoStateStore
from portal.service.deps import Deps
from portal.settings import Settings

from local.cognito import moto_patches
from local.provision import Names, Resources, provision
from tests.integration.moto_tuning import copy_each_table_once
from tests.integration.world import HELPDESK

START = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
ACCOUNT_ID = "123456789012"  # moto's default account
CURSOR_KEY = b"integration-tests-cursor-key"

pytestmark = pytest.mark.integration


# --- what SES received ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentEmail:
    to: str
    subject: str
    text: str
    html: str
    configuration_set: str | None = None


class Outbox:
    """SES v2 requests that moto accepted, as sent: moto itself keeps only one body part."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sent: list[SentEmail] = []

    def record(self, request: dict[str, Any]) -> None:
        simple = request.get("Content", {}).get("Simple", {})
        body = simple.get("Body", {})
        with self._lock:
            for to in request.get("Destination", {}).get("ToAddresses", []):
                self._sent.append(
                    SentEmail(
                        to=to,
                        subject=simple.get("Subject", {}).get("Data", ""),
                        text=body.get("Text", {}).get("Data", ""),
                        html=body.get("Html", {}).get("Data", ""),
                        configuration_set=request.get("ConfigurationSetName"),
                    )
                )

    def all(self) -> list[SentEmail]:
        with self._lock:
            return list(self._sent)

    def clear(self) -> None:
        with self._lock:
            self._sent.clear()


OUTBOX = Outbox()
# moto's own SendEmail handler while it is wrapped, then one entry per suite recording (below).
_RECORDING: list[Any] = []


def _record_sesv2_sends() -> Callable[[], None]:
    """Wrap moto's SES v2 SendEmail handler: a request it accepts is recorded whole.

    Wrapped once however many suites set `aws` up (each suite's conftest re-exports it, so a
    worker running two suites sets it up twice): wrapping again recorded every send twice. The
    last suite to finish unwraps it."""
    import json  # noqa: PLC0415

    from moto.sesv2.responses import SESV2Response  # noqa: PLC0415

    if not _RECORDING:
        original = SESV2Response.send_email

        def send_email(self: Any) -> Any:
            result = original(self)
            OUTBOX.record(json.loads(self.body))
            return result

        SESV2Response.send_email = send_email  # type: ignore[method-assign]
        _RECORDING.append(original)
    _RECORDING.append(None)  # one per suite that set it up

    def undo() -> None:
        _RECORDING.pop()
        if len(_RECORDING) == 1:
            SESV2Response.send_email = _RECORDING.pop()  # type: ignore[method-assign]

    return undo


def ses_backend(region: str = c.REGION) -> Any:
    """moto's SES backend (v1 and v2 share it): `sent_messages` holds what it stored."""
    from moto.ses.models import ses_backends  # noqa: PLC0415

    return ses_backends[ACCOUNT_ID][region]


# --- session -------------------------------------------------------------------------------------

FAKE_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_DEFAULT_REGION": c.REGION,
    "AWS_REGION": c.REGION,
}


@pytest.fixture(scope="session")
def aws() -> Iterator[None]:
    """Fake credentials and moto for the whole session; no request can reach AWS. moto serves
    one request at a time (see `_serialise_moto`), so tests with threads see AWS's atomicity."""
    patch = pytest.MonkeyPatch()
    for name, value in FAKE_ENVIRONMENT.items():
        patch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        patch.delenv(name, raising=False)
    patch.setenv("AWS_CONFIG_FILE", os.devnull)
    patch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    moto_patches.install()
    mock = mock_aws()
    mock.start()
    undo_recording = _record_sesv2_sends()
    undo_serialising = _serialise_moto()
    undo_copying = copy_each_table_once()
    try:
        yield
    finally:
        undo_copying()
        undo_serialising()
        undo_recording()
        mock.stop()
        patch.undo()


@pytest.fixture(scope="session")
def resources(aws: None) -> Resources:
    return provision(names=Names(prefix="portal-test"), cursor_key=CURSOR_KEY)


@dataclass(frozen=True, slots=True)
class Clients:
    dynamodb: DynamoDBClient
    cognito: CognitoIdentityProviderClient
    sesv2: SESV2Client


@pytest.fixture(scope="session")
def clients(resources: Resources) -> Clients:
    """Made after the mock started, configured as in Lambda, but from boto3's whole service models:
    the tests also set up and inspect with operations Portal never calls (scan, list_users). That
    Portal's own clients, cut to what it calls, have every operation it calls is
    tests/infra/test_aws_models.py's, and the e2e and browser runs use them."""
    session = boto3.session.Session(region_name=resources.region)
    return Clients(
        dynamodb=session.client("dynamodb", config=portal_aws.CLIENT_CONFIG),
        cognito=session.client("cognito-idp", config=portal_aws.CLIENT_CONFIG),
        sesv2=session.client("sesv2", config=portal_aws.CLIENT_CONFIG),
    )


# --- a clean account for every test --------------------------------------------------------------


def _empty_table(db: DynamoDBClient, table: str, keys: tuple[str, ...]) -> None:
    """Scan is fine here: a test's handful of items, never on a request path."""
    for page in db.get_paginator("scan").paginate(
        TableName=table,
        ProjectionExpression=", ".join(f"#k{i}" for i in range(len(keys))),
        ExpressionAttributeNames={f"#k{i}": k for i, k in enumerate(keys)},
    ):
        items = page.get("Items", [])
        for start in range(0, len(items), 25):
            chunk = items[start : start + 25]
            db.batch_write_item(
                RequestItems={table: [{"DeleteRequest": {"Key": {k: i[k] for k in keys}}} for i in chunk]}
            )


def _delete_users(idp: CognitoIdentityProviderClient, pool_id: str) -> None:
    for page in idp.get_paginator("list_users").paginate(UserPoolId=pool_id):
        for user in page.get("Users", []):
            idp.admin_delete_user(UserPoolId=pool_id, Username=user["Username"])


def enrol_helpdesk(user_pool_id: str, sub: str, region: str = c.REGION) -> None:
    """A helpdesk account as operators make one (a Cognito user in the helpdesk group), with the
    `sub` a test names it by: moto's user store is written directly, since no API chooses a sub.
    Portal asks Cognito whether a caller is in the group at each request (service/actors.py)."""
    from moto.cognitoidp.models import CognitoIdpUser, cognitoidp_backends  # noqa: PLC0415

    backend = cognitoidp_backends[ACCOUNT_ID][region]
    pool = backend.user_pools[user_pool_id]
    if sub not in pool.users:
        email = f"{sub}@helpdesk.example.org"
        user = CognitoIdpUser(user_pool_id, None, None, "CONFIRMED", [{"Name": "email", "Value": email}])
        user.id = user.username = sub
        user.update_attributes([{"Name": "sub", "Value": sub}])
        pool.users[sub] = user
    backend.admin_add_user_to_group(user_pool_id, c.HELPDESK_GROUP, sub)


def member_users(idp: CognitoIdentityProviderClient, pool_id: str) -> list[Any]:
    """The pool's users (ListUsers' entries) but the helpdesk's: the people Portal invited."""
    helpdesk = {
        u["Username"]
        for page in idp.get_paginator("list_users_in_group").paginate(
            UserPoolId=pool_id, GroupName=c.HELPDESK_GROUP
        )
        for u in page["Users"]
    }
    return [
        u
        for page in idp.get_paginator("list_users").paginate(UserPoolId=pool_id)
        for u in page["Users"]
        if u["Username"] not in helpdesk
    ]


@pytest.fixture
def clean(resources: Resources, clients: Clients) -> None:
    """Empty tables, no users but the helpdesk account of `world.HELPDESK`, no sent email: each
    test starts as if freshly provisioned."""
    _empty_table(clients.dynamodb, resources.state_table, (c.STATE_PK, c.STATE_SK))
    _empty_table(clients.dynamodb, resources.audit_table, (c.AUDIT_PK, c.AUDIT_SK))
    _empty_table(clients.dynamodb, resources.idempotency_table, (c.IDEMPOTENCY_PK,))
    _delete_users(clients.cognito, resources.user_pool_id)
    enrol_helpdesk(resources.user_pool_id, HELPDESK.user_id, resources.region)
    ses_backend(resources.region).sent_messages.clear()
    OUTBOX.clear()


@pytest.fixture
def settings(resources: Resources, clean: None) -> Settings:
    return resources.settings


# --- time ----------------------------------------------------------------------------------------


@dataclass
class FakeClock:
    """The Clock port, set by the test: aware UTC, moving only when told to."""

    current: datetime = START

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> datetime:
        self.current = self.current + delta
        return self.current

    def set(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("the clock keeps aware UTC times")
        self.current = moment.astimezone(UTC)
        return self.current


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --- adapters ------------------------------------------------------------------------------------


@pytest.fixture
def store(settings: Settings, clients: Clients) -> DynamoStateStore:
    return DynamoStateStore(clients.dynamodb, settings.state_table, settings.cursor_key)


@pytest.fixture
def audit_log(settings: Settings, clients: Clients) -> DynamoAuditLog:
    return DynamoAuditLog(clients.dynamodb, settings.audit_table, settings.cursor_key)


@pytest.fixture
def directory(settings: Settings, clients: Clients) -> CognitoDirectory:
    return CognitoDirectory(clients.cognito, settings.user_pool_id)


@pytest.fixture
def mailer(settings: Settings, clients: Clients) -> SesMailer:
    return SesMailer(clients.sesv2, settings.sender, settings.configuration_set)


@dataclass
class Passwords:
    """Predictable temporary passwords (`temporary-password-1`, ...), so a test can sign in."""

    issued: list[str] = field(default_factory=list)

    def __call__(self) -> str:
        self.issued.append(f"temporary-password-{len(self.issued) + 1}")
        return self.issued[-1]


@pytest.fixture
def passwords() -> Passwords:
    return Passwords()


@pytest.fixture
def deps(
    settings: Settings,
    store: DynamoStateStore,
    audit_log: DynamoAuditLog,
    directory: CognitoDirectory,
    mailer: SesMailer,
    clock: FakeClock,
    passwords: Passwords,
) -> Deps:
    return Deps(
        store=store,
        audit=audit_log,
        directory=directory,
        mailer=mailer,
        clock=clock,
        brand=settings.brand,
        portal_url=settings.portal_url,
        new_password=passwords,
    )


@pytest.fixture
def sent_emails(settings: Settings) -> Callable[[], list[SentEmail]]:
    """`sent_emails()` → what SES accepted since the test began, oldest first."""
    return OUTBOX.all


# --- concurrency ---------------------------------------------------------------------------------


def _serialise_moto() -> Callable[[], None]:
    """Make moto handle one request at a time, as each AWS request is atomic.

    moto 5.2.1 is not safe for concurrent requests in one process. Its DynamoDB
    `transact_write_items` checks each condition and then writes, with no lock between the two,
    so two threads can both pass a limit; on cancellation it restores a deep copy of the whole
    table taken when the transaction began, erasing what other threads committed meanwhile; and
    a deep copy taken while another thread writes can fail with RuntimeError. Its Cognito pool
    iterates its user dict while other threads add users. Real DynamoDB runs each request
    atomically (transactions are serialisable), and so does Cognito for one user, so one lock
    around each request is the faithful model: Portal's conditions, not the lock, then decide
    who gets the last place. Requests still interleave between calls, as they do in AWS.
    """
    from moto.core.botocore_stubber import BotocoreStubber  # noqa: PLC0415

    lock = threading.RLock()
    original = BotocoreStubber.process_request

    def process_request(self: Any, request: Any) -> Any:
        with lock:
            return original(self, request)

    BotocoreStubber.process_request = process_request  # type: ignore[method-assign]

    def undo() -> None:
        BotocoreStubber.process_request = original  # type: ignore[method-assign]

    return undo


# --- failure injection ---------------------------------------------------------------------------


@dataclass
class Injected:
    """One injected failure; `calls` counts the calls it saw, `failed` those it failed."""

    calls: int = 0
    failed: int = 0


class Failures:
    """Make a step fail, to test what the use cases undo.

    Each failure is undone when the test ends. `times` is how many calls fail (then the real
    method runs again); None fails every call. Each returns an Injected counter.

        fail.method(deps.directory, "create_user", Unavailable("Cognito down"))
            the adapter method raises the given error (default Unavailable)
        fail.method(deps.store, "add_person", after=1)
            lets the first call through, then fails (`after` calls succeed first)
        fail.transaction(clients.dynamodb)
            the next TransactWriteItems is cancelled with TransactionConflict (the adapter tries
            again: `times=None` or CONFLICT_ATTEMPTS times makes it a Conflict); no real pause
        fail.transaction(clients.dynamodb, reasons=["None", "ConditionalCheckFailed"])
            ... cancelled with these per-item codes (missing items count as "None")
        fail.aws(clients.sesv2, "send_email", "MessageRejected")
            the boto3 call raises ClientError with that code (SES rejecting → Unavailable)
        fail.aws(clients.cognito, "admin_create_user", "TooManyRequestsException")
    """

    def __init__(self, patch: pytest.MonkeyPatch) -> None:
        self._patch = patch

    def method(
        self,
        target: object,
        name: str,
        error: Exception | None = None,
        times: int | None = 1,
        after: int = 0,
    ) -> Injected:
        from portal.domain.errors import Unavailable  # noqa: PLC0415

        raised = error if error is not None else Unavailable(f"injected failure of {name}")
        return self._wrap(target, name, lambda _kwargs: raised, times, after)

    def aws(
        self,
        client: object,
        operation: str,
        code: str,
        message: str = "injected failure",
        times: int | None = 1,
        after: int = 0,
        **extra: Any,
    ) -> Injected:
        """`operation` is the boto3 method name (`send_email`, `transact_write_items`)."""

        def error(_kwargs: dict[str, Any]) -> Exception:
            response: Any = {"Error": {"Code": code, "Message": message}, **extra}
            return ClientError(response, _operation_name(operation))

        return self._wrap(client, operation, error, times, after)

    def transaction(
        self,
        client: object,
        reasons: list[str] | None = None,
        times: int | None = 1,
        after: int = 0,
    ) -> Injected:
        """Cancel TransactWriteItems as DynamoDB does, with CancellationReasons per item. The
        adapter's pauses between tries are skipped (`portal.adapters.dynamo._sleep`)."""
        from portal.adapters import dynamo  # noqa: PLC0415

        self._patch.setattr(dynamo, "_sleep", lambda _seconds: None)

        def error(kwargs: dict[str, Any]) -> Exception:
            count = len(kwargs.get("TransactItems", []))
            codes = list(reasons or ["TransactionConflict"] * count)
            codes += ["None"] * (count - len(codes))
            response: Any = {
                "Error": {
                    "Code": "TransactionCanceledException",
                    "Message": f"Transaction cancelled [{', '.join(codes)}]",
                },
                "CancellationReasons": [{"Code": code} for code in codes],
            }
            return ClientError(response, "TransactWriteItems")

        return self._wrap(client, "transact_write_items", error, times, after)

    def _wrap(
        self,
        target: object,
        name: str,
        error: Callable[[dict[str, Any]], Exception],
        times: int | None,
        after: int,
    ) -> Injected:
        real = getattr(target, name)
        injected = Injected()

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            injected.calls += 1
            due = injected.calls > after and (times is None or injected.failed < times)
            if due:
                injected.failed += 1
                raise error(kwargs)
            return real(*args, **kwargs)

        self._patch.setattr(target, name, wrapper)
        return injected


def _operation_name(method: str) -> str:
    return "".join(part.capitalize() for part in method.split("_"))


@pytest.fixture
def fail(monkeypatch: pytest.MonkeyPatch) -> Failures:
    return Failures(monkeypatch)
