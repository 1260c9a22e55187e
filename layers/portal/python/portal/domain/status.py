"""A membership's status, derived from stored facts and the time, never stored itself."""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.constants import INVITATION_VALIDITY_DAYS
from portal.domain.model import MembershipStatus

INVITATION_VALIDITY = timedelta(days=INVITATION_VALIDITY_DAYS)


def membership_status(accepted: bool, invited_at: datetime, now: datetime) -> MembershipStatus:
    """`active` once accepted; else `invited` for 60 days from the (latest) invitation, then `expired`."""
    if accepted:
        return MembershipStatus.ACTIVE
    if now - invited_at > INVITATION_VALIDITY:
        return MembershipStatus.EXPIRED
    return MembershipStatus.INVITED


def invitation_expires_at(invited_at: datetime) -> datetime:
    return invited_at + INVITATION_VALIDITY
