"""The nouns of Portal: centres, people, memberships, series, audit records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class AccountType(StrEnum):
    EXAMS_OFFICER = "exams_officer"
    ADMIN = "admin"
    USER = "user"


class Permission(StrEnum):
    RESOURCES = "resources"
    A2C_KEYS = "a2c_keys"
    QUESTION_PAPERS = "question_papers"
    IAMIS = "iamis"
    ACCESS_ARRANGEMENTS = "access_arrangements"
    ENTRIES = "entries"
    RESULTS = "results"
    VIEW_SCRIPTS = "view_scripts"


class MembershipStatus(StrEnum):
    INVITED = "invited"
    EXPIRED = "expired"
    ACTIVE = "active"


class Language(StrEnum):
    ENGLISH = "en"
    WELSH = "cy"


class EmailKind(StrEnum):
    """Every email Portal words: one template each, per language (portal.emails). Portal sends
    most itself; Cognito sends the two with codes (ACCESS_CODE, MFA_CODE) in Portal's words."""

    INVITATION = "invitation"
    NEW_INVITATION = "new_invitation"
    ACCESS_CODE = "access_code"
    MFA_CODE = "mfa_code"
    ADDED_TO_CENTRE = "added_to_centre"
    ACCESS_CHANGED = "access_changed"
    ACCOUNT_REMOVED = "account_removed"
    MFA_RESET = "mfa_reset"
    # Security notices: a change to the person's own account, told to them alone (docs/rules.md).
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - an email kind, not a password  # nosec B105
    PASSWORD_RESET = "password_reset"  # noqa: S105 - an email kind, not a password  # nosec B105
    MFA_SET_UP = "mfa_set_up"
    MFA_CHANGED = "mfa_changed"
    PASSKEY_ADDED = "passkey_added"
    PASSKEY_REMOVED = "passkey_removed"
    PHONE_CHANGED = "phone_changed"
    ACCOUNT_DISABLED = "account_disabled"
    ACCOUNT_ENABLED = "account_enabled"
    RISKY_SIGN_IN = "risky_sign_in"


NOTICES = frozenset(
    {
        EmailKind.PASSWORD_CHANGED,
        EmailKind.PASSWORD_RESET,
        EmailKind.MFA_SET_UP,
        EmailKind.MFA_CHANGED,
        EmailKind.PASSKEY_ADDED,
        EmailKind.PASSKEY_REMOVED,
        EmailKind.PHONE_CHANGED,
        EmailKind.ACCOUNT_DISABLED,
        EmailKind.ACCOUNT_ENABLED,
        EmailKind.MFA_RESET,
        EmailKind.RISKY_SIGN_IN,
    }
)
"""The security notices: each tells the person what changed and what to do if it was not them."""


class MfaMethod(StrEnum):
    """Cognito's names for the second factors, as AdminGetUser lists them."""

    AUTHENTICATOR_APP = "SOFTWARE_TOKEN_MFA"
    TEXT_MESSAGE = "SMS_MFA"
    EMAIL = "EMAIL_OTP"
    PASSKEY = "WEB_AUTHN"
    """Passkey sign-in (Cognito's passkey MFA), which Portal itself turns on or off."""


class SignInOutcome(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"


@dataclass(frozen=True, slots=True)
class SignInEvent:
    """One sign-in attempt as Cognito recorded it (AdminListUserAuthEvents): when, how it ended,
    by which method, Cognito's risk level and whether the device was new (None: Cognito did not say)."""

    at: datetime
    outcome: SignInOutcome
    method: str
    risk: str | None = None
    new_device: bool | None = None


class Access(StrEnum):
    FULL = "full"
    VIEW = "view"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Centre:
    """A centre and its tallies, kept in the same transactions that change its memberships.

    `admins` are the Admin places taken (open invitations count); `exams_officer_id` is the
    centre's one EO, invited or active; `accepted` and `pending` count members by account type.
    """

    centre_id: str
    name: str
    exams_officer_id: str | None = None
    admins: int = 0
    created_at: datetime | None = None
    accepted: Mapping[AccountType, int] = field(default_factory=dict)
    pending: Mapping[AccountType, int] = field(default_factory=dict)

    @property
    def exams_officers(self) -> int:
        return 0 if self.exams_officer_id is None else 1


@dataclass(frozen=True, slots=True)
class Profile:
    """What a person edits about themselves (email is not among it)."""

    title: str | None = None
    given_name: str = ""
    family_name: str = ""
    job_role: str | None = None
    language: Language = Language.ENGLISH
    phone_number: str | None = None


@dataclass(frozen=True, slots=True)
class MfaState:
    """As last seen at sign-in (`preferred`, `enabled`), and as Portal last set it (`passkey`, and
    `passkey_review` after a helpdesk MFA reset): Portal's read paths never ask Cognito."""

    preferred: str | None = None
    enabled: tuple[str, ...] = ()
    passkey: bool = False
    """Passkey sign-in is on: Cognito's passkey MFA, which lets a passkey stand for the required MFA."""
    passkey_review: bool = False
    """Set by a helpdesk MFA reset, until the person turns passkey sign-in on or off again: their
    passkeys may include one on a lost device, which they should remove first."""


@dataclass(frozen=True, slots=True)
class Person:
    user_id: str
    email: str
    profile: Profile = field(default_factory=Profile)
    disabled: bool = False
    signed_in: bool = False
    last_sign_in_at: datetime | None = None
    mfa: MfaState = field(default_factory=MfaState)
    created_at: datetime | None = None
    memberships: int = 0
    """How many memberships the person has: every transaction that adds or removes one counts it."""
    closing: datetime | None = None
    """Set when the last membership went: the account is being closed (Cognito user deleted)."""


@dataclass(frozen=True, slots=True)
class Membership:
    centre_id: str
    user_id: str
    email: str
    account_type: AccountType
    permissions: frozenset[Permission]
    invited_at: datetime
    invited_by: str | None
    accepted: bool = False
    title: str | None = None
    given_name: str = ""
    family_name: str = ""
    last_sign_in_at: datetime | None = None
    """The person's latest sign-in since this membership began (None: not yet)."""
    centre_name: str = ""


@dataclass(frozen=True, slots=True)
class Series:
    series_id: str
    results_day: date


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is calling, as the access token says: its `sub`; whether it names the helpdesk group
    (a claim of the moment the token was issued, which service/actors checks against Cognito at
    each request: it never grants anything by itself); and when the person last signed in with
    their credentials (`auth_time`: a refresh does not move it), for the changes that need a
    recent sign-in."""

    user_id: str
    helpdesk_claim: bool = False
    request_id: str | None = None
    auth_time: datetime | None = None


@dataclass(frozen=True, slots=True)
class Service:
    """One tile of a member's home page: a permission and the access it gives now."""

    service: Permission
    access: Access
    available_from: datetime | None = None


@dataclass(frozen=True, slots=True)
class AuditRecord:
    record_id: str
    at: datetime
    action: str
    actor_id: str
    centre_id: str | None = None
    target_id: str | None = None
    target_email: str | None = None
    before: dict[str, object] | None = None
    after: dict[str, object] | None = None
    request_id: str | None = None
