"""Cognito's own defences, and the security events that tell people of changes to their account.

- **Firewall**: a web ACL of its own on the user pool (AWS WAF protects Cognito user pools as it
  protects API Gateway stages): AWS's IP reputation list, and a per-address rate limit on the
  sign-in and code operations, the calls a password guesser or a code sprayer makes; and
  `DeleteUser` blocked for everyone: any signed-in person's access token may call it, and it would
  leave their memberships without a user (an account is closed by the centre or the helpdesk,
  through Portal; docs/security.md, Cognito's own calls).
- **Threat protection decided**: a risk configuration attached to the pool: compromised
  credentials blocked where Cognito checks them, and adaptive authentication's action per risk
  level (stage settings); Cognito sends no notice of its own, Portal does (in the person's
  language), from the user-activity log.
- **User-activity log**: threat protection's `userAuthEvents` exported to a log group, subscribed
  to by `sign_in_activity` (a high-risk sign-in told to the person), and counted for the
  dashboard (sign-in successes and failures).
- **Account changes**: Cognito's API calls, through CloudTrail and EventBridge, to
  `account_events` (password changed or reset, MFA, passkeys).

docs/deploy.md ("Security events") cites AWS's page for each signal.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_logs_destinations as destinations
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct
from portal import constants as c

from infra.config import Stage, retention

# What a password guesser or code sprayer calls: sign-in, its challenges, and every operation that
# sends or checks a code (X-Amz-Target: AWSCognitoIdentityProviderService.<operation>).
RATE_LIMITED_OPERATIONS = (
    "InitiateAuth",
    "RespondToAuthChallenge",
    "ForgotPassword",
    "ConfirmForgotPassword",
    "ResendConfirmationCode",
    "GetUserAttributeVerificationCode",
    "VerifyUserAttribute",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
)
TARGET_PREFIX = "AWSCognitoIdentityProviderService."
# What no one may call on Portal's pool: a person deleting their own user, which Portal would not
# hear of (Cognito answers ForbiddenException, as for any request its web ACL blocks).
BLOCKED_OPERATIONS = c.COGNITO_BLOCKED_OPERATIONS
IP_REPUTATION = "AWSManagedRulesAmazonIpReputationList"
# Text terms of the user-activity log's records, which carry the event type and its response.
SIGN_IN_OUTCOMES = {"SignInSuccesses": "Pass", "SignInFailures": "Fail"}
SIGN_IN_METRICS_NAMESPACE = f"{c.METRICS_NAMESPACE}/SignIns"  # what infra/observability.py graphs


def _visibility(metric: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True
    )


class Security(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        stage: Stage,
        user_pool: cognito.UserPool,
        functions: Mapping[str, lambda_.IFunction],
    ) -> None:
        super().__init__(scope, construct_id)
        self._stage = stage
        self._pool = user_pool
        self.web_acl_name = stage.resource_name("cognito")
        self.web_acl = self._firewall()
        self.risk = self._risk_configuration()
        self.activity_log = self._activity_log(functions["sign_in_activity"])
        self.account_changes = self._account_changes(functions["account_events"])

    # --- the firewall -------------------------------------------------------------------------

    @staticmethod
    def _operations(names: tuple[str, ...]) -> wafv2.CfnWebACL.StatementProperty:
        """Requests whose X-Amz-Target names one of `names`."""
        matches = [
            wafv2.CfnWebACL.StatementProperty(
                byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
                    field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(
                        single_header={"Name": "x-amz-target"}
                    ),
                    positional_constraint="EXACTLY",
                    search_string=TARGET_PREFIX + operation,
                    text_transformations=[
                        wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")
                    ],
                )
            )
            for operation in names
        ]
        if len(matches) == 1:
            return matches[0]
        return wafv2.CfnWebACL.StatementProperty(
            or_statement=wafv2.CfnWebACL.OrStatementProperty(statements=matches)
        )

    def _firewall(self) -> wafv2.CfnWebACL:
        name = self.web_acl_name
        acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            name=name,
            scope="REGIONAL",
            description="Portal - the user pool: sign-in and code operations, self-deletion",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=_visibility(name),
            rules=[
                wafv2.CfnWebACL.RuleProperty(
                    name=IP_REPUTATION,
                    priority=0,
                    override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                            vendor_name="AWS", name=IP_REPUTATION
                        )
                    ),
                    visibility_config=_visibility(IP_REPUTATION),
                ),
                wafv2.CfnWebACL.RuleProperty(
                    name="SignInRatePerIp",
                    priority=1,
                    action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                            limit=self._stage.cognito_waf_rate_limit,
                            aggregate_key_type="IP",
                            evaluation_window_sec=300,
                            scope_down_statement=self._operations(RATE_LIMITED_OPERATIONS),
                        )
                    ),
                    visibility_config=_visibility("SignInRatePerIp"),
                ),
                wafv2.CfnWebACL.RuleProperty(
                    name="SelfDeletionBlocked",
                    priority=2,
                    action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                    statement=self._operations(BLOCKED_OPERATIONS),
                    visibility_config=_visibility("SelfDeletionBlocked"),
                ),
            ],
        )
        wafv2.CfnWebACLAssociation(
            self, "WebAclAssociation", resource_arn=self._pool.user_pool_arn, web_acl_arn=acl.attr_arn
        )
        return acl

    # --- threat protection --------------------------------------------------------------------

    def _risk_configuration(self) -> cognito.CfnUserPoolRiskConfigurationAttachment:
        """For every app client. Whether Cognito acts or only records is the pool's threat
        protection mode (stage setting `threat_protection`: enforced in prod, audit in dev)."""
        actions = self._stage.risk_actions

        def action(
            level: str,
        ) -> cognito.CfnUserPoolRiskConfigurationAttachment.AccountTakeoverActionTypeProperty:
            return cognito.CfnUserPoolRiskConfigurationAttachment.AccountTakeoverActionTypeProperty(
                event_action=actions[level], notify=False
            )

        return cognito.CfnUserPoolRiskConfigurationAttachment(
            self,
            "RiskConfiguration",
            user_pool_id=self._pool.user_pool_id,
            client_id="ALL",
            compromised_credentials_risk_configuration=cognito.CfnUserPoolRiskConfigurationAttachment.CompromisedCredentialsRiskConfigurationTypeProperty(
                actions=cognito.CfnUserPoolRiskConfigurationAttachment.CompromisedCredentialsActionsTypeProperty(
                    event_action="BLOCK"
                ),
                event_filter=["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"],
            ),
            account_takeover_risk_configuration=cognito.CfnUserPoolRiskConfigurationAttachment.AccountTakeoverRiskConfigurationTypeProperty(
                actions=cognito.CfnUserPoolRiskConfigurationAttachment.AccountTakeoverActionsTypeProperty(
                    low_action=action("low"), medium_action=action("medium"), high_action=action("high")
                )
            ),
        )

    # --- the user-activity log ----------------------------------------------------------------

    def _activity_log(self, function: lambda_.IFunction) -> logs.LogGroup:
        """Cognito delivers to a log group through CloudWatch Logs' vended-log delivery, which the
        group's resource policy allows; AWS advises the `/aws/vendedlogs/` prefix for it."""
        stack = Stack.of(self)
        group = logs.LogGroup(
            self,
            "UserActivity",
            log_group_name=f"/aws/vendedlogs/cognito/{self._stage.resource_name('user-activity')}",
            retention=retention(self._stage.log_retention_days),
            removal_policy=RemovalPolicy.RETAIN if self._stage.deletion_protection else RemovalPolicy.DESTROY,
        )
        policy = logs.ResourcePolicy(
            self,
            "UserActivityDelivery",
            policy_statements=[
                iam.PolicyStatement(
                    principals=[iam.ServicePrincipal("delivery.logs.amazonaws.com")],
                    actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                    resources=[f"{group.log_group_arn}:log-stream:*"],
                    conditions={
                        "StringEquals": {"aws:SourceAccount": stack.account},
                        "ArnLike": {
                            "aws:SourceArn": f"arn:{stack.partition}:logs:{stack.region}:{stack.account}:*"
                        },
                    },
                )
            ],
        )
        delivery = cognito.CfnLogDeliveryConfiguration(
            self,
            "LogDelivery",
            user_pool_id=self._pool.user_pool_id,
            log_configurations=[
                cognito.CfnLogDeliveryConfiguration.LogConfigurationProperty(
                    event_source="userAuthEvents",
                    log_level="INFO",
                    cloud_watch_logs_configuration=cognito.CfnLogDeliveryConfiguration.CloudWatchLogsConfigurationProperty(
                        log_group_arn=group.log_group_arn
                    ),
                )
            ],
        )
        delivery.node.add_dependency(policy)
        logs.SubscriptionFilter(
            self,
            "HighRiskSignIns",
            log_group=group,
            destination=destinations.LambdaDestination(function),
            filter_pattern=logs.FilterPattern.all_terms("SignIn"),
        )
        for metric, outcome in SIGN_IN_OUTCOMES.items():
            logs.MetricFilter(
                self,
                metric,
                log_group=group,
                metric_namespace=SIGN_IN_METRICS_NAMESPACE,
                metric_name=metric,
                filter_pattern=logs.FilterPattern.all_terms("SignIn", outcome),
                metric_value="1",
                default_value=0,
            )
        return group

    # --- account changes ----------------------------------------------------------------------

    def _account_changes(self, function: lambda_.IFunction) -> events.Rule:
        """EventBridge receives these only while a CloudTrail trail logs the account's management
        events in the region (docs/deploy.md, prerequisite)."""
        return events.Rule(
            self,
            "AccountChanges",
            rule_name=self._stage.resource_name("account-changes"),
            description="Cognito API calls that change a person's sign-in: told to the person",
            event_pattern=events.EventPattern(
                source=[c.CLOUDTRAIL_COGNITO_SOURCE],
                detail_type=[c.CLOUDTRAIL_DETAIL_TYPE],
                detail={
                    "eventSource": ["cognito-idp.amazonaws.com"],
                    "eventName": list(c.ACCOUNT_CHANGE_CALLS),
                },
            ),
            targets=[targets.LambdaFunction(function, retry_attempts=2, max_event_age=Duration.hours(6))],
        )
