"""Create Portal's AWS resources on an emulated account (moto, in-process or as a server).

The tables, user pool, app client, group and SES identity are made from the same constants the
CDK stack reads (`portal.constants`), so the local portal and the tests run against resources
shaped like the deployed ones. Only what moto needs is created: no KMS, alarms or WAF.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import cast

import boto3
from mypy_boto3_cognito_idp import CognitoIdentityProviderClient
from mypy_boto3_cognito_idp.type_defs import AccountRecoverySettingTypeTypeDef
from mypy_boto3_dynamodb import DynamoDBClient
from mypy_boto3_sesv2 import SESV2Client
from portal import constants as c
from portal.settings import Settings

ACCOUNT_ID = "123456789012"  # moto's default account
SENDER = "portal-no-reply@portal.example.org"
LOCAL_PORTAL_URL = "http://localhost:8000"
# Browsers refuse an IP address as a WebAuthn relying party: the local console is used at
# http://localhost:<port> (a secure context), and passkeys are bound to `localhost`.
LOCAL_RELYING_PARTY = "localhost"
# The CDK's AccountRecovery members (constants.ACCOUNT_RECOVERY) as Cognito's RecoveryMechanisms.
RECOVERY_MECHANISMS = {
    "EMAIL_AND_PHONE_WITHOUT_MFA": ("verified_email", "verified_phone_number"),
    "PHONE_WITHOUT_MFA_AND_EMAIL": ("verified_phone_number", "verified_email"),
    "EMAIL_ONLY": ("verified_email",),
    "PHONE_ONLY_WITHOUT_MFA": ("verified_phone_number",),
    "NONE": ("admin_only",),
}
REFRESH_TOKEN_GRACE_SECONDS = c.REFRESH_TOKEN_ROTATION_GRACE_SECONDS  # as the deployed client


@dataclass(frozen=True, slots=True)
class Names:
    """What the resources are called; a prefix keeps several sets apart in one emulator."""

    prefix: str = "portal-local"
    sender: str = SENDER

    @property
    def state_table(self) -> str:
        return f"{self.prefix}-state"

    @property
    def audit_table(self) -> str:
        return f"{self.prefix}-audit"

    @property
    def idempotency_table(self) -> str:
        return f"{self.prefix}-idempotency"

    @property
    def user_pool(self) -> str:
        return f"{self.prefix}-users"

    @property
    def client(self) -> str:
        return f"{self.prefix}-web"

    @property
    def configuration_set(self) -> str:
        return f"{self.prefix}-email"


@dataclass(slots=True)
class Resources:
    """The names and ids of what `provision` made, and Settings pointing at them."""

    state_table: str
    audit_table: str
    idempotency_table: str
    user_pool_id: str
    client_id: str
    sender: str
    configuration_set: str
    region: str
    endpoint_url: str | None
    settings: Settings = field(init=False)


def provision(
    endpoint_url: str | None = None,
    names: Names | None = None,
    region: str = c.REGION,
    cursor_key: bytes | None = None,
) -> Resources:
    """Create everything and return its names and ids, with Settings that point at them.

    `endpoint_url` None means boto3's default resolution (moto's in-process mock, or
    `AWS_ENDPOINT_URL` when set)."""
    names = names or Names()
    dynamodb = boto3.client("dynamodb", region_name=region, endpoint_url=endpoint_url)
    create_state_table(dynamodb, names.state_table)
    create_audit_table(dynamodb, names.audit_table)
    create_idempotency_table(dynamodb, names.idempotency_table)
    ses = boto3.client("sesv2", region_name=region, endpoint_url=endpoint_url)
    create_email_identity(ses, names.sender, names.configuration_set)
    idp = boto3.client("cognito-idp", region_name=region, endpoint_url=endpoint_url)
    identity_arn = f"arn:aws:ses:{region}:{ACCOUNT_ID}:identity/{names.sender}"
    pool_id = create_user_pool(idp, names.user_pool, names.sender, identity_arn)
    client_id = create_app_client(idp, pool_id, names.client)
    idp.create_group(
        GroupName=c.HELPDESK_GROUP, UserPoolId=pool_id, Description="The awarding body's support staff"
    )
    resources = Resources(
        state_table=names.state_table,
        audit_table=names.audit_table,
        idempotency_table=names.idempotency_table,
        user_pool_id=pool_id,
        client_id=client_id,
        sender=names.sender,
        configuration_set=names.configuration_set,
        region=region,
        endpoint_url=endpoint_url,
    )
    resources.settings = settings_for(resources, cursor_key)
    return resources


def settings_for(
    resources: Resources,
    cursor_key: bytes | None = None,
    brand: str = c.DEFAULT_BRAND,
    portal_url: str = LOCAL_PORTAL_URL,
) -> Settings:
    """Settings for these resources: what the functions would get from their environment.

    The cursor key is random unless given: cursors need not outlive one run of the emulator."""
    return Settings(
        state_table=resources.state_table,
        audit_table=resources.audit_table,
        idempotency_table=resources.idempotency_table,
        user_pool_id=resources.user_pool_id,
        sender=resources.sender,
        cursor_key=cursor_key or secrets.token_urlsafe(32).encode(),
        configuration_set=resources.configuration_set,
        brand=brand,
        portal_url=portal_url,
        stage="local",
        region=resources.region,
        client_ids=(resources.client_id,),
    )


# --- DynamoDB ------------------------------------------------------------------------------------


def _create_table(
    dynamodb: DynamoDBClient, name: str, pk: str, sk: str, indexes: tuple[tuple[str, str, str], ...]
) -> None:
    """A table keyed (pk, sk) with its global indexes, every one projecting all attributes."""
    keys = dict.fromkeys([pk, sk, *(k for _, p, s in indexes for k in (p, s))])
    dynamodb.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"} for key in keys],
        KeySchema=[{"AttributeName": pk, "KeyType": "HASH"}, {"AttributeName": sk, "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[
            {
                "IndexName": index,
                "KeySchema": [
                    {"AttributeName": partition, "KeyType": "HASH"},
                    {"AttributeName": sort, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
            for index, partition, sort in indexes
        ],
    )


def create_state_table(dynamodb: DynamoDBClient, name: str) -> None:
    """Centres, memberships, people, email claims, series, with the indexes of `STATE_INDEXES`."""
    _create_table(dynamodb, name, c.STATE_PK, c.STATE_SK, c.STATE_INDEXES)


def create_audit_table(dynamodb: DynamoDBClient, name: str) -> None:
    """Append-only records; every index of `AUDIT_INDEXES` sorts by the record's `sk`."""
    _create_table(dynamodb, name, c.AUDIT_PK, c.AUDIT_SK, c.AUDIT_INDEXES)
    dynamodb.update_time_to_live(
        TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": c.AUDIT_TTL}
    )


