"""Schemathesis against the served OpenAPI document, with tokens for several roles.

Every operation of docs/openapi.json is generated from the document, valid (positive) and
invalid (negative), with path parameters both as generated and set to real ids (so requests get
past "no such centre" to the rules and the use cases), and sent once per role. Each answer must
be no 5xx, documented (status, content type, headers, body schema), and every error
`application/problem+json` whose `status` is the answer's. Requests are counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
SEED = 20261201


@dataclass
class FuzzTally:
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    operations: int = 0
    failures: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "operations": self.operations,
            "server_errors": sum(n for s, n in self.statuses.items() if s >= 500),
            "failures": len(self.failures),
            **{f"status_{s}": n for s, n in sorted(self.statuses.items())},
        }


Send = Callable[[Any, str], Any]
"""(case, role) → schemathesis' Response to the case sent with that role's token (`case.call`)."""


def _problem_json(response: Any) -> str | None:
    status = response.status_code
    if status < 400:
        return None
    values = response.headers.get("content-type") or [""]  # schemathesis: lower-case names, lists
    content_type = values[-1]
    if not content_type.startswith("application/problem+json"):
        return f"{status} answered as {content_type!r}, not application/problem+json"
    try:
        body = response.json()
    except ValueError:
        return f"{status}: a problem+json body that is not JSON"
    if not isinstance(body, dict) or body.get("status") != status or not body.get("code"):
        return f"{status}: problem body without its status or code"
    return None


def run(
    schema: Any,
    send: Send,
    roles: tuple[str, ...],
    real_ids: Mapping[str, str],
    examples: int,
    tally: FuzzTally,
) -> None:
    for result in schema.get_all_operations():
        operation = result.ok()
        tally.operations += 1
        fixed = {p: real_ids[p] for p in _path_names(operation) if p in real_ids}
        strategies = [
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        ]
        if fixed:
            strategies += [
                operation.as_strategy(GenerationMode.POSITIVE, path_parameters=fixed),
                operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=fixed),
            ]
        _exercise(operation, st.one_of(strategies), send, roles, examples, tally)


def _path_names(operation: Any) -> list[str]:
    return real_names(operation.path)


def real_names(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{") and part.endswith("}")]


def _exercise(
    operation: Any, strategy: Any, send: Send, roles: tuple[str, ...], examples: int, tally: FuzzTally
) -> None:
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        phases=(Phase.generate,),  # no shrinking: failures are collected, not raised
    )
    @given(case=strategy)
    def check(case: Any) -> None:
        for role in roles:
            response = send(case, role)
            tally.requests += 1
            tally.statuses[response.status_code] += 1
            where = f"{operation.method.upper()} {operation.path} as {role}"
            problem = _problem_json(response)
            if problem:
                tally.failures.append(f"{where}: {problem}")
            try:
                case.validate_response(response, checks=CHECKS)
            except (Exception, BaseExceptionGroup) as failure:  # one failed check, or a group of them
                summary = " ".join(str(failure).split())[:300]
                tally.failures.append(f"{where}: {summary}")

    check()


def load(document: dict[str, Any]) -> Any:
    return schemathesis.openapi.from_dict(document)
