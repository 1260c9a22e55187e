"""Cognito's user-activity log (threat protection's `userAuthEvents`, exported to CloudWatch Logs
by `AWS::Cognito::LogDeliveryConfiguration` and subscribed to by a function): one record per
sign-in, password change or forgotten-password request, with Cognito's risk assessment.

Portal reads one thing from it: a sign-in Cognito judged high-risk, of which the person is told
(whether Cognito then blocked it, asked for MFA or let it through). The records carry the fields
of AdminListUserAuthEvents' AuthEventType; they are read by name, in any case and at the top level
or one level down, so a record's exact nesting is not relied on (docs/deploy.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from portal.domain.model import EmailKind
from portal.service.notices import AccountChange

HIGH = "high"


def changes_of(messages: Iterator[str], user_pool_id: str) -> Iterator[tuple[str, AccountChange]]:
    """(Cognito's event id, the change) for each record that asks for a notice."""
    for message in messages:
        try:
            record = json.loads(message)
        except ValueError:
            continue
        if not isinstance(record, Mapping):
            continue
        found = _flat(record)
        pool = found.get("userpoolid")
        if pool and pool != user_pool_id:
            continue
        if (
            str(found.get("eventtype", "")).lower() != "signin"
            or str(found.get("risklevel", "")).lower() != HIGH
        ):
            continue
        event_id, user_id = found.get("eventid"), found.get("usersub") or found.get("sub")
        if not event_id or not user_id:
            continue
        yield (
            str(event_id),
            AccountChange(
                EmailKind.RISKY_SIGN_IN,
                user_id=str(user_id),
                at=_time(found.get("creationdate") or found.get("eventtimestamp")),
            ),
        )


def _flat(record: Mapping[str, Any]) -> dict[str, Any]:
    """Every scalar at the top level and one level down, by lower-case name (top level wins)."""
    found: dict[str, Any] = {}
    for value in record.values():
        if isinstance(value, Mapping):
            for inner, item in value.items():
                if not isinstance(item, Mapping | list):
                    found.setdefault(str(inner).lower(), item)
    for key, value in record.items():
        if not isinstance(value, Mapping | list):
            found[str(key).lower()] = value
    return found


def _time(value: object) -> datetime | None:
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        return datetime.fromtimestamp(seconds, UTC)
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
