"""The app synthesizes offline, cdk-nag finds nothing unacknowledged, cfn-lint finds nothing."""

from __future__ import annotations

import json

import pytest
from cfnlint.api import lint

from infra.config import ROOT
from infra.nag import PACK
from tests.infra.assembly import STAGES, Synth

pytestmark = pytest.mark.infra

ACKNOWLEDGED_KEY = "aws:cdk:acknowledged-rules"
# Every finding the stacks may acknowledge: a new one must be added here, in review, on purpose.
ALLOWED = {
    "AwsSolutions-COG1",  # length over composition (NIST SP 800-63B, OWASP ASVS 6.2.5)
    "AwsSolutions-L1",  # runtime pinned to the Powertools layer's Python version
    "AwsSolutions-IAM5[Resource::*]",  # X-Ray; Cognito's SMS role (sns:Publish to phone numbers)
    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
    "AwsSolutions-APIG4",  # GET /health only
    "AwsSolutions-COG4",  # GET /health only
    "AwsSolutions-SMG4",  # the cursor-signing key is not rotated automatically
    # The console's hosting (infra/console.py)
    "AwsSolutions-CFR1",  # no geographic restriction: centres are not all in the UK
    "AwsSolutions-CFR2",  # no CloudFront web ACL for static files (it would live in us-east-1)
    "AwsSolutions-CFR4",  # *.cloudfront.net's fixed TLS policy, until a stage has console_domain
    # CDK's BucketDeployment function, which copies the console's build at deploy time
    "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
    "AwsSolutions-IAM5[Action::s3:Abort*]",
    "AwsSolutions-IAM5[Action::s3:DeleteObject*]",
    "AwsSolutions-IAM5[Action::s3:GetBucket*]",
    "AwsSolutions-IAM5[Action::s3:GetObject*]",
    "AwsSolutions-IAM5[Action::s3:List*]",
    "AwsSolutions-IAM5[Resource::arn:aws:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-eu-west-2/*]",
    "AwsSolutions-IAM5[Resource::<ConsoleSite26539DB4.Arn>/*]",
}
BUCKET_DEPLOYMENT = "Custom::CDKBucketDeployment"


def _acknowledgements(synth: Synth, stage: str) -> dict[str, dict[str, str]]:
    """construct path -> {rule: reason}, from both stacks of a stage."""
    found: dict[str, dict[str, str]] = {}
    for email in (False, True):
        for path, entries in synth.metadata(stage, email).items():
            for entry in entries:
                if entry["type"] == ACKNOWLEDGED_KEY:
                    found.setdefault(path, {}).update(entry["data"])
    return found


def test_cdk_nag_reports_no_finding(synth: Synth):
    """A finding interrupts synthesis; the fixture got this far, and the report (if any) agrees."""
    report = synth.outdir / "validation-report.json"
    if report.exists():
        plugins = json.loads(report.read_text())["pluginReports"]
        assert all(plugin["conclusion"] == "success" for plugin in plugins), plugins


def test_every_acknowledgement_is_expected_and_has_a_reason(synth: Synth, stage: str):
    found = _acknowledgements(synth, stage)
    rules = {rule.removeprefix(f"{PACK}::") for by_rule in found.values() for rule in by_rule}
    assert rules <= ALLOWED, f"unexpected acknowledgements: {rules - ALLOWED}"
    for path, by_rule in found.items():
        for rule, reason in by_rule.items():
            assert len(reason) >= 40, f"{path} {rule}: {reason!r}"


def test_public_route_and_x_ray_are_the_only_places_acknowledged_for_auth_and_wildcards(
    synth: Synth, stage: str
):
    found = _acknowledgements(synth, stage)
    auth = sorted(p for p, by_rule in found.items() if f"{PACK}::AwsSolutions-APIG4" in by_rule)
    assert auth == [f"/Portal-{stage}/Api/RestApi/Default/health/GET"]
    wildcards = sorted(
        p for p, by_rule in found.items() if f"{PACK}::AwsSolutions-IAM5[Resource::*]" in by_rule
    )
    assert all(p.endswith(("Role", "/smsRole")) or BUCKET_DEPLOYMENT in p for p in wildcards), wildcards
    deployment = [p for p, by_rule in found.items() if BUCKET_DEPLOYMENT in p]
    assert len(deployment) == 1  # the one function CDK shares between the console's two deployments


def test_every_acknowledgement_excuses_a_finding_cdk_nag_made(synth: Synth, stage: str):
    """No stale acknowledgement: each one was used by cdk-nag on its construct (or inside it)."""
    report = json.loads((synth.outdir / "validation-report.json").read_text())
    used = {
        (violation["ruleName"], construct["constructPath"])
        for plugin in report["pluginReports"]
        for violation in plugin["suppressedViolations"]
        for construct in violation["violatingConstructs"]
    }
    for path, by_rule in _acknowledgements(synth, stage).items():
        if not path.startswith(f"/Portal-{stage}/"):
            continue
        for rule in by_rule:
            name = rule.removeprefix(f"{PACK}::")
            assert any(r == name and f"/{p}".startswith(path) for r, p in used), (path, name)


@pytest.mark.parametrize("email", [False, True], ids=["portal", "email"])
@pytest.mark.parametrize("name", STAGES)
def test_cfn_lint_finds_no_error_or_warning(synth: Synth, name: str, email: bool):
    matches = lint(synth.template_path(name, email).read_text(), regions=["eu-west-2"])
    assert [str(m) for m in matches] == []


def test_cdk_json_keeps_synth_offline():
    cdk = json.loads((ROOT / "cdk.json").read_text())
    assert cdk["notices"] is False
    assert cdk["cli-telemetry"] is False
    assert cdk["versionReporting"] is False


def test_the_cdk_cli_is_pinned_and_locked():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    version = package["devDependencies"]["aws-cdk"]
    assert version[0].isdigit(), "pin an exact version"
    assert lock["packages"]["node_modules/aws-cdk"]["version"] == version


def test_the_portal_stack_outputs_what_frontends_and_operators_need(synth: Synth, stage: str):
    outputs = synth.template(stage)["Outputs"]
    assert {"ApiUrl", "UserPoolId", "UserPoolClientId", "AlarmTopicArn", "Dashboard"} <= set(outputs)
