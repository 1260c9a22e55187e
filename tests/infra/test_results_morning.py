"""Results morning in the template (issue 21; docs/capacity.md has the model behind the numbers):
the Cognito triggers have concurrency of their own in prod, every function starts from a SnapStart
snapshot and is invoked through its published `live` alias, and the dashboard's results-morning
row and the sign-in throttle alarm are there."""

from __future__ import annotations

import json
from typing import Any

import pytest
from portal import constants as c

from infra.access import API_FUNCTIONS, TRIGGER_FUNCTIONS
from infra.observability import COGNITO_CATEGORIES
from tests.infra.assembly import Synth, render

pytestmark = pytest.mark.infra

FUNCTION = "AWS::Lambda::Function"
ALIAS = "AWS::Lambda::Alias"


def _functions(synth: Synth, stage: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """name -> (logical id, properties)"""
    prefix = f"portal-{stage}-"
    found = {}
    for logical_id, resource in synth.resources(stage, FUNCTION).items():
        name = str(resource["Properties"].get("FunctionName", ""))
        if name.startswith(prefix):
            found[name.removeprefix(prefix).replace("-", "_")] = (logical_id, resource["Properties"])
    assert set(found) == set(c.FUNCTIONS)
    return found


def test_prod_reserves_concurrency_for_the_triggers_and_only_for_them(synth: Synth):
    """API traffic cannot starve the sign-in path: a throttled post-authentication fails a sign-in."""
    reserved = synth.stage("prod").results_morning.trigger_concurrency
    assert set(reserved) == set(TRIGGER_FUNCTIONS)
    assert reserved["post_authentication"] >= 150  # docs/capacity.md: the high case's peak, with room
    for name, (_, props) in _functions(synth, "prod").items():
        assert props.get("ReservedConcurrentExecutions") == reserved.get(name), name


def test_dev_reserves_nothing_a_new_account_could_not_spare(synth: Synth):
    for name, (_, props) in _functions(synth, "dev").items():
        assert "ReservedConcurrentExecutions" not in props, name


def test_every_function_starts_from_a_snapshot_of_its_published_version(synth: Synth, stage: str):
    aliases = synth.resources(stage, ALIAS)
    versions = synth.resources(stage, "AWS::Lambda::Version")
    for name, (logical_id, props) in _functions(synth, stage).items():
        assert props["SnapStart"] == {"ApplyOn": "PublishedVersions"}, name
        assert (
            props["Runtime"].startswith("python3.1") and int(props["Runtime"].removeprefix("python3.")) >= 12
        )
        (alias,) = [
            a["Properties"]
            for a in aliases.values()
            if a["Properties"]["FunctionName"] == {"Ref": logical_id}
        ]
        assert alias["Name"] == "live"
        version_id = alias["FunctionVersion"]["Fn::GetAtt"][0]
        assert versions[version_id]["Properties"]["FunctionName"] == {"Ref": logical_id}


def test_api_gateway_invokes_the_api_functions_through_their_alias(synth: Synth, stage: str):
    aliases = synth.resources(stage, ALIAS)
    invoked = set()
    for method in synth.resources(stage, "AWS::ApiGateway::Method").values():
        integration = method["Properties"].get("Integration", {})
        if integration.get("Type") != "AWS_PROXY":
            continue
        target = integration["Uri"]["Fn::Join"][1][1]
        assert set(target) == {"Ref"} and target["Ref"] in aliases, target
        invoked.add(target["Ref"])
    assert len(invoked) == len(API_FUNCTIONS)
    permitted = {
        p["Properties"]["FunctionName"]["Ref"]
        for p in synth.resources(stage, "AWS::Lambda::Permission").values()
        if p["Properties"]["Principal"] == "apigateway.amazonaws.com"
    }
    assert permitted == invoked  # API Gateway may invoke the aliases, and nothing unpublished


def test_cognito_invokes_the_triggers_through_their_alias(synth: Synth, stage: str):
    pool = synth.one(stage, "AWS::Cognito::UserPool")[1]["Properties"]
    arns = [render(arn) for arn in pool["LambdaConfig"].values()]
    assert sorted(a.rsplit(":function:", 1)[1] for a in arns) == [
        f"portal-{stage}-custom-message:live",
        f"portal-{stage}-post-authentication:live",
    ]


def _dashboard(synth: Synth, stage: str) -> dict[str, Any]:
    body = synth.one(stage, "AWS::CloudWatch::Dashboard")[1]["Properties"]["DashboardBody"]
    parsed: dict[str, Any] = json.loads(render(body))
    return parsed


def _row(synth: Synth, stage: str) -> dict[str, dict[str, Any]]:
    return {
        w["properties"]["title"]: w["properties"]
        for w in _dashboard(synth, stage)["widgets"]
        if str(w.get("properties", {}).get("title", "")).startswith("Results morning")
    }


def _lines(widget: dict[str, Any]) -> list[list[Any]]:
    return [line for line in widget["metrics"] if isinstance(line[0], str) and "." not in line[0][:1]]


def test_the_results_morning_row_watches_what_issue_21_names(synth: Synth, stage: str):
    row = _row(synth, stage)
    assert len(row) == 7
    cognito = row["Results morning: Cognito calls per minute, by quota category"]
    categories = [line[line.index("Resource") + 1] for line in _lines(cognito)]
    assert categories == list(COGNITO_CATEGORIES)
    assert all(line[:2] == ["AWS/Usage", "CallCount"] for line in _lines(cognito))
    assert cognito["annotations"]["horizontal"][0]["value"] == 120 * 60  # the default quota, per minute
    throttled = row["Results morning: Cognito throttled calls, by category"]
    assert {tuple(line[:2]) for line in _lines(throttled)} == {
        ("AWS/Usage", "ThrottleCount"),
        ("AWS/Cognito", "SignInThrottles"),
    }
    concurrency = row["Results morning: Lambda concurrency (max) per function"]
    named = {line[line.index("FunctionName") + 1] for line in _lines(concurrency) if "FunctionName" in line}
    assert named == {f"{{{logical_id}}}" for logical_id, _ in _functions(synth, stage).values()}
    assert any(
        line[:2] == ["AWS/Lambda", "ConcurrentExecutions"] and len(line) == 3 for line in _lines(concurrency)
    )
    throttles = row["Results morning: Lambda throttles per function"]
    assert {line[1] for line in _lines(throttles)} == {"Throttles"} and len(_lines(throttles)) == len(
        c.FUNCTIONS
    )
    latency = row["Results morning: API p99 latency (ms)"]
    assert latency["metrics"][0][-1]["stat"] == "p99"
    errors = row["Results morning: API requests, 4xx (429s among them) and 5xx per minute"]
    assert {line[1] for line in _lines(errors)} == {"Count", "4XXError", "5XXError"}
    assert "Results morning: DynamoDB throttles per minute" in row
    for title, widget in row.items():
        options = [line[-1] for line in widget["metrics"] if isinstance(line[-1], dict)]
        assert options and all(o.get("period") == 60 for o in options), title  # one-minute resolution


def test_an_alarm_on_any_throttled_cognito_sign_in(synth: Synth, stage: str):
    alarms = {
        a["Properties"]["AlarmName"]: a["Properties"]
        for a in synth.resources(stage, "AWS::CloudWatch::Alarm").values()
    }
    alarm = alarms[f"portal-{stage}-cognito-sign-in-throttles"]
    assert alarm["Threshold"] == 1 and alarm["EvaluationPeriods"] == 1
    stats = [q["MetricStat"] for q in alarm["Metrics"] if "MetricStat" in q]
    assert {(s["Metric"]["Namespace"], s["Metric"]["MetricName"]) for s in stats} == {
        ("AWS/Usage", "ThrottleCount"),
        ("AWS/Cognito", "SignInThrottles"),
    }
    quota = next(s for s in stats if s["Metric"]["Namespace"] == "AWS/Usage")
    assert {d["Name"]: d["Value"] for d in quota["Metric"]["Dimensions"]}["Resource"] == "UserAuthentication"
    assert all(s["Period"] == 60 for s in stats)
