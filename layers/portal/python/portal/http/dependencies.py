"""What a route declares it needs, resolved per request by Powertools' `Depends`.

Tests (and the local portal, if it wants) replace these through `app.dependency_overrides`,
so no handler reads the environment or builds AWS clients itself.
"""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.depends import Depends
from aws_lambda_powertools.event_handler.request import Request

from portal import constants as c
from portal import wiring
from portal.domain.model import Caller
from portal.http.caller import caller_from
from portal.service.deps import Deps
from portal.settings import SettingsError


def portal_clients() -> frozenset[str]:
    """The app clients whose access tokens are Portal's. None set is a deployment fault, and every
    request then fails (500) rather than any app client's token passing."""
    clients = frozenset(wiring.settings().client_ids)
    if not clients:
        raise SettingsError(f"setting {c.ENV_CLIENT_IDS} is missing")
    return clients


def current_caller(request: Request, clients: Annotated[frozenset[str], Depends(portal_clients)]) -> Caller:
    """The token's `sub`, its helpdesk claim and `auth_time`; raises Unauthenticated (401) without
    a `sub`, or for a token issued to an app client that is not Portal's."""
    return caller_from(request.resolved_event.raw_event, clients)


def service_deps() -> Deps:
    """The use cases' ports, built once per cold start."""
    return wiring.deps()


CurrentCaller = Annotated[Caller, Depends(current_caller)]
ServiceDeps = Annotated[Deps, Depends(service_deps)]
