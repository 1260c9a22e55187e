"""Write the layer's botocore service models, cut to the operations Portal calls (`make aws-models`).

A boto3 client parses its service's whole model when it is made: 0.7 MB for Cognito's, at about
60 ms of CPU, paid at the cold start of every function that makes one (bench/README.md). Portal
calls a handful of operations, so `portal/adapters/aws.py` points its botocore session at these
copies (botocore's `data_path`, searched before its own data): the same shapes for the same
operations, cut from the pinned botocore, without the others and without documentation.

`--check` fails instead of writing when the committed models differ from what the pinned botocore
and this list give (a botocore upgrade, or a new operation).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from botocore.loaders import Loader

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "layers" / "portal" / "python" / "portal" / "adapters" / "aws_models"

OPERATIONS: dict[str, tuple[str, ...]] = {
    "cognito-idp": (
        "AdminCreateUser",
        "AdminDeleteUser",
        "AdminDeleteUserAttributes",
        "AdminDisableUser",
        "AdminEnableUser",
        "AdminGetUser",
        "AdminListGroupsForUser",
        "AdminListUserAuthEvents",
        "AdminSetUserMFAPreference",
        "AdminSetUserPassword",
        "AdminUpdateUserAttributes",
        "AdminUserGlobalSignOut",
    ),
    # Portal's adapters, and Powertools' idempotency store on the same client (get/put/update/delete).
    "dynamodb": (
        "BatchGetItem",
        "DeleteItem",
        "GetItem",
        "PutItem",
        "Query",
        "TransactWriteItems",
        "UpdateItem",
    ),
    "secretsmanager": ("GetSecretValue",),
    "sesv2": ("SendEmail",),
}
"""What Portal calls, by service: a call missing here has no method on Portal's clients."""


def _shapes_named(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "shape" and isinstance(value, str):
                found.add(value)
            else:
                _shapes_named(value, found)
    elif isinstance(node, list):
        for value in node:
            _shapes_named(value, found)


def _undocumented(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: _undocumented(v) for k, v in node.items() if k not in ("documentation", "documentationUrl")
        }
    if isinstance(node, list):
        return [_undocumented(v) for v in node]
    return node


def cut(model: dict[str, Any], operations: tuple[str, ...]) -> dict[str, Any]:
    """The model with only these operations and the shapes they reach (errors included)."""
    kept = {name: model["operations"][name] for name in operations}
    todo: set[str] = set()
    _shapes_named(kept, todo)
    shapes: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in shapes:
            shapes.add(name)
            _shapes_named(model["shapes"][name], todo)
    whole = {**model, "operations": kept, "shapes": {n: s for n, s in model["shapes"].items() if n in shapes}}
    cut_down: dict[str, Any] = _undocumented(whole)
    return cut_down


def generate() -> dict[Path, str]:
    """Each model file's path and text, from the botocore this machine has (the pinned one)."""
    loader = Loader()
    files: dict[Path, str] = {}
    for service, operations in OPERATIONS.items():
        version = loader.determine_latest_version(service, "service-2")
        model = loader.load_service_model(service, "service-2", version)
        text = json.dumps(cut(model, operations), separators=(",", ":"), sort_keys=True)
        files[MODELS / service / version / "service-2.json"] = text + "\n"
    return files


def _present() -> set[Path]:
    return set(MODELS.rglob("*.json")) if MODELS.exists() else set()


def stale(files: dict[Path, str] | None = None) -> list[Path]:
    """The model files missing, different from `generate()`'s, or no longer generated."""
    files = generate() if files is None else files
    changed = [p for p, text in files.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
    return changed + sorted(_present() - set(files))


def main(argv: list[str]) -> int:
    files = generate()
    if "--check" in argv:
        found = stale(files)
        if found:
            names = ", ".join(str(p.relative_to(ROOT)) for p in found)
            print(f"out of date: {names}: run `make aws-models`", file=sys.stderr)
            return 1
        return 0
    for path in _present() - set(files):
        path.unlink()
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} models under {MODELS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
