"""Cold start guard: each function's import cost against what any Powertools REST function pays.

    python -m bench.cold_start [--runs 9] [--bytecode] [--why FUNCTION]      (`make bench`)

Each function's handler module is imported in a fresh interpreter laid out as Lambda lays it
out: the function's folder first on sys.path, then the portal layer, both copied as their assets
ship them, without bytecode (Lambda's file system is read-only, so Portal's code is compiled at
every cold start). The environment has every setting `portal.constants` names, with dummy
values, plus Lambda's own variables (so the tracer is on, as in AWS) and fake credentials.
Connections and name lookups are refused during the import: importing must not call AWS.

The baseline imports `aws_lambda_powertools.event_handler`, `boto3` and `pydantic` the same
way, in the same run. Rounds run every target once, in a shuffled order, so a busy neighbour
weighs on both sides of a ratio alike; a ratio is the median of the per-round ratios. Gated:
CPU time (user + system, which other processes hardly add to) and peak RSS. Wall time is shown.
The exit status is 1 when a ratio is over its limit (bench/README.md says why each is what it
is), or an import fails, reaches for the network, or loads an OpenAPI-generation module or a
package only the dev environment has.
"""

from __future__ import annotations

import argparse
import ast
import compileall
import json
import os
import py_compile
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAYER = ROOT / "layers" / "portal" / "python"
LAMBDAS = ROOT / "lambdas"
PROBE = Path(__file__).resolve().parent / "probe.py"
MARK = "PORTAL-BENCH "  # the probe's result line

FUNCTIONS = ("self_service", "centre_users", "helpdesk", "custom_message", "post_authentication")
API_FUNCTIONS = FUNCTIONS[:3]
BASELINE = "baseline"
BASELINE_MODULES = ("aws_lambda_powertools.event_handler", "boto3", "pydantic")
HANDLER_MODULE = "handler"  # Lambda imports `handler.handler` from the function's folder

# Generating the OpenAPI document is a build step (`make openapi`), never a cold start's work.
# Powertools' `openapi.merge` is not listed: `event_handler/openapi/__init__.py` imports it, so
# every Powertools REST function, the baseline included, loads it.
GENERATION_MODULES = (
    "portal.http.document",
    "generate_openapi",
    "scripts.generate_openapi",
    "aws_lambda_powertools.event_handler.openapi.schema_generator",
    "aws_lambda_powertools.event_handler.openapi.models",
    "aws_lambda_powertools.event_handler.openapi.swagger_ui",
    "aws_lambda_powertools.event_handler.openapi.swagger_ui.html",
    "aws_lambda_powertools.event_handler.openapi.swagger_ui.oauth2",
)
# Installed here by requirements-dev.txt only: neither the Lambda runtime nor a layer has them.
DEV_ONLY_PREFIXES = ("mypy_boto3_", "boto3_stubs", "botocore_stubs", "moto", "pytest")
# Hidden from every probe, as the Lambda runtime lacks it: the X-Ray SDK patches it when present.
ABSENT_IN_LAMBDA = ("requests",)

# Limits on handler / baseline (median of per-round ratios). Measured figures and reasons:
# bench/README.md. The API functions share one limit, the Cognito triggers another.
CPU_LIMITS = {**dict.fromkeys(API_FUNCTIONS, 2.3), "custom_message": 1.55, "post_authentication": 1.55}
RSS_LIMITS = {**dict.fromkeys(API_FUNCTIONS, 1.35), "custom_message": 1.12, "post_authentication": 1.12}
LIMITS = (CPU_LIMITS, RSS_LIMITS)

# Dummy values of the right shape, where a shape could matter; other settings get `bench-...`.
DUMMIES = {
    "PORTAL_USER_POOL_ID": "eu-west-2_bench0000",
    "PORTAL_SENDER": "no-reply@bench.invalid",
    "PORTAL_URL": "https://portal.bench.invalid",
    "PORTAL_CORS_ORIGINS": "https://portal.bench.invalid,https://admin.bench.invalid",
    "PORTAL_CURSOR_KEY_SECRET_ARN": "arn:aws:secretsmanager:eu-west-2:000000000000:secret:bench",
    "PORTAL_STAGE": "dev",
}


