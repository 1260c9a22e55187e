"""One cold start, in a fresh interpreter that `bench.cold_start` starts: prints one result line.

Run as a file, `python -I -B probe.py PATHS MODULES HIDE WATCH [EVENT ALLOW]`, never imported.
Before the clock starts it loads only sys, os, time and importlib, which the interpreter has
loaded already, and the small `resource`: neither side of a ratio is flattered by the probe's
imports.

    PATHS    put first on sys.path (os.pathsep-separated): the function's code, then the layer
    MODULES  imported in order, timed (comma-separated)
    HIDE     top-level package prefixes that cannot be imported, as the Lambda runtime lacks them
    WATCH    module names reported back if the import loaded them
    EVENT    a JSON file: the first event, given to the last module's `handler` after the import,
             timed on its own, as Lambda's first invocation follows its init
    ALLOW    host:port pairs (comma-separated) the first invocation may reach: the emulated AWS
             endpoint and the X-Ray daemon's UDP port

Connections and name lookups during the import are refused (an audit hook) and recorded:
importing a function must not call AWS. During the first invocation only ALLOW is reachable.
"""

from __future__ import annotations

import importlib
import os
import resource
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not loaded at run time: it would be paid before the clock starts
    from collections.abc import Sequence
    from importlib.machinery import ModuleSpec
    from types import ModuleType

MARK = "PORTAL-BENCH "
NETWORK_EVENTS = frozenset(
    {
        "socket.connect",
        "socket.sendto",
        "socket.sendmsg",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyname_ex",
        "socket.gethostbyaddr",
    }
)
ATTEMPTS: list[str] = []
ALLOWED: set[str] = set()  # "host:port" the invocation may reach; none during the import
ADDRESSED = frozenset({"socket.connect", "socket.sendto", "socket.sendmsg"})


def _allowed(event: str, args: tuple[object, ...]) -> bool:
    if not ALLOWED:
        return False
    if event in ADDRESSED:
        address = args[1] if len(args) > 1 else None
        if isinstance(address, tuple) and len(address) >= 2:
            return f"{address[0]}:{address[1]}" in ALLOWED
        return False
    host = args[0] if args else None
    return isinstance(host, str) and any(a.rpartition(":")[0] == host for a in ALLOWED)


def _refuse_network(event: str, args: tuple[object, ...]) -> None:
    if event in NETWORK_EVENTS and not _allowed(event, args):
        ATTEMPTS.append(f"{event}{args[1:] if event in ADDRESSED else args}")
        raise OSError(f"bench: {event} refused")


class _Context:
    """What Lambda passes as `context`: the attributes Powertools reads."""

    function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "bench")
    function_version = "$LATEST"
    memory_limit_in_mb = int(os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512"))
    invoked_function_arn = f"arn:aws:lambda:eu-west-2:000000000000:function:{function_name}"
    aws_request_id = "00000000-0000-4000-8000-000000000001"
    log_group_name = f"/aws/lambda/{function_name}"
    log_stream_name = "bench"

    def get_remaining_time_in_millis(self) -> int:
        return 29_000


class _Hide:
    """A meta path finder: hidden top-level packages are not found, as on the Lambda runtime."""

    def __init__(self, prefixes: Sequence[str]) -> None:
        self.prefixes = tuple(prefixes)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname.partition(".")[0].startswith(self.prefixes):
            raise ModuleNotFoundError(f"No module named {fullname!r} (hidden by the bench)", name=fullname)
        return None


def _peak_rss_kib() -> int:
    """This process's high-water RSS (VmHWM), in KiB.

    Not `getrusage().ru_maxrss`: Linux folds the parent's high-water mark into the child's at
    exec, so a probe started by a big parent would report the parent's size.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # not Linux: the best there is


def _split(value: str, separator: str = ",") -> list[str]:
    return [part for part in value.split(separator) if part]


def _invoke(module: str, event_file: str) -> tuple[float, float, object, str | None]:
    """The first event through the module's `handler`: wall and CPU seconds, status, error."""
    import json  # noqa: PLC0415 - between the two clocks, and loaded by any handler already

    with open(event_file, encoding="utf-8") as source:
        event = json.load(source)
    handler = getattr(sys.modules[module], "handler")  # noqa: B009 - named as Lambda names it
    context, status, error = _Context(), None, None
    start, start_cpu = time.perf_counter(), time.process_time()
    try:
        result = handler(event, context)
        status = result.get("statusCode", "event") if isinstance(result, dict) else type(result).__name__
    except Exception as exc:  # reported, not raised
        error = f"{type(exc).__name__}: {exc}"
    return time.perf_counter() - start, time.process_time() - start_cpu, status, error


def main(argv: list[str]) -> int:
    paths, modules, hide, watch = argv[1], _split(argv[2]), _split(argv[3]), _split(argv[4])
    event_file, allow = (argv[5], _split(argv[6])) if len(argv) > 6 else ("", [])
    sys.path[:0] = _split(paths, os.pathsep)
    if hide:
        sys.meta_path.insert(0, _Hide(hide))
    sys.addaudithook(_refuse_network)
    before = _peak_rss_kib()
    error = None
    start, start_cpu = time.perf_counter(), time.process_time()
    try:
        for module in modules:
            importlib.import_module(module)
    except Exception as exc:  # reported, not raised: the parent decides
        error = f"{type(exc).__name__}: {exc}"
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
    after = _peak_rss_kib()
    imported = len(sys.modules)
    invocation: dict[str, object] = {}
    if event_file and error is None:
        ALLOWED.update(allow)
        wall, cpu, status, failure = _invoke(modules[-1], event_file)
        ALLOWED.clear()
        invocation = {
            "request_seconds": wall,
            "request_cpu_seconds": cpu,
            "status": status,
            "request_error": failure,
            "request_maxrss_kib": _peak_rss_kib(),
            "request_modules": len(sys.modules) - imported,
        }

    # After the first invocation too: it must not load these either.
    present = sorted(name for name in watch if name in sys.modules)
    top_level = sorted({name.partition(".")[0] for name in sys.modules})

    import json  # noqa: PLC0415 - only now: the clocks have stopped

    result = {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,  # user + system: what a busy neighbour hardly adds to
        "maxrss_kib": after,  # the high-water mark of the whole process, as Lambda reports it
        "maxrss_before_kib": before,
        "error": error,
        "network": ATTEMPTS,
        "present": present,
        "top_level": top_level,
        "modules": imported,
        **invocation,
    }
    sys.stdout.write(MARK + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
