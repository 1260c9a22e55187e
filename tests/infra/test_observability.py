"""Observability: one dashboard per stage with what operations watch, and alarms that reach them."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from portal import constants as c
from portal.observability import Business

from infra.observability import BUSINESS_METRICS, SIGN_IN_METRICS_NAMESPACE
from tests.infra.assembly import Synth, render

pytestmark = pytest.mark.infra


def _dashboard(synth: Synth, stage: str) -> str:
    """The dashboard body with tokens replaced by their logical ids: enough to search."""
    body = synth.one(stage, "AWS::CloudWatch::Dashboard")[1]["Properties"]["DashboardBody"]
    return "".join(part if isinstance(part, str) else json.dumps(part) for part in body["Fn::Join"][1])


# What AWS publishes: (namespace, metric) -> the dimension sets it is published with (AWS's
# "metrics and dimensions" page of each service). A metric asked for with another set stays empty.
API = [{"ApiName"}, {"ApiName", "Stage"}, {"ApiName", "Method", "Resource", "Stage"}]
LAMBDA = [{"FunctionName"}, {"FunctionName", "Resource"}, {"FunctionName", "ExecutedVersion"}, set()]
TABLE_THROTTLES = [{"TableName"}, {"TableName", "GlobalSecondaryIndexName"}]
PER_OPERATION = [{"TableName", "Operation"}]
COGNITO = [{"UserPool", "UserPoolClient"}]
SES_EVENTS = [{"ses:configuration-set"}, set()]  # the event destination's dimension; or the account
PUBLISHED: dict[tuple[str, str], list[set[str]]] = {
    **{
        ("AWS/ApiGateway", m): API for m in ("Count", "4XXError", "5XXError", "Latency", "IntegrationLatency")
    },
    **{("AWS/Lambda", m): LAMBDA for m in ("Invocations", "Errors", "Throttles", "Duration")},
    **{("AWS/DynamoDB", m): TABLE_THROTTLES for m in ("ReadThrottleEvents", "WriteThrottleEvents")},
    **{("AWS/DynamoDB", m): PER_OPERATION for m in ("SystemErrors", "ThrottledRequests", "UserErrors")},
    **{("AWS/Cognito", m): COGNITO for m in ("SignInSuccesses", "SignInThrottles", "TokenRefreshSuccesses")},
    **{
        ("AWS/SES", m): SES_EVENTS
        for m in ("Send", "Delivery", "Bounce", "Complaint", "Reject", "RenderingFailure", "DeliveryDelay")
    },
    **{("AWS/SES", m): [set()] for m in ("Reputation.BounceRate", "Reputation.ComplaintRate")},
    ("AWS/WAFV2", "BlockedRequests"): [{"WebACL", "Region", "Rule"}],
    ("AWS/Lambda", "ConcurrentExecutions"): LAMBDA,
    # Cognito's quota usage: one series per category (Resource), for every pool of the account.
    **{("AWS/Usage", m): [{"Service", "Type", "Resource", "Class"}] for m in ("CallCount", "ThrottleCount")},
    # Powertools publishes Portal's business events with the service as their one dimension.
    **{(c.METRICS_NAMESPACE, m): [{"service"}] for m in BUSINESS_METRICS},
    # Threat protection ("Viewing threat protection metrics"): by operation and risk level.
    **{
        ("AWS/Cognito", m): [{"Operation", "RiskLevel", "UserPoolId"}]
        for m in ("AccountTakeoverRisk", "CompromisedCredentialRisk", "OverrideBlock")
    },
    # The user-activity log's metric filters (infra/security.py) publish without dimensions.
    **{(SIGN_IN_METRICS_NAMESPACE, m): [set()] for m in ("SignInSuccesses", "SignInFailures")},
}
SEARCH = re.compile(r"SEARCH\('\{([^}]*)\}[^']*MetricName=\\?\"([^\"\\]+)")


def _dashboard_metrics(synth: Synth, stage: str) -> list[tuple[str, str, set[str]]]:
    """(namespace, metric, dimension names) of every metric and SEARCH on the dashboard."""
    body = json.loads(
        render(synth.one(stage, "AWS::CloudWatch::Dashboard")[1]["Properties"]["DashboardBody"])
    )
    found = []
    for widget in body["widgets"]:
        for line in widget.get("properties", {}).get("metrics", []):
            fields = [f for f in line if isinstance(f, str)]
            if fields:
                found.append((fields[0], fields[1], set(fields[2::2])))
            for option in (f for f in line if isinstance(f, dict)):
                for schema, metric in SEARCH.findall(option.get("expression", "")):
                    namespace, *dimensions = (part.strip() for part in schema.split(","))
                    found.append((namespace, metric, set(dimensions)))
    return found


def _alarm_metrics(synth: Synth, stage: str) -> list[tuple[str, str, set[str]]]:
    found = []
    for alarm in synth.resources(stage, "AWS::CloudWatch::Alarm").values():
        props = alarm["Properties"]
        metrics = (
            [props]
            if "MetricName" in props
            else [q["MetricStat"]["Metric"] for q in props["Metrics"] if "MetricStat" in q]
        )
        for metric in metrics:
            dimensions = {d["Name"] for d in metric.get("Dimensions", [])}
            found.append((metric["Namespace"], metric["MetricName"], dimensions))
    return found


def test_every_widget_and_alarm_asks_for_a_metric_with_dimensions_aws_publishes(synth: Synth, stage: str):
    asked = _dashboard_metrics(synth, stage) + _alarm_metrics(synth, stage)
    assert len(asked) > 40
    wrong = [
        (namespace, metric, sorted(dimensions))
        for namespace, metric, dimensions in asked
        if dimensions not in PUBLISHED.get((namespace, metric), [])
    ]
    assert wrong == []


def test_system_errors_are_summed_over_every_operation_of_each_table(synth: Synth, stage: str):
    searches = [m for m in _dashboard_metrics(synth, stage) if m[1] == "SystemErrors"]
    assert searches == [("AWS/DynamoDB", "SystemErrors", {"Operation", "TableName"})] * 3


def test_throttles_count_each_global_secondary_index_too(synth: Synth, stage: str):
    indexes = {
        name
        for namespace, name, dimensions in _alarm_metrics(synth, stage)
        if "GlobalSecondaryIndexName" in dimensions
    }
    assert indexes == {"ReadThrottleEvents", "WriteThrottleEvents"}
    per_index = [a for a in _alarm_metrics(synth, stage) if "GlobalSecondaryIndexName" in a[2]]
    indexes_in_template = sum(
        len(table["Properties"].get("GlobalSecondaryIndexes", []))
        for table in synth.resources(stage, "AWS::DynamoDB::Table").values()
    )
    assert len(per_index) == 2 * indexes_in_template  # reads and writes of every index


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
        '"AWS/Cognito","SignInSuccesses"',
        '"AWS/Cognito","SignInThrottles"',
        '"AWS/SES","Send"',
        '"AWS/SES","Bounce"',
        '"AWS/SES","Complaint"',
        '"AWS/WAFV2","BlockedRequests"',
        *(f'"{c.METRICS_NAMESPACE}","{name}"' for name in BUSINESS_METRICS),
        '"AWS/Usage","CallCount"',
        '"AWS/Usage","ThrottleCount"',
        '"AWS/Lambda","ConcurrentExecutions"',
    ],
)
def test_the_dashboard_shows(synth: Synth, stage: str, shown: str):
    assert shown in _dashboard(synth, stage)


def test_the_dashboard_shows_every_function(synth: Synth, stage: str):
    body = _dashboard(synth, stage)
    for name in c.FUNCTIONS:
        assert f"{name}: duration p99" in body


def _throttle_alarms() -> list[str]:
    """One per table, and one more per 5 scopes beyond the first 5 (an alarm's math takes 10 metrics)."""
    scopes = {"state": 1 + len(c.STATE_INDEXES), "audit": 1 + len(c.AUDIT_INDEXES), "idempotency": 1}
    return [
        f"{table}-table-throttles" + (f"-{n + 1}" if n else "")
        for table, count in scopes.items()
        for n in range(-(-count // 5))
    ]


def test_the_alarms_operations_need(synth: Synth, stage: str):
    names = set(_alarms(synth, stage))
    expected = {
        "api-5xx-rate",
        "api-latency-p99",
        "ses-bounce-rate",
        "ses-complaint-rate",
        "waf-blocks-surge",
        "cognito-waf-blocks-surge",
        "sign-in-failures-burst",
        "cognito-sign-in-throttles",
        *(f"{name.replace('_', '-')}-errors" for name in c.FUNCTIONS),
        *_throttle_alarms(),
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


def test_the_dashboard_has_a_row_for_sign_ins(synth: Synth, stage: str):
    body = _dashboard(synth, stage)
    for title in (
        "Sign-ins: successes and failures",
        "Sign-ins: blocked by the firewall",
        "Sign-ins: threat protection's risk decisions",
    ):
        assert title in body
    for metric in ("SignInSuccesses", "SignInFailures"):
        assert f'"{SIGN_IN_METRICS_NAMESPACE}","{metric}"' in body
    for metric in ("AccountTakeoverRisk", "CompromisedCredentialRisk", "OverrideBlock"):
        assert metric in body


def test_a_burst_of_failed_sign_ins_and_a_surge_of_blocked_sign_in_calls_alarm(synth: Synth, stage: str):
    alarms, settings = _alarms(synth, stage), synth.stage(stage).alarms

    def metric(alarm: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = alarm.get("Metrics", [{}])[0].get("MetricStat", {}).get("Metric", alarm)
        return found

    failures = alarms["sign-in-failures-burst"]
    assert (metric(failures)["Namespace"], metric(failures)["MetricName"]) == (
        SIGN_IN_METRICS_NAMESPACE,
        "SignInFailures",
    )
    assert failures["Threshold"] == settings.sign_in_failures_per_5_minutes
    blocked = alarms["cognito-waf-blocks-surge"]
    assert {d["Name"]: d["Value"] for d in metric(blocked)["Dimensions"]}[
        "WebACL"
    ] == f"portal-{stage}-cognito"
    assert blocked["Threshold"] == settings.cognito_waf_blocked_per_5_minutes
