"""Identity: who may have an account, how they sign in, and what the frontends' client may do."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk.assertions import Match
from portal import constants as c

from tests.infra.assembly import Synth

pytestmark = pytest.mark.infra

POOL = "AWS::Cognito::UserPool"
CLIENT = "AWS::Cognito::UserPoolClient"


def _pool(synth: Synth, stage: str) -> dict[str, Any]:
    props: dict[str, Any] = synth.one(stage, POOL)[1]["Properties"]
    return props


def test_one_pool_where_only_admins_create_accounts_and_people_sign_in_by_email_in_any_case(
    synth: Synth, stage: str
):
    template = synth.assertions(stage)
    template.resource_count_is(POOL, 1)
    template.has_resource_properties(
        POOL,
        {
            "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
            "UsernameAttributes": ["email"],
            "UsernameConfiguration": {"CaseSensitive": False},
            "AutoVerifiedAttributes": ["email"],
            "Schema": Match.array_with([{"Name": "email", "Required": True, "Mutable": True}]),
        },
    )


def test_passwords_are_judged_by_length_alone(synth: Synth, stage: str):
    assert _pool(synth, stage)["Policies"]["PasswordPolicy"] == {
        "MinimumLength": c.PASSWORD_MIN_LENGTH,
        "RequireLowercase": False,
        "RequireUppercase": False,
        "RequireNumbers": False,
        "RequireSymbols": False,
        "TemporaryPasswordValidityDays": c.TEMPORARY_PASSWORD_VALIDITY_DAYS,
    }


def test_mfa_is_required_by_authenticator_app_text_message_or_email(synth: Synth, stage: str):
    pool = _pool(synth, stage)
    assert pool["MfaConfiguration"] == "ON"
    assert sorted(pool["EnabledMfas"]) == ["EMAIL_OTP", "SMS_MFA", "SOFTWARE_TOKEN_MFA"]
    assert "SnsCallerArn" in pool["SmsConfiguration"]


def test_the_plus_plan_brings_threat_protection_audit_in_dev_enforced_in_prod(synth: Synth, stage: str):
    pool = _pool(synth, stage)
    assert pool["UserPoolTier"] == "PLUS"
    expected = {"dev": "AUDIT", "prod": "ENFORCED"}[stage]
    assert pool["UserPoolAddOns"] == {"AdvancedSecurityMode": expected}


def test_accounts_are_recovered_by_verified_email_only(synth: Synth, stage: str):
    assert _pool(synth, stage)["AccountRecoverySetting"] == {
        "RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1}]
    }


def test_the_prod_pool_cannot_be_deleted(synth: Synth):
    _, prod = synth.one("prod", POOL)
    assert prod["Properties"]["DeletionProtection"] == "ACTIVE"
    assert prod["DeletionPolicy"] == "Retain"
    assert synth.one("dev", POOL)[1]["Properties"]["DeletionProtection"] == "INACTIVE"


def test_cognito_emails_go_through_ses_from_the_no_reply_sender(synth: Synth, stage: str):
    settings = synth.stage(stage)
    email = _pool(synth, stage)["EmailConfiguration"]
    assert email["EmailSendingAccount"] == "DEVELOPER"
    assert email["From"].endswith(f"<{settings.sender}>")
    assert email["ConfigurationSet"] == settings.configuration_set
    assert email["SourceArn"]["Fn::Join"][1][-1] == f":identity/{settings.domain}"


def test_the_helpdesk_group_exists(synth: Synth, stage: str):
    group = synth.one(stage, "AWS::Cognito::UserPoolGroup")[1]["Properties"]
    assert group["GroupName"] == c.HELPDESK_GROUP


@pytest.mark.parametrize(
    ("trigger", "function"),
    [("CustomMessage", "custom_message"), ("PostAuthentication", "post_authentication")],
)
def test_the_triggers_are_portal_functions_that_cognito_may_invoke(
    synth: Synth, stage: str, trigger: str, function: str
):
    name = synth.stage(stage).resource_name(function)
    arn = _pool(synth, stage)["LambdaConfig"][trigger]
    assert arn["Fn::Join"][1][-1] == f":function:{name}"
    functions = synth.resources(stage, "AWS::Lambda::Function")
    (logical_id,) = [k for k, v in functions.items() if v["Properties"]["FunctionName"] == name]
    pool_id = synth.one(stage, POOL)[0]
    permissions = [
        p
        for p in synth.resources(stage, "AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "cognito-idp.amazonaws.com"
        and p["Properties"]["FunctionName"] == arn
    ]
    assert len(permissions) == 1
    assert permissions[0]["Properties"]["SourceArn"] == {"Fn::GetAtt": [pool_id, "Arn"]}
    assert logical_id in permissions[0]["DependsOn"]  # created once the function exists


def test_one_public_client_for_frontends(synth: Synth, stage: str):
    client = synth.one(stage, CLIENT)[1]["Properties"]
    assert client["GenerateSecret"] is False
    # SRP sign-in; refresh through rotation (Cognito refuses ALLOW_REFRESH_TOKEN_AUTH with it).
    assert client["ExplicitAuthFlows"] == ["ALLOW_USER_SRP_AUTH"]
    assert client["RefreshTokenRotation"]["Feature"] == "ENABLED"
    assert client["EnableTokenRevocation"] is True
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert client["AllowedOAuthFlowsUserPoolClient"] is False


def test_access_tokens_live_an_hour_or_less(synth: Synth, stage: str):
    client = synth.one(stage, CLIENT)[1]["Properties"]
    assert client["TokenValidityUnits"]["AccessToken"] == "minutes"
    assert client["AccessTokenValidity"] <= 60


def test_people_cannot_change_their_own_email_through_the_client(synth: Synth, stage: str):
    """An empty list would mean "all standard attributes" to Cognito: the list names one, never email."""
    writable = synth.one(stage, CLIENT)[1]["Properties"]["WriteAttributes"]
    assert writable
    assert not {"email", "email_verified", "phone_number_verified"} & set(writable)
