"""What each route documents about its answers: the success, then every problem it can give.

Used at import by the route decorators (cheap dicts). Assembling the whole document is
`scripts/generate_openapi.py`'s job, never a cold start's.
"""

from __future__ import annotations

from collections import defaultdict
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse, OpenAPIResponseHeader

from portal.constants import CHALLENGES, PROBLEM_JSON, PROBLEMS
from portal.http.problems import Problem

SECURITY_SCHEME = "cognito"
CHALLENGE_HEADER: OpenAPIResponseHeader = {
    "description": "`Bearer` (no or a bad token); with `reauthentication_required`, RFC 9470's "
    f"`{CHALLENGES['reauthentication_required']}`. Through API Gateway, a function's challenge "
    "arrives as `x-amzn-Remapped-WWW-Authenticate` (docs/api.md).",
    "schema": {"type": "string"},
}
SIGNED_IN_CODES = ("unauthenticated", "too_many_requests", "internal_error", "service_unavailable")
IDEMPOTENT_CODES = ("idempotency_key_in_use", "idempotency_key_reused")
STEP_UP_CODE = "reauthentication_required"


def answers(
    status: int,
    description: str,
    *codes: str,
    signed_in: bool = True,
    idempotent: bool = False,
    step_up: bool = False,
) -> dict[int, OpenAPIResponse]:
    """`responses=` for a route: the success answer and one problem entry per status, naming its codes.

    `step_up` for a route with a step-up middleware (http/step_up.py): its 401 may also be
    `reauthentication_required`, with RFC 9470's `WWW-Authenticate` challenge.
    """
    success: dict[str, Any] = {"description": description}
    if status == HTTPStatus.NO_CONTENT:
        success["content"] = {}
    out: dict[int, OpenAPIResponse] = {status: success}  # type: ignore[dict-item]
    every = set(codes) | ({"internal_error"} if not signed_in else set(SIGNED_IN_CODES))
    if idempotent:
        every |= set(IDEMPOTENT_CODES)
    if step_up:
        every.add(STEP_UP_CODE)
    by_status: dict[HTTPStatus, list[str]] = defaultdict(list)
    for code in sorted(every):
        by_status[HTTPStatus(PROBLEMS[code][0])].append(code)
    for problem_status, names in sorted(by_status.items()):
        listed = ", ".join(f"`{name}`" for name in names)
        entry: OpenAPIResponse = {
            "description": f"{problem_status.phrase}: {listed}",
            "content": {PROBLEM_JSON: {"model": Problem}},
        }
        if problem_status == HTTPStatus.UNAUTHORIZED:
            entry["headers"] = {"WWW-Authenticate": CHALLENGE_HEADER}
        out[problem_status.value] = entry
    return out
