"""One function's initialisation, watched for anything unique: run as a file by
tests/api/test_snapstart.py in a fresh interpreter, never imported.

    python -I -B snapshot_probe.py PATHS MODULE

With SnapStart, Lambda initialises a function once and starts every execution environment from a
snapshot of it: whatever the import made unique (a random value, an id, a secret read, a client
with its connections) would then be shared by all of them (AWS's "Handling uniqueness with Lambda
SnapStart"). The libraries a function imports are loaded first, outside the watch (`random`
seeds itself when imported, wherever it is); then every source of entropy, id, connection and
AWS client is wrapped, the function's module is imported, and each use is printed, one per line
after the MARK. No line: nothing unique was made.
"""

from __future__ import annotations

import importlib
import os
import sys

MARK = "PORTAL-SNAPSHOT "
USED: list[str] = []
LIBRARIES = (
    "random",
    "secrets",
    "uuid",
    "socket",
    "ssl",
    "boto3",
    "botocore.session",
    "botocore.client",
    "pydantic",
    "aws_lambda_powertools",
    "aws_lambda_powertools.event_handler",
    "aws_lambda_powertools.event_handler.openapi.params",
    "aws_lambda_powertools.logging",
    "aws_lambda_powertools.metrics",
    "aws_lambda_powertools.tracing",
    "aws_lambda_powertools.utilities.data_classes",
    "aws_lambda_powertools.utilities.idempotency",
    "aws_xray_sdk.core",
    "email_validator",
)
NETWORK_EVENTS = frozenset({"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto"})


def _watch(owner: object, name: str, what: str) -> None:
    real = getattr(owner, name)

    def watched(*args: object, **kwargs: object) -> object:
        USED.append(what)
        return real(*args, **kwargs)

    setattr(owner, name, watched)


def _network(event: str, args: tuple[object, ...]) -> None:
    if event in NETWORK_EVENTS:
        USED.append(f"network: {event}")


def main(paths: str, module: str) -> None:
    sys.path[:0] = paths.split(os.pathsep)
    for library in LIBRARIES:
        importlib.import_module(library)
    import random  # noqa: PLC0415 - loaded above, outside the watch
    import secrets  # noqa: PLC0415
    import uuid  # noqa: PLC0415

    import boto3.session  # noqa: PLC0415
    import botocore.session  # noqa: PLC0415

    _watch(os, "urandom", "entropy: os.urandom")
    _watch(random, "_urandom", "entropy: os.urandom (random)")
    for name in (
        "seed",
        "random",
        "getrandbits",
        "randint",
        "randrange",
        "choice",
        "choices",
        "shuffle",
        "uniform",
    ):
        _watch(random, name, f"pseudorandom: random.{name}")
        _watch(random.Random, name, f"pseudorandom: Random.{name}")
    for name in ("token_bytes", "token_hex", "token_urlsafe", "choice", "randbelow", "randbits"):
        _watch(secrets, name, f"secret: secrets.{name}")
    for name in ("uuid1", "uuid4"):
        _watch(uuid, name, f"id: uuid.{name}")
    _watch(boto3.session.Session, "client", "AWS client: boto3 Session.client")
    _watch(botocore.session.Session, "create_client", "AWS client: botocore create_client")
    sys.addaudithook(_network)
    importlib.import_module(module)
    for used in dict.fromkeys(USED):
        print(MARK + used, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
