"""API tests: the handlers called with API Gateway events, on moto.

The adapters' fixtures come from tests/integration/conftest.py (re-exported below: pytest does
not allow `pytest_plugins` in a conftest below the root). This suite provisions its own set of
resources under another prefix and sender, so the two suites can share an xdist worker (and
moto's one in-process account) without touching each other's tables or user pool.

    api       Api: calls the three API functions as API Gateway routes to them, with the
              service Deps and the idempotency store of these fixtures injected
    world     World: a centre with its EO, Admin, User, an invited User, a member of another
              centre, a stranger, a disabled Admin and the helpdesk, made through the use cases
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator

import pytest
from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer
from portal import constants as c
from portal.http.dependencies import service_deps
from portal.http.idempotency import idempotency_store
from portal.service.deps import Deps
from portal.settings import Settings

from lambdas.centre_users import handler as centre_users
from lambdas.helpdesk import handler as helpdesk
from lambdas.self_service import handler as self_service
from local.provision import Names, Resources, provision
from tests.api.client import Api
from tests.api.world import World, build_world
from tests.integration import conftest as shared
from tests.integration.conftest import CURSOR_KEY, Clients

pytestmark = pytest.mark.integration

# The adapters' fixtures, visible to this directory under their own names.
aws = shared.aws
clients = shared.clients
clean = shared.clean
settings = shared.settings
clock = shared.clock
store = shared.store
audit_log = shared.audit_log
directory = shared.directory
mailer = shared.mailer
passwords = shared.passwords
deps = shared.deps
sent_emails = shared.sent_emails
fail = shared.fail
MODULES = {"self_service": self_service, "centre_users": centre_users, "helpdesk": helpdesk}


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


@pytest.fixture
def idempotency(settings: Settings, clients: Clients) -> DynamoDBPersistenceLayer:
    return DynamoDBPersistenceLayer(
        table_name=settings.idempotency_table,
        key_attr=c.IDEMPOTENCY_PK,
        expiry_attr=c.IDEMPOTENCY_TTL,
        boto3_client=clients.dynamodb,
    )


@pytest.fixture
def api(deps: Deps, idempotency: DynamoDBPersistenceLayer) -> Iterator[Api]:
    def the_store() -> Callable[[], DynamoDBPersistenceLayer]:
        return lambda: idempotency

    for module in MODULES.values():
        module.app.dependency_overrides[service_deps] = lambda: deps
        module.app.dependency_overrides[idempotency_store] = the_store
    try:
        yield Api(MODULES)
    finally:
        for module in MODULES.values():
            module.app.dependency_overrides.clear()


@pytest.fixture
def world(deps: Deps) -> World:
    return build_world(deps)
