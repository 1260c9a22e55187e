"""The stacks of one stage: Portal itself, and the email identity it sends from.

The SES identity has a stack of its own because Cognito refuses to create a user pool whose
sender is not yet verified, and verification waits on DNS records (DKIM) that someone publishes
after the identity exists. So a new stage deploys its email stack first, then, once SES shows the
domain verified, the Portal stack (docs/deploy.md). Nothing crosses between the two but names.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import App, CfnOutput, Environment, Stack, Tags
from constructs import Construct
from portal import constants as c

from infra import nag
from infra.access import API_FUNCTIONS
from infra.api import STAGE_NAME, Api
from infra.config import CONTEXT_KEY, ROOT, PortalConfig, Stage, read_config
from infra.console import Console, ConsoleSettings
from infra.data import Data
from infra.email import Email, problems_log_group_name
from infra.functions import EmailRefs, Frontend, Functions
from infra.identity import Identity
from infra.observability import Observability, Watched
from infra.security import Security

CONSOLE_BUILD = ROOT / "console" / "dist"


def console_build() -> Path | None:
    """The console's build output, if it has been built (`make synth` builds it when console/ exists)."""
    return CONSOLE_BUILD if (CONSOLE_BUILD / "index.html").is_file() else None


def stack_names(stage: Stage) -> tuple[str, str]:
    """(Portal, its email) for a stage: what `make deploy STAGE=...` names."""
    return f"Portal-{stage.name}", f"Portal-{stage.name}-email"


class EmailStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, stage: Stage, env: Environment) -> None:
        super().__init__(
            scope,
            construct_id,
            env=env,
            description=f"Portal {stage.name}: SES identity and email events",
            termination_protection=stage.deletion_protection,
        )
        self.email = Email(self, "Email", stage=stage)


class PortalStack(Stack):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: PortalConfig,
        stage: Stage,
        env: Environment,
        console_assets: Path | None,
    ) -> None:
        super().__init__(
            scope,
            construct_id,
            env=env,
            description=f"Portal {stage.name}: identity, API, functions, data, console and operations",
            termination_protection=stage.deletion_protection,
        )
        data = Data(self, "Data", stage=stage)
        identity = Identity(self, "Identity", stage=stage)
        # The API first (the console's headers name its origin), then the console (the functions
        # and the API's CORS need its origin), then the functions, then the API's routes to them.
        api = Api(self, "Api", stage=stage, user_pool=identity.user_pool)
        console = Console(self, "Console", stage=stage, api_origin=api.origin, assets=console_assets)
        identity.use_relying_party(stage.relying_party(console.host))
        email = EmailRefs(
            identity_arn=self._ses_identity(stage.domain),
            configuration_set_arn=self.format_arn(
                service="ses", resource="configuration-set", resource_name=stage.configuration_set
            ),
            sandbox_recipient_arns=tuple(self._ses_identity(r) for r in stage.ses_sandbox_recipients),
        )
        frontend = Frontend(
            url=console.url, origins=tuple(dict.fromkeys((console.origin, *stage.frontend_origins)))
        )
        functions = Functions(
            self,
            "Functions",
            config=config,
            stage=stage,
            data=data,
            user_pool=identity.user_pool,
            client_ids=(identity.client.user_pool_client_id,),
            email=email,
            frontend=frontend,
        )
        identity.attach_triggers(
            functions.invoked, {name: functions.qualified_name(name) for name in functions.by_name}
        )
        api.serve({name: functions.invoked[name] for name in API_FUNCTIONS}, frontend.origins)
        security = Security(
            self, "Security", stage=stage, user_pool=identity.user_pool, functions=functions.invoked
        )
        console.publish(
            ConsoleSettings.for_stage(
                stage,
                api_url=f"{api.origin}/{STAGE_NAME}",
                region=c.REGION,
                user_pool_id=identity.user_pool.user_pool_id,
                client_id=identity.client.user_pool_client_id,
            )
        )
        observability = Observability(
            self,
            "Observability",
            stage=stage,
            watched=Watched(
                api=api.rest_api,
                functions=functions.by_name,
                tables={"state": data.state, "audit": data.audit, "idempotency": data.idempotency},
                indexes={"state": data.state_indexes, "audit": data.audit_indexes},
                user_pool_id=identity.user_pool.user_pool_id,
                client_id=identity.client.user_pool_client_id,
                web_acl_name=stage.resource_name("api"),
                cognito_web_acl_name=security.web_acl_name,
                email_problems_log_group=problems_log_group_name(stage),
            ),
        )
        # What frontends and operators need after a deploy (docs/deploy.md reads them).
        for name, value, description in (
            ("ApiUrl", api.rest_api.url, "The API's base URL (stage v1)"),
            ("ConsoleUrl", console.url, "The web console: where people sign in"),
            ("ConsoleBucket", console.bucket.bucket_name, "The console's files (deployed by the stack)"),
            ("CursorKeySecretArn", data.cursor_key.secret_arn, "The cursor-signing key (docs/deploy.md)"),
            ("UserPoolId", identity.user_pool.user_pool_id, "Cognito user pool for frontends and the CLI"),
            ("UserPoolClientId", identity.client.user_pool_client_id, "The frontends' public app client"),
            ("AlarmTopicArn", observability.topic.topic_arn, "Where alarms go"),
            ("Dashboard", observability.dashboard.dashboard_name, "The operations dashboard"),
        ):
            CfnOutput(self, name, value=value, description=description)

    def _ses_identity(self, identity: str) -> str:
        return self.format_arn(service="ses", resource="identity", resource_name=identity)


def build(app: App, console_assets: Path | None = None) -> dict[str, tuple[PortalStack, EmailStack]]:
    """Both stages' stacks, in eu-west-2, checked by cdk-nag when the app synthesizes.

    `console_assets`: the console's build to deploy (default: console/dist when it is built).
    """
    console_assets = console_assets or console_build()
    config = read_config(app.node.try_get_context(CONTEXT_KEY))
    stacks = {}
    for stage in config.stages.values():
        env = Environment(account=stage.account, region=config.region)
        portal_name, email_name = stack_names(stage)
        email = EmailStack(app, email_name, stage=stage, env=env)
        portal = PortalStack(
            app, portal_name, config=config, stage=stage, env=env, console_assets=console_assets
        )
        portal.add_stack_dependency(email, "Cognito sends from the verified SES identity")
        for stack in (portal, email):
            Tags.of(stack).add("project", "portal")
            Tags.of(stack).add("stage", stage.name)
        stacks[stage.name] = (portal, email)
    nag.check(app)
    return stacks