def create_idempotency_table(dynamodb: DynamoDBClient, name: str) -> None:
    """Powertools' idempotency records, keyed and expired as Powertools expects by default."""
    dynamodb.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": c.IDEMPOTENCY_PK, "AttributeType": "S"}],
        KeySchema=[{"AttributeName": c.IDEMPOTENCY_PK, "KeyType": "HASH"}],
    )
    dynamodb.update_time_to_live(
        TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": c.IDEMPOTENCY_TTL}
    )


# --- SES -----------------------------------------------------------------------------------------


def create_email_identity(ses: SESV2Client, sender: str, configuration_set: str) -> None:
    """The verified sender (moto marks it verified at once) and the configuration set."""
    ses.create_configuration_set(ConfigurationSetName=configuration_set)
    ses.create_email_identity(EmailIdentity=sender, ConfigurationSetName=configuration_set)


# --- Cognito -------------------------------------------------------------------------------------


def create_user_pool(idp: CognitoIdentityProviderClient, name: str, sender: str, identity_arn: str) -> str:
    """The pool as the Identity construct makes it: sign-in by email, invitations by admins only,
    a length-only password policy, a password or a passkey first, MFA required (TOTP, SMS or email;
    a passkey with user verification satisfies it), recovery as the stack says."""
    pool = idp.create_user_pool(
        PoolName=name,
        UsernameAttributes=["email"],
        UsernameConfiguration={"CaseSensitive": False},
        AutoVerifiedAttributes=["email"],
        Policies={
            "PasswordPolicy": {
                "MinimumLength": c.PASSWORD_MIN_LENGTH,
                "RequireUppercase": False,
                "RequireLowercase": False,
                "RequireNumbers": False,
                "RequireSymbols": False,
                "TemporaryPasswordValidityDays": c.TEMPORARY_PASSWORD_VALIDITY_DAYS,
            },
            "SignInPolicy": {"AllowedFirstAuthFactors": list(c.FIRST_AUTH_FACTORS)},
        },
        MfaConfiguration="ON",
        SmsConfiguration={
            "SnsCallerArn": f"arn:aws:iam::{ACCOUNT_ID}:role/portal-cognito-sms",
            "ExternalId": "portal-cognito-sms",
        },
        AdminCreateUserConfig={"AllowAdminCreateUserOnly": True},
        AccountRecoverySetting=account_recovery(c.ACCOUNT_RECOVERY),
        EmailConfiguration={
            "EmailSendingAccount": "DEVELOPER",
            "SourceArn": identity_arn,
            "From": sender,
        },
    )["UserPool"]
    pool_id = pool["Id"]
    idp.set_user_pool_mfa_config(
        UserPoolId=pool_id,
        MfaConfiguration="ON",
        SoftwareTokenMfaConfiguration={"Enabled": True},
        SmsMfaConfiguration={
            "SmsConfiguration": {
                "SnsCallerArn": f"arn:aws:iam::{ACCOUNT_ID}:role/portal-cognito-sms",
                "ExternalId": "portal-cognito-sms",
            }
        },
        EmailMfaConfiguration={},
        WebAuthnConfiguration={
            "RelyingPartyId": LOCAL_RELYING_PARTY,
            "UserVerification": c.PASSKEY_USER_VERIFICATION,
            "FactorConfiguration": c.PASSKEY_FACTOR_CONFIGURATION,
        },
    )
    return pool_id


