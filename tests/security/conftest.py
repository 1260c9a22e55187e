"""The proof suites of docs/security.md: short versions run in `make test`, long ones in `make check-deep`.

A test marked `deep` runs only when PORTAL_CHECK_DEEP=1 (what `make check-deep` sets), so
`make test` stays short. The handler-level suites reuse tests/api's fixtures on resources of
their own (prefix `portal-security`), so they can share an xdist worker with tests/api.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from local.provision import Names, Resources, provision
from tests.api import conftest as api_suite
from tests.e2e.portal import LocalPortal, running
from tests.integration.conftest import CURSOR_KEY
from tests.security import logscan

DEEP = os.environ.get("PORTAL_CHECK_DEEP") == "1"

aws = api_suite.aws
clients = api_suite.clients
clean = api_suite.clean
clock = api_suite.clock
passwords = api_suite.passwords
fail = api_suite.fail
settings = api_suite.settings
deps = api_suite.deps
sent_emails = api_suite.sent_emails
idempotency = api_suite.idempotency
api = api_suite.api
world = api_suite.world


def pytest_configure(config: pytest.Config) -> None:
    api_suite.pytest_configure(config)  # Powertools' "no metrics to publish" warning says nothing here


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="long run: `make check-deep` (PORTAL_CHECK_DEEP=1)")
    for item in items:
        if "tests/security/" not in item.nodeid:
            continue
        if "deep" in item.keywords and not DEEP:
            item.add_marker(skip)
        if "http" not in item.keywords:
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalPortal]:
    """A local portal of the long runs' own, started as `make run` starts it; stopped after."""
    with running(tmp_path_factory.mktemp("security-portal") / "portal.log") as started:
        yield started
        code = started.stop(timeout=60)  # a loaded machine: let the last requests finish
        log = started.log.read_text()
        assert code == 0, log
        found = logscan.personal_data(log, started.config["accounts"])
        assert found == [], "personal data in the local portal's log:\n" + "\n".join(found[:20])


@pytest.fixture(scope="session")
def resources(aws: None) -> Resources:
    return provision(
        names=Names(prefix="portal-security", sender="portal-no-reply@security.portal.example.org"),
        cursor_key=CURSOR_KEY,
    )
