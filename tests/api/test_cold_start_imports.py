"""Importing a function, as Lambda does at a cold start, loads no OpenAPI generation and calls no AWS.

Deterministic, so a test rather than a benchmark (`make bench` times the same imports). Each
function is imported in a fresh interpreter by bench/probe.py, laid out and configured as in
Lambda (bench/cold_start.py): its folder, then the layer, the tracer on, fake credentials.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from portal import constants as c

from bench.cold_start import (
    FUNCTIONS,
    GENERATION_MODULES,
    Probe,
    Target,
    baseline_target,
    function_target,
    lambda_environment,
    portal_settings,
    probe,
)


@pytest.fixture(scope="module", params=FUNCTIONS)
def imported(request: pytest.FixtureRequest) -> tuple[str, Probe]:
    function: str = request.param
    return function, probe(function_target(function))


def test_the_handler_imports_without_the_network(imported: tuple[str, Probe]) -> None:
    function, result = imported
    assert result.error is None, f"{function}: {result.error}"
    assert result.network == [], f"{function} reached for the network at import: {result.network}"


def test_no_openapi_generation_module_is_loaded(imported: tuple[str, Probe]) -> None:
    function, result = imported
    assert result.present == [], f"{function} loads OpenAPI generation at a cold start: {result.present}"


def test_no_dev_only_package_is_loaded(imported: tuple[str, Probe]) -> None:
    function, result = imported
    assert result.dev_only == [], f"{function} loads packages Lambda does not have: {result.dev_only}"


def test_the_watch_list_sees_the_generator_when_it_is_imported() -> None:
    """The checks above are not vacuous: importing the generator is seen, Powertools' models with it."""
    base = baseline_target()
    result = probe(Target("generator", ("portal.http.document",), base.path, base.environment))
    assert result.error is None, result.error
    assert "portal.http.document" in result.generation
    assert "aws_lambda_powertools.event_handler.openapi.models" in result.generation
    assert set(result.generation) <= set(GENERATION_MODULES)


def test_the_probe_refuses_and_records_network_calls(tmp_path: Path) -> None:
    (tmp_path / "dials_out.py").write_text(
        "import socket\nsocket.create_connection(('dynamodb.eu-west-2.amazonaws.com', 443), timeout=1)\n"
    )
    result = probe(Target("dials_out", ("dials_out",), (tmp_path,), lambda_environment("x", tmp_path)))
    assert result.error is not None and "refused" in result.error
    assert result.network and result.network[0].startswith("socket.getaddrinfo")


def test_the_bench_sets_every_setting_portal_names() -> None:
    """Read from constants.py's source; checked here against the module itself."""
    settings = portal_settings()
    names = {getattr(c, name) for name in dir(c) if name.startswith("ENV_")}
    assert names and names <= set(settings), sorted(names - set(settings))
    assert settings["POWERTOOLS_METRICS_NAMESPACE"] == c.METRICS_NAMESPACE
