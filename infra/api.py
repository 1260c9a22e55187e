"""API: the REST API (stage v1), its routes from `portal.constants.ROUTES`, the Cognito authorizer
on every method but the public ones, and the edge: WAF, throttling, CORS, logs and traces.

The routes are not written here: the local gateway and this construct both read ROUTES, so the
deployed API and the local one serve the same paths with the same functions.

Built in two steps: the API itself first, since the console's security headers name its origin;
then, once the functions exist (they need the console's origin for CORS), `serve` adds the routes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence

from aws_cdk import Aws, Duration, RemovalPolicy
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_cognito as cognito
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct
from portal import constants as c

from infra.config import Stage, retention
from infra.nag import acknowledge

STAGE_NAME = "v1"
# Access tokens carry this scope; ID tokens carry none, so the authorizer accepts access tokens only.
ACCESS_TOKEN_SCOPE = "aws.cognito.signin.user.admin"  # noqa: S105 - a scope name
PATH_PARAMETER = re.compile(r"{(\w+)}")
# API Gateway's own refusals, in the API's one error shape (api.md, Errors): the code, and the
# detail for this refusal; status and title are the code's own (portal.constants.PROBLEMS).
GATEWAY_PROBLEMS = {
    apigw.ResponseType.UNAUTHORIZED: ("unauthenticated", c.FIXED_DETAILS["unauthenticated"]),
    apigw.ResponseType.ACCESS_DENIED: ("forbidden", "The token does not allow this."),
    apigw.ResponseType.WAF_FILTERED: ("forbidden", "The request was refused."),
    apigw.ResponseType.THROTTLED: ("too_many_requests", "Slow down and retry."),
    apigw.ResponseType.BAD_REQUEST_PARAMETERS: ("invalid_request", "A required parameter is missing."),
    apigw.ResponseType.BAD_REQUEST_BODY: ("invalid_request", "The body is not valid."),
    apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN: ("not_found", c.NO_ROUTE_DETAIL),
    apigw.ResponseType.DEFAULT_5_XX: ("internal_error", "Retry later; the request id identifies it."),
}
# API Gateway's own answers (refusals above, and every other 4xx and 5xx through the defaults)
# carry CORS headers too, or a browser shows a CORS error instead of the problem. They echo the
# request's Origin: these answers are fixed problem documents with no data, sent without
# credentials, and every call that carries a token is preflighted, which admits the listed
# origins only; a header cannot choose among several origins the way the preflight's template does.
GATEWAY_CORS_HEADERS = {
    "Access-Control-Allow-Origin": "method.request.header.Origin",
    "Vary": "'Origin'",
}
# Every answer of API Gateway's own is kept by no browser or proxy and sniffed as nothing else, as
# the functions' are (constants.API_RESPONSE_HEADERS); a 401 says how to authenticate (RFC 6750).
# Gateway responses pass WWW-Authenticate as set here; a function's own is remapped by the proxy
# integration to x-amzn-Remapped-WWW-Authenticate (docs/api.md, Step-up).
GATEWAY_HEADERS = {name: f"'{value}'" for name, value in c.API_RESPONSE_HEADERS.items()}


def _challenge(code: str) -> dict[str, str]:
    return {"WWW-Authenticate": f"'{c.CHALLENGES[code]}'"} if code in c.CHALLENGES else {}


DEFAULT_4XX_PROBLEM = json.dumps(
    {
        "type": f"{c.PROBLEM_TYPE_PREFIX}invalid_request",
        "title": c.PROBLEMS["invalid_request"][1],
        "detail": "$context.error.messageString",
        "code": "invalid_request",
    }
).replace('"$context.error.messageString"', "$context.error.messageString")
ACCESS_LOG = {
    "requestId": "$context.requestId",
    "extendedRequestId": "$context.extendedRequestId",
    "requestTime": "$context.requestTime",
    "ip": "$context.identity.sourceIp",
    "httpMethod": "$context.httpMethod",
    "resourcePath": "$context.resourcePath",
    "status": "$context.status",
    "protocol": "$context.protocol",
    "responseLength": "$context.responseLength",
    "responseLatency": "$context.responseLatency",
    "integrationLatency": "$context.integration.latency",
    "integrationStatus": "$context.integration.status",
    "errorMessage": "$context.error.message",
    "authorizerError": "$context.authorizer.error",
    "wafStatus": "$context.waf.status",
    "actorId": "$context.authorizer.claims.sub",
    "xrayTraceId": "$context.xrayTraceId",
}
MANAGED_RULES = (
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
)


def _problem_template(code: str, detail: str) -> str:
    status, title = c.PROBLEMS[code]
    return json.dumps(
        {
            "type": f"{c.PROBLEM_TYPE_PREFIX}{code}",
            "title": title,
            "status": status,
            "detail": detail,
            "code": code,
        }
    )


class Api(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        stage: Stage,
        user_pool: cognito.IUserPool,
    ) -> None:
        super().__init__(scope, construct_id)
        self._stage = stage
        access_logs = logs.LogGroup(
            self,
            "AccessLogs",
            log_group_name=f"/portal/{stage.name}/api-access",
            retention=retention(stage.log_retention_days),
            removal_policy=RemovalPolicy.DESTROY,
        )
        self.rest_api = apigw.RestApi(
            self,
            "RestApi",
            rest_api_name=stage.resource_name("api"),
            description=f"Portal {stage.name}: the HTTP API of docs/openapi.json",
            endpoint_types=[apigw.EndpointType.REGIONAL],
            cloud_watch_role=True,
            cloud_watch_role_removal_policy=RemovalPolicy.RETAIN,
            deploy_options=apigw.StageOptions(
                stage_name=STAGE_NAME,
                access_log_destination=apigw.LogGroupLogDestination(access_logs),
                access_log_format=apigw.AccessLogFormat.custom(json.dumps(ACCESS_LOG)),
                logging_level=apigw.MethodLoggingLevel.INFO,
                data_trace_enabled=False,  # would log whole requests: tokens and personal data
                tracing_enabled=True,
                throttling_rate_limit=stage.api_rate_limit,
                throttling_burst_limit=stage.api_burst_limit,
            ),
        )
        acknowledge(
            self.rest_api,
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]",
            "API Gateway's account-wide logging role (needed for execution logs) uses AWS's managed "
            "policy made for exactly that role; it writes only API Gateway's own log groups.",
        )
        self.origin = f"https://{self.rest_api.rest_api_id}.execute-api.{Aws.REGION}.{Aws.URL_SUFFIX}"
        self.authorizer = apigw.CognitoUserPoolsAuthorizer(
            self,
            "Authorizer",
            authorizer_name=stage.resource_name("cognito"),
            cognito_user_pools=[user_pool],
            identity_source=apigw.IdentitySource.header("Authorization"),
        )
        self.validator = self.rest_api.add_request_validator(
            "Validator",
            request_validator_name="body-and-parameters",
            validate_request_body=True,
            validate_request_parameters=True,
        )
        for response_type, (code, detail) in GATEWAY_PROBLEMS.items():
            self.rest_api.add_gateway_response(
                f"{code}-{response_type.response_type}",
                type=response_type,
                status_code=str(c.PROBLEMS[code][0]),
                response_headers={
                    "Content-Type": f"'{c.PROBLEM_JSON}'",
                    **GATEWAY_CORS_HEADERS,
                    **GATEWAY_HEADERS,
                    **_challenge(code),
                },
                templates={"application/json": _problem_template(code, detail)},
            )
        # Every other 4xx (413, 415, ...) keeps its status; its problem says what API Gateway said.
        self.rest_api.add_gateway_response(
            "default-4xx",
            type=apigw.ResponseType.DEFAULT_4_XX,
            response_headers={
                "Content-Type": f"'{c.PROBLEM_JSON}'",
                **GATEWAY_CORS_HEADERS,
                **GATEWAY_HEADERS,
            },
            templates={"application/json": DEFAULT_4XX_PROBLEM},
        )
        self.web_acl = self._firewall()

    def serve(self, handlers: Mapping[str, lambda_.IFunction], origins: Sequence[str]) -> None:
        """Every route of ROUTES on its function; each path answers CORS preflights for `origins`."""
        integrations = {
            name: apigw.LambdaIntegration(function, allow_test_invoke=False)
            for name, function in handlers.items()
        }
        preflighted: set[str] = set()
        for method, path, function in c.ROUTES:
            resource = self.rest_api.root.resource_for_path(path)
            if path not in preflighted:
                preflighted.add(path)
                resource.add_cors_preflight(
                    allow_origins=list(origins),
                    allow_methods=list(c.CORS_METHODS),
                    allow_headers=list(c.CORS_ALLOW_HEADERS),
                    max_age=Duration.seconds(c.CORS_MAX_AGE_SECONDS),
                )
            self._route(method, path, resource, integrations[function])

    def _route(
        self, method: str, path: str, resource: apigw.IResource, integration: apigw.LambdaIntegration
    ) -> None:
        parameters = {f"method.request.path.{name}": True for name in PATH_PARAMETER.findall(path)}
        if (method, path) in c.PUBLIC_ROUTES:
            added = resource.add_method(
                method,
                integration,
                authorization_type=apigw.AuthorizationType.NONE,
                request_validator=self.validator,
                request_parameters=parameters or None,
            )
            reason = (
                f"{method} {path} is public by design (constants.PUBLIC_ROUTES): a health check for monitors"
            )
            acknowledge(added, "AwsSolutions-APIG4", reason + " that carry no token.")
            acknowledge(added, "AwsSolutions-COG4", reason + "; it reads no data.")
            return
        resource.add_method(
            method,
            integration,
            authorizer=self.authorizer,
            authorization_type=apigw.AuthorizationType.COGNITO,
            authorization_scopes=[ACCESS_TOKEN_SCOPE],
            request_validator=self.validator,
            request_parameters=parameters or None,
        )

    def _firewall(self) -> wafv2.CfnWebACL:
        """AWS managed rules (IP reputation, common, known bad inputs) and a per-IP rate limit."""
        name = self._stage.resource_name("api")

        def visibility(metric: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
            return wafv2.CfnWebACL.VisibilityConfigProperty(
                cloud_watch_metrics_enabled=True, metric_name=metric, sampled_requests_enabled=True
            )

        rules = [
            wafv2.CfnWebACL.RuleProperty(
                name=rule,
                priority=priority,
                override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
                statement=wafv2.CfnWebACL.StatementProperty(
                    managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                        vendor_name="AWS", name=rule
                    )
                ),
                visibility_config=visibility(rule),
            )
            for priority, rule in enumerate(MANAGED_RULES)
        ]
        rules.append(
            wafv2.CfnWebACL.RuleProperty(
                name="RatePerIp",
                priority=len(MANAGED_RULES),
                action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                statement=wafv2.CfnWebACL.StatementProperty(
                    rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                        limit=self._stage.waf_rate_limit, aggregate_key_type="IP", evaluation_window_sec=300
                    )
                ),
                visibility_config=visibility("RatePerIp"),
            )
        )
        acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            name=name,
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=visibility(name),
            rules=rules,
        )
        wafv2.CfnWebACLAssociation(
            self,
            "WebAclAssociation",
            resource_arn=self.rest_api.deployment_stage.stage_arn,
            web_acl_arn=acl.attr_arn,
        )
        return acl
