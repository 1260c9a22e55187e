"""Cold start: each function's init and first request against a minimal Powertools function of its kind.

    python -m bench.cold_start [--runs 7] [--bytecode] [--why FUNCTION]

A Lambda cold start is the handler module's import, then the first event. Each function is
imported and invoked in a fresh interpreter laid out as Lambda lays it out: the function's folder
first on sys.path, then the portal layer, both copied as their assets ship them, without bytecode
(Lambda's file system is read-only, so Portal's code is compiled at every cold start). The
environment is what infra/functions.py sets, plus Lambda's own variables (the tracer is on, as
in AWS) and fake credentials. The import may not touch the network; the first request reaches
only the local portal's moto endpoint (bench/scene.py), with the seeded demo data, and the
X-Ray daemon's UDP port.

The baselines (bench/baseline/) are minimal Powertools functions of Portal's two kinds, imported
and invoked the same way in the same run: a validating REST resolver with one pydantic model
(for the API functions), a Cognito trigger (for the triggers); Logger, Tracer, Metrics and one
boto3 client in both. Rounds run every target once, in a shuffled order, so a busy neighbour
weighs on both sides of a ratio alike; a ratio is the median of the per-round ratios. Gated:
CPU time (user + system, which other processes hardly add to) and peak RSS of import + first
request. The exit status is 1 when a ratio is over its limit, or an import or first request
fails, reaches for anything but the emulated AWS, or loads an OpenAPI-generation module or a
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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.scene import Scene

ROOT = Path(__file__).resolve().parent.parent
LAYER = ROOT / "layers" / "portal" / "python"
LAMBDAS = ROOT / "lambdas"
BASELINES_DIR = Path(__file__).resolve().parent / "baseline"
PROBE = Path(__file__).resolve().parent / "probe.py"
MARK = "PORTAL-BENCH "  # the probe's result line

FUNCTIONS = ("self_service", "centre_users", "helpdesk", "custom_message", "post_authentication")
API_FUNCTIONS = FUNCTIONS[:3]
TRIGGERS = FUNCTIONS[3:]
BASELINE_REST, BASELINE_TRIGGER = "baseline_rest", "baseline_trigger"
BASELINES = {BASELINE_REST: "rest", BASELINE_TRIGGER: "trigger"}  # target → folder under baseline/
BASELINE_OF = {**dict.fromkeys(API_FUNCTIONS, BASELINE_REST), **dict.fromkeys(TRIGGERS, BASELINE_TRIGGER)}
HANDLER_MODULE = "handler"  # Lambda imports `handler.handler` from the function's folder

RUNS = 7  # rounds: in each, every function once, paired with a start of its baseline
# The targets of issue 12: every function within these of its baseline, in the same run.
CPU_LIMIT = 1.30
RSS_LIMIT = 1.15

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

# Dummy values of the right shape, where a shape could matter; other settings get `bench-...`.
DUMMIES = {
    "PORTAL_USER_POOL_ID": "eu-west-2_bench0000",
    "PORTAL_SENDER": "no-reply@bench.invalid",
    "PORTAL_URL": "https://portal.bench.invalid",
    "PORTAL_CORS_ORIGINS": "https://portal.bench.invalid,https://admin.bench.invalid",
    "PORTAL_CURSOR_KEY_SECRET_ARN": "arn:aws:secretsmanager:eu-west-2:000000000000:secret:bench",
    "PORTAL_STAGE": "dev",
}
# Lambda's trace header for the first invocation: sampled, so the tracer does its whole work.
TRACE_HEADER = "Root=1-6650a1b2-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1"


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


def portal_settings(scene: Scene | None = None) -> dict[str, str]:
    """Every setting portal.constants names (ENV_*), and Powertools' own.

    Without a scene, dummy values (enough to import). With one, the scene's resources, and the
    cursor key only as a secret's ARN, as infra/functions.py sets it: the direct key is the
    local portal's and the tests' setting, never a deployed function's.
    """
    constants = _constants()
    names = [value for name, value in constants.items() if name.startswith("ENV_")]
    settings = {name: DUMMIES.get(name, "bench-" + name.lower().replace("_", "-")) for name in names}
    if scene is not None:
        settings.pop(constants["ENV_CURSOR_KEY"], None)
        settings.update(scene.settings)
    return {
        **settings,
        "POWERTOOLS_SERVICE_NAME": "portal",
        "POWERTOOLS_METRICS_NAMESPACE": constants["METRICS_NAMESPACE"],
        "POWERTOOLS_LOG_LEVEL": "INFO",
    }


def lambda_environment(function: str, task_root: Path, scene: Scene | None = None) -> dict[str, str]:
    """What the function sees in AWS, with fake credentials and no metadata service.

    Nothing of the caller's environment leaks in (AWS_PROFILE, AWS_ENDPOINT_URL, PYTHONPATH...).
    """
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        **portal_settings(scene),
        "LAMBDA_TASK_ROOT": str(task_root),
        "AWS_LAMBDA_FUNCTION_NAME": f"portal-bench-{function}",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "512",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_EXECUTION_ENV": "AWS_Lambda_python3.13",
        "_HANDLER": "handler.handler",
        "_X_AMZN_TRACE_ID": TRACE_HEADER,
        "AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
        "AWS_XRAY_DAEMON_ADDRESS": "127.0.0.1:2000",
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
    """One thing to start cold: a function's handler, or a baseline; with its first event, if any."""

    name: str
    modules: tuple[str, ...]
    path: tuple[Path, ...]
    environment: Mapping[str, str]
    event: Mapping[str, Any] | None = None
    allow: tuple[str, ...] = ()


