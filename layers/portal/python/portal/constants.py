"""Values that the deployed stack (`infra/`), the local portal and the code must agree on.

One module, read by all of them, so a policy changed here changes everywhere at once.
Pure constants: no imports of AWS, no I/O.
"""

from typing import Final

REGION: Final = "eu-west-2"

# Who Portal is: Powertools' service name (logs, traces, metric dimension) and, unless a stage
# sets its own, the brand and console address that emails carry.
SERVICE_NAME: Final = "portal"
DEFAULT_BRAND: Final = "WJEC"
DEFAULT_PORTAL_URL: Final = "https://portal.wjec.co.uk"
# Where a person whose account changed without them is told to turn (every security notice).
DEFAULT_HELPDESK_EMAIL: Final = "ithelpdesk@wjec.co.uk"  # the guide's IT helpdesk

# Credentials and invitations
PASSWORD_MIN_LENGTH: Final = 10
TEMPORARY_PASSWORD_VALIDITY_DAYS: Final = 60
INVITATION_VALIDITY_DAYS: Final = TEMPORARY_PASSWORD_VALIDITY_DAYS
TEMPORARY_PASSWORD_LENGTH: Final = 16
ACCESS_TOKEN_VALIDITY_MINUTES: Final = 60
# With refresh token rotation on, Cognito refuses InitiateAuth REFRESH_TOKEN_AUTH: clients refresh
# with GetTokensFromRefreshToken (Amplify JS 6.15.4 and later) and get a new refresh token each time;
# the old one keeps working for this many seconds, so two tabs refreshing at once both succeed.
# USER_AUTH is choice-based sign-in: a password (SRP) or a passkey, chosen after the email (issue 18).
CLIENT_AUTH_FLOWS: Final = ("ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH")
REFRESH_TOKEN_ROTATION_GRACE_SECONDS: Final = 10
HELPDESK_GROUP: Final = "helpdesk"
# Cognito operations the pool's web ACL blocks for every caller (infra/security.py; the local
# Cognito answers them as blocked too): a person deleting their own user would leave their
# memberships without a user, unknown to Portal. An account is closed through Portal.
COGNITO_BLOCKED_OPERATIONS: Final = ("DeleteUser",)
# Passkeys (WebAuthn): a first factor beside the password; user verification (a fingerprint, face
# or device PIN) is required, so a passkey sign-in satisfies the pool's required MFA. The relying
# party is each stage's console domain (cdk.json `passkey_relying_party`; locally `localhost`).
FIRST_AUTH_FACTORS: Final = ("PASSWORD", "WEB_AUTHN")
PASSKEY_USER_VERIFICATION: Final = "required"
PASSKEY_FACTOR_CONFIGURATION: Final = "MULTI_FACTOR_WITH_USER_VERIFICATION"

# Sessions (domain.md, Signing in later; docs/security.md, Sessions). The longest a stage may set
# (cdk.json `sessions`, checked by infra/config.py) and what the local portal uses: no session
# outlives a working day without a new sign-in (the refresh token's absolute lifetime, which
# rotation does not extend), and the console signs a person out after an hour without activity,
# warning them a few minutes before. The sensitive changes need a sign-in this recent (the
# access token's `auth_time`, RFC 9470's `max_age`).
SESSION_MAX_HOURS: Final = 12
IDLE_TIMEOUT_MINUTES: Final = 60
IDLE_WARNING_MINUTES: Final = 5
STEP_UP_MAX_AGE_SECONDS: Final = 15 * 60

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
# Email, else a verified phone, each skipped for a person whose MFA uses that channel: a code to the
# mailbox that also receives the MFA codes would let that one channel take the whole account. Email
# MFA without a verified phone leaves the helpdesk, whose MFA reset makes email a channel again
# (docs/rules.md, "Account recovery").
ACCOUNT_RECOVERY: Final = "EMAIL_AND_PHONE_WITHOUT_MFA"

# Limits per centre
MAX_EXAMS_OFFICERS_PER_CENTRE: Final = 1
MAX_ADMINS_PER_CENTRE: Final = 3

