"""Closing an account whose last membership has gone: its Cognito user first, then its record.

`remove_membership` (and the replacement of an Exams Officer) leave the person `closing` in the
same transaction that took their last membership: from then on nothing can join them. Deleting
the Cognito user cannot be undone, so it comes after every step that can fail and be undone;
`finish_close` then removes the email claim and leaves the closed mark. If that last write
fails, the account stays closing, with no membership and no Cognito user: the next invitation of
the address finishes the job (`heal`), so nothing is left half-done for long.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from portal.domain.errors import PortalError
from portal.domain.model import Person
from portal.service.deps import Deps
from portal.service.outcomes import confirmed

log = logging.getLogger(__name__)

STALE = timedelta(minutes=10)
"""A closing older than this was abandoned (a request can last 29 s): it may be finished by another."""


def finish(deps: Deps, user_id: str, email: str, since: datetime, keep_mark: bool = True) -> None:
    """After the Cognito user is gone. A failure is logged, not raised: the change it ends stands."""
    try:
        deps.store.finish_close(user_id, email, since, keep_mark)
    except PortalError as error:
        log.error(
            "account not finished closing", extra={"target_id": user_id, "error_type": type(error).__name__}
        )


def delete_user(deps: Deps, email: str) -> None:
    """Sign out and delete the Cognito user. Deleting cannot be undone, so a lost answer is
    settled by looking the user up (gone means done), never by putting Portal's records back."""
    confirmed(lambda: deps.directory.delete_user(email), lambda: deps.directory.find_user(email) is None)


def is_stale(deps: Deps, person: Person) -> bool:
    return person.closing is not None and deps.clock.now() - person.closing > STALE


def heal(deps: Deps, person: Person) -> None:
    """Finish a closing that its own request abandoned (it has no membership left to lose)."""
    if person.closing is None:
        return
    delete_user(deps, person.email)
    deps.store.finish_close(person.user_id, person.email, person.closing)
