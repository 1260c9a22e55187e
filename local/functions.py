"""The Lambda functions of `lambdas/`, loaded from their files, each with its execution environments.

A Lambda execution environment handles one event at a time (Powertools' resolvers keep the current
event on the resolver), and Lambda meets concurrent events by starting more environments. So does
this: each function has a pool of environments, each a copy of its module loaded as Lambda's
runtime loads it; an event takes an idle one, or loads a new one (a cold start) up to
`environments` per function, and waits only when all are busy. Before, one environment per
function made every request for it queue behind the one before (docs/local-portal.md has the
figures), so a load test measured a queue rather than Portal.
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


def load_module(name: str, directory: Path = LAMBDAS_DIR, copy: int = 0) -> ModuleType:
    """Import `lambdas/<name>/handler.py` by path, as Lambda's runtime does (its folder is the root);
    `copy` > 0 loads another environment's own copy of it, under its own module name."""
    path = directory / name / "handler.py"
    suffix = f"_{copy}" if copy else ""
    spec = importlib.util.spec_from_file_location(f"portal_local_fn_{name}{suffix}", path)
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


DEFAULT_ENVIRONMENTS = 4  # per function: more than the 2 cores can run at once, fewer than a crowd


class Functions:
    """Each function's environments: the first loaded at start (its cold start), more on demand."""

    def __init__(self, directory: Path = LAMBDAS_DIR, environments: int = DEFAULT_ENVIRONMENTS) -> None:
        if environments < 1:
            raise ValueError("a function needs at least one execution environment")
        self._directory = directory
        self._most = environments
        self._modules: dict[str, list[ModuleType]] = {}  # every environment loaded, the first first
        self._idle: dict[str, list[ModuleType]] = {}
        self._free = threading.Condition()

    def available(self, name: str) -> bool:
        return (self._directory / name / "handler.py").is_file()

    def load(self, name: str) -> ModuleType:
        """The function's first environment, loaded now if it is not yet."""
        with self._free:
            if name not in self._modules:
                module = load_module(name, self._directory)
                self._modules[name] = [module]
                self._idle[name] = [module]
            return self._modules[name][0]

    def environments(self, name: str) -> int:
        """How many environments the function has had to start so far."""
        with self._free:
            return len(self._modules.get(name, ()))

    def invoke(self, name: str, event: dict[str, Any]) -> Any:
        module = self._take(name)
        try:
            handler: Handler = module.handler
            return handler(event, LambdaContext(function_name=name))
        finally:
            with self._free:
                self._idle[name].append(module)
                self._free.notify()

    def _take(self, name: str) -> ModuleType:
        self.load(name)
        with self._free:
            while True:
                if self._idle[name]:
                    return self._idle[name].pop()
                if len(self._modules[name]) < self._most:
                    break
                self._free.wait()
            copy = len(self._modules[name])
            self._modules[name].append(_LOADING)  # holds the place while it loads, outside the lock
        try:
            module = load_module(name, self._directory, copy=copy)
        except BaseException:
            with self._free:
                self._modules[name].remove(_LOADING)
                self._free.notify()
            raise
        with self._free:
            self._modules[name][self._modules[name].index(_LOADING)] = module
        return module


_LOADING = ModuleType("loading")
