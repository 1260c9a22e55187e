"""API: the routes of portal.constants.ROUTES, each on its function, all behind the Cognito
authorizer (access tokens) but the public ones; and the edge: WAF, throttling, CORS, logs, errors."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from portal import constants as c

from tests.infra.assembly import Synth, render

pytestmark = pytest.mark.infra

METHOD = "AWS::ApiGateway::Method"


def _paths(synth: Synth, stage: str) -> dict[str, str]:
    """Resource logical id (and the root) -> its path."""
    resources = synth.resources(stage, "AWS::ApiGateway::Resource")
    paths: dict[str, str] = {}

    def path_of(parent: Any) -> str:
        if "Fn::GetAtt" in parent:  # the RestApi's root resource
            return ""
        logical_id = parent["Ref"]
        if logical_id not in paths:
            props = resources[logical_id]["Properties"]
            paths[logical_id] = f"{path_of(props['ParentId'])}/{props['PathPart']}"
        return paths[logical_id]

    for logical_id in resources:
        path_of({"Ref": logical_id})
    return paths


def _function_of(synth: Synth, stage: str, integration: dict[str, Any]) -> str:
    """The function a route invokes: through its `live` alias (SnapStart), or itself."""
    target = integration["Uri"]["Fn::Join"][1][1]
    if "Ref" in target:  # an alias, whose own FunctionName is a Ref to the function
        alias = synth.resources(stage, "AWS::Lambda::Alias")[target["Ref"]]["Properties"]
        assert alias["Name"] == "live"
        function_id = alias["FunctionName"]["Ref"]
    else:
        function_id = target["Fn::GetAtt"][0]
    name: str = synth.resources(stage, "AWS::Lambda::Function")[function_id]["Properties"]["FunctionName"]
    return name.removeprefix(f"portal-{stage}-").replace("-", "_")


def _routes(synth: Synth, stage: str) -> dict[tuple[str, str], dict[str, Any]]:
    paths = _paths(synth, stage)
    routes = {}
    for method in synth.resources(stage, METHOD).values():
        props = method["Properties"]
        resource = props["ResourceId"]
        path = "/" if "Fn::GetAtt" in resource else paths[resource["Ref"]]
        routes[(props["HttpMethod"], path)] = props
    return routes


def test_every_route_of_constants_and_no_other(synth: Synth, stage: str):
    served = {route for route in _routes(synth, stage) if route[0] != "OPTIONS"}
    assert served == {(method, path) for method, path, _ in c.ROUTES}


def test_each_route_reaches_its_function_through_a_proxy_integration(synth: Synth, stage: str):
    routes = _routes(synth, stage)
    for method, path, function in c.ROUTES:
        integration = routes[(method, path)]["Integration"]
        assert integration["Type"] == "AWS_PROXY"
        assert _function_of(synth, stage, integration) == function, (method, path)


def test_the_cognito_authorizer_with_access_tokens_guards_every_route_but_the_public_ones(
    synth: Synth, stage: str
):
    authorizer_id, authorizer = synth.one(stage, "AWS::ApiGateway::Authorizer")
    pool_id = synth.one(stage, "AWS::Cognito::UserPool")[0]
    assert authorizer["Properties"]["Type"] == "COGNITO_USER_POOLS"
    assert authorizer["Properties"]["ProviderARNs"] == [{"Fn::GetAtt": [pool_id, "Arn"]}]
    assert authorizer["Properties"]["IdentitySource"] == "method.request.header.Authorization"
    routes = _routes(synth, stage)
    for method, path, _ in c.ROUTES:
        props = routes[(method, path)]
        if (method, path) in c.PUBLIC_ROUTES:
            assert props["AuthorizationType"] == "NONE"
            continue
        assert props["AuthorizationType"] == "COGNITO_USER_POOLS", (method, path)
        assert props["AuthorizerId"] == {"Ref": authorizer_id}
        # A scope makes the authorizer take access tokens (ID tokens carry none).
        assert props["AuthorizationScopes"] == ["aws.cognito.signin.user.admin"]


def test_only_cors_preflight_and_the_health_check_go_without_a_token(synth: Synth, stage: str):
    open_routes = {
        route for route, props in _routes(synth, stage).items() if props["AuthorizationType"] == "NONE"
    }
    assert {route for route in open_routes if route[0] != "OPTIONS"} == set(c.PUBLIC_ROUTES)
    for route in open_routes - set(c.PUBLIC_ROUTES):
        assert _routes(synth, stage)[route]["Integration"]["Type"] == "MOCK"


def test_every_method_validates_its_request(synth: Synth, stage: str):
    validator_id, validator = synth.one(stage, "AWS::ApiGateway::RequestValidator")
    assert validator["Properties"]["ValidateRequestBody"] is True
    assert validator["Properties"]["ValidateRequestParameters"] is True
    routes = _routes(synth, stage)
    for method, path, _ in c.ROUTES:
        props = routes[(method, path)]
        assert props["RequestValidatorId"] == {"Ref": validator_id}
        for name in re.findall(r"{(\w+)}", path):
            assert props["RequestParameters"][f"method.request.path.{name}"] is True


def test_stage_v1_throttles_traces_and_logs_without_request_bodies(synth: Synth, stage: str):
    settings = synth.stage(stage)
    props = synth.one(stage, "AWS::ApiGateway::Stage")[1]["Properties"]
    assert props["StageName"] == "v1"
    assert props["TracingEnabled"] is True
    (all_methods,) = props["MethodSettings"]
    assert (all_methods["HttpMethod"], all_methods["ResourcePath"]) == ("*", "/*")
    assert all_methods["LoggingLevel"] == "INFO"
    assert all_methods["DataTraceEnabled"] is False
    assert all_methods["ThrottlingRateLimit"] == settings.api_rate_limit
    assert all_methods["ThrottlingBurstLimit"] == settings.api_burst_limit
    access_log = json.loads(props["AccessLogSetting"]["Format"])
    assert access_log["requestId"] == "$context.requestId"
    assert access_log["status"] == "$context.status"


def _cors_origins(synth: Synth, stage: str) -> list[str]:
    """The console's origin first, then the stage's other frontends."""
    return [synth.console_origin(stage), *synth.stage(stage).frontend_origins]


def test_cors_answers_the_console_and_the_stage_frontend_origins_only(synth: Synth, stage: str):
    origins = _cors_origins(synth, stage)
    preflights = 0
    for (method, _), props in _routes(synth, stage).items():
        if method != "OPTIONS":
            continue
        preflights += 1
        (response,) = props["Integration"]["IntegrationResponses"]
        default = render(response["ResponseParameters"]["method.response.header.Access-Control-Allow-Origin"])
        assert default == f"'{origins[0]}'"
        others = re.findall(
            r'\$origin == "([^"]+)"', render(response["ResponseTemplates"]["application/json"])
        )
        assert [origins[0], *others] == origins
        assert "*" not in default
    assert preflights == len({path for _, path, _ in c.ROUTES})  # every served path answers preflights


def test_every_served_path_answers_a_preflight(synth: Synth, stage: str):
    routes = _routes(synth, stage)
    for _, path, _ in c.ROUTES:
        assert ("OPTIONS", path) in routes, path


def test_the_functions_answer_the_same_origins_as_the_preflights(synth: Synth, stage: str):
    """The functions put CORS headers on their own answers (portal.http) from this setting."""
    for function in synth.resources(stage, "AWS::Lambda::Function").values():
        variables = function["Properties"].get("Environment", {}).get("Variables", {})
        if c.ENV_CORS_ORIGINS in variables:
            assert render(variables[c.ENV_CORS_ORIGINS]).split(",") == _cors_origins(synth, stage)


def _gateway_responses(synth: Synth, stage: str) -> dict[str, dict[str, Any]]:
    return {
        r["Properties"]["ResponseType"]: r["Properties"]
        for r in synth.resources(stage, "AWS::ApiGateway::GatewayResponse").values()
    }


def test_every_answer_of_api_gateway_itself_carries_cors_headers(synth: Synth, stage: str):
    """Refusals by the authorizer, the WAF, throttling, and every other 4xx and 5xx (the defaults,
    which the unlisted types inherit), so a browser shows the problem and not a CORS error."""
    responses = _gateway_responses(synth, stage)
    assert {
        "DEFAULT_4XX",
        "DEFAULT_5XX",
        "UNAUTHORIZED",
        "ACCESS_DENIED",
        "WAF_FILTERED",
        "THROTTLED",
    } <= set(responses)
    for response_type, props in responses.items():
        headers = props["ResponseParameters"]
        assert (
            headers["gatewayresponse.header.Access-Control-Allow-Origin"] == "method.request.header.Origin"
        ), response_type
        assert headers["gatewayresponse.header.Vary"] == "'Origin'", response_type
        assert headers["gatewayresponse.header.Content-Type"] == "'application/problem+json'", response_type


def test_no_answer_of_api_gateway_itself_is_kept_or_sniffed(synth: Synth, stage: str):
    """As the functions' answers (portal/http/resolver.py): nothing left on a shared computer."""
    for response_type, props in _gateway_responses(synth, stage).items():
        headers = props["ResponseParameters"]
        assert headers["gatewayresponse.header.Cache-Control"] == "'no-store'", response_type
        assert headers["gatewayresponse.header.X-Content-Type-Options"] == "'nosniff'", response_type


