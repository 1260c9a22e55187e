"""One local portal per test session (per xdist worker), started as `make run` starts it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.portal import LocalPortal, start


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalPortal]:
    running = start(tmp_path_factory.mktemp("portal") / "portal.log")
    try:
        yield running
    finally:
        code = running.stop()
        assert code == 0, running.log.read_text()
