"""A dev stage can be destroyed and deployed again: nothing it leaves behind holds a name the next
deploy needs. (Prod keeps its data and logs on purpose, and has termination protection.)"""

from __future__ import annotations

import pytest

from tests.infra.assembly import Synth

pytestmark = pytest.mark.infra

# The property that names each kind of resource the stacks create, where a name must be unique.
NAMES = {
    "AWS::Logs::LogGroup": "LogGroupName",
    "AWS::DynamoDB::Table": "TableName",
    "AWS::SecretsManager::Secret": "Name",
    "AWS::S3::Bucket": "BucketName",
    "AWS::KMS::Alias": "AliasName",
    "AWS::Lambda::Function": "FunctionName",
    "AWS::Lambda::LayerVersion": "LayerName",
    "AWS::IAM::Role": "RoleName",
    "AWS::SNS::Topic": "TopicName",
    "AWS::SES::ConfigurationSet": "Name",
    "AWS::SES::EmailIdentity": "EmailIdentity",
    "AWS::Events::Rule": "Name",
    "AWS::Logs::ResourcePolicy": "PolicyName",
    "AWS::CloudWatch::Dashboard": "DashboardName",
    "AWS::CloudWatch::Alarm": "AlarmName",
    "AWS::WAFv2::WebACL": "Name",
    "AWS::CloudFront::ResponseHeadersPolicy": "ResponseHeadersPolicyConfig",
}
RETAINED = ("Retain", "RetainExceptOnCreate")


@pytest.mark.parametrize("email", [False, True], ids=["portal", "email"])
def test_nothing_a_destroyed_dev_stage_leaves_behind_has_a_fixed_name(synth: Synth, email: bool):
    left = {
        logical_id: resource
        for logical_id, resource in synth.template("dev", email)["Resources"].items()
        if resource.get("DeletionPolicy") in RETAINED or resource.get("UpdateReplacePolicy") in RETAINED
    }
    named = [k for k, r in left.items() if NAMES.get(r["Type"], "") in r.get("Properties", {})]
    assert named == []
    # What stays: API Gateway's account-wide logging role and setting, the shared layer's old versions.
    assert {r["Type"] for r in left.values()} <= {
        "AWS::IAM::Role",
        "AWS::ApiGateway::Account",
        "AWS::Lambda::LayerVersion",
    }


def test_dev_data_goes_with_its_stack_and_its_buckets_are_emptied_first(synth: Synth):
    for kind in ("AWS::DynamoDB::Table", "AWS::Logs::LogGroup", "AWS::S3::Bucket", "AWS::KMS::Key"):
        for logical_id, resource in synth.resources("dev", kind).items():
            assert resource.get("DeletionPolicy") == "Delete", logical_id
    buckets = synth.resources("dev", "AWS::S3::Bucket")
    emptied = {
        r["Properties"]["BucketName"]["Ref"]
        for r in synth.resources("dev", "Custom::S3AutoDeleteObjects").values()
    }
    assert emptied == set(buckets)


def test_no_secret_has_a_name_that_secrets_manager_would_hold_after_deletion(synth: Synth, stage: str):
    """A deleted secret keeps its name for 7 to 30 days: re-creating it by name would fail."""
    for secret in synth.resources(stage, "AWS::SecretsManager::Secret").values():
        assert "Name" not in secret["Properties"]


def test_prod_keeps_its_data_logs_and_console(synth: Synth):
    for kind in ("AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SecretsManager::Secret"):
        for logical_id, resource in synth.resources("prod", kind).items():
            assert resource.get("DeletionPolicy") == "Retain", logical_id
    assert not synth.resources("prod", "Custom::S3AutoDeleteObjects")
