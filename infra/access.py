"""What each function may do: the one table its IAM role is built from.

Read off the code (`portal/adapters` and the use cases each handler calls), so a role grants the
calls its function makes and nothing else. A function that needs a new call gets it here, and
`tests/infra` shows the change in review.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from portal import constants as c


class StateAccess(Enum):
    """The state table: reads (GetItem, BatchGetItem, Query) or reads and transactional writes."""

    READ = "read"
    READ_WRITE = "read_write"


class AuditAccess(Enum):
    """The audit table is append-only: PutItem, and Query for those who show the log. Never more."""

    APPEND = "append"
    APPEND_AND_READ = "append_and_read"


@dataclass(frozen=True, slots=True)
class Access:
    state: StateAccess
    audit: AuditAccess | None
    idempotency: bool
    cognito: tuple[str, ...]
    send_email: bool


# directory.delete_user signs the person out everywhere before deleting them.
_DELETE_USER = ("cognito-idp:AdminUserGlobalSignOut", "cognito-idp:AdminDeleteUser")
# directory.is_helpdesk: whether a caller whose token claims the helpdesk group is still in it,
# asked at each of their requests (service/actors.py), on every API function.
_HELPDESK_CHECK = ("cognito-idp:AdminListGroupsForUser",)
# directory.find_user, only when an invited address is already in Cognito but not in Portal:
# is it a helpdesk account, or a user made moments ago by another invitation? Also the re-read
# that settles a Cognito call whose answer was lost (service/outcomes.py).
_FIND_USER = ("cognito-idp:AdminGetUser", "cognito-idp:AdminListGroupsForUser")

ACCESS: dict[str, Access] = {
    # /me: profile edits reach Cognito (locale, names, phone for SMS codes); no paging.
    # AdminGetUser: whether Cognito took a profile change whose answer was lost, and which MFA
    # methods are on before passkey sign-in is. AdminSetUserMFAPreference: passkey sign-in
    # (WebAuthnMfaSettings) on or off, which Amplify cannot set. The email: a changed phone
    # number is told to the person (service/notices.py).
    "self_service": Access(
        state=StateAccess.READ_WRITE,
        audit=AuditAccess.APPEND,
        idempotency=False,
        cognito=(
            "cognito-idp:AdminUpdateUserAttributes",
            "cognito-idp:AdminDeleteUserAttributes",
            "cognito-idp:AdminGetUser",
            *_HELPDESK_CHECK,
            "cognito-idp:AdminSetUserMFAPreference",
            "cognito-idp:AdminListUserAuthEvents",  # GET /me/sign-ins
        ),
        send_email=True,
    ),
    # Invite, resend (new temporary password), withdraw and delete; the centre's audit log.
    "centre_users": Access(
        state=StateAccess.READ_WRITE,
        audit=AuditAccess.APPEND_AND_READ,
        idempotency=True,
        cognito=(
            "cognito-idp:AdminCreateUser",
            "cognito-idp:AdminSetUserPassword",
            *_DELETE_USER,
            *_FIND_USER,
        ),
        send_email=True,
    ),
    # Exams Officers (invite, replace), MFA reset, disable and enable; the whole audit log.
    # AdminSetUserPassword: an appointment taking over the Cognito user its earlier try made.
    "helpdesk": Access(
        state=StateAccess.READ_WRITE,
        audit=AuditAccess.APPEND_AND_READ,
        idempotency=True,
        cognito=(
            "cognito-idp:AdminCreateUser",
            "cognito-idp:AdminSetUserPassword",
            *_DELETE_USER,
            *_FIND_USER,
            "cognito-idp:AdminSetUserMFAPreference",
            "cognito-idp:AdminDisableUser",
            "cognito-idp:AdminEnableUser",
            "cognito-idp:AdminListUserAuthEvents",  # GET /users/{user_id}/sign-ins
        ),
        send_email=True,
    ),
    # Reads the person's language to word Cognito's codes; writes nothing.
    "custom_message": Access(
        state=StateAccess.READ,
        audit=None,
        idempotency=False,
        cognito=(),
        send_email=False,
    ),
    # Activates pending memberships, notes the MFA state (AdminGetUser) and audits the acceptance.
    "post_authentication": Access(
        state=StateAccess.READ_WRITE,
        audit=AuditAccess.APPEND,
        idempotency=False,
        cognito=("cognito-idp:AdminGetUser",),
        send_email=False,
    ),
    # Security notices from AWS's signals: the person (their language, their address) read from
    # the state table, their MFA methods from Cognito (AdminGetUser), each event handled once
    # (the idempotency table), the email sent.
    "account_events": Access(
        state=StateAccess.READ,
        audit=None,
        idempotency=True,
        cognito=("cognito-idp:AdminGetUser",),
        send_email=True,
    ),
    "sign_in_activity": Access(
        state=StateAccess.READ,
        audit=None,
        idempotency=True,
        cognito=("cognito-idp:AdminGetUser",),
        send_email=True,
    ),
}

STATE_READ = ("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query")
# TransactWriteItems is authorised per item: Put, Update, Delete and ConditionCheck.
STATE_WRITE = (
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:ConditionCheckItem",
)
AUDIT_APPEND = ("dynamodb:PutItem",)
AUDIT_READ = ("dynamodb:Query",)
# Powertools' DynamoDB persistence layer: read, claim, complete and clear a record.
IDEMPOTENCY = ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem")
SEND_EMAIL = ("ses:SendEmail",)
READ_SECRET = ("secretsmanager:GetSecretValue",)

API_FUNCTIONS = tuple(dict.fromkeys(function for _, _, function in c.ROUTES))
TRIGGER_FUNCTIONS = ("custom_message", "post_authentication")