def account_recovery(member: str) -> AccountRecoverySettingTypeTypeDef:
    """The CDK's AccountRecovery member as the pool's AccountRecoverySetting."""
    mechanisms = [
        {"Priority": priority, "Name": name}
        for priority, name in enumerate(RECOVERY_MECHANISMS[member], start=1)
    ]
    return cast("AccountRecoverySettingTypeTypeDef", {"RecoveryMechanisms": mechanisms})


def create_app_client(idp: CognitoIdentityProviderClient, pool_id: str, name: str) -> str:
    """A public client (no secret: it runs in browsers), as the Identity construct makes it.

    Its flows are the stack's (`c.CLIENT_AUTH_FLOWS`: SRP and USER_AUTH); locally it also allows
    USER_PASSWORD_AUTH, for scripts and the AWS CLI (the local Cognito checks the password as SRP
    does). With refresh token rotation on, REFRESH_TOKEN_AUTH is not allowed: refresh is
    GetTokensFromRefreshToken."""
    client = idp.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=name,
        GenerateSecret=False,
        ExplicitAuthFlows=[*c.CLIENT_AUTH_FLOWS, "ALLOW_USER_PASSWORD_AUTH"],
        PreventUserExistenceErrors="ENABLED",
        EnableTokenRevocation=True,
        AuthSessionValidity=3,
        AccessTokenValidity=c.ACCESS_TOKEN_VALIDITY_MINUTES,
        IdTokenValidity=c.ACCESS_TOKEN_VALIDITY_MINUTES,
        TokenValidityUnits={"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "hours"},
        RefreshTokenValidity=c.SESSION_MAX_HOURS,
        RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": REFRESH_TOKEN_GRACE_SECONDS},
        ReadAttributes=list(c.CLIENT_READ_ATTRIBUTES),
        WriteAttributes=list(c.CLIENT_WRITE_ATTRIBUTES),
    )["UserPoolClient"]
    return client["ClientId"]