def _constants() -> dict[str, str]:
    """portal.constants' string constants, read from its source: the bench does not import the layer."""
    tree = ast.parse((LAYER / "portal" / "constants.py").read_text(encoding="utf-8"))
    found = {}
    for node in tree.body:
        target: ast.expr | None = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = getattr(node, "value", None)
        if isinstance(target, ast.Name) and isinstance(value, ast.Constant) and isinstance(value.value, str):
            found[target.id] = value.value
    return found


def portal_settings() -> dict[str, str]:
    """Every setting portal.constants names (ENV_*), with a dummy value, and Powertools' own.

    A setting added there is set here too: one read at import (the CORS origins, read when the
    resolver is built) is then exercised as in AWS.
    """
    constants = _constants()
    names = [value for name, value in constants.items() if name.startswith("ENV_")]
    return {
        **{name: DUMMIES.get(name, "bench-" + name.lower().replace("_", "-")) for name in names},
        "POWERTOOLS_SERVICE_NAME": "portal",
        "POWERTOOLS_METRICS_NAMESPACE": constants["METRICS_NAMESPACE"],
        "POWERTOOLS_LOG_LEVEL": "INFO",
    }


def lambda_environment(function: str, task_root: Path) -> dict[str, str]:
    """What the function sees in AWS, with dummy values, fake credentials and no metadata service.

    Nothing of the caller's environment leaks in (AWS_PROFILE, AWS_ENDPOINT_URL, PYTHONPATH...).
    """
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        **portal_settings(),
        "LAMBDA_TASK_ROOT": str(task_root),
        "AWS_LAMBDA_FUNCTION_NAME": f"portal-bench-{function}",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
        "_HANDLER": "handler.handler",
        "AWS_REGION": "eu-west-2",
        "AWS_DEFAULT_REGION": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }


@dataclass(frozen=True)
class Target:
    """One thing to import cold: a function's handler, or the baseline."""

    name: str
    modules: tuple[str, ...]
    path: tuple[Path, ...]
    environment: Mapping[str, str]


def function_target(function: str, layer: Path = LAYER, lambdas: Path = LAMBDAS) -> Target:
    task_root = lambdas / function
    return Target(function, (HANDLER_MODULE,), (task_root, layer), lambda_environment(function, task_root))


def baseline_target(layer: Path = LAYER, lambdas: Path = LAMBDAS) -> Target:
    """The same interpreter, layout and environment as a function; only the baseline imported."""
    task_root = lambdas / FUNCTIONS[0]
    return Target(BASELINE, BASELINE_MODULES, (task_root, layer), lambda_environment(FUNCTIONS[0], task_root))


@dataclass(frozen=True)
class Probe:
    """What one fresh interpreter reported about its import."""

    seconds: float
    cpu_seconds: float
    maxrss_mib: float
    error: str | None
    network: list[str]
    present: list[str]
    top_level: list[str]
    modules: int
    self_us: dict[str, int] = field(default_factory=dict)

    @property
    def generation(self) -> list[str]:
        return [name for name in self.present if name in GENERATION_MODULES]

    @property
    def dev_only(self) -> list[str]:
        return [name for name in self.top_level if name.startswith(DEV_ONLY_PREFIXES)]


