"""Audit records: who did what to whom, where, when, before and after, under which request."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping

from portal.domain.errors import PortalError
from portal.domain.model import AuditRecord, Caller, Membership
from portal.service.deps import Deps

log = logging.getLogger(__name__)


def membership_facts(membership: Membership | None) -> dict[str, object] | None:
    """The parts of a membership an auditor needs; no names (the target id and email suffice)."""
    if membership is None:
        return None
    return {
        "account_type": membership.account_type.value,
        "permissions": sorted(p.value for p in membership.permissions),
        "accepted": membership.accepted,
        "invited_at": membership.invited_at.isoformat(),
    }


def record(
    deps: Deps,
    caller: Caller | None,
    action: str,
    *,
    centre_id: str | None = None,
    target_id: str | None = None,
    target_email: str | None = None,
    before: Mapping[str, object] | None = None,
    after: Mapping[str, object] | None = None,
) -> None:
    """Append one record. The change it describes has already happened and stands, so a failed
    append is logged (ids only) rather than reported as a failure of the change itself."""
    entry = AuditRecord(
        record_id=str(uuid.uuid4()),
        at=deps.clock.now(),
        action=action,
        actor_id=caller.user_id if caller else "system",
        centre_id=centre_id,
        target_id=target_id,
        target_email=target_email,
        before=dict(before) if before is not None else None,
        after=dict(after) if after is not None else None,
        request_id=caller.request_id if caller else None,
    )
    try:
        deps.audit.append(entry)
    except PortalError:
        log.error("audit record not written", extra={"audit_action": action, "record_id": entry.record_id})
