"""Every name that infra, the functions and the local portal share is written once, in
portal/constants.py (issue 13, item 4): a string literal equal to one of them anywhere else in
the code is a second source that would drift.

Read with `ast`, so a docstring or a longer sentence that mentions a value is no copy of it.
Callers of the API (tests/, bench/) are not scanned: they write what a client would send.
"""

from __future__ import annotations

import ast
from pathlib import Path

from portal import constants as c

ROOT = Path(__file__).resolve().parents[2]
CONSTANTS = ROOT / "layers" / "portal" / "python" / "portal" / "constants.py"
CODE = [ROOT / "app.py"] + [
    path
    for folder in ("layers", "lambdas", "local", "infra", "scripts")
    for path in sorted((ROOT / folder).rglob("*.py"))
    if "node_modules" not in path.parts and path != CONSTANTS
]
SHARED = {
    c.PROBLEM_JSON,
    c.PROBLEM_TYPE_PREFIX,
    c.IDEMPOTENCY_HEADER,
    c.NO_ROUTE_DETAIL,
    c.DEFAULT_BRAND,
    c.DEFAULT_PORTAL_URL,
    *(title for _, title in c.PROBLEMS.values()),
    *c.FIXED_DETAILS.values(),
}


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def test_shared_names_are_defined_only_in_constants() -> None:
    copies = []
    for path in CODE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and id(node) not in docstrings and node.value in SHARED:
                copies.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert copies == [], "use portal.constants instead:\n" + "\n".join(copies)


def test_the_services_are_the_permissions_in_their_order():
    from portal.domain.model import Permission  # noqa: PLC0415

    assert tuple(p.value for p in Permission) == c.SERVICES
