"""Reading the audit log: a centre's managers read theirs, the helpdesk reads everything."""

from __future__ import annotations

from portal.domain import policy
from portal.domain.model import AuditRecord, Caller
from portal.service.actors import load_actor
from portal.service.deps import Deps
from portal.service.ports import AuditFilter, Page, PageRequest


def centre_log(deps: Deps, caller: Caller, centre_id: str, page: PageRequest) -> Page[AuditRecord]:
    policy.require_manager(load_actor(deps, caller, centre_id))
    return deps.audit.for_centre(centre_id, page)


def search(deps: Deps, caller: Caller, where: AuditFilter, page: PageRequest) -> Page[AuditRecord]:
    policy.require_helpdesk(load_actor(deps, caller))
    return deps.audit.search(where, page, deps.clock.now())
