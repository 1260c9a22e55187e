"""What the functions import must exist in Lambda: the Python runtime (with boto3), AWS's public
Powertools layer, and our layer from `layers/portal` (the package and the wheels its requirements
pin). Nothing is bundled besides, so an import of anything else (a dev-only package such as
boto3-stubs) fails at cold start, in AWS only."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from infra.config import ROOT

pytestmark = pytest.mark.infra

LAYER_REQUIREMENTS = ROOT / "layers" / "portal" / "requirements.txt"
# distribution name → import name, for the packages Portal's layer ships
LAYER_IMPORT_NAMES = {
    "email-validator": "email_validator",
    "idna": "idna",
    "confusable-homoglyphs": "confusable_homoglyphs",
}
LAYER_PACKAGES = {
    LAYER_IMPORT_NAMES[line.split("==")[0].strip()]
    for line in LAYER_REQUIREMENTS.read_text().splitlines()
    if line.strip() and not line.startswith("#")
}

PROVIDED = {
    # the Lambda Python runtime's AWS SDK and its dependencies
    "boto3",
    "botocore",
    "s3transfer",
    "jmespath",
    "dateutil",
    "urllib3",
    # AWS's Powertools layer (v3) and the extras it ships
    "aws_lambda_powertools",
    "pydantic",
    "pydantic_core",
    "annotated_types",
    "typing_extensions",
    "aws_xray_sdk",
    "fastjsonschema",
    # our layer: the package, and what layers/portal/requirements.txt installs beside it
    "portal",
    *LAYER_PACKAGES,
}


def _sources() -> Iterator[Path]:
    yield from sorted((ROOT / "layers" / "portal" / "python" / "portal").rglob("*.py"))
    yield from sorted((ROOT / "lambdas").glob("*/*.py"))


def _runtime_imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Imports that run: everything but the bodies of `if TYPE_CHECKING:`."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.If)
            and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING"
        ):
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def _unavailable() -> list[str]:
    found = []
    for path in _sources():
        for line, module in _runtime_imports(ast.parse(path.read_text(), str(path))):
            top = module.split(".")[0]
            if top not in sys.stdlib_module_names and top not in PROVIDED:
                found.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return found


def test_functions_import_only_what_lambda_and_the_layers_provide():
    assert _unavailable() == []


def test_the_check_sees_imports_and_skips_type_checking_blocks():
    source = "from typing import TYPE_CHECKING\nimport yaml\nif TYPE_CHECKING:\n    import mypy_boto3_s3\n"
    assert [m for _, m in _runtime_imports(ast.parse(source))] == ["typing", "yaml"]
