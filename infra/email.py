"""Email: the SES domain identity (Easy DKIM), its configuration set, and where problems go.

Every message Portal sends, its own and Cognito's codes, goes through one configuration set:
reputation metrics on, TLS required (messages carry temporary passwords), addresses that bounce
or complain suppressed. Sends, deliveries, bounces and complaints become CloudWatch metrics for the
dashboard and alarms; each bounce, complaint, rejection or delay is also recorded in a log group
(through EventBridge) so operations can see which message failed and why.
"""

from __future__ import annotations

from aws_cdk import ArnFormat, RemovalPolicy, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_logs as logs
from aws_cdk import aws_ses as ses
from constructs import Construct

from infra.config import Stage, retention

METRIC_EVENTS = (
    ses.EmailSendingEvent.SEND,
    ses.EmailSendingEvent.DELIVERY,
    ses.EmailSendingEvent.BOUNCE,
    ses.EmailSendingEvent.COMPLAINT,
    ses.EmailSendingEvent.REJECT,
    ses.EmailSendingEvent.RENDERING_FAILURE,
    ses.EmailSendingEvent.DELIVERY_DELAY,
)
PROBLEM_EVENTS = (
    ses.EmailSendingEvent.BOUNCE,
    ses.EmailSendingEvent.COMPLAINT,
    ses.EmailSendingEvent.REJECT,
    ses.EmailSendingEvent.RENDERING_FAILURE,
    ses.EmailSendingEvent.DELIVERY_DELAY,
)
# EventBridge detail types of the problem events above.
PROBLEM_DETAIL_TYPES = (
    "Email Bounced",
    "Email Complaint Received",
    "Email Rejected",
    "Email Rendering Failed",
    "Email Delivery Delayed",
)
CONFIGURATION_SET_TAG = "ses:configuration-set"  # SES tags every message with it


def problems_log_group_name(stage: Stage) -> str:
    return f"/portal/{stage.name}/email-problems"


class Email(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: Stage) -> None:
        super().__init__(scope, construct_id)
        self.configuration_set = ses.ConfigurationSet(
            self,
            "ConfigurationSet",
            configuration_set_name=stage.configuration_set,
            reputation_metrics=True,
            sending_enabled=True,
            tls_policy=ses.ConfigurationSetTlsPolicy.REQUIRE,
            suppression_reasons=ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
        )
        self.identity = ses.EmailIdentity(
            self,
            "Identity",
            identity=ses.Identity.domain(stage.domain),
            dkim_identity=ses.DkimIdentity.easy_dkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
            dkim_signing=True,
            configuration_set=self.configuration_set,
            feedback_forwarding=False,
        )
        self.configuration_set.add_event_destination(
            "Metrics",
            configuration_set_event_destination_name="metrics",
            destination=ses.EventDestination.cloud_watch_dimensions(
                [
                    ses.CloudWatchDimension(
                        name=CONFIGURATION_SET_TAG,
                        source=ses.CloudWatchDimensionSource.MESSAGE_TAG,
                        default_value=stage.configuration_set,
                    )
                ]
            ),
            events=list(METRIC_EVENTS),
        )
        self.configuration_set.add_event_destination(
            "Problems",
            configuration_set_event_destination_name="problems",
            destination=ses.EventDestination.event_bus(
                events.EventBus.from_event_bus_name(self, "DefaultBus", "default")
            ),
            events=list(PROBLEM_EVENTS),
        )
        self.problems = self._record_problems(stage)
        # In the SES sandbox SES delivers only to verified identities: each listed recipient gets
        # a verification email (an address) or DKIM records to publish (a domain), once.
        for recipient in stage.ses_sandbox_recipients:
            ses.EmailIdentity(
                self,
                f"SandboxRecipient-{recipient}",
                identity=ses.Identity.email(recipient)
                if "@" in recipient
                else ses.Identity.domain(recipient),
            )

    def _record_problems(self, stage: Stage) -> logs.LogGroup:
        """EventBridge → log group, with a native resource policy (no custom-resource Lambda)."""
        stack = Stack.of(self)
        name = problems_log_group_name(stage)
        # A fixed name (the Portal stack's dashboard queries it), so it may outlive its stack only
        # where the stage keeps its data: a dev stage destroyed and deployed again re-creates it.
        log_group = logs.LogGroup(
            self,
            "ProblemsLog",
            log_group_name=name,
            retention=retention(stage.log_retention_days),
            removal_policy=RemovalPolicy.RETAIN if stage.deletion_protection else RemovalPolicy.DESTROY,
        )
        rule_name = stage.resource_name("email-problems")
        rule_arn = stack.format_arn(service="events", resource="rule", resource_name=rule_name)
        log_group_arn = stack.format_arn(
            service="logs", resource="log-group", resource_name=name, arn_format=ArnFormat.COLON_RESOURCE_NAME
        )
        policy = logs.CfnResourcePolicy(
            self,
            "ProblemsLogPolicy",
            policy_name=rule_name,
            policy_document=stack.to_json_string(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "EventBridgeWritesEmailProblems",
                            "Effect": "Allow",
                            "Principal": {"Service": ["events.amazonaws.com", "delivery.logs.amazonaws.com"]},
                            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                            "Resource": f"{log_group_arn}:*",
                            "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}},
                        }
                    ],
                }
            ),
        )
        rule = events.CfnRule(
            self,
            "ProblemsRule",
            name=rule_name,
            description="Portal: SES bounces, complaints, rejections and delays, kept for operations",
            event_pattern={
                "source": ["aws.ses"],
                "detail-type": list(PROBLEM_DETAIL_TYPES),
                "detail": {"mail": {"tags": {CONFIGURATION_SET_TAG: [stage.configuration_set]}}},
            },
            state="ENABLED",
            targets=[events.CfnRule.TargetProperty(id="ProblemsLog", arn=log_group_arn)],
        )
        rule.add_resource_dependency(policy)
        rule.node.add_dependency(log_group)
        return log_group