def probe(
    target: Target, hide: Sequence[str] = ABSENT_IN_LAMBDA, importtime: bool = False, timeout: float = 120
) -> Probe:
    """Import the target's modules in a fresh, isolated interpreter (-I) that writes no bytecode (-B)."""
    command = [
        sys.executable,
        "-I",
        "-B",
        *(["-X", "importtime"] if importtime else []),
        str(PROBE),
        os.pathsep.join(str(p) for p in target.path),
        ",".join(target.modules),
        ",".join(hide),
        ",".join(GENERATION_MODULES),
    ]
    done = subprocess.run(
        command,
        env=dict(target.environment),
        cwd=target.path[0],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARK)]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"the probe of {target.name} failed ({done.returncode}):\n{done.stderr}")
    raw: dict[str, Any] = json.loads(lines[-1].removeprefix(MARK))
    return Probe(
        seconds=raw["seconds"],
        cpu_seconds=raw["cpu_seconds"],
        maxrss_mib=raw["maxrss_kib"] / 1024,
        error=raw["error"],
        network=raw["network"],
        present=raw["present"],
        top_level=raw["top_level"],
        modules=raw["modules"],
        self_us=_self_times(done.stderr) if importtime else {},
    )


def _self_times(stderr: str) -> dict[str, int]:
    """`-X importtime` lines: each module's own import time, in microseconds."""
    times = {}
    for line in stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            own, _, name = line.removeprefix("import time:").split("|")
            if own.strip().isdigit():
                times[name.strip()] = int(own)
    return times


@contextmanager
def deployed_copy(bytecode: bool = False) -> Iterator[tuple[Path, Path]]:
    """The layer and the functions' folders as their assets ship them (infra/functions.py): no bytecode.

    With `bytecode`, compiled as a build step could ship them (hash-checked .pyc files, which
    survive the zip's timestamps): what precompiling would save at each cold start.
    """
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".pytest_cache")
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        layer, lambdas = Path(tmp) / "opt" / "python", Path(tmp) / "var" / "task"
        shutil.copytree(LAYER, layer, ignore=ignore)
        for function in FUNCTIONS:
            shutil.copytree(LAMBDAS / function, lambdas / function, ignore=ignore)
        if bytecode:
            for tree in (layer, lambdas):
                compileall.compile_dir(
                    tree, quiet=1, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH
                )
        yield layer, lambdas


@dataclass
class Series:
    """Every run of one target, in round order."""

    target: Target
    probes: list[Probe] = field(default_factory=list)

    def median(self, measure: Callable[[Probe], float]) -> float:
        return statistics.median(measure(p) for p in self.probes)

    def ratio(self, baseline: Series, measure: Callable[[Probe], float]) -> float:
        """The median of per-round ratios: each pairs two runs made moments apart."""
        pairs = zip(self.probes, baseline.probes, strict=True)
        return statistics.median(measure(mine) / measure(base) for mine, base in pairs)


def measure(targets: Sequence[Target], runs: int, seed: int = 0) -> dict[str, Series]:
    """One discarded round to warm the file cache, then `runs` rounds, each in a shuffled order."""
    series = {t.name: Series(t) for t in targets}
    order = list(targets)
    shuffle = random.Random(seed).shuffle  # an order, not a secret
    for t in order:
        probe(t)
    for _ in range(runs):
        shuffle(order)
        for t in order:
            series[t.name].probes.append(probe(t))
    return series


def faults(series: Series) -> list[str]:
    """Deterministic faults: these fail the bench whatever the timings."""
    name, found = series.target.name, []
    for p in series.probes:
        if p.error:
            found.append(f"{name}: the import failed: {p.error}")
        if p.network:
            found.append(f"{name}: network during the import: {', '.join(p.network)}")
        if p.generation:
            found.append(f"{name}: OpenAPI generation loaded: {', '.join(p.generation)}")
        if p.dev_only:
            found.append(f"{name}: dev-only packages loaded (absent in Lambda): {', '.join(p.dev_only)}")
    return sorted(set(found))


def wall(p: Probe) -> float:
    return p.seconds


def cpu(p: Probe) -> float:
    return p.cpu_seconds


def rss(p: Probe) -> float:
    return p.maxrss_mib


