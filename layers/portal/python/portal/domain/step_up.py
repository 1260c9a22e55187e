"""Step-up (RFC 9470): the changes that hand an account to someone else need a recent sign-in.

A stolen session must not be able to move the phone that text-message codes go to, or let a
helpdesk session reset anyone's MFA. So these changes need the person to have signed in with
their credentials (password and MFA, or a passkey) within `STEP_UP_MAX_AGE_SECONDS`; a token
refreshed since does not count, since a refresh does not move `auth_time`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.constants import STEP_UP_MAX_AGE_SECONDS
from portal.domain.errors import ReauthenticationRequired
from portal.domain.model import Caller

MAX_AGE = timedelta(seconds=STEP_UP_MAX_AGE_SECONDS)


def signed_in_recently(auth_time: datetime | None, now: datetime, max_age: timedelta = MAX_AGE) -> bool:
    """Within `max_age` of `now`. No `auth_time` is never recent: the rule fails closed.

    A time ahead of `now` (clock skew between Cognito and the function) counts as recent: only
    Cognito signs it, so it cannot be moved forward by the caller.
    """
    return auth_time is not None and now - auth_time <= max_age


def require_recent_sign_in(caller: Caller, now: datetime) -> None:
    if not signed_in_recently(caller.auth_time, now):
        minutes = STEP_UP_MAX_AGE_SECONDS // 60
        raise ReauthenticationRequired(f"this change needs a sign-in within the last {minutes} minutes")