def function_target(
    function: str,
    layer: Path = LAYER,
    lambdas: Path = LAMBDAS,
    scene: Scene | None = None,
    event: Mapping[str, Any] | None = None,
) -> Target:
    task_root = lambdas / function
    environment = lambda_environment(function, task_root, scene)
    allow = scene.allow if scene else ()
    return Target(function, (HANDLER_MODULE,), (task_root, layer), environment, event, allow)


def baseline_target(
    name: str = BASELINE_REST,
    layer: Path = LAYER,
    lambdas: Path | None = None,
    scene: Scene | None = None,
    event: Mapping[str, Any] | None = None,
) -> Target:
    """A baseline in the same interpreter, layout (the layer on the path too) and environment."""
    task_root = (lambdas / name) if lambdas else BASELINES_DIR / BASELINES[name]
    environment = lambda_environment(name, task_root, scene)
    allow = scene.allow if scene else ()
    return Target(name, (HANDLER_MODULE,), (task_root, layer), environment, event, allow)


@dataclass(frozen=True)
class Probe:
    """What one fresh interpreter reported about its import and first request."""

    seconds: float
    cpu_seconds: float
    maxrss_mib: float
    error: str | None
    network: list[str]
    present: list[str]
    top_level: list[str]
    modules: int
    request_seconds: float = 0.0
    request_cpu_seconds: float = 0.0
    request_maxrss_mib: float = 0.0
    status: object = None
    request_error: str | None = None
    request_modules: int = 0
    self_us: dict[str, int] = field(default_factory=dict)

    @property
    def generation(self) -> list[str]:
        return [name for name in self.present if name in GENERATION_MODULES]

    @property
    def dev_only(self) -> list[str]:
        return [name for name in self.top_level if name.startswith(DEV_ONLY_PREFIXES)]

    @property
    def total_cpu(self) -> float:
        """Init and first invocation: what a cold start costs."""
        return self.cpu_seconds + self.request_cpu_seconds

    @property
    def total_wall(self) -> float:
        return self.seconds + self.request_seconds

    @property
    def peak_rss(self) -> float:
        return max(self.maxrss_mib, self.request_maxrss_mib)


