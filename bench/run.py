"""`make bench`: every benchmark, into bench/results.json and a readable bench/results.md.

    python -m bench.run [--runs 7] [--samples 20] [--out bench]

Sections (bench/README.md says what each measures and why):

    cold_start    bench/cold_start.py: each function's import + first request against a minimal
                  Powertools function of its kind, in the same run (gated: the exit status is 1
                  when a ratio is over its limit or a deterministic check fails)
    aws_calls     bench/aws_calls.py: DynamoDB, Cognito and SES calls per route and filter,
    scale         and the same for centres of 10 and 5,000 members
    latency       bench/latency.py: warm p50/p99 per route, in process on moto, to the baseline's
    memory        peak RSS of each cold start (cold_start) and of the local portal
    package       bench/package.py: each CDK asset zipped as uploaded
    local_portal  bench/local_portal.py: start-up time and GET /me per second

The local portal is started once for the cold-start probes (their first requests read its moto)
and the local-portal figures, and always stopped; the other sections run in fresh interpreters
of their own, so no section's imports, environment or mock leak into another's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from bench import ROOT, cold_start, local_portal
from bench.scene import local_portal as started_portal
from bench.scene import scene_of

SCHEMA = ("cold_start", "aws_calls", "scale", "latency", "memory", "package", "local_portal")
SECTIONS = ("aws_calls", "latency", "package")  # modules of bench/ with measure() -> results' sections
SECTION_TIMEOUT = 420  # seconds


def machine() -> dict[str, Any]:
    info = _read("/proc/cpuinfo").splitlines()
    models = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
    cpu = models[0] if models else platform.processor() or platform.machine()
    memory = next((line.split()[1] for line in _read("/proc/meminfo").splitlines() if "MemTotal" in line), "")
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory) / 1024 / 1024, 1) if memory else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def command_line() -> str:
    """What was run: `make bench` says so through BENCH_COMMAND (with its BENCH_ARGS)."""
    return os.environ.get("BENCH_COMMAND") or shlex.join(["python", "-m", "bench.run", *sys.argv[1:]])


def commit() -> str:
    program = shutil.which("git")  # by its full path: the one on PATH, named once

    def git(*args: str) -> str:
        if program is None:
            return ""
        done = subprocess.run([program, *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return head + (" (with uncommitted changes)" if dirty else "")


def section(module: str, timeout: float = SECTION_TIMEOUT, **kwargs: Any) -> dict[str, Any]:
    """`bench.<module>.measure(**kwargs)` in a fresh interpreter; its sections, or an `error`."""
    code = (
        "import json, sys\n"
        "from importlib import import_module\n"
        "result = import_module('bench.' + sys.argv[1]).measure(**json.loads(sys.argv[2]))\n"
        "open(sys.argv[3], 'w', encoding='utf-8').write(json.dumps(result))\n"
    )
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as tmp:
        out = Path(tmp) / "out.json"
        try:
            done = subprocess.run(
                [sys.executable, "-c", code, module, json.dumps(kwargs), str(out)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:  # run() has killed it
            return {"error": f"bench.{module} took over {timeout:.0f} s"}
        print(f"  {module}: {time.monotonic() - started:.0f} s", flush=True)
        if done.returncode != 0 or not out.exists():
            return {"error": f"bench.{module} failed ({done.returncode}):\n{done.stderr[-4000:]}"}
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result


def run(runs: int, samples: int) -> tuple[dict[str, Any], cold_start.Outcome, list[str]]:
    """Every section; the results in issue 12's schema, the cold-start outcome, and any failures."""
    results: dict[str, Any] = {}
    failures: list[str] = []
    print("local portal and cold start...", flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp, started_portal(Path(tmp) / "p.log") as portal:
        ready = [portal.started_in]
        running = local_portal.measure_running(portal)
        outcome = cold_start.run(scene_of(portal), runs)
    ready += local_portal.ready_seconds(2)
    print(f"  cold_start and local_portal: {time.monotonic() - started:.0f} s", flush=True)
    results["cold_start"] = outcome.section()
    results["memory"] = {**outcome.memory(), "local_portal": {"peak_rss_mb": running["peak_rss_mb"]}}
    results["local_portal"] = {"ready_s": round(sorted(ready)[1], 2), "get_me_rps": running["get_me_rps"]}
    failures += outcome.failures
    for module in SECTIONS:
        if find_spec(f"bench.{module}") is None:
            failures.append(f"bench/{module}.py is not in this tree: its sections are missing")
            continue
        print(f"{module}...", flush=True)
        found = section(module, **({"samples": samples} if module == "latency" else {}))
        if "error" in found:
            failures.append(found["error"])
            continue
        results.update(found)
    ordered = {name: results[name] for name in SCHEMA if name in results}
    return ordered, outcome, failures


def markdown(
    results: Mapping[str, Any],
    outcome: cold_start.Outcome,
    failures: list[str],
    about: Mapping[str, Any],
) -> str:
    """results.md: the same figures for people, with the run's machine, date and command."""
    m = about["machine"]
    lines = [
        "# Portal benchmarks",
        "",
        f"- date: {about['date']}",
        f"- command: `{about['command']}` (commit {about['commit']}), {about['seconds']:.0f} s",
        f"- machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}, Python {m['python']}",
        f"- load average (1, 5, 15 min) at start: {m['load_average_at_start']}, at end: "
        f"{about['load_average_at_end']}",
        "",
        "Figures from one run on a shared machine: compare ratios within it, not times across runs.",
        "bench/README.md says what each section measures and why. Raw figures: results.json.",
        "",
    ]
    if outcome.rows:
        lines += [
            "## Cold start (`cold_start`, `memory`)",
            "",
            f"Import + first request in a fresh interpreter, {outcome.mode}; {outcome.runs} starts per "
            f"function, each right before or after a start of its baseline (the minimal Powertools "
            f"function of its kind); figures are medians, a ratio the median of the per-pair ratios. "
            f"Targets: CPU ratio <= {cold_start.CPU_LIMIT}, peak RSS ratio <= {cold_start.RSS_LIMIT}. "
            f"`CPU to baseline_rest`: to the REST baseline, issue 12's one baseline (ratio of medians).",
            "",
            *cold_start.table(outcome),
            "",
        ]
    if "local_portal" in results:
        lp = results["local_portal"]
        rss = results.get("memory", {}).get("local_portal", {}).get("peak_rss_mb")
        lines += [
            "## Local portal (`local_portal`)",
            "",
            f"- ready in {lp['ready_s']} s (median of 3 starts of `python -m local`)",
            f"- `GET /me`: {lp['get_me_rps']} answers per second (one client, one after another)",
            f"- peak RSS: {rss} MiB",
            "",
        ]
    if "aws_calls" in results:
        lines += ["## AWS calls per request (`aws_calls`)", "", *_calls_table(results["aws_calls"]), ""]
    if "scale" in results:
        lines += ["## Flat in size (`scale`)", "", *_scale_table(results["scale"]), ""]
    if "latency" in results:
        lines += [
            "## Warm latency on moto (`latency`)",
            "",
            "In process, moto's mock as AWS; ratio = median of per-sample ratios to the baseline's "
            "`GET /items/{item_id}` (one GetItem), sampled alternately with the route.",
            "",
            "| route | p50 ms | p99 ms | ratio to baseline |",
            "|---|---:|---:|---:|",
            *(
                f"| `{route}` | {v['p50_ms']} | {v['p99_ms']} | {v['ratio_to_baseline']} |"
                for route, v in results["latency"].items()
            ),
            "",
        ]
    if "package" in results:
        lines += [
            "## Assets (`package`)",
            "",
            "Each directory asset the CDK app stages (dev stage), zipped as cdk-assets uploads it.",
            "",
            "| asset | zip KiB |",
            "|---|---:|",
            *(f"| {name} | {v['zip_kb']} |" for name, v in results["package"].items()),
            "",
        ]
    lines += ["## Outcome", ""]
    lines += [f"- FAIL: {f}" for f in failures] or ["- every target met, every check passed"]
    return "\n".join(lines) + "\n"


def _calls_table(calls: Mapping[str, Mapping[str, Any]]) -> list[str]:
    rows = ["| request | DynamoDB | Cognito | SES | Scan |", "|---|---:|---:|---:|---:|"]
    for route, v in calls.items():
        counts = " | ".join(str(v.get(k)) for k in ("dynamodb", "cognito", "ses", "scan"))
        rows.append(f"| `{route}` | {counts} |")
    return rows


def _scale_table(scale: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> list[str]:
    rows = ["| request | members | DynamoDB | Cognito | SES | Scan |", "|---|---:|---:|---:|---:|---:|"]
    for route, sizes in scale.items():
        for size, v in sizes.items():
            counts = " | ".join(str(v.get(k)) for k in ("dynamodb", "cognito", "ses", "scan"))
            rows.append(f"| `{route}` | {size} | {counts} |")
    return rows


def kept_sections(path: Path) -> dict[str, Any]:
    """The sections of results.json that `make bench` does not measure (`load`, from `make
    bench-load`), as they were: one file holds every benchmark's figures."""
    try:
        before = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return (
        {name: value for name, value in before.items() if name not in SCHEMA}
        if isinstance(before, dict)
        else {}
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=cold_start.RUNS, help="cold-start pairs per function")
    parser.add_argument("--samples", type=int, default=20, help="latency samples per route (default 20)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench", help="where results.json/.md go")
    args = parser.parse_args(argv)
    about: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": command_line(),
        "commit": commit(),
        "machine": machine(),
    }
    started = time.monotonic()
    results, outcome, failures = run(args.runs, args.samples)
    about["seconds"] = time.monotonic() - started
    about["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    args.out.mkdir(parents=True, exist_ok=True)
    results = {**results, **kept_sections(args.out / "results.json")}
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.out / "results.md").write_text(markdown(results, outcome, failures, about), encoding="utf-8")
    cold_start.report(outcome)
    for failure in failures:
        if failure not in outcome.failures:
            print(f"FAIL: {failure}")
    print(f"wrote {args.out / 'results.json'} and {args.out / 'results.md'} in {about['seconds']:.0f} s")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
