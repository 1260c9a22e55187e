"""`python -m local` (what `make run` runs): start the local portal and serve until Ctrl-C or SIGTERM."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
import warnings
from types import FrameType

from local import logs
from local.banner import banner
from local.options import Options
from local.runtime import LocalRuntime


def main() -> int:
    try:
        options = Options.from_environ(os.environ)
        logging.basicConfig(level=options.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    except ValueError as error:
        print(f"The local portal could not start: {error}", file=sys.stderr)
        return 2
    logs.install()  # no query value in any line, whichever library writes it
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request is the gateway's
    logging.getLogger("botocore").setLevel(logging.WARNING)
    # Metrics are off locally (no CloudWatch), so Powertools' "no metrics" warning says nothing.
    warnings.filterwarnings("ignore", message="No application metrics to publish")
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):  # Ctrl-C, kill, a closed terminal
        signal.signal(signum, on_signal)
    runtime = LocalRuntime(options)
    try:
        running = runtime.start()
        print(banner(running), flush=True)
        while not stop.wait(timeout=1):
            pass
        print("\nStopping the local portal…", flush=True)
    except OSError as error:
        print(f"The local portal could not start: {error}", file=sys.stderr)
        return 1
    finally:
        runtime.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
