"""Functions: the five Lambda functions, built by one factory, each with its own role and logs.

Every function gets the same runtime, layers (AWS's public Powertools layer of the release that
requirements.txt pins, found at deploy time through AWS's public SSM parameter; our package from
`layers/portal` as it is on disk with the wheels its requirements pin: `infra/layer.py`, no
Docker), tracing and settings; what differs is its code folder and the access listed for it in
`infra/access.py`, from which its role is written statement by statement.
No managed policies, no wildcards except X-Ray's, which has no resources.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aws_cdk import Annotations, CfnResource, Duration, RemovalPolicy, Stack
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_ssm as ssm
from constructs import Construct
from portal import constants as c

from infra.access import (
    ACCESS,
    API_FUNCTIONS,
    AUDIT_APPEND,
    AUDIT_READ,
    IDEMPOTENCY,
    READ_SECRET,
    SEND_EMAIL,
    STATE_READ,
    STATE_WRITE,
    TRIGGER_FUNCTIONS,
    Access,
    AuditAccess,
    StateAccess,
)
from infra.config import ROOT, PortalConfig, Stage, retention
from infra.data import Data
from infra.layer import layer_code
from infra.nag import acknowledge

ASSET_EXCLUDE = ["**/__pycache__", "**/*.pyc", "**/.mypy_cache", "**/.pytest_cache"]
KMS_READ = ("kms:Decrypt", "kms:DescribeKey")
KMS_WRITE = ("kms:Encrypt", "kms:GenerateDataKey")
LOGS_WRITE = ("logs:CreateLogStream", "logs:PutLogEvents")  # what LogGroup.grant_write allows
XRAY_WRITE = ("xray:PutTraceSegments", "xray:PutTelemetryRecords")  # what Tracing.ACTIVE allows
ARCHITECTURES = {"arm64": lambda_.Architecture.ARM_64, "x86_64": lambda_.Architecture.X86_64}
# With SnapStart, API Gateway and Cognito invoke each function through this alias of its latest
# published version: $LATEST never starts from a snapshot.
LIVE_ALIAS = "live"


@dataclass(frozen=True, slots=True)
class EmailRefs:
    """The SES identities and configuration set, by ARN: they live in the stage's email stack.

    In the SES sandbox SES authorises a send against the recipient's identity too, so the
    sandbox recipients' identities are listed with the domain's.
    """

    identity_arn: str
    configuration_set_arn: str
    sandbox_recipient_arns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Frontend:
    """Where people reach the console (links in emails) and the origins CORS answers."""

    url: str
    origins: tuple[str, ...]


class Functions(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: PortalConfig,
        stage: Stage,
        data: Data,
        user_pool: cognito.IUserPool,
        client_ids: Sequence[str],
        email: EmailRefs,
        frontend: Frontend,
    ) -> None:
        super().__init__(scope, construct_id)
        self._config = config
        self._stage = stage
        self._data = data
        self._user_pool = user_pool
        self._client_ids = tuple(client_ids)
        self._email = email
        self._frontend = frontend
        self._runtime = lambda_.Runtime(
            config.runtime, lambda_.RuntimeFamily.PYTHON, supports_snap_start=stage.results_morning.snapstart
        )
        self._architecture = ARCHITECTURES[config.architecture]
        self.powertools_parameter = config.powertools.parameter_name(config.runtime, config.architecture)
        self._layers = [
            lambda_.LayerVersion.from_layer_version_arn(
                self,
                "Powertools",
                ssm.StringParameter.value_for_string_parameter(self, self.powertools_parameter),
            ),
            lambda_.LayerVersion(
                self,
                "Portal",
                code=layer_code(),
                compatible_runtimes=[self._runtime],
                compatible_architectures=[self._architecture],
                description="Portal's shared package (domain, service, adapters, http, emails)",
                removal_policy=RemovalPolicy.RETAIN,
            ),
        ]
        self.by_name: dict[str, lambda_.Function] = {
            name: self._build(name, description, ACCESS[name]) for name, description in c.FUNCTIONS.items()
        }
        # What API Gateway and Cognito invoke: the alias of the latest published version (its
        # snapshot) with SnapStart, else the function itself.
        self.invoked: dict[str, lambda_.IFunction] = {
            name: self._live(name, function) if stage.results_morning.snapstart else function
            for name, function in self.by_name.items()
        }

    def _live(self, name: str, function: lambda_.Function) -> lambda_.Alias:
        construct_id = "".join(part.title() for part in name.split("_"))
        return lambda_.Alias(
            self,
            f"{construct_id}Live",
            alias_name=LIVE_ALIAS,
            version=function.current_version,
            description="The published version API Gateway and Cognito invoke (SnapStart)",
        )

    def qualified_name(self, name: str) -> str:
        """`portal-<stage>-<name>[:live]`: how Cognito names the trigger it invokes."""
        plain = self.function_name(name)
        return f"{plain}:{LIVE_ALIAS}" if self._stage.results_morning.snapstart else plain

    def function_name(self, name: str) -> str:
        """Fixed names: the user pool names its triggers by ARN, which breaks the cycle pool ↔ function."""
        return self._stage.resource_name(name)

    def _environment(self, access: Access, api: bool) -> dict[str, str]:
        """The settings; an API function also names the app clients whose tokens are Portal's
        (API Gateway's Cognito authorizer takes any client of the pool: portal/http/caller.py)."""
        data, stage = self._data, self._stage
        environment = {
            c.ENV_STATE_TABLE: data.state.table_name,
            c.ENV_AUDIT_TABLE: data.audit.table_name,
            c.ENV_USER_POOL_ID: self._user_pool.user_pool_id,
            c.ENV_SENDER: stage.sender,
            c.ENV_CONFIGURATION_SET: stage.configuration_set,
            c.ENV_BRAND: stage.brand,
            c.ENV_PORTAL_URL: self._frontend.url,
            c.ENV_HELPDESK_EMAIL: stage.helpdesk_email,
            c.ENV_STAGE: stage.name,
            c.ENV_CORS_ORIGINS: ",".join(self._frontend.origins),
            c.ENV_CURSOR_KEY_SECRET_ARN: data.cursor_key.secret_arn,
            "POWERTOOLS_SERVICE_NAME": c.SERVICE_NAME,
            "POWERTOOLS_METRICS_NAMESPACE": c.METRICS_NAMESPACE,
            "POWERTOOLS_LOG_LEVEL": "INFO",
        }
        if access.idempotency:
            environment[c.ENV_IDEMPOTENCY_TABLE] = data.idempotency.table_name
        if api:
            environment[c.ENV_CLIENT_IDS] = ",".join(self._client_ids)
        return environment

    def _build(self, name: str, description: str, access: Access) -> lambda_.Function:
        """The one factory: role, policy, log group and function for one folder under lambdas/.

        The function gets its role `without_policy_updates()`, so every statement the role holds
        is written here, in one policy that this code holds (no lookup of CDK's DefaultPolicy),
        including the statements CDK would add for tracing and logs.
        """
        folder = ROOT / "lambdas" / name
        if not (folder / "handler.py").is_file():
            raise FileNotFoundError(f"{folder}/handler.py: every entry of FUNCTIONS needs its handler")
        construct_id = "".join(part.title() for part in name.split("_"))
        role = iam.Role(
            self,
            f"{construct_id}Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"Portal {name}: only the calls its code makes (infra/access.py)",
        )
        policy = iam.Policy(role, "Policy", roles=[role])
        log_group = logs.LogGroup(
            self,
            f"{construct_id}Logs",
            log_group_name=f"/aws/lambda/{self.function_name(name)}",
            retention=retention(self._stage.log_retention_days),
            removal_policy=RemovalPolicy.DESTROY,
        )
        self._allow(policy, LOGS_WRITE, [log_group.log_group_arn])
        self._allow(policy, XRAY_WRITE, ["*"])
        self._grant(policy, access)
        trigger = name in TRIGGER_FUNCTIONS
        function = lambda_.Function(
            self,
            construct_id,
            function_name=self.function_name(name),
            description=f"Portal {self._stage.name}: {description}",
            runtime=self._runtime,
            architecture=self._architecture,
            code=lambda_.Code.from_asset(str(folder), exclude=ASSET_EXCLUDE),
            handler="handler.handler",
            layers=self._layers,
            role=role.without_policy_updates(),
            log_group=log_group,
            tracing=lambda_.Tracing.ACTIVE,
            memory_size=512,
            # Cognito waits 5 s for a trigger; API Gateway 29 s for the API (boto3 gives up first).
            timeout=Duration.seconds(5 if trigger else 15),
            environment=self._environment(access, api=name in API_FUNCTIONS),
            # Results morning (docs/capacity.md): the triggers' own share of the account's
            # concurrency, and every function restored from a snapshot of its initialised state.
            reserved_concurrent_executions=self._stage.results_morning.trigger_concurrency.get(name),
            snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS
            if self._stage.results_morning.snapstart
            else None,
        )
        self._wait_for(function, policy)
        if self._stage.results_morning.snapstart:
            Annotations.of(function).acknowledge_warning(
                "@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Every function is published: its `live` alias points at its current version (_live).",
            )
        acknowledge(
            role,
            "AwsSolutions-IAM5[Resource::*]",
            "X-Ray active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no "
            "resource-level permissions, so AWS requires Resource '*' for them.",
        )
        acknowledge(
            function,
            "AwsSolutions-L1",
            f"{self._config.runtime} is pinned on purpose: AWS's public Powertools layer is built per "
            "Python version (with its bytecode), and the release pinned in requirements.txt is "
            "published for this one; the code is tested on it. Move the runtime in cdk.json when AWS "
            "publishes that release for the newer Python (docs/deploy.md).",
        )
        return function

    @staticmethod
    def _wait_for(function: lambda_.Function, policy: iam.Policy) -> None:
        """DependsOn the policy only: CDK adds the role too, which `Role` already implies (W3005)."""
        resource, statements = function.node.default_child, policy.node.default_child
        assert isinstance(resource, CfnResource) and isinstance(statements, CfnResource)
        resource.add_override("DependsOn", [Stack.of(function).get_logical_id(statements)])

    @staticmethod
    def _allow(
        policy: iam.Policy, actions: Sequence[str], resources: Sequence[str], **conditions: object
    ) -> None:
        policy.add_statements(
            iam.PolicyStatement(
                actions=list(actions),
                resources=list(resources),
                conditions=dict(conditions) or None,
            )
        )

    def _grant(self, policy: iam.Policy, access: Access) -> None:
        """Turn one line of infra/access.py into statements on exact resources."""
        data, stack = self._data, Stack.of(self)
        state = [data.state.table_arn, *(f"{data.state.table_arn}/index/{i}" for i in data.state_indexes)]
        self._allow(policy, STATE_READ, state)
        if access.state is StateAccess.READ_WRITE:
            self._allow(policy, STATE_WRITE, [data.state.table_arn])
        if access.audit is not None:
            self._allow(policy, AUDIT_APPEND, [data.audit.table_arn])
        if access.audit is AuditAccess.APPEND_AND_READ:
            audit = [data.audit.table_arn, *(f"{data.audit.table_arn}/index/{i}" for i in data.audit_indexes)]
            self._allow(policy, AUDIT_READ, audit)
        if access.idempotency:
            self._allow(policy, IDEMPOTENCY, [data.idempotency.table_arn])
        if access.cognito:
            self._allow(policy, access.cognito, [self._user_pool.user_pool_arn])
        if access.send_email:
            email = self._email
            self._allow(
                policy,
                SEND_EMAIL,
                [email.identity_arn, email.configuration_set_arn, *email.sandbox_recipient_arns],
                StringEquals={"ses:FromAddress": self._stage.sender},
            )
        # Settings read the cursor key at cold start in every function (portal/settings.py).
        self._allow(policy, READ_SECRET, [data.cursor_key.secret_arn])
        writes = access.state is StateAccess.READ_WRITE or access.audit is not None or access.idempotency
        via = [f"dynamodb.{stack.region}.amazonaws.com", f"secretsmanager.{stack.region}.amazonaws.com"]
        self._allow(
            policy,
            (*KMS_READ, *KMS_WRITE) if writes else KMS_READ,
            [data.key.key_arn],
            StringEquals={"kms:ViaService": via},
        )