def probe(
    target: Target,
    hide: Sequence[str] = ABSENT_IN_LAMBDA,
    importtime: bool = False,
    timeout: float = 120,
    watch: Sequence[str] = GENERATION_MODULES,
) -> Probe:
    """Start the target in a fresh, isolated interpreter (-I) that writes no bytecode (-B).

    `watch`: modules reported back (`Probe.present`) if the import or the first request loaded them.
    """
    with tempfile.TemporaryDirectory(prefix="portal-probe-") as tmp:
        extra: list[str] = []
        if target.event is not None:
            event_file = Path(tmp) / "event.json"
            event_file.write_text(json.dumps(target.event), encoding="utf-8")
            extra = [str(event_file), ",".join(target.allow)]
        command = [
            sys.executable,
            "-I",
            "-B",
            *(["-X", "importtime"] if importtime else []),
            str(PROBE),
            os.pathsep.join(str(p) for p in target.path),
            ",".join(target.modules),
            ",".join(hide),
            ",".join(watch),
            *extra,
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
        request_seconds=raw.get("request_seconds", 0.0),
        request_cpu_seconds=raw.get("request_cpu_seconds", 0.0),
        request_maxrss_mib=raw.get("request_maxrss_kib", 0) / 1024,
        status=raw.get("status"),
        request_error=raw.get("request_error"),
        request_modules=raw.get("request_modules", 0),
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
    """The layer, the functions' and the baselines' folders as assets ship them: no bytecode.

    With `bytecode`, compiled as a build step could ship them (hash-checked .pyc files, which
    survive the zip's timestamps): what precompiling would save at each cold start.
    """
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".pytest_cache")
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        layer, lambdas = Path(tmp) / "opt" / "python", Path(tmp) / "var" / "task"
        shutil.copytree(LAYER, layer, ignore=ignore)
        for function in FUNCTIONS:
            shutil.copytree(LAMBDAS / function, lambdas / function, ignore=ignore)
        for name, folder in BASELINES.items():
            shutil.copytree(BASELINES_DIR / folder, lambdas / name, ignore=ignore)
        if bytecode:
            for tree in (layer, lambdas):
                compileall.compile_dir(
                    tree, quiet=1, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH
                )
        yield layer, lambdas


def first_events(scene: Scene) -> dict[str, dict[str, Any]]:
    """Each target's first event: a read its callers make first, by a seeded person.

    API functions: the home page's `GET /me`, a centre's member list, the helpdesk's centre list.
    Triggers: the email of a forgotten-password code, and a sign-in.
    """
    from portal.constants import HELPDESK_GROUP  # noqa: PLC0415

    from tests.api.events import Who, rest_event  # noqa: PLC0415 - only with a scene
    from tests.api.triggers import attributes, trigger  # noqa: PLC0415

    eo = Who(scene.eo_sub, client_id=scene.client_id)
    helpdesk = Who(scene.helpdesk_sub, (HELPDESK_GROUP,), client_id=scene.client_id)
    person = attributes(scene.eo_sub, scene.eo_email, scene.eo_given_name)
    sign_in = trigger("PostAuthentication_Authentication", scene.eo_sub, person, newDeviceUsed=False)
    return {
        "self_service": rest_event("GET", "/me", who=eo),
        "centre_users": rest_event("GET", f"/centres/{scene.centre_id}/users", who=eo),
        "helpdesk": rest_event("GET", "/centres", who=helpdesk),
        "custom_message": trigger("CustomMessage_ForgotPassword", scene.eo_sub, person),
        "post_authentication": sign_in,
        BASELINE_REST: rest_event(
            "GET",
            f"/items/{scene.centre_id}",
            who=eo,
            resource="/items/{item_id}",
            path_parameters={"item_id": scene.centre_id},
        ),
        BASELINE_TRIGGER: sign_in,
    }


def targets(layer: Path, lambdas: Path, scene: Scene | None) -> list[Target]:
    events: dict[str, dict[str, Any]] = first_events(scene) if scene else {}
    return [
        *(baseline_target(b, layer, lambdas, scene, events.get(b)) for b in BASELINES),
        *(function_target(f, layer, lambdas, scene, events.get(f)) for f in FUNCTIONS),
    ]


@dataclass
class Series:
    """Every run of one target, in order; for a function, its baseline's run next to each."""

    target: Target
    probes: list[Probe] = field(default_factory=list)
    partners: list[Probe] = field(default_factory=list)

    def median(self, measure: Callable[[Probe], float]) -> float:
        return statistics.median(measure(p) for p in self.probes)

    def ratio(self, measure: Callable[[Probe], float]) -> float:
        """The median of per-pair ratios: each pairs two cold starts made one after the other."""
        if not self.partners:
            return 1.0
        pairs = zip(self.probes, self.partners, strict=True)
        return statistics.median(measure(mine) / measure(base) for mine, base in pairs)


def measure_rounds(chosen: Sequence[Target], runs: int, seed: int = 0) -> dict[str, Series]:
    """One discarded round to warm the file cache, then `runs` rounds.

    A round starts every function once, in a shuffled order, each right before or right after
    (at random) a start of its baseline: the two of a pair are moments apart, so load that
    comes and goes weighs on both. A baseline's series holds all its starts.
    """
    by_name = {t.name: t for t in chosen}
    series = {t.name: Series(t) for t in chosen}
    functions = [t for t in chosen if t.name in BASELINE_OF]
    rng = random.Random(seed)  # an order, not a secret
    for t in chosen:
        probe(t)
    for _ in range(runs):
        rng.shuffle(functions)
        for t in functions:
            base = by_name[BASELINE_OF[t.name]]
            first, second = (t, base) if rng.random() < 0.5 else (base, t)
            got = {first.name: probe(first)}
            got[second.name] = probe(second)
            series[t.name].probes.append(got[t.name])
            series[t.name].partners.append(got[base.name])
            series[base.name].probes.append(got[base.name])
    return series


