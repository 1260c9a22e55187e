"""Email: the SES domain identity signs with DKIM; the configuration set keeps reputation metrics and
publishes bounces and complaints where operations see them (metrics, and a log of each problem)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from infra.email import problems_log_group_name
from tests.infra.assembly import Synth

pytestmark = pytest.mark.infra


def _identities(synth: Synth, stage: str) -> dict[str, dict[str, Any]]:
    return {
        v["Properties"]["EmailIdentity"]: v["Properties"]
        for v in synth.resources(stage, "AWS::SES::EmailIdentity", email=True).values()
    }


def test_the_domain_identity_signs_with_easy_dkim_through_the_configuration_set(synth: Synth, stage: str):
    settings = synth.stage(stage)
    props = _identities(synth, stage)[settings.domain]
    assert props["DkimAttributes"] == {"SigningEnabled": True}
    assert props["DkimSigningAttributes"] == {"NextSigningKeyLength": "RSA_2048_BIT"}
    assert "ConfigurationSetAttributes" in props


def test_the_configuration_set_keeps_reputation_and_requires_tls(synth: Synth, stage: str):
    props = synth.one(stage, "AWS::SES::ConfigurationSet", email=True)[1]["Properties"]
    assert props["Name"] == synth.stage(stage).configuration_set
    assert props["ReputationOptions"] == {"ReputationMetricsEnabled": True}
    assert props["DeliveryOptions"] == {"TlsPolicy": "REQUIRE"}  # emails carry temporary passwords
    assert sorted(props["SuppressionOptions"]["SuppressedReasons"]) == ["BOUNCE", "COMPLAINT"]


def test_bounces_and_complaints_become_metrics_and_logged_events(synth: Synth, stage: str):
    destinations = {
        d["Properties"]["EventDestination"]["Name"]: d["Properties"]["EventDestination"]
        for d in synth.resources(stage, "AWS::SES::ConfigurationSetEventDestination", email=True).values()
    }
    assert {"bounce", "complaint", "send", "delivery"} <= set(destinations["metrics"]["MatchingEventTypes"])
    assert "CloudWatchDestination" in destinations["metrics"]
    assert {"bounce", "complaint"} <= set(destinations["problems"]["MatchingEventTypes"])
    bus = destinations["problems"]["EventBridgeDestination"]["EventBusArn"]["Fn::Join"][1][-1]
    assert bus.endswith(":event-bus/default")
    rule = synth.one(stage, "AWS::Events::Rule", email=True)[1]["Properties"]
    assert {"Email Bounced", "Email Complaint Received"} <= set(rule["EventPattern"]["detail-type"])
    (target,) = rule["Targets"]
    assert target["Arn"]["Fn::Join"][1][-1].endswith(
        f":log-group:{problems_log_group_name(synth.stage(stage))}"
    )
    policy = synth.one(stage, "AWS::Logs::ResourcePolicy", email=True)[1]["Properties"]
    assert "events.amazonaws.com" in "".join(str(p) for p in policy["PolicyDocument"]["Fn::Join"][1])


def test_portal_is_deployed_after_its_email_stack(synth: Synth, stage: str):
    manifest = json.loads((synth.outdir / "manifest.json").read_text())
    assert manifest["artifacts"][f"Portal-{stage}"]["dependencies"].count(f"Portal-{stage}-email") == 1


def test_sandbox_recipients_are_identities_of_their_own_in_dev_only(synth: Synth, stage: str):
    """In the SES sandbox SES delivers only to verified identities (the functions' grant lists them)."""
    settings = synth.stage(stage)
    expected = {"dev": {"portal-ops-dev@wjec.co.uk"}, "prod": set()}[stage]
    assert set(settings.ses_sandbox_recipients) == expected
    assert set(_identities(synth, stage)) == {settings.domain, *expected}
    for recipient in expected:
        assert "DkimSigningAttributes" not in _identities(synth, stage)[recipient]


def test_the_problems_log_outlives_its_stack_only_where_the_stage_keeps_its_data(synth: Synth, stage: str):
    """Its name is fixed, so a retained log group would stop a destroyed dev stage deploying again."""
    (log_group,) = synth.resources(stage, "AWS::Logs::LogGroup", email=True).values()
    assert log_group["Properties"]["LogGroupName"] == problems_log_group_name(synth.stage(stage))
    assert log_group["DeletionPolicy"] == {"dev": "Delete", "prod": "Retain"}[stage]
