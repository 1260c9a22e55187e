"""Observability: one dashboard per stage with what operations watch, and alarms that reach them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from portal import constants as c
from portal.http.observability import Business

from infra.observability import BUSINESS_METRICS
from tests.infra.assembly import Synth

pytestmark = pytest.mark.infra


def _dashboard(synth: Synth, stage: str) -> str:
    """The dashboard body with tokens replaced by their logical ids: enough to search."""
    body = synth.one(stage, "AWS::CloudWatch::Dashboard")[1]["Properties"]["DashboardBody"]
    return "".join(part if isinstance(part, str) else json.dumps(part) for part in body["Fn::Join"][1])


def _alarms(synth: Synth, stage: str) -> dict[str, dict[str, Any]]:
    return {
        a["Properties"]["AlarmName"].removeprefix(f"portal-{stage}-"): a["Properties"]
        for a in synth.resources(stage, "AWS::CloudWatch::Alarm").values()
    }


def test_the_dashboard_metric_names_match_the_business_events_the_code_publishes():
    assert set(BUSINESS_METRICS) == {event.value for event in Business}


@pytest.mark.parametrize(
    "shown",
    [
        '"AWS/ApiGateway","Count"',
        '"AWS/ApiGateway","4XXError"',
        '"AWS/ApiGateway","5XXError"',
        '"stat":"p50"',
        '"stat":"p90"',
        '"stat":"p99"',
        '"AWS/Lambda","Invocations"',
        '"AWS/Lambda","Errors"',
        '"AWS/Lambda","Throttles"',
        '"AWS/Lambda","Duration"',
        '"AWS/DynamoDB","ReadThrottleEvents"',
        '"AWS/DynamoDB","SystemErrors"',
        '"AWS/Cognito","SignInSuccesses"',
        '"AWS/Cognito","SignInThrottles"',
        '"AWS/SES","Send"',
        '"AWS/SES","Bounce"',
        '"AWS/SES","Complaint"',
        '"AWS/WAFV2","BlockedRequests"',
        *(f'"{c.METRICS_NAMESPACE}","{name}"' for name in BUSINESS_METRICS),
    ],
)
def test_the_dashboard_shows(synth: Synth, stage: str, shown: str):
    assert shown in _dashboard(synth, stage)


def test_the_dashboard_shows_every_function(synth: Synth, stage: str):
    body = _dashboard(synth, stage)
    for name in c.FUNCTIONS:
        assert f"{name}: duration p99" in body


def test_the_alarms_operations_need(synth: Synth, stage: str):
    names = set(_alarms(synth, stage))
    expected = {
        "api-5xx-rate",
        "api-latency-p99",
        "ses-bounce-rate",
        "ses-complaint-rate",
        "waf-blocks-surge",
        *(f"{name.replace('_', '-')}-errors" for name in c.FUNCTIONS),
        *(f"{table}-table-throttles" for table in ("state", "audit", "idempotency")),
    }
    assert names == expected


def test_ses_alarms_fire_before_ses_pauses_sending(synth: Synth, stage: str):
    alarms = _alarms(synth, stage)
    bounce, complaint = alarms["ses-bounce-rate"], alarms["ses-complaint-rate"]
    assert bounce["MetricName"] == "Reputation.BounceRate" and bounce["Threshold"] < 0.10
    assert complaint["MetricName"] == "Reputation.ComplaintRate" and complaint["Threshold"] < 0.005


def test_every_alarm_and_recovery_reaches_the_encrypted_topic(synth: Synth, stage: str):
    topic_id, topic = synth.one(stage, "AWS::SNS::Topic")
    assert "KmsMasterKeyId" in topic["Properties"]
    for name, alarm in _alarms(synth, stage).items():
        assert alarm["AlarmActions"] == [{"Ref": topic_id}], name
        assert alarm["OKActions"] == [{"Ref": topic_id}], name
        assert alarm["TreatMissingData"] == "notBreaching"


def test_the_topic_mails_the_stage_alarm_address_over_tls_only(synth: Synth, stage: str):
    subscription = synth.one(stage, "AWS::SNS::Subscription")[1]["Properties"]
    assert subscription["Protocol"] == "email"
    assert subscription["Endpoint"] == synth.stage(stage).alarm_email
    policy = synth.one(stage, "AWS::SNS::TopicPolicy")[1]["Properties"]["PolicyDocument"]
    (deny,) = [s for s in policy["Statement"] if s["Effect"] == "Deny"]
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