def faults(series: Series) -> list[str]:
    """Deterministic faults: these fail the bench whatever the timings."""
    name, found = series.target.name, []
    for p in series.probes:
        if p.error:
            found.append(f"{name}: the import failed: {p.error}")
        if p.request_error:
            found.append(f"{name}: the first request failed: {p.request_error}")
        if series.target.event is not None and p.status not in (200, "event"):
            found.append(f"{name}: the first request answered {p.status}")
        if p.network:
            found.append(f"{name}: network beyond the emulated AWS: {', '.join(p.network)}")
        if p.generation:
            found.append(f"{name}: OpenAPI generation loaded: {', '.join(p.generation)}")
        if p.dev_only:
            found.append(f"{name}: dev-only packages loaded (absent in Lambda): {', '.join(p.dev_only)}")
    return sorted(set(found))


def wall(p: Probe) -> float:
    return p.total_wall


def cpu(p: Probe) -> float:
    return p.total_cpu


def import_cpu(p: Probe) -> float:
    return p.cpu_seconds


def request_cpu(p: Probe) -> float:
    return p.request_cpu_seconds


def rss(p: Probe) -> float:
    return p.peak_rss


@dataclass(frozen=True)
class Row:
    """One target's figures: medians over the rounds, ratios to its baseline."""

    name: str
    baseline: str
    import_cpu_ms: float
    request_cpu_ms: float
    cpu_ms: float
    wall_ms: float
    rss_mib: float
    cpu_ratio: float
    rss_ratio: float
    wall_ratio: float
    rest_cpu_ratio: float  # to the REST baseline (ratio of medians): issue 12's one baseline
    modules: int
    request_modules: int

    @property
    def over(self) -> list[str]:
        if self.name == self.baseline:
            return []
        return [
            f"{self.name}: {what} ratio {value:.3f} > {limit:.2f} (to {self.baseline})"
            for what, value, limit in (
                ("CPU time", self.cpu_ratio, CPU_LIMIT),
                ("peak RSS", self.rss_ratio, RSS_LIMIT),
            )
            if value > limit
        ]


@dataclass(frozen=True)
class Outcome:
    mode: str
    runs: int
    rows: list[Row]
    failures: list[str]
    network_attempts: int
    generation_loaded: list[str]

    def section(self) -> dict[str, dict[str, float]]:
        """results.json's `cold_start`: issue 12's keys, per function (CPU ms, import + first request)."""
        by_name = {r.name: r for r in self.rows}
        return {
            r.name: {
                "median_ms": round(r.cpu_ms, 1),
                "baseline_median_ms": round(by_name[r.baseline].cpu_ms, 1),
                "ratio_to_baseline": round(r.cpu_ratio, 3),
                "rss_ratio": round(r.rss_ratio, 3),
            }
            for r in self.rows
            if r.name in FUNCTIONS
        }

    def memory(self) -> dict[str, dict[str, float]]:
        return {r.name: {"peak_rss_mb": round(r.rss_mib, 1)} for r in self.rows}


def outcome(results: Mapping[str, Series], runs: int, mode: str) -> Outcome:
    rows, failures = [], []
    rest = results[BASELINE_REST]
    for name, s in results.items():
        base_name = BASELINE_OF.get(name, name)
        first = s.probes[0]
        row = Row(
            name=name,
            baseline=base_name,
            import_cpu_ms=s.median(import_cpu) * 1000,
            request_cpu_ms=s.median(request_cpu) * 1000,
            cpu_ms=s.median(cpu) * 1000,
            wall_ms=s.median(wall) * 1000,
            rss_mib=s.median(rss),
            cpu_ratio=s.ratio(cpu),
            rss_ratio=s.ratio(rss),
            wall_ratio=s.ratio(wall),
            rest_cpu_ratio=s.median(cpu) / rest.median(cpu),
            modules=first.modules,
            request_modules=first.request_modules,
        )
        rows.append(row)
        failures += row.over + faults(s)
    loaded = sorted({m for f in FUNCTIONS for p in results[f].probes for m in p.generation})
    attempts = sum(len(p.network) for s in results.values() for p in s.probes)
    return Outcome(mode, runs, rows, failures, attempts, loaded)


