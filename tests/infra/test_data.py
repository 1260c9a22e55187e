"""Data: three tables keyed as portal.constants says, on demand, recoverable, encrypted by our key."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk.assertions import Match
from portal import constants as c

from tests.infra.assembly import Synth

pytestmark = pytest.mark.infra

TABLE = "AWS::DynamoDB::Table"


def _tables(synth: Synth, stage: str) -> dict[str, dict[str, Any]]:
    """table name suffix (state, audit, idempotency) -> resource."""
    prefix = f"portal-{stage}-"
    return {
        v["Properties"]["TableName"].removeprefix(prefix): v for v in synth.resources(stage, TABLE).values()
    }


def _keys(schema: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(k["AttributeName"], k["KeyType"]) for k in schema]


def test_three_tables_on_demand_recoverable_and_encrypted_by_the_stage_key(synth: Synth, stage: str):
    tables = _tables(synth, stage)
    assert set(tables) == {"state", "audit", "idempotency"}
    keys = {
        k
        for k, v in synth.resources(stage, "AWS::KMS::Key").items()
        if "tables" in v["Properties"]["Description"]
    }
    for table in tables.values():
        props = table["Properties"]
        assert props["BillingMode"] == "PAY_PER_REQUEST"
        assert props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
        assert props["SSESpecification"]["SSEEnabled"] is True
        assert props["SSESpecification"]["SSEType"] == "KMS"
        assert props["SSESpecification"]["KMSMasterKeyId"]["Fn::GetAtt"][0] in keys


def test_every_key_rotates_and_every_table_is_recoverable(synth: Synth, stage: str):
    template = synth.assertions(stage)
    template.all_resources_properties("AWS::KMS::Key", {"EnableKeyRotation": True})
    template.resource_count_is(TABLE, 3)
    template.all_resources_properties(
        TABLE,
        {
            "BillingMode": "PAY_PER_REQUEST",
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
            "SSESpecification": Match.object_like({"SSEEnabled": True, "SSEType": "KMS"}),
        },
    )


def test_tables_are_protected_in_prod_only(synth: Synth, stage: str):
    protected = stage == "prod"
    for table in _tables(synth, stage).values():
        assert table["Properties"]["DeletionProtectionEnabled"] is protected
        assert table["DeletionPolicy"] == ("Retain" if protected else "Delete")


def test_the_state_table_has_the_keys_and_indexes_the_adapters_use(synth: Synth, stage: str):
    state = _tables(synth, stage)["state"]["Properties"]
    assert _keys(state["KeySchema"]) == [(c.STATE_PK, "HASH"), (c.STATE_SK, "RANGE")]
    indexes = {i["IndexName"]: _keys(i["KeySchema"]) for i in state["GlobalSecondaryIndexes"]}
    assert indexes == {
        c.BY_USER_INDEX: [(c.BY_USER_PK, "HASH"), (c.BY_USER_SK, "RANGE")],
        c.BY_TYPE_INDEX: [(c.BY_TYPE_PK, "HASH"), (c.MEMBER_STATUS_SK, "RANGE")],
        c.BY_STATUS_INDEX: [(c.STATE_PK, "HASH"), (c.MEMBER_STATUS_SK, "RANGE")],
    }
    assert {i["Projection"]["ProjectionType"] for i in state["GlobalSecondaryIndexes"]} == {"ALL"}
    assert "TimeToLiveSpecification" not in state


def test_the_audit_table_expires_records_and_indexes_every_view(synth: Synth, stage: str):
    audit = _tables(synth, stage)["audit"]["Properties"]
    assert _keys(audit["KeySchema"]) == [(c.AUDIT_PK, "HASH"), (c.AUDIT_SK, "RANGE")]
    assert audit["TimeToLiveSpecification"] == {"AttributeName": c.AUDIT_TTL, "Enabled": True}
    indexes = {i["IndexName"]: _keys(i["KeySchema"]) for i in audit["GlobalSecondaryIndexes"]}
    assert indexes == {
        c.AUDIT_EVERYTHING_INDEX: [(c.AUDIT_EVERYTHING_PK, "HASH"), (c.AUDIT_SK, "RANGE")],
        c.AUDIT_BY_ACTOR_INDEX: [(c.AUDIT_BY_ACTOR_PK, "HASH"), (c.AUDIT_SK, "RANGE")],
        c.AUDIT_BY_TARGET_INDEX: [(c.AUDIT_BY_TARGET_PK, "HASH"), (c.AUDIT_SK, "RANGE")],
        c.AUDIT_BY_CENTRE_ACTOR_INDEX: [(c.AUDIT_BY_CENTRE_ACTOR_PK, "HASH"), (c.AUDIT_SK, "RANGE")],
        c.AUDIT_BY_CENTRE_TARGET_INDEX: [(c.AUDIT_BY_CENTRE_TARGET_PK, "HASH"), (c.AUDIT_SK, "RANGE")],
        c.AUDIT_BY_ACTOR_TARGET_INDEX: [(c.AUDIT_BY_ACTOR_TARGET_PK, "HASH"), (c.AUDIT_SK, "RANGE")],
        c.AUDIT_BY_ALL_INDEX: [(c.AUDIT_BY_ALL_PK, "HASH"), (c.AUDIT_SK, "RANGE")],
    }


def test_the_idempotency_table_is_keyed_and_expired_as_powertools_expects(synth: Synth, stage: str):
    table = _tables(synth, stage)["idempotency"]["Properties"]
    assert _keys(table["KeySchema"]) == [(c.IDEMPOTENCY_PK, "HASH")]
    assert table["TimeToLiveSpecification"] == {"AttributeName": c.IDEMPOTENCY_TTL, "Enabled": True}


def test_the_cursor_key_is_a_generated_secret_under_the_data_key(synth: Synth, stage: str):
    secret = synth.one(stage, "AWS::SecretsManager::Secret")[1]["Properties"]
    assert secret["GenerateSecretString"]["PasswordLength"] >= 32
    assert "SecretString" not in secret
    assert "KmsKeyId" in secret
