"""Values that the deployed stack (`infra/`), the local portal and the code must agree on.

One module, read by all of them, so a policy changed here changes everywhere at once.
Pure constants: no imports of AWS, no I/O.
"""

from typing import Final

REGION: Final = "eu-west-2"

# Credentials and invitations
PASSWORD_MIN_LENGTH: Final = 10
TEMPORARY_PASSWORD_VALIDITY_DAYS: Final = 60
INVITATION_VALIDITY_DAYS: Final = TEMPORARY_PASSWORD_VALIDITY_DAYS
TEMPORARY_PASSWORD_LENGTH: Final = 16
ACCESS_TOKEN_VALIDITY_MINUTES: Final = 60
HELPDESK_GROUP: Final = "helpdesk"

# The app client's attribute permissions (Cognito's names). Frontends may write no attribute that
# Portal reads: profile edits go through PATCH /me, and email is never self-editable. Cognito reads
# an empty write list as "every attribute", so the client may write one attribute Portal never reads.
CLIENT_READ_ATTRIBUTES: Final = (
    "email",
    "email_verified",
    "given_name",
    "family_name",
    "locale",
    "phone_number",
    "phone_number_verified",
)
CLIENT_WRITE_ATTRIBUTES: Final = ("timezone",)
# How a person who forgot their password gets a code: a member of the CDK's AccountRecovery enum.
ACCOUNT_RECOVERY: Final = "EMAIL_ONLY"

# Limits per centre
MAX_EXAMS_OFFICERS_PER_CENTRE: Final = 1
MAX_ADMINS_PER_CENTRE: Final = 3

# Paging
DEFAULT_PAGE_SIZE: Final = 50
MAX_PAGE_SIZE: Final = 100

# Audit
AUDIT_RETENTION_DAYS: Final = 2 * 366

# State table: keys and index
STATE_PK: Final = "pk"
STATE_SK: Final = "sk"
BY_USER_INDEX: Final = "by_user"
BY_USER_PK: Final = "gsi1pk"
BY_USER_SK: Final = "gsi1sk"

# Audit table: keys and indexes (PutItem only; TTL on AUDIT_TTL)
AUDIT_PK: Final = "pk"
AUDIT_SK: Final = "sk"
AUDIT_BY_MONTH_INDEX: Final = "by_month"
AUDIT_BY_MONTH_PK: Final = "month"
AUDIT_BY_ACTOR_INDEX: Final = "by_actor"
AUDIT_BY_ACTOR_PK: Final = "actor_id"
AUDIT_BY_TARGET_INDEX: Final = "by_target"
AUDIT_BY_TARGET_PK: Final = "target_id"
AUDIT_TTL: Final = "expires_at"

# Idempotency table (Powertools' default key and TTL attribute names)
IDEMPOTENCY_PK: Final = "id"
IDEMPOTENCY_TTL: Final = "expiration"
IDEMPOTENCY_EXPIRY_SECONDS: Final = 24 * 3600

# Environment variables that carry the settings into every function
ENV_STATE_TABLE: Final = "PORTAL_STATE_TABLE"
ENV_AUDIT_TABLE: Final = "PORTAL_AUDIT_TABLE"
ENV_IDEMPOTENCY_TABLE: Final = "PORTAL_IDEMPOTENCY_TABLE"
ENV_USER_POOL_ID: Final = "PORTAL_USER_POOL_ID"
ENV_SENDER: Final = "PORTAL_SENDER"
ENV_CONFIGURATION_SET: Final = "PORTAL_CONFIGURATION_SET"
ENV_BRAND: Final = "PORTAL_BRAND"
ENV_PORTAL_URL: Final = "PORTAL_URL"
ENV_CURSOR_KEY: Final = "PORTAL_CURSOR_KEY"
ENV_CURSOR_KEY_SECRET_ARN: Final = "PORTAL_CURSOR_KEY_SECRET_ARN"  # noqa: S105 - a variable name
ENV_STAGE: Final = "PORTAL_STAGE"
ENV_CORS_ORIGINS: Final = "PORTAL_CORS_ORIGINS"  # comma-separated frontend origins

# Metrics
METRICS_NAMESPACE: Final = "Portal"

# Functions: folder under lambdas/ → what it serves
FUNCTIONS: Final = {
    "self_service": "/me ...",
    "centre_users": "/centres/{centre_id}/... for the centre's EO and Admins, and the helpdesk",
    "helpdesk": "/centres, /users, /series, /audit",
    "custom_message": "Cognito custom message trigger",
    "post_authentication": "Cognito post-authentication trigger",
}

# The API's routes (api.md) and the function that serves each. The CDK stack and the local
# gateway both build their routing from this table, so they cannot disagree.
ROUTES: Final[tuple[tuple[str, str, str], ...]] = (
    ("GET", "/me", "self_service"),
    ("PATCH", "/me", "self_service"),
    ("GET", "/me/centres/{centre_id}/services", "self_service"),
    ("GET", "/centres/{centre_id}", "centre_users"),
    ("GET", "/centres/{centre_id}/users", "centre_users"),
    ("POST", "/centres/{centre_id}/users", "centre_users"),
    ("GET", "/centres/{centre_id}/users/{user_id}", "centre_users"),
    ("PATCH", "/centres/{centre_id}/users/{user_id}", "centre_users"),
    ("DELETE", "/centres/{centre_id}/users/{user_id}", "centre_users"),
    ("POST", "/centres/{centre_id}/users/{user_id}/invitation", "centre_users"),
    ("DELETE", "/centres/{centre_id}/users/{user_id}/invitation", "centre_users"),
    ("GET", "/centres/{centre_id}/audit", "centre_users"),
    ("POST", "/centres", "helpdesk"),
    ("GET", "/centres", "helpdesk"),
    ("PUT", "/centres/{centre_id}/exams-officer", "helpdesk"),
    ("GET", "/users", "helpdesk"),
    ("POST", "/users/{user_id}/mfa-reset", "helpdesk"),
    ("POST", "/users/{user_id}/disable", "helpdesk"),
    ("POST", "/users/{user_id}/enable", "helpdesk"),
    ("GET", "/series", "helpdesk"),
    ("PUT", "/series/{series_id}", "helpdesk"),
    ("GET", "/audit", "helpdesk"),
    ("GET", "/health", "self_service"),
)
PUBLIC_ROUTES: Final = frozenset({("GET", "/health")})
