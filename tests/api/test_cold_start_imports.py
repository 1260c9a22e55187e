"""Importing a function, as Lambda does at a cold start, loads only what it uses and calls no AWS.

Deterministic, so a test rather than a benchmark (`make bench` times the same cold starts). Each
function is imported in a fresh interpreter by bench/probe.py, laid out and configured as in
Lambda (bench/cold_start.py): its folder, then the layer, the tracer on, fake credentials.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from portal import constants as c
from portal.adapters import aws, cursor, factory
from portal.settings import Settings, SettingsError

from bench.cold_start import (
    BASELINES,
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

# Loaded only by the functions that use them (issue 12): email templates by the one that words
# emails at import (the mailer loads them at its first email), Powertools' idempotency by those
# with idempotent routes, X-Ray's patches for botocore alone. The Cognito, SES and audit-log
# adapters wait for the first request that uses them.
ON_DEMAND = (
    "portal.emails",
    "portal.adapters.mailer",
    "portal.adapters.directory",
    "portal.adapters.audit_log",
    "aws_lambda_powertools.utilities.idempotency",
    "aws_xray_sdk.ext.botocore",
    "aws_xray_sdk.ext.sqlite3",
    "aws_xray_sdk.ext.httplib",
)
IMPORTED = {
    "self_service": {"aws_xray_sdk.ext.botocore"},
    "centre_users": {"aws_xray_sdk.ext.botocore", "aws_lambda_powertools.utilities.idempotency"},
    "helpdesk": {"aws_xray_sdk.ext.botocore", "aws_lambda_powertools.utilities.idempotency"},
    "custom_message": {"aws_xray_sdk.ext.botocore", "portal.emails"},
    "post_authentication": {"aws_xray_sdk.ext.botocore"},
}


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


@pytest.mark.parametrize("function", FUNCTIONS)
def test_a_function_imports_only_what_it_uses(function: str) -> None:
    result = probe(function_target(function), watch=ON_DEMAND)
    assert result.error is None, result.error
    assert set(result.present) == IMPORTED[function]


@pytest.mark.parametrize("name", BASELINES)
def test_the_baselines_import_as_functions_do(name: str) -> None:
    """Each builds its one client at import, as Powertools' examples do, and calls nothing."""
    result = probe(baseline_target(name), watch=("aws_xray_sdk.ext.botocore",))
    assert (result.error, result.network, result.dev_only) == (None, [], [])
    assert result.present == ["aws_xray_sdk.ext.botocore"]


def test_ports_and_their_clients_are_made_at_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []

    def client(service: str) -> Any:
        def make(region: str) -> object:
            made.append(service)
            return object()

        return make

    for service in ("dynamodb", "cognito", "sesv2"):
        monkeypatch.setattr(aws, service, client(service))
    settings = Settings("state", "audit", "", "eu-west-2_pool", "no-reply@example.org", b"key")
    deps = factory.build_deps(settings)
    assert made == []
    assert deps.store.list_centres is not None  # the store, and the one DynamoDB client
    assert deps.audit.append is not None  # shares it
    assert made == ["dynamodb"]
    assert deps.directory.mfa_state is not None
    assert made == ["dynamodb", "cognito"]
    assert deps.mailer.send is not None
    assert made == ["dynamodb", "cognito", "sesv2"]
    assert deps.store.list_centres is not None and made == ["dynamodb", "cognito", "sesv2"]


def test_a_secret_cursor_key_is_read_at_the_first_cursor_and_once(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[str] = []

    def read_secret(arn: str) -> str:
        reads.append(arn)
        return "the-signing-key"

    monkeypatch.setattr(aws, "read_secret", read_secret)
    environ = {**portal_settings(), c.ENV_CURSOR_KEY: ""}
    settings = Settings.from_environ(environ)
    key = factory.cursor_key(settings)
    assert reads == []
    token = cursor.encode(key, "members:68101", {"k": "a"})
    assert cursor.decode(key, "members:68101", token) == {"k": "a"}
    assert reads == [environ[c.ENV_CURSOR_KEY_SECRET_ARN]]
    assert cursor.decode(b"the-signing-key", "members:68101", token) == {"k": "a"}


def test_settings_need_a_cursor_key_or_its_secret() -> None:
    environ = {**portal_settings(), c.ENV_CURSOR_KEY: "", c.ENV_CURSOR_KEY_SECRET_ARN: ""}
    with pytest.raises(SettingsError, match=c.ENV_CURSOR_KEY_SECRET_ARN):
        Settings.from_environ(environ)
    assert Settings.from_environ({**environ, c.ENV_CURSOR_KEY: "k"}).cursor_key == b"k"


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


def test_importing_portal_freezes_what_was_loaded_before_it() -> None:
    """The libraries a handler imports before Portal are left out of every later collection
    (portal/__init__.py); what Portal makes after them is still collected."""
    code = (
        "import gc, aws_lambda_powertools; before = len(gc.get_objects()); import portal; "
        "print(before, gc.get_freeze_count(), gc.isenabled())"
    )
    layer = Path(__file__).resolve().parents[2] / "layers" / "portal" / "python"
    found = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(layer)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert int(found[1]) >= int(found[0]) > 1000
    assert found[2] == "True"
