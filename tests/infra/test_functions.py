"""Functions: runtime, layers, tracing and logs; and each role, read back from the template, allows
exactly the calls its function's code makes (written out here again, on purpose, for review)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from portal import constants as c

from infra.access import API_FUNCTIONS
from tests.infra.assembly import Synth, powertools_parameter, render

pytestmark = pytest.mark.infra

FUNCTION = "AWS::Lambda::Function"
Grant = tuple[str, str]  # (action, what it applies to)


def on(actions: Iterable[str], *resources: str) -> set[Grant]:
    return {(action, resource) for action in actions for resource in resources}


AUDIT_INDEXES = tuple(f"audit/index/{i}" for i, _, _ in c.AUDIT_INDEXES)
STATE_INDEXES = tuple(f"state/index/{i}" for i, _, _ in c.STATE_INDEXES)
EVERY_FUNCTION = (
    on(["logs:CreateLogStream", "logs:PutLogEvents"], "own log group")
    | on(["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "*")
    | on(["secretsmanager:GetSecretValue"], "cursor key")
    | on(["kms:Decrypt", "kms:DescribeKey"], "data key")
    | on(
        ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query"],
        "state",
        *STATE_INDEXES,
    )
)
KMS_WRITE = on(["kms:Encrypt", "kms:GenerateDataKey"], "data key")
WRITES = KMS_WRITE | on(
    ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"], "state"
)
AUDIT_APPEND = on(["dynamodb:PutItem"], "audit")
AUDIT_READ = on(["dynamodb:Query"], "audit", *AUDIT_INDEXES)
IDEMPOTENCY = on(
    ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], "idempotency"
)
SEND_EMAIL = on(["ses:SendEmail"], "ses identity", "ses configuration set")
# In the SES sandbox (dev), SES also checks the recipient's identity: each verified test recipient.
SANDBOX_RECIPIENTS = {
    "dev": on(["ses:SendEmail"], "ses sandbox recipient portal-ops-dev@wjec.co.uk"),
    "prod": set(),
}
DELETE_USER = ["cognito-idp:AdminUserGlobalSignOut", "cognito-idp:AdminDeleteUser"]
FIND_USER = ["cognito-idp:AdminGetUser", "cognito-idp:AdminListGroupsForUser"]

EXPECTED: dict[str, set[Grant]] = {
    "self_service": EVERY_FUNCTION
    | WRITES
    | AUDIT_APPEND
    | SEND_EMAIL
    | on(
        [
            "cognito-idp:AdminUpdateUserAttributes",
            "cognito-idp:AdminDeleteUserAttributes",
            "cognito-idp:AdminGetUser",
            "cognito-idp:AdminListGroupsForUser",  # a caller claiming the helpdesk group, checked
            "cognito-idp:AdminListUserAuthEvents",
            "cognito-idp:AdminSetUserMFAPreference",  # passkey sign-in on or off (PUT /me/mfa/passkey)
        ],
        "user pool",
    ),
    "centre_users": EVERY_FUNCTION
    | WRITES
    | AUDIT_APPEND
    | AUDIT_READ
    | IDEMPOTENCY
    | SEND_EMAIL
    | on(
        ["cognito-idp:AdminCreateUser", "cognito-idp:AdminSetUserPassword", *DELETE_USER, *FIND_USER],
        "user pool",
    ),
    "helpdesk": EVERY_FUNCTION
    | WRITES
    | AUDIT_APPEND
    | AUDIT_READ
    | IDEMPOTENCY
    | SEND_EMAIL
    | on(
        [
            "cognito-idp:AdminCreateUser",
            "cognito-idp:AdminSetUserPassword",
            *DELETE_USER,
            *FIND_USER,
            "cognito-idp:AdminSetUserMFAPreference",
            "cognito-idp:AdminDisableUser",
            "cognito-idp:AdminEnableUser",
            "cognito-idp:AdminListUserAuthEvents",
        ],
        "user pool",
    ),
    "custom_message": EVERY_FUNCTION,
    "post_authentication": EVERY_FUNCTION
    | WRITES
    | AUDIT_APPEND
    | on(["cognito-idp:AdminGetUser"], "user pool"),
    # Security notices: read the person, claim the event id, send; MFA methods from Cognito.
    "account_events": EVERY_FUNCTION
    | KMS_WRITE
    | IDEMPOTENCY
    | SEND_EMAIL
    | on(["cognito-idp:AdminGetUser"], "user pool"),
    "sign_in_activity": EVERY_FUNCTION
    | KMS_WRITE
    | IDEMPOTENCY
    | SEND_EMAIL
    | on(["cognito-idp:AdminGetUser"], "user pool"),
}


class Names:
    """Logical ids of the stack's resources, turned into the words EXPECTED uses."""

    def __init__(self, synth: Synth, stage: str, function: dict[str, Any]) -> None:
        self.by_id: dict[str, str] = {}
        settings = synth.stage(stage)
        for logical_id, table in synth.resources(stage, "AWS::DynamoDB::Table").items():
            self.by_id[logical_id] = table["Properties"]["TableName"].removeprefix(f"portal-{stage}-")
        self.by_id[synth.one(stage, "AWS::Cognito::UserPool")[0]] = "user pool"
        self.by_id[synth.one(stage, "AWS::SecretsManager::Secret")[0]] = "cursor key"
        for logical_id, key in synth.resources(stage, "AWS::KMS::Key").items():
            if "tables" in key["Properties"]["Description"]:
                self.by_id[logical_id] = "data key"
        self.by_id[function["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]] = "own log group"
        self.ses = {
            f":identity/{settings.domain}": "ses identity",
            f":configuration-set/{settings.configuration_set}": "ses configuration set",
            **{f":identity/{r}": f"ses sandbox recipient {r}" for r in settings.ses_sandbox_recipients},
        }

    def __call__(self, resource: Any) -> str:
        if resource == "*":
            return "*"
        if "Ref" in resource:
            return self.by_id[resource["Ref"]]
        if "Fn::GetAtt" in resource:
            return self.by_id[resource["Fn::GetAtt"][0]]
        parts = resource["Fn::Join"][1]
        if isinstance(parts[0], dict):  # <table arn>/index/<name>
            return self(parts[0]) + str(parts[1])
        return self.ses[str(parts[-1])]


def _function(synth: Synth, stage: str, name: str) -> tuple[str, dict[str, Any]]:
    wanted = synth.stage(stage).resource_name(name)
    (found,) = [
        (k, v)
        for k, v in synth.resources(stage, FUNCTION).items()
        if v["Properties"].get("FunctionName") == wanted
    ]
    return found


def _statements(synth: Synth, stage: str, function: dict[str, Any]) -> list[dict[str, Any]]:
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
    policies = [
        p
        for p in synth.resources(stage, "AWS::IAM::Policy").values()
        if {"Ref": role_id} in p["Properties"]["Roles"]
    ]
    assert len(policies) == 1
    statements: list[dict[str, Any]] = policies[0]["Properties"]["PolicyDocument"]["Statement"]
    return statements


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def granted(synth: Synth, stage: str, name: str) -> set[Grant]:
    _, function = _function(synth, stage, name)
    names = Names(synth, stage, function)
    grants: set[Grant] = set()
    for statement in _statements(synth, stage, function):
        assert statement["Effect"] == "Allow"
        for action in _as_list(statement["Action"]):
            for resource in _as_list(statement["Resource"]):
                grants.add((action, names(resource)))
    return grants


def _expected(stage: str, name: str) -> set[Grant]:
    return EXPECTED[name] | (SANDBOX_RECIPIENTS[stage] if EXPECTED[name] >= SEND_EMAIL else set())


@pytest.mark.parametrize("name", sorted(c.FUNCTIONS))
def test_each_role_allows_exactly_what_its_function_calls(synth: Synth, stage: str, name: str):
    grants = granted(synth, stage, name)
    assert grants - _expected(stage, name) == set(), "granted but not needed"
    assert _expected(stage, name) - grants == set(), "needed but not granted"


def test_functions_send_email_only_from_the_no_reply_sender(synth: Synth, stage: str):
    for name in ("centre_users", "helpdesk"):
        _, function = _function(synth, stage, name)
        (statement,) = [s for s in _statements(synth, stage, function) if s["Action"] == "ses:SendEmail"]
        assert statement["Condition"] == {"StringEquals": {"ses:FromAddress": synth.stage(stage).sender}}


def test_the_audit_table_is_append_only_for_every_function(synth: Synth, stage: str):
    for name in c.FUNCTIONS:
        on_audit = {a for a, r in granted(synth, stage, name) if r == "audit" or r.startswith("audit/")}
        assert on_audit <= {"dynamodb:PutItem", "dynamodb:Query"}, name


def test_no_scan_no_wildcard_action_and_star_only_for_x_ray(synth: Synth, stage: str):
    for name in c.FUNCTIONS:
        for action, resource in granted(synth, stage, name):
            assert action != "dynamodb:Scan" and "*" not in action, (name, action)
            if resource == "*":
                assert action.startswith("xray:"), (name, action)


def test_kms_is_used_only_through_dynamodb_and_secrets_manager(synth: Synth, stage: str):
    for name in c.FUNCTIONS:
        _, function = _function(synth, stage, name)
        for statement in _statements(synth, stage, function):
            if any(a.startswith("kms:") for a in _as_list(statement["Action"])):
                via = statement["Condition"]["StringEquals"]["kms:ViaService"]
                assert sorted(via) == [
                    "dynamodb.eu-west-2.amazonaws.com",
                    "secretsmanager.eu-west-2.amazonaws.com",
                ]


def test_one_role_per_function_trusting_lambda_only_without_managed_policies(synth: Synth, stage: str):
    roles = {_function(synth, stage, name)[1]["Properties"]["Role"]["Fn::GetAtt"][0] for name in c.FUNCTIONS}
    assert len(roles) == len(c.FUNCTIONS)
    all_roles = synth.resources(stage, "AWS::IAM::Role")
    for role_id in roles:
        role = all_roles[role_id]["Properties"]
        assert "ManagedPolicyArns" not in role
        (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
        assert trust["Principal"] == {"Service": "lambda.amazonaws.com"}


def test_python_on_arm64_with_powertools_and_our_layer_and_active_tracing(synth: Synth, stage: str):
    config = synth.config
    powertools = {"Ref": powertools_parameter(synth, stage)}
    (portal_layer,) = [
        k
        for k, v in synth.resources(stage, "AWS::Lambda::LayerVersion").items()
        if v["Properties"].get("Description", "").startswith("Portal's shared package")
    ]
    for name in c.FUNCTIONS:
        props = _function(synth, stage, name)[1]["Properties"]
        assert props["Runtime"] == config.runtime and props["Runtime"].startswith("python3.1")
        assert props["Architectures"] == ["arm64"]
        assert props["Handler"] == "handler.handler"
        assert props["TracingConfig"] == {"Mode": "Active"}
        assert sorted(props["Layers"], key=str) == sorted([powertools, {"Ref": portal_layer}], key=str)


def test_a_log_group_with_the_stage_retention_for_each_function(synth: Synth, stage: str):
    groups = synth.resources(stage, "AWS::Logs::LogGroup")
    seen = set()
    for name in c.FUNCTIONS:
        props = _function(synth, stage, name)[1]["Properties"]
        group = groups[props["LoggingConfig"]["LogGroup"]["Ref"]]["Properties"]
        assert group["RetentionInDays"] == synth.stage(stage).log_retention_days
        assert group["LogGroupName"] == f"/aws/lambda/{props['FunctionName']}"
        seen.add(group["LogGroupName"])
    assert len(seen) == len(c.FUNCTIONS)


def test_settings_reach_every_function_and_the_cursor_key_only_by_its_secret(synth: Synth, stage: str):
    settings = synth.stage(stage)
    secret = synth.one(stage, "AWS::SecretsManager::Secret")[0]
    for name in c.FUNCTIONS:
        env = _function(synth, stage, name)[1]["Properties"]["Environment"]["Variables"]
        for needed in (c.ENV_STATE_TABLE, c.ENV_AUDIT_TABLE, c.ENV_USER_POOL_ID, c.ENV_CONFIGURATION_SET):
            assert needed in env, (name, needed)
        assert env[c.ENV_SENDER] == settings.sender
        assert env[c.ENV_STAGE] == stage
        assert render(env[c.ENV_PORTAL_URL]) == synth.console_origin(stage)  # emails link to the console
        assert env[c.ENV_CURSOR_KEY_SECRET_ARN] == {"Ref": secret}
        assert c.ENV_CURSOR_KEY not in env  # the key itself never sits in the configuration
        assert (c.ENV_IDEMPOTENCY_TABLE in env) == (
            name in ("centre_users", "helpdesk", "account_events", "sign_in_activity")
        )


def test_the_api_functions_know_portals_own_app_client(synth: Synth, stage: str):
    """API Gateway's Cognito authorizer takes an access token of any client of the pool; the
    functions refuse the others (portal/http/caller.py), by this setting. The triggers need none."""
    client = synth.one(stage, "AWS::Cognito::UserPoolClient")[0]
    for name in c.FUNCTIONS:
        env = _function(synth, stage, name)[1]["Properties"]["Environment"]["Variables"]
        if name in API_FUNCTIONS:
            assert env[c.ENV_CLIENT_IDS] == {"Ref": client}, name
        else:
            assert c.ENV_CLIENT_IDS not in env, name
