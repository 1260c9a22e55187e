"""Typed domain errors. The HTTP layer maps each type to a status and a stable code, by type."""

from __future__ import annotations

from collections.abc import Mapping


class PortalError(Exception):
    """Base of every error a use case raises on purpose."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidRequest(PortalError):
    """Input that breaks a rule of form; `errors` names each offending field."""

    def __init__(self, detail: str, errors: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.errors: dict[str, str] = dict(errors or {})


class ReauthenticationRequired(PortalError):
    """The change needs a more recent sign-in than the caller's (RFC 9470's step-up)."""


class Forbidden(PortalError):
    """The caller may not do this (or has no membership at that centre)."""


class NotFound(PortalError):
    """No such member, centre or series."""


class ExamsOfficerExists(PortalError):
    """The centre already has its Exams Officer (an open invitation counts)."""


class AdminLimitReached(PortalError):
    """The centre has no Admin place left (open invitations count)."""


class AlreadyMember(PortalError):
    """The person is already a member of that centre."""


class NotPending(PortalError):
    """The invitation has already been accepted."""


class PermissionNotGrantable(PortalError):
    """A permission that the member's account type cannot hold."""


class CannotModifySelf(PortalError):
    """Nobody deletes or changes their own membership."""


class CannotModifyExamsOfficer(PortalError):
    """The Exams Officer is changed only by the helpdesk, by replacing them."""


class CentreExists(PortalError):
    """A centre with that number already exists."""


class Conflict(PortalError):
    """Someone else changed the same thing at the same moment; the caller may retry."""


class AccountClosing(Conflict):
    """The person's last membership has just gone and their account is being closed."""


class MfaMethodRequired(PortalError):
    """Passkey sign-in needs another MFA method on beside it, so a lost passkey locks nobody out."""


class HelpdeskAccount(PortalError):
    """The email address belongs to a helpdesk account, which is never a centre member."""


class AddressNotInvitable(PortalError):
    """The address cannot be invited, for a reason the inviter is not told (it is a helpdesk
    account's): an Exams Officer or Admin must not learn who works at the helpdesk."""


class AccountOutsidePortal(PortalError):
    """The email address has a Cognito user that Portal holds no record of."""


class Unavailable(PortalError):
    """A service Portal depends on (Cognito, SES, DynamoDB) failed; nothing was changed."""


class Throttled(Unavailable):
    """A service Portal depends on refused the request for its rate (Cognito's request quotas,
    DynamoDB's throughput) even after the client's own retries: nothing was changed, and the same
    request a few seconds later may well succeed. An Unavailable, so every undo still runs."""
