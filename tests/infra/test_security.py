"""Cognito's own defences and the security events (infra/security.py), in every stage's template:
the firewall on the user pool, the risk configuration, the user-activity log and its delivery,
and the signals that reach the notice functions."""

from __future__ import annotations

import json
from typing import Any

import pytest
from portal import constants as c
from portal.events import cloudtrail

from infra.security import BLOCKED_OPERATIONS, RATE_LIMITED_OPERATIONS, TARGET_PREFIX
from tests.infra.assembly import Synth

pytestmark = pytest.mark.infra


def _props(synth: Synth, stage: str, kind: str) -> dict[str, Any]:
    props: dict[str, Any] = synth.one(stage, kind)[1]["Properties"]
    return props


def _cognito_acl(synth: Synth, stage: str) -> tuple[str, dict[str, Any]]:
    acls = synth.resources(stage, "AWS::WAFv2::WebACL")
    (found,) = [(k, v) for k, v in acls.items() if v["Properties"]["Name"] == f"portal-{stage}-cognito"]
    return found


def test_the_user_pool_has_a_web_acl_of_its_own(synth: Synth, stage: str):
    acl_id, acl = _cognito_acl(synth, stage)
    pool_id = synth.one(stage, "AWS::Cognito::UserPool")[0]
    associations = [
        a["Properties"]
        for a in synth.resources(stage, "AWS::WAFv2::WebACLAssociation").values()
        if a["Properties"]["WebACLArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}
    ]
    assert associations == [
        {"ResourceArn": {"Fn::GetAtt": [pool_id, "Arn"]}, "WebACLArn": {"Fn::GetAtt": [acl_id, "Arn"]}}
    ]
    assert acl["Properties"]["Scope"] == "REGIONAL"
    assert acl["Properties"]["DefaultAction"] == {"Allow": {}}


def test_the_pool_firewall_has_aws_ip_reputation_list_and_a_rate_limit_on_sign_in_and_code_calls(
    synth: Synth, stage: str
):
    rules = {r["Name"]: r for r in _cognito_acl(synth, stage)[1]["Properties"]["Rules"]}
    reputation = rules["AWSManagedRulesAmazonIpReputationList"]["Statement"]["ManagedRuleGroupStatement"]
    assert reputation == {"VendorName": "AWS", "Name": "AWSManagedRulesAmazonIpReputationList"}
    rate = rules["SignInRatePerIp"]
    assert rate["Action"] == {"Block": {}}
    statement = rate["Statement"]["RateBasedStatement"]
    assert statement["Limit"] == synth.stage(stage).cognito_waf_rate_limit
    assert statement["AggregateKeyType"] == "IP"
    targets = {
        s["ByteMatchStatement"]["SearchString"]
        for s in statement["ScopeDownStatement"]["OrStatement"]["Statements"]
    }
    assert targets == {TARGET_PREFIX + op for op in RATE_LIMITED_OPERATIONS}
    assert {
        "AWSCognitoIdentityProviderService.InitiateAuth",
        "AWSCognitoIdentityProviderService.ForgotPassword",
    } <= targets


def test_the_pool_firewall_blocks_a_person_deleting_their_own_user(synth: Synth, stage: str):
    rules = {r["Name"]: r for r in _cognito_acl(synth, stage)[1]["Properties"]["Rules"]}
    blocked = rules["SelfDeletionBlocked"]
    assert blocked["Action"] == {"Block": {}}
    match = blocked["Statement"]["ByteMatchStatement"]
    assert match["FieldToMatch"] == {"SingleHeader": {"Name": "x-amz-target"}}
    assert (match["PositionalConstraint"], match["SearchString"]) == (
        "EXACTLY",
        "AWSCognitoIdentityProviderService.DeleteUser",
    )
    assert BLOCKED_OPERATIONS == ("DeleteUser",)
    assert len({r["Priority"] for r in rules.values()}) == len(rules)


def test_an_explicit_risk_configuration_is_attached_to_the_pool(synth: Synth, stage: str):
    props = _props(synth, stage, "AWS::Cognito::UserPoolRiskConfigurationAttachment")
    settings = synth.stage(stage)
    assert props["ClientId"] == "ALL"
    assert props["UserPoolId"] == {"Ref": synth.one(stage, "AWS::Cognito::UserPool")[0]}
    compromised = props["CompromisedCredentialsRiskConfiguration"]
    assert compromised["Actions"] == {"EventAction": "BLOCK"}
    assert set(compromised["EventFilter"]) == {"SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"}
    actions = props["AccountTakeoverRiskConfiguration"]["Actions"]
    for level in ("low", "medium", "high"):
        action = actions[f"{level.title()}Action"]
        assert action == {"EventAction": settings.risk_actions[level], "Notify": False}
    assert actions["HighAction"]["EventAction"] != "NO_ACTION"


def test_threat_protection_enforces_in_prod_and_audits_in_dev(synth: Synth):
    modes = {
        stage: _props(synth, stage, "AWS::Cognito::UserPool")["UserPoolAddOns"]["AdvancedSecurityMode"]
        for stage in ("dev", "prod")
    }
    assert modes == {"dev": "AUDIT", "prod": "ENFORCED"}


def test_the_user_activity_log_is_delivered_to_a_log_group(synth: Synth, stage: str):
    props = _props(synth, stage, "AWS::Cognito::LogDeliveryConfiguration")
    (config,) = props["LogConfigurations"]
    assert config["EventSource"] == "userAuthEvents"
    assert config["LogLevel"] == "INFO"
    group_id = config["CloudWatchLogsConfiguration"]["LogGroupArn"]["Fn::GetAtt"][0]
    group = synth.template(stage)["Resources"][group_id]["Properties"]
    assert group["LogGroupName"] == f"/aws/vendedlogs/cognito/portal-{stage}-user-activity"
    assert group["RetentionInDays"] == synth.stage(stage).log_retention_days
    policy = json.loads(json.dumps(_props(synth, stage, "AWS::Logs::ResourcePolicy")))
    assert "delivery.logs.amazonaws.com" in json.dumps(policy)


def test_the_user_activity_log_reaches_the_sign_in_activity_function(synth: Synth, stage: str):
    subscription = _props(synth, stage, "AWS::Logs::SubscriptionFilter")
    function = next(
        k
        for k, v in synth.resources(stage, "AWS::Lambda::Function").items()
        if v["Properties"].get("FunctionName") == f"portal-{stage}-sign-in-activity"
    )
    # The function itself, or its live alias where SnapStart publishes it (as Cognito and the API invoke it).
    aliases = {
        k
        for k, v in synth.resources(stage, "AWS::Lambda::Alias").items()
        if v["Properties"]["FunctionName"] == {"Ref": function}
    }
    assert subscription["DestinationArn"] in (
        {"Fn::GetAtt": [function, "Arn"]},
        *({"Ref": alias} for alias in aliases),
    )


def test_cognito_api_calls_reach_the_account_events_function(synth: Synth, stage: str):
    rule = _props(synth, stage, "AWS::Events::Rule")
    pattern = rule["EventPattern"]
    assert pattern["source"] == ["aws.cognito-idp"]
    assert pattern["detail-type"] == ["AWS API Call via CloudTrail"]
    assert pattern["detail"]["eventName"] == list(c.ACCOUNT_CHANGE_CALLS)
    (target,) = rule["Targets"]
    assert target["RetryPolicy"]["MaximumRetryAttempts"] == 2
    assert "account-events" in json.dumps(target["Arn"]) or "AccountEvents" in json.dumps(target["Arn"])


def test_the_rule_matches_exactly_the_calls_the_function_reads():
    assert tuple(cloudtrail.CALLS) == c.ACCOUNT_CHANGE_CALLS


def test_every_function_is_told_where_people_turn(synth: Synth, stage: str):
    for function in synth.resources(stage, "AWS::Lambda::Function").values():
        variables = function["Properties"].get("Environment", {}).get("Variables", {})
        if c.ENV_STATE_TABLE in variables:
            assert variables[c.ENV_HELPDESK_EMAIL] == synth.stage(stage).helpdesk_email
