"""Observability: the stage's dashboard, its alarms, and the topic that reaches operations.

One dashboard answers "is Portal well?": the API, each function, the tables, sign-ins, email and
Portal's own business events, and a results-morning row at one-minute resolution (Cognito's calls
and throttles by quota category, each function's concurrency and throttles, the API's p99, 4xx
and 5xx, DynamoDB throttles). Alarms fire before people notice: API errors and latency, function
errors, throttled tables, any throttled Cognito sign-in, email reputation below the levels at
which SES pauses sending, and a surge of requests blocked by the firewall.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct
from portal import constants as c

from infra.config import Stage

FIVE_MINUTES = Duration.minutes(5)
ONE_MINUTE = Duration.minutes(1)
# Cognito's request-rate quotas (docs/capacity.md): its usage metrics, per category, in AWS/Usage.
COGNITO_USAGE = {"Service": "Cognito user pools", "Type": "API", "Class": "None"}
COGNITO_CATEGORIES = ("UserAuthentication", "UserRead", "UserCreation", "UserUpdate", "UserAccountRecovery")
USER_AUTHENTICATION_QUOTA_RPS = 120  # the default; the dashboard draws it as a line
THROTTLE_SCOPES_PER_ALARM = 5
# Portal's business events: the names portal.observability.Business gives them (a test
# keeps the two lists equal), published by Powertools with the dimension service=portal.
BUSINESS_METRICS = (
    "InvitationsSent",
    "InvitationsAccepted",
    "InvitationsWithdrawn",
    "MembershipsDeleted",
    "PermissionsChanged",
    "AccessDenied",
    "MfaResets",
    "SecurityNoticesSent",
)
# Threat protection's metrics (AWS/Cognito), published per operation and risk level.
RISK_METRICS = ("AccountTakeoverRisk", "CompromisedCredentialRisk", "OverrideBlock")
SIGN_IN_METRICS_NAMESPACE = f"{c.METRICS_NAMESPACE}/SignIns"  # infra/security.py's metric filters
BUSINESS_DIMENSIONS = {"service": c.SERVICE_NAME}  # Powertools adds it to every metric
SES_CONFIGURATION_SET_DIMENSION = "ses:configuration-set"


@dataclass(frozen=True, slots=True)
class Watched:
    """What the dashboard and alarms read, handed over by the stack."""

    api: apigw.RestApi
    functions: Mapping[str, lambda_.Function]
    tables: Mapping[str, dynamodb.Table]
    indexes: Mapping[str, Sequence[str]]  # table (as in `tables`) -> its global secondary indexes
    user_pool_id: str
    client_id: str
    web_acl_name: str
    email_problems_log_group: str
    cognito_web_acl_name: str = ""


def _sum(
    namespace: str, name: str, dimensions: Mapping[str, str], label: str | None = None
) -> cloudwatch.Metric:
    return cloudwatch.Metric(
        namespace=namespace,
        metric_name=name,
        dimensions_map=dict(dimensions),
        statistic="Sum",
        period=FIVE_MINUTES,
        label=label or name,
    )


class Observability(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: Stage, watched: Watched) -> None:
        super().__init__(scope, construct_id)
        self._stage = stage
        self._watched = watched
        self._region = Stack.of(self).region
        self.topic = self._topic()
        self.alarms: list[cloudwatch.Alarm] = []
        self._alarm_api()
        self._alarm_functions()
        self._alarm_tables()
        self._alarm_email()
        self._alarm_firewall()
        self._alarm_sign_ins()
        self._alarm_sign_in_throttles()
        self.dashboard = self._dashboard()

    # --- where alarms go ------------------------------------------------------------------------

    def _topic(self) -> sns.Topic:
        """Encrypted with its own key, which CloudWatch may use to publish alarms, and TLS only."""
        key = kms.Key(
            self,
            "AlarmsKey",
            alias=f"alias/{self._stage.resource_name('alarms')}",
            description="Portal: encrypts the alarm topic",
            enable_key_rotation=True,
            # A destroyed dev stage leaves no key behind (KMS deletes it after its waiting period).
            removal_policy=RemovalPolicy.RETAIN if self._stage.deletion_protection else RemovalPolicy.DESTROY,
        )
        key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="CloudWatchPublishesAlarms",
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                actions=["kms:Decrypt", "kms:GenerateDataKey"],
                resources=["*"],  # in a key policy, '*' means this key
                conditions={"StringEquals": {"aws:SourceAccount": Stack.of(self).account}},
            )
        )
        topic = sns.Topic(
            self,
            "Alarms",
            topic_name=self._stage.resource_name("alarms"),
            display_name=f"Portal {self._stage.name} alarms",
            master_key=key,
            enforce_ssl=True,
        )
        topic.add_subscription(subscriptions.EmailSubscription(self._stage.alarm_email))
        return topic

    def _alarm(
        self,
        construct_id: str,
        metric: cloudwatch.IMetric,
        threshold: float,
        description: str,
        periods: int = 1,
        datapoints: int = 1,
    ) -> cloudwatch.Alarm:
        alarm = cloudwatch.Alarm(
            self,
            construct_id,
            metric=metric,
            alarm_name=self._stage.resource_name(construct_id),
            alarm_description=description,
            threshold=threshold,
            evaluation_periods=periods,
            datapoints_to_alarm=datapoints,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        alarm.add_alarm_action(actions.SnsAction(self.topic))
        alarm.add_ok_action(actions.SnsAction(self.topic))
        self.alarms.append(alarm)
        return alarm

    # --- metrics and alarms ---------------------------------------------------------------------

    def _api_5xx_rate(self) -> cloudwatch.MathExpression:
        api = self._watched.api
        return cloudwatch.MathExpression(
            expression="IF(requests > 0, 100 * errors / requests, 0)",
            using_metrics={
                "errors": api.metric_server_error(period=FIVE_MINUTES, statistic="Sum"),
                "requests": api.metric_count(period=FIVE_MINUTES, statistic="Sum"),
            },
            label="5xx (% of requests)",
            period=FIVE_MINUTES,
        )

    def _alarm_api(self) -> None:
        alarms = self._stage.alarms
        self._alarm(
            "api-5xx-rate",
            self._api_5xx_rate(),
            alarms.api_5xx_percent,
            f"More than {alarms.api_5xx_percent}% of API requests failed on Portal's side (5xx) "
            "in 2 of the last 3 five-minute periods.",
            periods=3,
            datapoints=2,
        )
        self._alarm(
            "api-latency-p99",
            self._watched.api.metric_latency(period=FIVE_MINUTES, statistic="p99"),
            alarms.api_p99_latency_ms,
            f"The API's p99 latency passed {alarms.api_p99_latency_ms} ms in 2 of 3 five-minute periods.",
            periods=3,
            datapoints=2,
        )

    def _alarm_functions(self) -> None:
        for name, function in self._watched.functions.items():
            self._alarm(
                f"{name}-errors",
                function.metric_errors(period=FIVE_MINUTES, statistic="Sum"),
                1,
                f"The {name} function failed (an unhandled error) in the last five minutes.",
            )

    def _scopes(self, name: str) -> list[str | None]:
        """The table (None) and each of its global secondary indexes."""
        return [None, *self._watched.indexes.get(name, ())]

    def _throttles(
        self,
        name: str,
        table: dynamodb.Table,
        only: Sequence[str | None] | None = None,
        period: Duration = FIVE_MINUTES,
    ) -> cloudwatch.MathExpression:
        """Read and write throttles of the table and each of its indexes (or of `only` those),
        which DynamoDB publishes apart (TableName; TableName and GlobalSecondaryIndexName). Ids
        are named by table, as one graph shows them all."""
        wanted = self._scopes(name) if only is None else list(only)
        scopes = {
            ("" if index is None else f"_i{self._scopes(name).index(index)}"): (
                {"TableName": table.table_name}
                if index is None
                else {"TableName": table.table_name, "GlobalSecondaryIndexName": index}
            )
            for index in wanted
        }
        metrics = {
            f"{name}{suffix}_{kind}": cloudwatch.Metric(
                namespace="AWS/DynamoDB",
                metric_name=metric,
                dimensions_map=dimensions,
                statistic="Sum",
                period=period,
            )
            for suffix, dimensions in scopes.items()
            for kind, metric in (("reads", "ReadThrottleEvents"), ("writes", "WriteThrottleEvents"))
        }
        return cloudwatch.MathExpression(
            expression=" + ".join(metrics),
            using_metrics=metrics,
            label=f"{name} throttled",
            period=period,
        )

    def _system_errors(self, name: str, table: dynamodb.Table) -> cloudwatch.MathExpression:
        """DynamoDB publishes SystemErrors per table *and operation*: a search sums every operation."""
        search = (
            'SEARCH(\'{AWS/DynamoDB,Operation,TableName} MetricName="SystemErrors" '
            f"TableName=\"{table.table_name}\"', 'Sum', 300)"
        )
        return cloudwatch.MathExpression(
            expression=f"SUM({search})", using_metrics={}, label=f"{name} system errors", period=FIVE_MINUTES
        )

    def _alarm_tables(self) -> None:
        """An alarm's math takes at most 10 metrics: a table with more than 4 indexes has its
        throttles watched by several alarms, each of 5 scopes (the audit table has 7 indexes)."""
        for name, table in self._watched.tables.items():
            scopes = self._scopes(name)
            for n, start in enumerate(range(0, len(scopes), THROTTLE_SCOPES_PER_ALARM)):
                self._alarm(
                    f"{name}-table-throttles" + (f"-{n + 1}" if n else ""),
                    self._throttles(name, table, scopes[start : start + THROTTLE_SCOPES_PER_ALARM]),
                    1,
                    f"DynamoDB throttled requests to the {name} table or its indexes in the last 5 minutes.",
                )

    def _reputation(self, name: str) -> cloudwatch.Metric:
        """The account's rates, as SES itself judges them (it reviews, then pauses, on these)."""
        return cloudwatch.Metric(
            namespace="AWS/SES", metric_name=name, statistic="Maximum", period=Duration.hours(1)
        )

    def _alarm_email(self) -> None:
        alarms = self._stage.alarms
        self._alarm(
            "ses-bounce-rate",
            self._reputation("Reputation.BounceRate"),
            alarms.ses_bounce_rate,
            f"The SES bounce rate reached {alarms.ses_bounce_rate:.1%}; SES pauses sending at 10%. "
            "See the email problems log.",
        )
        self._alarm(
            "ses-complaint-rate",
            self._reputation("Reputation.ComplaintRate"),
            alarms.ses_complaint_rate,
            f"The SES complaint rate reached {alarms.ses_complaint_rate:.2%}; SES pauses sending at 0.5%. "
            "See the email problems log.",
        )

    def _blocked(self, web_acl_name: str, label: str) -> cloudwatch.Metric:
        """Requests a web ACL blocked, all its rules together."""
        return _sum(
            "AWS/WAFV2",
            "BlockedRequests",
            {"WebACL": web_acl_name, "Region": self._region, "Rule": "ALL"},
            label,
        )

    def _waf_blocked(self) -> cloudwatch.Metric:
        return self._blocked(self._watched.web_acl_name, "blocked by the firewall")

    def _alarm_firewall(self) -> None:
        limit = self._stage.alarms.waf_blocked_per_5_minutes
        self._alarm(
            "waf-blocks-surge",
            self._waf_blocked(),
            limit,
            f"The firewall blocked {limit} or more requests in five minutes: an attack or a broken client.",
        )

    def _cognito_waf_blocked(self) -> cloudwatch.Metric:
        return self._blocked(self._watched.cognito_web_acl_name, "sign-in calls blocked by the firewall")

    def _sign_ins(self, outcome: str) -> cloudwatch.Metric:
        """Counted from the user-activity log (infra/security.py): Cognito publishes successes
        but no failures."""
        return _sum(SIGN_IN_METRICS_NAMESPACE, f"SignIn{outcome}", {}, f"sign-in {outcome.lower()}")

    def _risk(self, name: str) -> cloudwatch.MathExpression:
        search = (
            f'SEARCH(\'{{AWS/Cognito,Operation,RiskLevel,UserPoolId}} MetricName="{name}" '
            f"UserPoolId=\"{self._watched.user_pool_id}\"', 'Sum', 300)"
        )
        return cloudwatch.MathExpression(
            expression=f"SUM({search})", using_metrics={}, label=name, period=FIVE_MINUTES
        )

    def _alarm_sign_ins(self) -> None:
        alarms = self._stage.alarms
        self._alarm(
            "sign-in-failures-burst",
            self._sign_ins("Failures"),
            alarms.sign_in_failures_per_5_minutes,
            f"{alarms.sign_in_failures_per_5_minutes} or more sign-ins failed in five minutes: "
            "password guessing or credential stuffing, or a broken client.",
        )
        self._alarm(
            "cognito-waf-blocks-surge",
            self._cognito_waf_blocked(),
            alarms.cognito_waf_blocked_per_5_minutes,
            f"The firewall in front of Cognito blocked {alarms.cognito_waf_blocked_per_5_minutes} or "
            "more sign-in or code requests in five minutes: an attack on sign-in.",
        )

    def _cognito_usage(self, metric: str, category: str) -> cloudwatch.Metric:
        """Calls (or throttled calls) of one quota category, by every pool of the account."""
        return _sum("AWS/Usage", metric, {**COGNITO_USAGE, "Resource": category}, category).with_(
            period=ONE_MINUTE
        )

    def _pool_metric(self, metric: str, label: str) -> cloudwatch.Metric:
        w = self._watched
        pool = {"UserPool": w.user_pool_id, "UserPoolClient": w.client_id}
        return _sum("AWS/Cognito", metric, pool, label).with_(period=ONE_MINUTE)

    def _alarm_sign_in_throttles(self) -> None:
        """Any throttled sign-in is a person refused at the door: the account's UserAuthentication
        quota (every pool's sign-ins and token refreshes), or this pool's own sign-ins."""
        self._alarm(
            "cognito-sign-in-throttles",
            cloudwatch.MathExpression(
                expression="FILL(quota, 0) + FILL(pool, 0)",
                using_metrics={
                    "quota": self._cognito_usage("ThrottleCount", "UserAuthentication"),
                    "pool": self._pool_metric("SignInThrottles", "sign-in throttles"),
                },
                label="throttled sign-ins",
                period=ONE_MINUTE,
            ),
            1,
            "Cognito throttled sign-ins (UserAuthentication quota or this pool's sign-ins) in the "
            "last minute: people are being refused. docs/capacity.md says what to ask AWS for.",
        )

    def _results_morning(self) -> list[cloudwatch.IWidget]:
        """The row to watch from 07:00 on results day, at one-minute resolution."""
        w = self._watched
        api = w.api
        quota = cloudwatch.HorizontalAnnotation(
            value=USER_AUTHENTICATION_QUOTA_RPS * 60, label="UserAuthentication default quota (120/s)"
        )
        cognito_calls = cloudwatch.GraphWidget(
            title="Results morning: Cognito calls per minute, by quota category",
            left=[self._cognito_usage("CallCount", category) for category in COGNITO_CATEGORIES],
            left_annotations=[quota],
            width=6,
            height=6,
        )
        cognito_throttles = cloudwatch.GraphWidget(
            title="Results morning: Cognito throttled calls, by category",
            left=[
                *(self._cognito_usage("ThrottleCount", category) for category in COGNITO_CATEGORIES),
                self._pool_metric("SignInThrottles", "this pool's sign-ins"),
            ],
            width=6,
            height=6,
        )
        concurrency = cloudwatch.GraphWidget(
            title="Results morning: Lambda concurrency (max) per function",
            left=[
                *(
                    f.metric("ConcurrentExecutions", statistic="Maximum", period=ONE_MINUTE, label=name)
                    for name, f in w.functions.items()
                ),
                cloudwatch.Metric(
                    namespace="AWS/Lambda",
                    metric_name="ConcurrentExecutions",
                    statistic="Maximum",
                    period=ONE_MINUTE,
                    label="the account",
                ),
            ],
            width=6,
            height=6,
        )
        lambda_throttles = cloudwatch.GraphWidget(
            title="Results morning: Lambda throttles per function",
            left=[
                f.metric_throttles(period=ONE_MINUTE, statistic="Sum", label=name)
                for name, f in w.functions.items()
            ],
            width=6,
            height=6,
        )
        api_latency = cloudwatch.GraphWidget(
            title="Results morning: API p99 latency (ms)",
            left=[api.metric_latency(period=ONE_MINUTE, statistic="p99", label="p99")],
            width=8,
            height=6,
        )
        api_errors = cloudwatch.GraphWidget(
            title="Results morning: API requests, 4xx (429s among them) and 5xx per minute",
            left=[
                api.metric_count(period=ONE_MINUTE, statistic="Sum", label="requests"),
                api.metric_client_error(period=ONE_MINUTE, statistic="Sum", label="4xx"),
                api.metric_server_error(period=ONE_MINUTE, statistic="Sum", label="5xx"),
            ],
            width=8,
            height=6,
        )
        table_throttles = cloudwatch.GraphWidget(
            title="Results morning: DynamoDB throttles per minute",
            left=[self._throttles(name, t, period=ONE_MINUTE) for name, t in w.tables.items()],
            width=8,
            height=6,
        )
        heading = cloudwatch.TextWidget(
            markdown="## Results morning\nFrom 07:00 on a results day (docs/capacity.md): sign-ins "
            "should stay below the quota line, and nothing should be throttled.",
            width=24,
            height=2,
        )
        return [
            heading,
            cognito_calls,
            cognito_throttles,
            concurrency,
            lambda_throttles,
            api_latency,
            api_errors,
            table_throttles,
        ]

    # --- the dashboard --------------------------------------------------------------------------

    def _graph(
        self, title: str, metrics: Sequence[cloudwatch.IMetric], width: int = 8
    ) -> cloudwatch.GraphWidget:
        return cloudwatch.GraphWidget(title=title, left=list(metrics), width=width, height=6)

    def _dashboard(self) -> cloudwatch.Dashboard:
        w, stage = self._watched, self._stage
        api = w.api
        dashboard = cloudwatch.Dashboard(
            self,
            "Dashboard",
            dashboard_name=stage.resource_name("operations"),
            default_interval=Duration.hours(6),
        )
        dashboard.add_widgets(
            cloudwatch.AlarmStatusWidget(title="Alarms", alarms=list(self.alarms), width=24, height=4)
        )
        heading, *row = self._results_morning()
        dashboard.add_widgets(heading)
        dashboard.add_widgets(*row[:4])
        dashboard.add_widgets(*row[4:])
        dashboard.add_widgets(
            self._graph(
                "API requests and errors",
                [
                    api.metric_count(period=FIVE_MINUTES, statistic="Sum", label="requests"),
                    api.metric_client_error(period=FIVE_MINUTES, statistic="Sum", label="4xx"),
                    api.metric_server_error(period=FIVE_MINUTES, statistic="Sum", label="5xx"),
                ],
            ),
            self._graph(
                "API latency (ms)",
                [
                    api.metric_latency(period=FIVE_MINUTES, statistic=p, label=p)
                    for p in ("p50", "p90", "p99")
                ],
            ),
            self._graph("API 5xx rate (%)", [self._api_5xx_rate()]),
        )
        for name, function in w.functions.items():
            dashboard.add_widgets(
                self._graph(
                    f"{name}: invocations, errors, throttles",
                    [
                        function.metric_invocations(period=FIVE_MINUTES, statistic="Sum"),
                        function.metric_errors(period=FIVE_MINUTES, statistic="Sum"),
                        function.metric_throttles(period=FIVE_MINUTES, statistic="Sum"),
                    ],
                    width=12,
                ),
                self._graph(
                    f"{name}: duration p99 (ms)",
                    [function.metric_duration(period=FIVE_MINUTES, statistic="p99", label="p99")],
                    width=12,
                ),
            )
        dashboard.add_widgets(
            self._graph(
                "DynamoDB throttles",
                [self._throttles(name, t) for name, t in w.tables.items()],
                width=12,
            ),
            self._graph(
                "DynamoDB system errors",
                [self._system_errors(name, t) for name, t in w.tables.items()],
                width=12,
            ),
        )
        pool = {"UserPool": w.user_pool_id, "UserPoolClient": w.client_id}
        configuration_set = {SES_CONFIGURATION_SET_DIMENSION: stage.configuration_set}
        dashboard.add_widgets(
            self._graph(
                "Cognito sign-ins",
                [
                    _sum("AWS/Cognito", "SignInSuccesses", pool, "sign-in successes"),
                    _sum("AWS/Cognito", "SignInThrottles", pool, "sign-in throttles"),
                    _sum("AWS/Cognito", "TokenRefreshSuccesses", pool, "token refreshes"),
                ],
            ),
            self._graph(
                "Email (SES)",
                [
                    _sum("AWS/SES", name, configuration_set, name.lower())
                    for name in ("Send", "Delivery", "Bounce", "Complaint", "Reject")
                ],
            ),
            self._graph(
                "Email reputation (SES pauses at 10% bounces, 0.5% complaints)",
                [self._reputation("Reputation.BounceRate"), self._reputation("Reputation.ComplaintRate")],
            ),
        )
        dashboard.add_widgets(
            self._graph(
                "Portal business events",
                [_sum(c.METRICS_NAMESPACE, name, BUSINESS_DIMENSIONS) for name in BUSINESS_METRICS],
                width=12,
            ),
            self._graph("Firewall", [self._waf_blocked()], width=12),
        )
        dashboard.add_widgets(
            self._graph(
                "Sign-ins: successes and failures",
                [self._sign_ins("Successes"), self._sign_ins("Failures")],
            ),
            self._graph("Sign-ins: blocked by the firewall", [self._cognito_waf_blocked()]),
            self._graph(
                "Sign-ins: threat protection's risk decisions", [self._risk(n) for n in RISK_METRICS]
            ),
        )
        dashboard.add_widgets(
            cloudwatch.LogQueryWidget(
                title="Email problems (bounces, complaints, rejections, delays)",
                log_group_names=[w.email_problems_log_group],
                query_lines=[
                    "fields @timestamp, `detail-type`, detail.bounce.bounceType, detail.bounce.bounceSubType",
                    "sort @timestamp desc",
                    "limit 50",
                ],
                width=24,
                height=6,
            )
        )
        return dashboard
