"""The Lambda functions of `lambdas/`, loaded from their files and invoked one event at a time.

A Lambda execution environment handles one event at a time, and Powertools' resolvers keep the
current event on the resolver, so each function here has a lock: concurrent HTTP requests queue
per function, as they would per execution environment.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol

from portal.constants import REGION

from local.aws import ACCOUNT_ID

LAMBDAS_DIR = Path(__file__).resolve().parent.parent / "lambdas"
TIMEOUT_SECONDS = 29  # API Gateway's integration timeout


class Handler(Protocol):
    def __call__(self, event: dict[str, Any], context: Any) -> Any: ...


@dataclass
class LambdaContext:
    """What Lambda passes as `context`, with the fields Powertools reads."""

    function_name: str
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 256
    deadline: float = field(default_factory=lambda: time.monotonic() + TIMEOUT_SECONDS)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:portal-local-{self.function_name}"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/portal-local-{self.function_name}"

    @property
    def log_stream_name(self) -> str:
        return "local"

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline - time.monotonic()) * 1000))


def load_module(name: str, directory: Path = LAMBDAS_DIR) -> ModuleType:
    """Import `lambdas/<name>/handler.py` by path, as Lambda's runtime does (its folder is the root)."""
    path = directory / name / "handler.py"
    spec = importlib.util.spec_from_file_location(f"portal_local_fn_{name}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves a model's annotations through it
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[spec.name]
        raise
    return module


class Functions:
    """Each function imported once (its cold start), then invoked under its own lock."""

    def __init__(self, directory: Path = LAMBDAS_DIR) -> None:
        self._directory = directory
        self._modules: dict[str, ModuleType] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def available(self, name: str) -> bool:
        return (self._directory / name / "handler.py").is_file()

    def load(self, name: str) -> ModuleType:
        with self._guard:
            if name not in self._modules:
                self._modules[name] = load_module(name, self._directory)
                self._locks[name] = threading.Lock()
            return self._modules[name]

    def invoke(self, name: str, event: dict[str, Any]) -> Any:
        module = self.load(name)
        handler: Handler = module.handler
        with self._locks[name]:
            return handler(event, LambdaContext(function_name=name))
