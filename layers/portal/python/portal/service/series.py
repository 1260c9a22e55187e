"""Exam series and their results days: set by the helpdesk, read by every signed-in person (the
home page shows the next results day; domain.md) and by the services view."""

from __future__ import annotations

from datetime import date

from portal.domain import policy
from portal.domain.model import Caller, Series
from portal.service import trail
from portal.service.actors import load, load_actor
from portal.service.deps import Deps
from portal.service.ports import Lookup, Page, PageRequest


def list_series(deps: Deps, caller: Caller, page: PageRequest) -> Page[Series]:
    """Every signed-in person's, a member of no centre's too: results days are no secret."""
    policy.require_enabled(load_actor(deps, caller))
    return deps.store.list_series(page)


def set_results_day(deps: Deps, caller: Caller, series_id: str, results_day: date) -> tuple[Series, bool]:
    """Create or change a series; returns it and whether it is new."""
    actor, found = load(deps, caller, None, Lookup(series=(series_id,)))
    policy.require_helpdesk(actor)
    before = found.series.get(series_id)
    series = Series(series_id, results_day)
    deps.store.put_series(series)
    trail.record(
        deps,
        caller,
        "series.results_day_set",
        before={"series_id": series_id, "results_day": before.results_day.isoformat()} if before else None,
        after={"series_id": series_id, "results_day": results_day.isoformat()},
    )
    return series, before is None