# Paging
DEFAULT_PAGE_SIZE: Final = 50
MAX_PAGE_SIZE: Final = 100

# Audit
AUDIT_RETENTION_DAYS: Final = 2 * 366

# State table: keys and indexes (docs/rules.md, The data model). Each index: (name, partition, sort).
STATE_PK: Final = "pk"
STATE_SK: Final = "sk"
BY_USER_INDEX: Final = "by_user"  # a person's record and memberships; every centre
BY_USER_PK: Final = "gsi1pk"
BY_USER_SK: Final = "gsi1sk"
BY_TYPE_INDEX: Final = "by_type"  # a centre's members of one account type, by status
BY_TYPE_PK: Final = "gsi2pk"
MEMBER_STATUS_SK: Final = "gsi2sk"  # `A#<user_id>` once accepted, `P#<invited_at>#<user_id>` before
BY_STATUS_INDEX: Final = "by_status"  # a centre's members by status (the table's own partition key)
STATE_INDEXES: Final = (
    (BY_USER_INDEX, BY_USER_PK, BY_USER_SK),
    (BY_TYPE_INDEX, BY_TYPE_PK, MEMBER_STATUS_SK),
    (BY_STATUS_INDEX, STATE_PK, MEMBER_STATUS_SK),
)

# Audit table: keys and indexes (PutItem only; TTL on AUDIT_TTL). One index per filter and per
# combination of filters, all sorted by the record's `sk`, so every view is one Query, newest first.
AUDIT_PK: Final = "pk"  # the centre (`CENTRE#<id>`), or GLOBAL
AUDIT_SK: Final = "sk"
AUDIT_EVERYTHING_INDEX: Final = "everything"
AUDIT_EVERYTHING_PK: Final = "log"  # the same value on every record
AUDIT_BY_ACTOR_INDEX: Final = "by_actor"
AUDIT_BY_ACTOR_PK: Final = "actor_id"
AUDIT_BY_TARGET_INDEX: Final = "by_target"
AUDIT_BY_TARGET_PK: Final = "target_id"
AUDIT_BY_CENTRE_ACTOR_INDEX: Final = "by_centre_actor"
AUDIT_BY_CENTRE_ACTOR_PK: Final = "centre_actor"
AUDIT_BY_CENTRE_TARGET_INDEX: Final = "by_centre_target"
AUDIT_BY_CENTRE_TARGET_PK: Final = "centre_target"
AUDIT_BY_ACTOR_TARGET_INDEX: Final = "by_actor_target"
AUDIT_BY_ACTOR_TARGET_PK: Final = "actor_target"
AUDIT_BY_ALL_INDEX: Final = "by_centre_actor_target"
AUDIT_BY_ALL_PK: Final = "centre_actor_target"
AUDIT_INDEXES: Final = (
    (AUDIT_EVERYTHING_INDEX, AUDIT_EVERYTHING_PK, AUDIT_SK),
    (AUDIT_BY_ACTOR_INDEX, AUDIT_BY_ACTOR_PK, AUDIT_SK),
    (AUDIT_BY_TARGET_INDEX, AUDIT_BY_TARGET_PK, AUDIT_SK),
    (AUDIT_BY_CENTRE_ACTOR_INDEX, AUDIT_BY_CENTRE_ACTOR_PK, AUDIT_SK),
    (AUDIT_BY_CENTRE_TARGET_INDEX, AUDIT_BY_CENTRE_TARGET_PK, AUDIT_SK),
    (AUDIT_BY_ACTOR_TARGET_INDEX, AUDIT_BY_ACTOR_TARGET_PK, AUDIT_SK),
    (AUDIT_BY_ALL_INDEX, AUDIT_BY_ALL_PK, AUDIT_SK),
)
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
ENV_HELPDESK_EMAIL: Final = "PORTAL_HELPDESK_EMAIL"
ENV_CURSOR_KEY: Final = "PORTAL_CURSOR_KEY"
ENV_CURSOR_KEY_SECRET_ARN: Final = "PORTAL_CURSOR_KEY_SECRET_ARN"  # noqa: S105 - a variable name
ENV_STAGE: Final = "PORTAL_STAGE"
ENV_CORS_ORIGINS: Final = "PORTAL_CORS_ORIGINS"  # comma-separated frontend origins
ENV_CLIENT_IDS: Final = "PORTAL_CLIENT_IDS"  # comma-separated: the app clients whose tokens are Portal's

