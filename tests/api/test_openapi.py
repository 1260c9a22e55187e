"""The committed OpenAPI document is the code's: generated from the resolvers, never at a cold start."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from portal.constants import PUBLIC_ROUTES, ROUTES
from portal.http.document import build, render

from tests.api.conftest import MODULES

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = ROOT / "docs" / "openapi.json"


@pytest.fixture(scope="module")
def generated() -> dict[str, Any]:
    return build([MODULES["self_service"].app, MODULES["centre_users"].app, MODULES["helpdesk"].app])


def test_the_committed_document_is_what_the_code_generates(generated: dict[str, Any]) -> None:
    assert DOCUMENT.read_text(encoding="utf-8") == render(generated), (
        "run `make openapi` and commit docs/openapi.json"
    )


def test_every_route_of_the_table_is_served_by_its_function() -> None:
    for function, module in MODULES.items():
        paths = module.app.get_openapi_schema().paths or {}
        served = {
            (method.upper(), path)
            for path, item in paths.items()
            for method in ("get", "put", "post", "patch", "delete")
            if getattr(item, method, None) is not None
        }
        expected = {(method, path) for method, path, owner in ROUTES if owner == function}
        assert served == expected, function


def test_security_and_problems_are_described(generated: dict[str, Any]) -> None:
    schemes = generated["components"]["securitySchemes"]
    assert schemes["cognito"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": schemes["cognito"]["description"],
    }
    assert generated["security"] == [{"cognito": []}]
    operations = [(m.upper(), p, op) for p, item in generated["paths"].items() for m, op in item.items()]
    assert len(operations) == len(ROUTES)
    for method, path, operation in operations:
        assert ("security" in operation) == ((method, path) in PUBLIC_ROUTES)
        statuses = {int(s) for s in operation["responses"]}
        assert 500 in statuses
        if (method, path) not in PUBLIC_ROUTES:
            assert {401, 429, 503} <= statuses, (method, path)
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                content = response["content"]
                assert list(content) == ["application/problem+json"], (method, path, status)
                assert content["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"
                }
                assert "`" in response["description"]  # names its codes
    assert "HTTPValidationError" not in json.dumps(generated)


def test_idempotent_routes_document_the_header(generated: dict[str, Any]) -> None:
    for path, item in generated["paths"].items():
        for method, operation in item.items():
            headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
            if method in ("post",) or (method, path) == ("put", "/centres/{centre_id}/exams-officer"):
                assert headers == {"idempotency-key"}, (method, path)
                assert "idempotency_key_reused" in operation["responses"]["422"]["description"]
            else:
                assert not headers, (method, path)


def test_importing_the_functions_needs_no_environment_and_builds_no_document() -> None:
    script = (
        "import sys\n"
        "import lambdas.self_service.handler, lambdas.centre_users.handler, lambdas.helpdesk.handler\n"
        "import lambdas.custom_message.handler, lambdas.post_authentication.handler\n"
        "assert 'portal.http.document' not in sys.modules and 'moto' not in sys.modules\n"
        "from portal import wiring\n"
        "assert wiring.settings.cache_info().currsize == wiring.deps.cache_info().currsize == 0\n"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{ROOT / 'layers' / 'portal' / 'python'}:{ROOT}"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
