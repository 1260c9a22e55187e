"""The web console on AWS: a private bucket behind CloudFront (origin access control), HTTPS only,
the security headers of `portal.constants.console_headers`, app routes answered with index.html,
and config.json written at deploy time from the stack's own values."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk.assertions import Annotations, Match, Template
from portal import constants as c

import infra.stacks
from infra.config import ConsoleDomain
from infra.console import SPA_FALLBACK, Console, ConsoleSettings
from infra.stacks import console_build
from tests.infra.assembly import CONSOLE_FILES, Synth, render

pytestmark = pytest.mark.infra

BUCKET = "AWS::S3::Bucket"
DISTRIBUTION = "AWS::CloudFront::Distribution"
DEPLOYMENT = "Custom::CDKBucketDeployment"


def _distribution(synth: Synth, stage: str) -> tuple[str, dict[str, Any]]:
    logical_id, resource = synth.one(stage, DISTRIBUTION)
    return logical_id, resource["Properties"]["DistributionConfig"]


def _site(synth: Synth, stage: str) -> str:
    """The console's bucket: the distribution's origin."""
    (origin,) = _distribution(synth, stage)[1]["Origins"]
    logical_id: str = origin["DomainName"]["Fn::GetAtt"][0]
    return logical_id


def _api_origin(synth: Synth, stage: str) -> str:
    api = synth.one(stage, "AWS::ApiGateway::RestApi")[0]
    return f"https://{{{api}}}.execute-api.{{AWS::Region}}.{{AWS::URLSuffix}}"


def test_the_bucket_is_private_encrypted_and_tls_only(synth: Synth, stage: str):
    site = _site(synth, stage)
    props = synth.resources(stage, BUCKET)[site]["Properties"]
    assert props["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "BlockPublicPolicy": True,
        "IgnorePublicAcls": True,
        "RestrictPublicBuckets": True,
    }
    (rule,) = props["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert props["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    assert "WebsiteConfiguration" not in props  # S3 is never the website: CloudFront is
    policy = next(
        p["Properties"]["PolicyDocument"]
        for p in synth.resources(stage, "AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": site}
    )
    deny = [s for s in policy["Statement"] if s["Effect"] == "Deny"]
    assert [s["Condition"] for s in deny] == [{"Bool": {"aws:SecureTransport": "false"}}]


def test_only_the_distribution_reads_the_bucket_through_origin_access_control(synth: Synth, stage: str):
    site = _site(synth, stage)
    distribution_id, config = _distribution(synth, stage)
    (origin,) = config["Origins"]
    assert "OriginAccessControlId" in origin
    assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}  # no legacy OAI
    (control,) = synth.resources(stage, "AWS::CloudFront::OriginAccessControl").values()
    control_config = control["Properties"]["OriginAccessControlConfig"]
    assert (control_config["OriginAccessControlOriginType"], control_config["SigningBehavior"]) == (
        "s3",
        "always",
    )
    policy = next(
        p["Properties"]["PolicyDocument"]
        for p in synth.resources(stage, "AWS::S3::BucketPolicy").values()
        if p["Properties"]["Bucket"] == {"Ref": site}
    )
    allows = [s for s in policy["Statement"] if s["Effect"] == "Allow"]
    (allow,) = [s for s in allows if s["Principal"] == {"Service": "cloudfront.amazonaws.com"}]
    others = [render(s["Principal"]["AWS"]) for s in allows if s is not allow]
    # Besides CloudFront, only CDK's bucket-emptying function (dev only: a dev stage is destroyable).
    assert all("CustomS3AutoDeleteObjectsCustomResourceProviderRole" in o for o in others)
    assert bool(others) == (stage == "dev")
    assert allow["Action"] == "s3:GetObject"
    source = render(allow["Condition"]["StringEquals"]["AWS:SourceArn"])
    assert source.endswith(f":distribution/{{{distribution_id}}}")


def test_https_only_get_and_head_with_the_security_headers_and_the_app_fallback(synth: Synth, stage: str):
    _, config = _distribution(synth, stage)
    behaviour = config["DefaultCacheBehavior"]
    assert behaviour["ViewerProtocolPolicy"] == "redirect-to-https"  # nothing is served over http
    assert behaviour["AllowedMethods"] == ["GET", "HEAD"]
    assert config["DefaultRootObject"] == "index.html"
    headers_id = synth.one(stage, "AWS::CloudFront::ResponseHeadersPolicy")[0]
    assert behaviour["ResponseHeadersPolicyId"] == {"Ref": headers_id}
    function_id, function = synth.one(stage, "AWS::CloudFront::Function")
    assert behaviour["FunctionAssociations"] == [
        {"EventType": "viewer-request", "FunctionARN": {"Fn::GetAtt": [function_id, "FunctionARN"]}}
    ]
    assert function["Properties"]["FunctionCode"] == SPA_FALLBACK
    assert function["Properties"]["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"


def test_access_logs_of_the_bucket_and_the_distribution_are_kept(synth: Synth, stage: str):
    site = _site(synth, stage)
    logging = synth.resources(stage, BUCKET)[site]["Properties"]["LoggingConfiguration"]
    logs = logging["DestinationBucketName"]["Ref"]
    _, config = _distribution(synth, stage)
    assert config["Logging"]["Bucket"] == {"Fn::GetAtt": [logs, "RegionalDomainName"]}
    log_bucket = synth.resources(stage, BUCKET)[logs]["Properties"]
    assert log_bucket["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"] is True
    (rule,) = log_bucket["LifecycleConfiguration"]["Rules"]
    assert rule["ExpirationInDays"] == synth.stage(stage).log_retention_days


def test_the_headers_are_the_ones_portal_constants_define(synth: Synth, stage: str):
    """One definition for AWS and the local portal: console_headers(api origin, Cognito)."""
    policy = synth.one(stage, "AWS::CloudFront::ResponseHeadersPolicy")[1]["Properties"]
    config = policy["ResponseHeadersPolicyConfig"]
    security = config["SecurityHeadersConfig"]
    expected = c.console_headers(_api_origin(synth, stage))
    deployed = {
        "Content-Security-Policy": render(security["ContentSecurityPolicy"]["ContentSecurityPolicy"]),
        "Strict-Transport-Security": "max-age={}{}".format(
            security["StrictTransportSecurity"]["AccessControlMaxAgeSec"],
            "; includeSubDomains" if security["StrictTransportSecurity"]["IncludeSubdomains"] else "",
        ),
        "X-Content-Type-Options": "nosniff",  # CloudFront's ContentTypeOptions sends exactly this
        "X-Frame-Options": security["FrameOptions"]["FrameOption"],
        "Referrer-Policy": security["ReferrerPolicy"]["ReferrerPolicy"],
        **{h["Header"]: h["Value"] for h in config["CustomHeadersConfig"]["Items"]},
    }
    assert deployed == expected
    assert "ContentTypeOptions" in security
    overrides = [v["Override"] for v in security.values()] + [
        h["Override"] for h in config["CustomHeadersConfig"]["Items"]
    ]
    assert all(overrides)  # S3's own headers never win


def _csp(synth: Synth, stage: str) -> dict[str, list[str]]:
    policy = synth.one(stage, "AWS::CloudFront::ResponseHeadersPolicy")[1]["Properties"]
    text = render(
        policy["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]["ContentSecurityPolicy"][
            "ContentSecurityPolicy"
        ]
    )
    return {name: values for name, *values in (d.split() for d in text.split(";"))}


def test_the_csp_allows_only_the_console_the_api_and_cognito(synth: Synth, stage: str):
    """CONTRACTS.md: scripts, styles, fonts and images from the console's own origin (images also
    data:, for the QR code); connections to itself, the API and Cognito; no framing, no eval."""
    csp = _csp(synth, stage)
    assert csp["default-src"] == ["'none'"]
    assert csp["connect-src"] == [
        "'self'",
        _api_origin(synth, stage),
        "https://cognito-idp.eu-west-2.amazonaws.com",
    ]
    for directive in ("script-src", "style-src", "font-src", "manifest-src", "form-action"):
        assert csp[directive] == ["'self'"], directive
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    text = " ".join(" ".join(v) for v in csp.values())
    assert "unsafe" not in text and "*" not in text and "http:" not in text


def test_the_shared_csp_serves_the_local_portal_too():
    local = "http://127.0.0.1:8000"
    csp = c.console_csp(local, f"{local}/_cognito".rsplit("/", 1)[0])
    assert "connect-src 'self' http://127.0.0.1:8000;" in csp  # one origin, listed once
    assert c.console_headers(local)["X-Frame-Options"] == "DENY"


def _node(script: str) -> str:
    node = shutil.which("node")
    assert node, "Node.js is needed (the CDK runs on it)"
    done = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


def test_app_routes_get_index_html_and_files_are_served_as_they_are():
    uris = [
        "/",
        "/centres/123456/users",
        "/settings",
        "/config.json",
        "/assets/index-0a1b2c.js",
        "/favicon.svg",
    ]
    script = (
        SPA_FALLBACK
        + f"console.log(JSON.stringify({json.dumps(uris)}.map(u => handler({{request: {{uri: u}}}}).uri)))"
    )
    assert json.loads(_node(script)) == [
        "/index.html",
        "/index.html",
        "/index.html",
        "/config.json",
        "/assets/index-0a1b2c.js",
        "/favicon.svg",
    ]


def _deployments(synth: Synth, stage: str) -> dict[str, dict[str, Any]]:
    """'assets' (hashed, immutable) and 'pages' (the rest and config.json, invalidated)."""
    found = {}
    for resource in synth.resources(stage, DEPLOYMENT).values():
        props = resource["Properties"]
        found["pages" if "DistributionId" in props else "assets"] = props
    return found


def _files(synth: Synth, key: str) -> set[str]:
    folder = synth.outdir / f"asset.{key.removesuffix('.zip')}"
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def test_hashed_assets_are_cached_for_a_year_and_the_rest_revalidated(synth: Synth, stage: str):
    deployments = _deployments(synth, stage)
    assets, pages = deployments["assets"], deployments["pages"]
    assert assets["SystemMetadata"]["cache-control"] == "public, max-age=31536000, immutable"
    assert pages["SystemMetadata"]["cache-control"] == "no-cache"
    (assets_key,) = assets["SourceObjectKeys"]
    assert _files(synth, assets_key) == {f for f in CONSOLE_FILES if f.startswith("assets/")}
    build, config = pages["SourceObjectKeys"]
    assert _files(synth, build) == {f for f in CONSOLE_FILES if not f.startswith("assets/")}
    assert _files(synth, config) == {"config.json"}
    assert assets["Prune"] is False and pages["Prune"] is False  # neither deletes the other's files
    assert pages["DistributionPaths"] == ["/*"]
    assert pages["DestinationBucketName"] == assets["DestinationBucketName"] == {"Ref": _site(synth, stage)}


def test_config_json_carries_the_stacks_own_values(synth: Synth, stage: str):
    pages = _deployments(synth, stage)["pages"]
    key, markers = pages["SourceObjectKeys"][1], pages["SourceMarkers"][1]
    text = (synth.outdir / f"asset.{key.removesuffix('.zip')}" / "config.json").read_text()
    for marker, value in markers.items():
        text = text.replace(marker, render(value))
    pool = synth.one(stage, "AWS::Cognito::UserPool")[0]
    client = synth.one(stage, "AWS::Cognito::UserPoolClient")[0]
    assert json.loads(text) == {
        "api_url": f"{_api_origin(synth, stage)}/v1",
        "region": "eu-west-2",
        "user_pool_id": f"{{{pool}}}",
        "client_id": f"{{{client}}}",
        "cognito_endpoint": None,
        "services": dict(synth.stage(stage).services),
        "sender": synth.stage(stage).sender,
        "helpdesk_email": "ithelpdesk@wjec.co.uk",
        "portal_team_email": "portal@wjec.co.uk",
        "idle_minutes": 60,
        "idle_warning_minutes": 5,
    }
    assert not re.search(r"<<marker", text)


def test_the_stack_outputs_where_the_console_is(synth: Synth, stage: str):
    outputs = synth.template(stage)["Outputs"]
    assert render(outputs["ConsoleUrl"]["Value"]) == synth.console_origin(stage)
    assert outputs["ConsoleBucket"]["Value"] == {"Ref": _site(synth, stage)}


def test_the_build_is_found_only_once_it_has_an_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(infra.stacks, "CONSOLE_BUILD", tmp_path / "dist")
    assert console_build() is None
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "index.html").write_text("<!doctype html>")
    assert console_build() == tmp_path / "dist"


def test_a_console_domain_gets_its_certificate_and_tls_1_2_and_an_unbuilt_console_a_warning(synth: Synth):
    """The branches the stages in cdk.json do not take, on one small stack of their own."""
    certificate = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
    stage = replace(synth.stage("prod"), console_domain=ConsoleDomain("portal.wjec.co.uk", certificate))
    app = App()
    stack = Stack(app, "ConsoleOnly", env=Environment(account="123456789012", region="eu-west-2"))
    console = Console(stack, "Console", stage=stage, api_origin="https://api.example.org", assets=None)
    console.publish(ConsoleSettings("https://api.example.org/v1", "eu-west-2", "eu-west-2_x", "client"))
    assert console.url == "https://portal.wjec.co.uk"
    template = Template.from_stack(stack)
    template.has_resource_properties(
        DISTRIBUTION,
        {
            "DistributionConfig": Match.object_like(
                {
                    "Aliases": ["portal.wjec.co.uk"],
                    "ViewerCertificate": {
                        "AcmCertificateArn": certificate,
                        "MinimumProtocolVersion": "TLSv1.2_2021",
                        "SslSupportMethod": "sni-only",
                    },
                }
            )
        },
    )
    template.resource_count_is(DEPLOYMENT, 0)
    Annotations.from_stack(stack).has_warning(
        "/ConsoleOnly/Console", Match.string_like_regexp("console/dist")
    )