# Metrics
METRICS_NAMESPACE: Final = "Portal"

# Security events: the Cognito API calls, recorded by CloudTrail and delivered by EventBridge, that
# tell a person of a change to their account (portal/events/cloudtrail.py says which notice each is).
ACCOUNT_CHANGE_CALLS: Final = (
    "ChangePassword",
    "ConfirmForgotPassword",
    "SetUserMFAPreference",
    "RespondToAuthChallenge",
    "CompleteWebAuthnRegistration",
    "DeleteWebAuthnCredential",
)
CLOUDTRAIL_DETAIL_TYPE: Final = "AWS API Call via CloudTrail"
CLOUDTRAIL_COGNITO_SOURCE: Final = "aws.cognito-idp"

# HTTP: what the functions, API Gateway's own answers (infra/api.py) and the local portal say
# alike. Every error is a problem document (RFC 9457, api.md Errors) of one stable code, its
# status and title here; docs/api.md lists the same table for people.
PROBLEM_JSON: Final = "application/problem+json"
PROBLEM_TYPE_PREFIX: Final = "urn:portal:problem:"
PROBLEMS: Final[dict[str, tuple[int, str]]] = {
    "invalid_request": (400, "The request is not valid"),
    "unauthenticated": (401, "Sign in first"),
    "forbidden": (403, "You may not do this"),
    "not_found": (404, "Not found"),
    "exams_officer_exists": (409, "The centre already has an Exams Officer"),
    "admin_limit_reached": (409, "The centre has no Admin place left"),
    "already_member": (409, "Already a member of this centre"),
    "not_pending": (409, "The invitation has already been accepted"),
    "mfa_method_required": (409, "Turn on another MFA method first"),
    "centre_exists": (409, "The centre already exists"),
    "conflict": (409, "Changed by someone else at the same moment; try again"),
    "helpdesk_account": (409, "That email address belongs to a helpdesk account"),
    "cannot_invite_address": (409, "That email address cannot be invited"),
    "account_outside_portal": (
        409,
        "That email address has a sign-in account Portal holds no record of",
    ),
    "idempotency_key_in_use": (409, "A request with this Idempotency-Key is still running"),
    "idempotency_key_reused": (
        422,
        "This Idempotency-Key was used with a different request",
    ),
    "permission_not_grantable": (422, "Permission not grantable"),
    "cannot_modify_self": (422, "You cannot change your own membership"),
    "cannot_modify_exams_officer": (
        422,
        "The Exams Officer cannot be changed this way",
    ),
    "reauthentication_required": (401, "Sign in again to make this change"),
    "too_many_requests": (429, "Too many requests"),
    "internal_error": (500, "Something went wrong on our side"),
    "service_unavailable": (503, "A service Portal depends on is unavailable"),
}
# The codes whose detail is fixed wherever they are answered: nothing internal reaches a caller.
FIXED_DETAILS: Final = {
    "unauthenticated": "Send a valid access token: Authorization: Bearer <token>.",
    "reauthentication_required": "This change needs a sign-in within the last "
    f"{STEP_UP_MAX_AGE_SECONDS // 60} minutes: sign in again, then send it again.",
    "idempotency_key_in_use": "The first request with this key has not finished; retry shortly.",
    "idempotency_key_reused": "Use a new Idempotency-Key for a different request.",
    "service_unavailable": "A service Portal depends on did not answer; nothing was changed. Try again.",
    "internal_error": "Something went wrong on our side; nothing more is said here. Quote the request id.",
}
NO_ROUTE_DETAIL: Final = "No such route."
# The challenge of a 401 (RFC 6750; RFC 9470 for a sign-in too old for the change), by code.
CHALLENGES: Final = {
    "unauthenticated": "Bearer",
    "reauthentication_required": (
        f'Bearer error="insufficient_user_authentication", max_age={STEP_UP_MAX_AGE_SECONDS}'
    ),
}
# Every answer of the API, the functions' and API Gateway's own alike: nothing of it is kept by a
# browser or a proxy on a shared computer (personal data), and no answer is sniffed as another type.
API_RESPONSE_HEADERS: Final = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
IDEMPOTENCY_HEADER: Final = "Idempotency-Key"
# CORS, for the stage's frontend origins: the preflight (API Gateway on AWS) and the functions'
# answers (Powertools' CORSConfig) name the same headers.
CORS_ALLOW_HEADERS: Final = ("Authorization", "Content-Type", IDEMPOTENCY_HEADER)
CORS_EXPOSE_HEADERS: Final = ("Location", "Retry-After", "WWW-Authenticate")
CORS_METHODS: Final = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
CORS_MAX_AGE_SECONDS: Final = 3600