def test_api_gateways_own_401_says_how_to_authenticate(synth: Synth, stage: str):
    """RFC 6750's challenge; a gateway response passes WWW-Authenticate, where a function's own
    is remapped (docs/api.md, Step-up)."""
    responses = _gateway_responses(synth, stage)
    assert (
        responses["UNAUTHORIZED"]["ResponseParameters"]["gatewayresponse.header.WWW-Authenticate"]
        == "'Bearer'"
    )
    others = [
        t
        for t, props in responses.items()
        if "gatewayresponse.header.WWW-Authenticate" in props["ResponseParameters"]
    ]
    assert others == ["UNAUTHORIZED"]


def test_other_4xx_keep_their_status_and_say_what_api_gateway_said(synth: Synth, stage: str):
    props = _gateway_responses(synth, stage)["DEFAULT_4XX"]
    assert "StatusCode" not in props
    template = props["ResponseTemplates"]["application/json"]
    assert '"detail": $context.error.messageString' in template  # a quoted JSON string already
    body = json.loads(template.replace("$context.error.messageString", '"x"'))
    assert body["code"] == "invalid_request" and body["type"].endswith("invalid_request")


def test_the_firewall_guards_the_stage(synth: Synth, stage: str):
    (acl_id, acl), *_ = [
        (k, v)
        for k, v in synth.resources(stage, "AWS::WAFv2::WebACL").items()
        if v["Properties"]["Name"] == f"portal-{stage}-api"
    ]
    props = acl["Properties"]
    assert props["Scope"] == "REGIONAL"
    managed = {
        r["Statement"]["ManagedRuleGroupStatement"]["Name"]
        for r in props["Rules"]
        if "ManagedRuleGroupStatement" in r["Statement"]
    }
    assert managed == {
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesAmazonIpReputationList",
    }
    (rate,) = [r for r in props["Rules"] if "RateBasedStatement" in r["Statement"]]
    assert rate["Action"] == {"Block": {}}
    assert rate["Statement"]["RateBasedStatement"]["Limit"] == synth.stage(stage).waf_rate_limit
    (association,) = [
        a["Properties"]
        for a in synth.resources(stage, "AWS::WAFv2::WebACLAssociation").values()
        if a["Properties"]["WebACLArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}
    ]
    stage_id = synth.one(stage, "AWS::ApiGateway::Stage")[0]
    assert association["WebACLArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}
    assert {"Ref": stage_id} in association["ResourceArn"]["Fn::Join"][1]


@pytest.mark.parametrize(
    ("response_type", "status", "code"),
    [
        ("UNAUTHORIZED", "401", "unauthenticated"),
        ("THROTTLED", "429", "too_many_requests"),
        ("WAF_FILTERED", "403", "forbidden"),
    ],
)
def test_gateway_refusals_are_problem_json(
    synth: Synth, stage: str, response_type: str, status: str, code: str
):
    responses = {
        r["Properties"]["ResponseType"]: r["Properties"]
        for r in synth.resources(stage, "AWS::ApiGateway::GatewayResponse").values()
    }
    props = responses[response_type]
    assert props["StatusCode"] == status
    assert props["ResponseParameters"]["gatewayresponse.header.Content-Type"] == "'application/problem+json'"
    body = json.loads(props["ResponseTemplates"]["application/json"])
    assert body["code"] == code and body["status"] == int(status)
