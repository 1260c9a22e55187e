"""One local portal per test session (per xdist worker), started as `make run` starts it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.portal import LocalPortal, running
from tests.security.logscan import personal_data


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalPortal]:
    with running(tmp_path_factory.mktemp("portal") / "portal.log") as started:
        yield started
        code = started.stop()
        log = started.log.read_text()
        assert code == 0, log
        # The whole e2e run's log holds no personal data (tests/security/logscan.py, docs/security.md).
        found = personal_data(log, started.config["accounts"])
        assert found == [], "personal data in the local portal's log:\n" + "\n".join(found[:20])