# The web console's response headers, the same on AWS (CloudFront's response headers policy) and
# locally. Everything loads from the console's own origin (images also as data: URLs, for the
# TOTP QR code); it talks only to itself, the API and Cognito; nothing may frame it.
COGNITO_ENDPOINT: Final = f"https://cognito-idp.{REGION}.amazonaws.com"
HSTS_MAX_AGE_SECONDS: Final = 2 * 365 * 24 * 3600


def console_csp(api_origin: str, cognito_origin: str = COGNITO_ENDPOINT) -> str:
    """The console's Content-Security-Policy; origins are scheme://host[:port], no path."""
    connect = " ".join(dict.fromkeys(("'self'", api_origin, cognito_origin)))
    directives = (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        f"connect-src {connect}",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    )
    return "; ".join(directives)


def console_headers(api_origin: str, cognito_origin: str = COGNITO_ENDPOINT) -> dict[str, str]:
    """Every security header the console is served with (HSTS is ignored by browsers over http)."""
    return {
        "Content-Security-Policy": console_csp(api_origin, cognito_origin),
        "Strict-Transport-Security": f"max-age={HSTS_MAX_AGE_SECONDS}; includeSubDomains",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


# The board's services behind the front door, one per permission (domain.md), in the order of the
# permissions table: each is a tile of the console's home page and has an address per stage
# (cdk.json `services`, written into the console's config.json). `domain.model.Permission` holds
# the same names (tests/unit/test_one_source.py).
SERVICES: Final = (
    "resources",
    "a2c_keys",
    "question_papers",
    "iamis",
    "access_arrangements",
    "entries",
    "results",
    "view_scripts",
)

# Functions: folder under lambdas/ → what it serves
FUNCTIONS: Final = {
    "self_service": "/me ..., GET /series",
    "centre_users": "/centres/{centre_id}/... for the centre's EO and Admins, and the helpdesk",
    "helpdesk": "/centres, /users, PUT /series, /audit",
    "custom_message": "Cognito custom message trigger",
    "post_authentication": "Cognito post-authentication trigger",
    "account_events": "Cognito API calls (CloudTrail via EventBridge): security notices",
    "sign_in_activity": "Cognito user-activity log (CloudWatch Logs): high-risk sign-in notices",
}

# The API's routes (api.md) and the function that serves each. The CDK stack and the local
# gateway both build their routing from this table, so they cannot disagree.
ROUTES: Final[tuple[tuple[str, str, str], ...]] = (
    ("GET", "/me", "self_service"),
    ("PATCH", "/me", "self_service"),
    ("PUT", "/me/mfa/passkey", "self_service"),
    ("GET", "/me/centres/{centre_id}/services", "self_service"),
    ("GET", "/me/sign-ins", "self_service"),
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
    ("GET", "/users/{user_id}/sign-ins", "helpdesk"),
    ("GET", "/series", "self_service"),  # every signed-in person reads it (issue 21); helpdesk writes
    ("PUT", "/series/{series_id}", "helpdesk"),
    ("GET", "/audit", "helpdesk"),
    ("GET", "/health", "self_service"),
)
PUBLIC_ROUTES: Final = frozenset({("GET", "/health")})
