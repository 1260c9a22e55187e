"""The package's arrows run one way, and the triggers use nothing of HTTP (docs/architecture.md):
each module imports only what its layer may, read from the source with `ast` (imports inside
functions count too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "layers" / "portal" / "python" / "portal"
# folder (or file) → packages it must not import
FORBIDDEN = {
    PACKAGE / "emails": ("portal.service", "portal.adapters", "portal.http", "portal.wiring"),
    PACKAGE / "domain": (
        "portal.service",
        "portal.adapters",
        "portal.http",
        "portal.emails",
        "portal.wiring",
    ),
    PACKAGE / "service": ("portal.adapters", "portal.http", "portal.wiring"),
    PACKAGE / "observability.py": ("portal.http", "portal.service", "portal.adapters"),
    # The Cognito triggers are no HTTP functions (issue 13, item 1).
    ROOT / "lambdas" / "custom_message": ("portal.http",),
    ROOT / "lambdas" / "post_authentication": ("portal.http",),
}


def imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _files(where: Path) -> list[Path]:
    return sorted(where.rglob("*.py")) if where.is_dir() else [where]


@pytest.mark.parametrize("where", sorted(FORBIDDEN), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_import_runs_back_up(where: Path) -> None:
    bad = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in _files(where)
        for name in imported(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[where])
    }
    assert bad == set()
