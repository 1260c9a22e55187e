"""Schemathesis (tests/security/fuzz.py) against the API as served, in this process: `make test`'s run.

The local gateway in front of the handlers, on this process's moto, with a token for each of the
helpdesk, an EO, an Admin and a User. `make check-deep` runs the same over HTTP against a real
local portal with real Cognito tokens and many more examples (test_deep_http.py).
"""

from __future__ import annotations

import json
from typing import Any

from portal import constants as c

from tests.api.conftest import MODULES
from tests.api.world import World
from tests.security import figures, fuzz
from tests.security.conftest import DEEP
from tests.security.served import DOCUMENT, served

ROLES = ("helpdesk", "eo", "admin", "user")
EXAMPLES = 25 if DEEP else 3


def test_the_served_api_keeps_its_document(api: Any, world: World) -> None:
    world.ensure("eo", "admin", "user", "invited")
    tokens = {f"token-{role}": getattr(world, role) for role in ROLES}
    app = served(MODULES, tokens)
    schema = fuzz.load(json.loads(DOCUMENT.read_text(encoding="utf-8")))
    real = {"centre_id": world.centre_id, "user_id": world.id("user"), "series_id": world.series_id("summer")}

    def send(case: Any, role: str) -> Any:
        return case.call(app=app, headers={"Authorization": f"Bearer token-{role}"})

    tally = fuzz.FuzzTally()
    fuzz.run(schema, send, ROLES, real, EXAMPLES, tally)
    figures.record("fuzz_in_process", "all operations", tally.as_json())
    print(f"fuzz (in process): {tally.as_json()}")
    assert tally.operations == len(c.ROUTES)  # every operation of the document
    assert tally.requests >= tally.operations * len(ROLES)
    assert tally.failures == [], "\n".join(sorted(set(tally.failures))[:40])


def test_the_fuzz_checks_can_fail() -> None:
    """An API that answers 500 in plain text, or an undocumented 418, is caught on every request."""
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    document["paths"] = {"/health": document["paths"]["/health"]}
    schema = fuzz.load(document)

    def broken(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("500 Internal Server Error", [("Content-Type", "text/plain")])
        return [b"boom"]

    def teapot(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("418 I'm a teapot", [("Content-Type", "application/problem+json")])
        return [b'{"status": 418, "code": "teapot"}']

    for app in (broken, teapot):
        tally = fuzz.FuzzTally()

        def send(case: Any, role: str, app: Any = app) -> Any:
            return case.call(app=app)

        fuzz.run(schema, send, ("anyone",), {}, 2, tally)
        assert tally.requests and len(tally.failures) >= tally.requests, tally
