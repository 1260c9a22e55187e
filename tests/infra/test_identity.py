"""Identity: who may have an account, how they sign in, and what the frontends' client may do."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from aws_cdk.assertions import Match
from portal import constants as c

from infra.config import ROOT, ConsoleDomain
from local.cognito.context import Context
from local.cognito.errors import CognitoError
from local.cognito.store import EMAIL, SMS, TOTP, Person
from local.provision import RECOVERY_MECHANISMS
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


def test_a_password_or_a_passkey_is_the_first_factor(synth: Synth, stage: str):
    policy = _pool(synth, stage)["Policies"]["SignInPolicy"]
    assert policy["AllowedFirstAuthFactors"] == list(c.FIRST_AUTH_FACTORS) == ["PASSWORD", "WEB_AUTHN"]


def test_a_passkey_verifies_its_user_and_so_satisfies_the_required_mfa(synth: Synth, stage: str):
    pool = _pool(synth, stage)
    assert pool["WebAuthnUserVerification"] == c.PASSKEY_USER_VERIFICATION == "required"
    assert pool["WebAuthnFactorConfiguration"] == c.PASSKEY_FACTOR_CONFIGURATION
    assert c.PASSKEY_FACTOR_CONFIGURATION == "MULTI_FACTOR_WITH_USER_VERIFICATION"
    assert pool["MfaConfiguration"] == "ON"


def test_passkeys_are_bound_to_the_consoles_own_host(synth: Synth, stage: str):
    """No stage has console_domain yet: the relying party is CloudFront's name for the console,
    the host of the ConsoleUrl output (docs/deploy.md: what changing it later costs)."""
    relying_party = _pool(synth, stage)["WebAuthnRelyingPartyID"]
    (distribution,) = synth.resources(stage, "AWS::CloudFront::Distribution")
    assert relying_party == {"Fn::GetAtt": [distribution, "DomainName"]}
    outputs = synth.template(stage)["Outputs"]
    url = next(o["Value"] for k, o in outputs.items() if k.startswith("ConsoleUrl"))
    assert url == {"Fn::Join": ["", ["https://", relying_party]]}


def test_with_its_own_domain_the_console_names_the_relying_party(synth: Synth):
    certificate = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
    prod = replace(synth.stage("prod"), console_domain=ConsoleDomain("portal.wjec.co.uk", certificate))
    assert prod.relying_party("portal.wjec.co.uk") == "portal.wjec.co.uk"
    parent = replace(prod, passkey_relying_party="wjec.co.uk")
    assert parent.relying_party("portal.wjec.co.uk") == "wjec.co.uk"


def test_the_plus_plan_brings_threat_protection_audit_in_dev_enforced_in_prod(synth: Synth, stage: str):
    pool = _pool(synth, stage)
    assert pool["UserPoolTier"] == "PLUS"
    expected = {"dev": "AUDIT", "prod": "ENFORCED"}[stage]
    assert pool["UserPoolAddOns"] == {"AdvancedSecurityMode": expected}


def test_forgotten_passwords_are_recovered_by_email_then_a_verified_phone(synth: Synth, stage: str):
    """The pool's setting is c.ACCOUNT_RECOVERY, which the local portal's pool is given too."""
    mechanisms = _pool(synth, stage)["AccountRecoverySetting"]["RecoveryMechanisms"]
    assert c.ACCOUNT_RECOVERY == "EMAIL_AND_PHONE_WITHOUT_MFA"
    assert mechanisms == [
        {"Name": "verified_email", "Priority": 1},
        {"Name": "verified_phone_number", "Priority": 2},
    ]
    assert tuple(m["Name"] for m in mechanisms) == RECOVERY_MECHANISMS[c.ACCOUNT_RECOVERY]


@pytest.mark.parametrize(
    ("mfa", "phone_verified", "channel"),
    [
        (TOTP, False, "EMAIL"),
        (SMS, True, "EMAIL"),  # never the phone that receives the MFA codes
        (EMAIL, True, "SMS"),  # never the mailbox that receives the MFA codes
        (EMAIL, False, None),  # no channel left: the helpdesk resets MFA (docs/rules.md)
        (None, False, "EMAIL"),  # after that reset, email is a channel again
    ],
)
def test_each_mfa_method_leaves_a_recovery_channel_or_the_helpdesk(
    synth: Synth, mfa: str | None, phone_verified: bool, channel: str | None
):
    """The deployed setting, run through the local portal's emulation of Cognito's rule."""
    pool = {"AccountRecoverySetting": _pool(synth, "prod")["AccountRecoverySetting"]}
    verified = {"email_verified": "true", "phone_number_verified": "true" if phone_verified else "false"}
    person = Person(
        sub="s",
        username="s",
        status="CONFIRMED",
        enabled=True,
        attributes={"email": "ann@school.example", "phone_number": "+447700900123", **verified},
        groups=(),
        mfa=(mfa,) if mfa else (),
        preferred=mfa,
    )
    context = SimpleNamespace(pool=lambda: pool)
    if channel is None:
        with pytest.raises(CognitoError) as refused:
            Context.recovery(context, person)  # type: ignore[arg-type]
        assert refused.value.kind == "InvalidParameterException"
    else:
        assert Context.recovery(context, person) == channel  # type: ignore[arg-type]


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
    assert arn["Fn::Join"][1][-1] == f":function:{name}:live"  # its SnapStart alias
    functions = synth.resources(stage, "AWS::Lambda::Function")
    (logical_id,) = [k for k, v in functions.items() if v["Properties"].get("FunctionName") == name]
    pool_id = synth.one(stage, POOL)[0]
    permissions = [
        p
        for p in synth.resources(stage, "AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "cognito-idp.amazonaws.com"
        and p["Properties"].get("FunctionName") == arn
    ]
    assert len(permissions) == 1
    assert permissions[0]["Properties"]["SourceArn"] == {"Fn::GetAtt": [pool_id, "Arn"]}
    (alias,) = permissions[0]["DependsOn"]  # created once the alias (and so the function) exists
    assert synth.resources(stage, "AWS::Lambda::Alias")[alias]["Properties"]["FunctionName"] == {
        "Ref": logical_id
    }


def test_one_public_client_for_frontends(synth: Synth, stage: str):
    client = synth.one(stage, CLIENT)[1]["Properties"]
    assert client["GenerateSecret"] is False
    # SRP sign-in, and USER_AUTH (a password by SRP, or a passkey); refresh through rotation
    # (Cognito refuses ALLOW_REFRESH_TOKEN_AUTH with it).
    flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH"]
    assert client["ExplicitAuthFlows"] == list(c.CLIENT_AUTH_FLOWS) == flows
    assert client["RefreshTokenRotation"] == {
        "Feature": "ENABLED",
        "RetryGracePeriodSeconds": c.REFRESH_TOKEN_ROTATION_GRACE_SECONDS,
    }
    assert client["EnableTokenRevocation"] is True
    assert client["EnableTokenRevocation"] is True
    assert client["PreventUserExistenceErrors"] == "ENABLED"
    assert client["AllowedOAuthFlowsUserPoolClient"] is False


def test_no_session_lasts_longer_than_a_working_day(synth: Synth, stage: str):
    """domain.md: 12 hours at most without a new sign-in: the refresh token's absolute lifetime
    (rotation hands out new refresh tokens, not more time), as the stage sets it."""
    client = synth.one(stage, CLIENT)[1]["Properties"]
    assert client["TokenValidityUnits"]["RefreshToken"] == "minutes"
    assert client["RefreshTokenValidity"] == synth.config.stages[stage].sessions.max_hours * 60
    assert client["RefreshTokenValidity"] <= 12 * 60 == c.SESSION_MAX_HOURS * 60


def test_access_tokens_live_an_hour_or_less(synth: Synth, stage: str):
    client = synth.one(stage, CLIENT)[1]["Properties"]
    assert client["TokenValidityUnits"]["AccessToken"] == "minutes"
    assert client["AccessTokenValidity"] <= 60


def test_people_cannot_change_their_own_email_through_the_client(synth: Synth, stage: str):
    """An empty list would mean "all standard attributes" to Cognito: the list names one, never email."""
    writable = synth.one(stage, CLIENT)[1]["Properties"]["WriteAttributes"]
    assert writable
    assert not {"email", "email_verified", "phone_number_verified"} & set(writable)


# --- the console's Cognito library and the app client agree -----------------------------------
# Amplify JS refreshes with GetTokensFromRefreshToken from aws-amplify 6.15.4 on (earlier: InitiateAuth
# REFRESH_TOKEN_AUTH, which this client refuses): so said Amplify's maintainers (amplify-ui #6637),
# and the source below is checked whenever the console's packages are installed.
AMPLIFY_WITH_ROTATION = (6, 15, 4)
REFRESH_MODULE = "@aws-amplify/auth/dist/esm/providers/cognito/utils/refreshAuthTokens.mjs"


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("-", maxsplit=1)[0].split("."))


def amplify_refresh_problems(console: Path) -> list[str]:
    """What in the console's locked Amplify disagrees with a client that allows SRP and rotation only."""
    problems = []
    lock = json.loads((console / "package-lock.json").read_text())
    packages = lock.get("packages", {})
    amplify = packages.get("node_modules/aws-amplify", {}).get("version")
    if amplify is None:
        return ["console/package-lock.json locks no aws-amplify"]
    if _version(amplify) < AMPLIFY_WITH_ROTATION:
        problems.append(f"aws-amplify {amplify} refreshes with REFRESH_TOKEN_AUTH, which the client refuses")
    source = console / "node_modules" / REFRESH_MODULE
    if source.is_file():
        text = source.read_text()
        if "GetTokensFromRefreshToken" not in text or "REFRESH_TOKEN_AUTH" in text:
            problems.append(f"{REFRESH_MODULE} does not refresh with GetTokensFromRefreshToken only")
    return problems


def test_the_console_refreshes_tokens_the_way_the_client_allows():
    console = ROOT / "console"
    if not (console / "package-lock.json").is_file():
        pytest.skip("console/ is not in this checkout yet (issue 8)")
    assert amplify_refresh_problems(console) == []


def test_the_refresh_check_refuses_an_amplify_from_before_rotation(tmp_path: Path):
    lock = {"packages": {"node_modules/aws-amplify": {"version": "6.15.3"}}}
    (tmp_path / "package-lock.json").write_text(json.dumps(lock))
    module = tmp_path / "node_modules" / REFRESH_MODULE
    module.parent.mkdir(parents=True)
    module.write_text("initiateAuth({ AuthFlow: 'REFRESH_TOKEN_AUTH' })")
    assert len(amplify_refresh_problems(tmp_path)) == 2
    lock["packages"]["node_modules/aws-amplify"]["version"] = "6.22.1"
    (tmp_path / "package-lock.json").write_text(json.dumps(lock))
    module.write_text("createGetTokensFromRefreshTokenClient(); // GetTokensFromRefreshToken")
    assert amplify_refresh_problems(tmp_path) == []