def table(result: Outcome) -> list[str]:
    """The figures as a Markdown table (results.md and the terminal)."""
    lines = [
        "| target | vs | import CPU ms | 1st request CPU ms | CPU ms | CPU ratio | peak RSS MiB | RSS ratio "
        "| wall ms | wall ratio | CPU to baseline_rest | modules (+1st request) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result.rows:
        vs = "" if r.name == r.baseline else r.baseline
        flag = " **over**" if r.over else ""
        lines.append(
            f"| {r.name} | {vs} | {r.import_cpu_ms:.1f} | {r.request_cpu_ms:.1f} | {r.cpu_ms:.1f} "
            f"| {r.cpu_ratio:.2f}{flag} | {r.rss_mib:.1f} | {r.rss_ratio:.2f} | {r.wall_ms:.1f} "
            f"| {r.wall_ratio:.2f} | {r.rest_cpu_ratio:.2f} | {r.modules} (+{r.request_modules}) |"
        )
    return lines


def report(result: Outcome) -> int:
    """The table, then any failures; 1 if anything failed."""
    print(f"Cold start (import + first request), {result.mode}: {result.runs} pairs per function (each next")
    print(f"to a start of its baseline), medians; Python {sys.version.split()[0]}; limits: CPU ratio")
    print(f"{CPU_LIMIT}, peak RSS ratio {RSS_LIMIT}")
    print()
    for line in table(result):
        print(line)
    print()
    print(f"OpenAPI generation modules loaded by a handler: {', '.join(result.generation_loaded) or 'none'}")
    print(f"network attempts beyond the emulated AWS: {result.network_attempts}")
    for failure in result.failures:
        print(f"FAIL: {failure}")
    return 1 if result.failures else 0


def owner(module: str) -> str:
    """Who to blame for a module: its top-level package, or Portal's subpackage."""
    parts = module.split(".")
    return ".".join(parts[:2]) if parts[0] == "portal" and len(parts) > 1 else parts[0]


def why(function: str, layer: Path = LAYER, lambdas: Path = LAMBDAS, top: int = 15) -> None:
    """What the handler imports beyond its baseline, by owner, costliest first (`-X importtime`)."""
    base = probe(baseline_target(BASELINE_OF[function], layer, lambdas), importtime=True)
    mine = probe(function_target(function, layer, lambdas), importtime=True)
    extra = {m: us for m, us in mine.self_us.items() if m not in base.self_us}
    by_owner: dict[str, list[int]] = {}
    for module, us in extra.items():
        by_owner.setdefault(owner(module), []).append(us)
    total_ms = sum(extra.values()) / 1000
    print(f"{function}: {len(extra)} modules beyond {BASELINE_OF[function]}, {total_ms:.1f} ms of their own")
    print("import time (one run under -X importtime, garbage collections included: compare, do not quote)")
    for name, times in sorted(by_owner.items(), key=lambda kv: -sum(kv[1]))[:top]:
        print(f"  {name:<32} {sum(times) / 1000:>7.1f} ms  {len(times):>4} modules")


def run(scene: Scene, runs: int = RUNS, bytecode: bool = False) -> Outcome:
    """Every target, `runs` rounds, against the scene's emulated AWS."""
    with deployed_copy(bytecode=bytecode) as (layer, lambdas):
        mode = "as deployed" + (", Portal's code precompiled" if bytecode else "")
        return outcome(measure_rounds(targets(layer, lambdas, scene), runs), runs, mode)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cold_start", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"pairs per function (default {RUNS})")
    parser.add_argument(
        "--bytecode",
        action="store_true",
        help="ship Portal's code precompiled, as a build step could: what that would save",
    )
    parser.add_argument("--why", choices=FUNCTIONS, help="where one function's extra import time goes")
    args = parser.parse_args(argv)
    if args.why:
        with deployed_copy(bytecode=args.bytecode) as (layer, lambdas):
            why(args.why, layer, lambdas)
        return 0
    from bench.scene import local_portal, scene_of  # noqa: PLC0415 - starts a process: only here

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, local_portal(Path(tmp) / "p.log") as portal:
        return report(run(scene_of(portal), args.runs, args.bytecode))


if __name__ == "__main__":
    raise SystemExit(main())
