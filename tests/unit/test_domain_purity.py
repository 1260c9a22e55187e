"""The domain package is pure: no AWS SDK, no I/O, no clock reads (domain/__init__.py).

Two checks: importing every module in a fresh interpreter pulls in nothing from AWS or the
network, and each file's source imports only from an allow-list and calls nothing that reads
files, the console, the environment or the clock.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import portal.domain
import pytest

DOMAIN_DIR = Path(portal.domain.__file__).parent
CONSTANTS = DOMAIN_DIR.parent / "constants.py"
DOMAIN_FILES = sorted(DOMAIN_DIR.glob("*.py"))
PURE_FILES = [*DOMAIN_FILES, CONSTANTS]
MODULES = ["portal.constants", *(f"portal.domain.{p.stem}" for p in DOMAIN_FILES if p.stem != "__init__")]

AWS = {
    "boto3",
    "botocore",
    "aws_lambda_powertools",
    "aioboto3",
    "aiobotocore",
    "s3transfer",
    "awscrt",
    "moto",
}
NETWORK_AND_IO = {"socket", "ssl", "http", "urllib", "requests", "httpx", "subprocess", "asyncio", "sqlite3"}
ALLOWED_IMPORTS = {
    "__future__",
    "collections.abc",
    "dataclasses",
    "datetime",
    "enum",
    "re",
    "typing",
    "unicodedata",
    "functools",
    "bisect",
    "confusable_homoglyphs",  # Unicode data (UTS #39 confusables, scripts), read once on first use
    "email_validator",  # pure: no DNS look-up unless asked (validation.normalise_email never asks)
    "portal.constants",
    "portal.domain",
}
FORBIDDEN_CALLS = {"open", "print", "input", "exec", "eval", "compile", "__import__", "breakpoint"}
CLOCK_READS = {"now", "utcnow", "today", "time_ns", "monotonic", "perf_counter"}


def test_every_domain_module_is_covered():
    assert {p.stem for p in DOMAIN_FILES} >= {
        "__init__",
        "model",
        "errors",
        "catalogue",
        "policy",
        "status",
        "release",
        "validation",
    }


def test_importing_the_domain_loads_no_aws_sdk_and_no_network():
    script = (
        "import importlib, json, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    source_root = str(DOMAIN_DIR.parent.parent)
    done = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {source_root!r})\n{script}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    loaded = set(json.loads(done.stdout))
    assert set(MODULES) <= loaded
    tops = {name.split(".")[0] for name in loaded}
    assert not tops & AWS, sorted(tops & AWS)
    assert not tops & NETWORK_AND_IO, sorted(tops & NETWORK_AND_IO)
    assert not {name for name in loaded if name.startswith("portal.")} - set(MODULES) - {"portal.domain"}


def imports_of(tree: ast.Module) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "absolute imports only"
            assert node.module is not None
            found.add(node.module)
    return found


def allowed(module: str) -> bool:
    return any(module == ok or module.startswith(ok + ".") for ok in ALLOWED_IMPORTS)


@pytest.mark.parametrize("path", PURE_FILES, ids=lambda p: p.name)
def test_source_imports_only_pure_modules(path):
    imported = imports_of(ast.parse(path.read_text(encoding="utf-8")))
    assert not {m for m in imported if m.split(".")[0] in AWS}
    assert {m for m in imported if not allowed(m)} == set()


@pytest.mark.parametrize("path", PURE_FILES, ids=lambda p: p.name)
def test_source_does_no_io_and_reads_no_clock(path):
    bad = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
            bad.append(f"line {node.lineno}: {node.func.id}()")
        if isinstance(node.func, ast.Attribute) and node.func.attr in CLOCK_READS:
            bad.append(f"line {node.lineno}: .{node.func.attr}()")
    assert not bad, bad