def report(results: Mapping[str, Series], runs: int, mode: str) -> int:
    """The table, then any failures; 1 if anything failed."""
    base = results[BASELINE]
    print(f"Cold import, {mode}: median of {runs} fresh interpreters each, Python {sys.version.split()[0]}")
    print(f"baseline = {' + '.join(BASELINE_MODULES)}; ratio = target / baseline, median of per-round ratios")
    print()
    header = (
        f"{'target':<20} {'wall ms':>8} {'ratio':>6}   {'CPU ms':>7} {'ratio':>6} {'limit':>6}"
        f"   {'RSS MiB':>7} {'ratio':>6} {'limit':>6}   {'modules':>7}"
    )
    print(header)
    print("-" * len(header))
    failures = faults(base)
    for name, s in results.items():
        first = s.probes[0]
        cpu_limit, rss_limit = (f"{limits[name]:.2f}" if name in limits else "" for limits in LIMITS)
        line = (
            f"{name:<20} {s.median(wall) * 1000:>8.1f} {s.ratio(base, wall):>6.2f}"
            f"   {s.median(cpu) * 1000:>7.1f} {s.ratio(base, cpu):>6.2f} {cpu_limit:>6}"
            f"   {s.median(rss):>7.1f} {s.ratio(base, rss):>6.2f} {rss_limit:>6}"
            f"   {first.modules:>7}"
        )
        if name == BASELINE:
            print(line)
            continue
        over = [
            f"{name}: {what} ratio {value:.2f} > {limit:.2f}"
            for what, value, limit in (
                ("CPU time", s.ratio(base, cpu), CPU_LIMITS[name]),
                ("peak RSS", s.ratio(base, rss), RSS_LIMITS[name]),
            )
            if value > limit
        ]
        print(line + ("  <-- over" if over else ""))
        failures += over + faults(s)
    loaded = sorted({m for f in FUNCTIONS for p in results[f].probes for m in p.generation})
    print()
    print(f"OpenAPI generation modules loaded by a handler: {', '.join(loaded) or 'none'}")
    attempts = sum(len(p.network) for s in results.values() for p in s.probes)
    print(f"network attempts during the imports: {attempts}")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


def owner(module: str) -> str:
    """Who to blame for a module: its top-level package, or Portal's subpackage."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "portal" and len(parts) > 1 else parts[0]


def why(function: str, layer: Path = LAYER, lambdas: Path = LAMBDAS, top: int = 15) -> None:
    """What the handler loads beyond the baseline, by owner, costliest first (`-X importtime`)."""
    base = probe(baseline_target(layer, lambdas), importtime=True)
    mine = probe(function_target(function, layer, lambdas), importtime=True)
    extra = {m: us for m, us in mine.self_us.items() if m not in base.self_us}
    by_owner: dict[str, list[int]] = {}
    for module, us in extra.items():
        by_owner.setdefault(owner(module), []).append(us)
    total_ms = sum(extra.values()) / 1000
    print(f"{function}: {len(extra)} modules beyond the baseline, {total_ms:.1f} ms of their own import time")
    print("(one run under -X importtime, garbage collections included: compare figures, do not quote them)")
    for name, times in sorted(by_owner.items(), key=lambda kv: -sum(kv[1]))[:top]:
        print(f"  {name:<32} {sum(times) / 1000:>7.1f} ms  {len(times):>4} modules")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cold_start", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="fresh interpreters per target (default 9)")
    parser.add_argument(
        "--bytecode",
        action="store_true",
        help="ship Portal's code precompiled, as a build step could: what that would save",
    )
    parser.add_argument("--why", choices=FUNCTIONS, help="where one function's extra import time goes")
    args = parser.parse_args(argv)
    with deployed_copy(bytecode=args.bytecode) as (layer, lambdas):
        if args.why:
            why(args.why, layer, lambdas)
            return 0
        targets = [baseline_target(layer, lambdas), *(function_target(f, layer, lambdas) for f in FUNCTIONS)]
        mode = "as deployed" + (", Portal's code precompiled" if args.bytecode else "")
        return report(measure(targets, args.runs), args.runs, mode)


if __name__ == "__main__":
    raise SystemExit(main())
