"""The local Cognito's state machine without a server: moto in this process, a pool provisioned
as the local portal provisions it, a clock the tests move, and messages recorded, not sent.

Session-scoped: moto's mock and the pool (0.2 s to make). Function-scoped: a fresh Context (no
sessions, codes or lockouts) over that pool, whose users are deleted after each test.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import boto3
import pytest
from moto import mock_aws
from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
from werkzeug.serving import make_server
from werkzeug.wrappers import Request

from local.cognito import moto_patches
from local.cognito.context import Context
from local.cognito.endpoint import CognitoEndpoint
from local.cognito.store import Person, Store
from local.cognito.tokens import Tokens
from local.cognito.triggers import Triggers
from local.cognito.wellknown import WellKnown
from local.provision import Names, Resources, provision

TEMPORARY = "temporary-password-1"


@dataclass
class Clock:
    now: float = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Sent:
    source: str
    to: str
    code: str
    by_sms: bool


@dataclass
class RecordedTriggers:
    """What Triggers does, recorded: codes by destination, and who signed in."""

    sent: list[Sent] = field(default_factory=list)
    signed_in: list[str] = field(default_factory=list)
    api_calls: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    """(operation, email, request) of each account change EventBridge would deliver."""
    attempts: list[tuple[str, str]] = field(default_factory=list)
    """(email, Pass or Fail) of each sign-in the user-activity log would deliver."""

    def api_call(self, operation: str, person: Person, request: Mapping[str, Any] | None = None) -> None:
        self.api_calls.append((operation, person.email, dict(request or {})))

    def sign_in(self, person: Person, event: dict[str, Any]) -> None:
        self.attempts.append((person.email, str(event["EventResponse"])))

    def post_authentication(self, person: Person, client_metadata: Mapping[str, str]) -> None:
        self.signed_in.append(person.email)

    def send_code(
        self, source: str, person: Person, code: str, by_sms: bool = False, client_metadata: Any = None
    ) -> None:
        self.sent.append(Sent(source, person.phone if by_sms else person.email, code, by_sms))

    def last_code(self, to: str) -> str:
        return next(s.code for s in reversed(self.sent) if s.to == to)


@pytest.fixture(scope="session")
def pool() -> Iterator[tuple[Resources, CognitoIdentityProviderClient]]:
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    moto_patches.install()  # before the pool is made: it keeps its email MFA configuration
    with mock_aws():
        resources = provision(names=Names(prefix="cognito-state-machine"))
        yield resources, boto3.client("cognito-idp", region_name=resources.region)


@pytest.fixture
def admin(pool: tuple[Resources, CognitoIdentityProviderClient]) -> Iterator[CognitoIdentityProviderClient]:
    resources, client = pool
    yield client
    for user in client.list_users(UserPoolId=resources.user_pool_id)["Users"]:
        client.admin_delete_user(UserPoolId=resources.user_pool_id, Username=user["Username"])


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def triggers() -> RecordedTriggers:
    return RecordedTriggers()


@pytest.fixture
def ctx(
    pool: tuple[Resources, CognitoIdentityProviderClient],
    admin: Any,
    clock: Clock,
    triggers: RecordedTriggers,
) -> Context:
    resources, _ = pool
    store = Store(resources.user_pool_id, lock=contextlib.nullcontext())
    return Context(store, Tokens(store, resources.region, clock), cast(Triggers, triggers), clock=clock)


@pytest.fixture
def client_id(pool: tuple[Resources, CognitoIdentityProviderClient]) -> str:
    return pool[0].client_id


@pytest.fixture
def invite(pool: tuple[Resources, CognitoIdentityProviderClient], admin: CognitoIdentityProviderClient):
    """Make a user as Portal invites one: a temporary password, a verified email."""

    def make(email: str, phone: str | None = None) -> str:
        attributes: list[Any] = [
            {"Name": "email", "Value": email},
            {"Name": "email_verified", "Value": "true"},
            {"Name": "given_name", "Value": "Ann"},
            {"Name": "locale", "Value": "en"},
        ]
        if phone:
            attributes.append({"Name": "phone_number", "Value": phone})
        created = admin.admin_create_user(
            UserPoolId=pool[0].user_pool_id,
            Username=email,
            TemporaryPassword=TEMPORARY,
            MessageAction="SUPPRESS",
            UserAttributes=attributes,
        )
        return next(a["Value"] for a in created["User"]["Attributes"] if a["Name"] == "sub")

    return make


@pytest.fixture
def idp(ctx: Context) -> Iterator[CognitoIdentityProviderClient]:
    """boto3's Cognito client, as a frontend has it, at an endpoint serving this test's Context
    (its clock and recorded messages): what boto3 sends and parses is checked end to end."""
    pool_id = ctx.store.user_pool_id
    issuer = f"https://cognito-idp.{pool_id.split('_')[0]}.amazonaws.com/{pool_id}"
    endpoint = CognitoEndpoint(ctx, WellKnown(pool_id, issuer, "http://127.0.0.1:9", {"keys": []}))

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        return endpoint(Request(environ), "/")(environ, start_response)

    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    try:
        yield boto3.client(
            "cognito-idp",
            region_name=ctx.store.user_pool_id.split("_")[0],
            endpoint_url=f"http://127.0.0.1:{server.server_port}",
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
