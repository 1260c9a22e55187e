"""One cold import, in a fresh interpreter that `bench.cold_start` starts: prints one result line.

Run as a file, `python -I -B probe.py PATHS MODULES HIDE WATCH`, never imported. Before the
clock starts it loads only sys, os, time and importlib, which the interpreter has loaded
already, and the small `resource`: neither side of a ratio is flattered by the probe's imports.

    PATHS    put first on sys.path (os.pathsep-separated): the function's code, then the layer
    MODULES  imported in order, timed (comma-separated)
    HIDE     top-level package prefixes that cannot be imported, as the Lambda runtime lacks them
    WATCH    module names reported back if the import loaded them

Connections and name lookups during the import are refused (an audit hook) and recorded:
importing a function must not call AWS.
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


def _refuse_network(event: str, args: tuple[object, ...]) -> None:
    if event in NETWORK_EVENTS:
        ATTEMPTS.append(f"{event}{args[1:] if event == 'socket.connect' else args}")
        raise OSError(f"bench: {event} refused while importing a function")


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


def _split(value: str, separator: str = ",") -> list[str]:
    return [part for part in value.split(separator) if part]


def main(argv: list[str]) -> int:
    paths, modules, hide, watch = argv[1], _split(argv[2]), _split(argv[3]), _split(argv[4])
    sys.path[:0] = _split(paths, os.pathsep)
    if hide:
        sys.meta_path.insert(0, _Hide(hide))
    sys.addaudithook(_refuse_network)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    error = None
    start, start_cpu = time.perf_counter(), time.process_time()
    try:
        for module in modules:
            importlib.import_module(module)
    except Exception as exc:  # reported, not raised: the parent decides
        error = f"{type(exc).__name__}: {exc}"
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    import json  # noqa: PLC0415 - only now: the clock has stopped

    result = {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,  # user + system: what a busy neighbour hardly adds to
        "maxrss_kib": after,  # Linux reports KiB: the high-water mark of the whole process
        "maxrss_before_kib": before,
        "error": error,
        "network": ATTEMPTS,
        "present": sorted(name for name in watch if name in sys.modules),
        "top_level": sorted({name.partition(".")[0] for name in sys.modules}),
        "modules": len(sys.modules),
    }
    sys.stdout.write(MARK + json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
