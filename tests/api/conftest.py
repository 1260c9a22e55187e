"""API tests: the handlers called with API Gateway events, on moto.

The adapters' fixtures come from tests/integration/conftest.py (re-exported below: pytest does
not allow `pytest_plugins` in a conftest below the root). This suite provisions its own set of
resources under another prefix and sender, so the two suites can share an xdist worker (and
moto's one in-process account) without touching each other's tables or user pool.

    api       Api: calls the three API functions as API Gateway routes to them, with the
              service Deps and the idempotency store of these fixtures injected
    deps      the use cases' Deps on this suite's resources, with a FakeClock per test
    world     World: a centre of its own; its EO, Admin, User, invited User, disabled Admin, the
              EO of another centre, a stranger and the helpdesk, each made when first used
    sent_emails  what SES accepted since the test began
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer
from portal import constants as c
from portal.adapters.audit_log import DynamoAuditLog
from portal.adapters.directory import CognitoDirectory
from portal.adapters.mailer import SesMailer
from portal.adapters.state_store import DynamoStateStore
from portal.http.dependencies import portal_clients, service_deps
from portal.http.idempotency import idempotency_store
from portal.service.deps import Deps
from portal.settings import Settings

from lambdas.centre_users import handler as centre_users
from lambdas.helpdesk import handler as helpdesk
from lambdas.self_service import handler as self_service
from local.provision import Names, Resources, provision
from tests.api import client, coverage
from tests.api.client import Api
from tests.api.events import CLIENT_ID
from tests.api.world import World
from tests.integration import conftest as shared
from tests.integration.conftest import CURSOR_KEY, Clients, FakeClock, Passwords, SentEmail, enrol_helpdesk

MODULES = {"self_service": self_service, "centre_users": centre_users, "helpdesk": helpdesk}

# The adapters' session fixtures and helpers, visible to this directory under their own names.
# Every test starts from empty tables and an empty pool (`clean`): moto copies a whole table for
# each transaction, so tables that grew across the session would slow every test down.
aws = shared.aws
clients = shared.clients
clean = shared.clean
clock = shared.clock
passwords = shared.passwords
fail = shared.fail


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/api/" in item.nodeid:
            item.add_marker(pytest.mark.integration)


OBSERVATIONS = "portal_api_observed"
GATHERED: set[tuple[str, str, str, str]] = set()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On an xdist worker, hand this process's observations to the controller."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output[OBSERVATIONS] = json.dumps(sorted(client.OBSERVED))


@pytest.hookimpl(optionalhook=True)  # an xdist hook: absent when run without xdist
def pytest_testnodedown(node: Any, error: Any) -> None:
    GATHERED.update((m, r, o, c) for m, r, o, c in json.loads(node.workeroutput.get(OBSERVATIONS, "[]")))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    observed = GATHERED | client.OBSERVED
    if not observed:
        return
    gaps = coverage.missing(observed)
    outcomes = len({(m, r, o) for m, r, o, _ in observed})
    routes = len({(m, r) for m, r, _, _ in observed})
    terminalreporter.write_line(
        f"tests/api: {routes} routes, {len(coverage.callers(observed))} (route, caller) pairs and "
        f"{outcomes} (route, outcome) pairs exercised; documented outcomes untested: {len(gaps)}"
    )
    for method, path, code in gaps:
        terminalreporter.write_line(f"  untested: {method} {path} -> {code}")


def pytest_configure(config: pytest.Config) -> None:
    # Metrics flush at the end of every invocation; most requests count nothing, which is fine.
    config.addinivalue_line("filterwarnings", "ignore:No application metrics to publish:UserWarning")
    warnings.filterwarnings("ignore", "No application metrics to publish", UserWarning)


@pytest.fixture(scope="session")
def resources(aws: None) -> Resources:
    return provision(
        names=Names(prefix="portal-api", sender="portal-no-reply@api.portal.example.org"),
        cursor_key=CURSOR_KEY,
    )


@pytest.fixture(scope="session")
def settings(resources: Resources) -> Settings:
    return resources.settings


@pytest.fixture
def deps(settings: Settings, clients: Clients, clock: FakeClock, passwords: Passwords, clean: None) -> Deps:
    return Deps(
        store=DynamoStateStore(clients.dynamodb, settings.state_table, settings.cursor_key),
        audit=DynamoAuditLog(clients.dynamodb, settings.audit_table, settings.cursor_key),
        directory=CognitoDirectory(clients.cognito, settings.user_pool_id),
        mailer=SesMailer(clients.sesv2, settings.sender, settings.configuration_set),
        clock=clock,
        brand=settings.brand,
        portal_url=settings.portal_url,
        new_password=passwords,
    )


class Mail:
    """What SES accepted since the test began, less what a world sent while making its people."""

    def __init__(self, configuration_set: str) -> None:
        self._configuration_set = configuration_set
        self._start = len(shared.OUTBOX.all())
        self._ignored: set[int] = set()

    @contextmanager
    def ignored(self) -> Iterator[None]:
        before = len(shared.OUTBOX.all())
        try:
            yield
        finally:
            self._ignored.update(range(before, len(shared.OUTBOX.all())))

    def __call__(self) -> list[SentEmail]:
        sent = shared.OUTBOX.all()
        return [
            m
            for i, m in enumerate(sent)
            if i >= self._start and i not in self._ignored and m.configuration_set == self._configuration_set
        ]


@pytest.fixture
def sent_emails(resources: Resources, deps: Deps) -> Mail:
    """`sent_emails()` → the emails this test caused, oldest first (after `clean` emptied the outbox)."""
    return Mail(resources.configuration_set)


@pytest.fixture(scope="session")
def idempotency(settings: Settings, clients: Clients) -> DynamoDBPersistenceLayer:
    return DynamoDBPersistenceLayer(
        table_name=settings.idempotency_table,
        key_attr=c.IDEMPOTENCY_PK,
        expiry_attr=c.IDEMPOTENCY_TTL,
        boto3_client=clients.dynamodb,
    )


@pytest.fixture
def api(deps: Deps, idempotency: DynamoDBPersistenceLayer, clock: FakeClock) -> Iterator[Api]:
    def the_store() -> Callable[[], DynamoDBPersistenceLayer]:
        return lambda: idempotency

    for module in MODULES.values():
        module.app.dependency_overrides[service_deps] = lambda: deps
        module.app.dependency_overrides[idempotency_store] = the_store
        module.app.dependency_overrides[portal_clients] = lambda: frozenset({CLIENT_ID})
    try:
        yield Api(MODULES, clock)
    finally:
        for module in MODULES.values():
            module.app.dependency_overrides.clear()


@pytest.fixture
def world(deps: Deps, sent_emails: Mail, resources: Resources) -> World:
    return World(
        deps, quiet=sent_emails.ignored, enrol=lambda sub: enrol_helpdesk(resources.user_pool_id, sub)
    )
