"""What a route declares it needs, resolved per request by Powertools' `Depends`.

Tests (and the local portal, if it wants) replace these through `app.dependency_overrides`,
so no handler reads the environment or builds AWS clients itself.
"""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.request import Request

from portal import wiring
from portal.domain.model import Caller
from portal.http.caller import caller_from
from portal.service.deps import Deps


def current_caller(request: Request) -> Caller:
    """The token's `sub` and helpdesk group; raises Unauthenticated (401) without them."""
    return caller_from(request.resolved_event.raw_event)


def service_deps() -> Deps:
    """The use cases' ports, built once per cold start."""
    return wiring.deps()


CurrentCaller = Annotated[Caller, Depends(current_caller)]
ServiceDeps = Annotated[Deps, Depends(service_deps)]
