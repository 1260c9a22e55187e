"""Console: the web console's static files, served by CloudFront from a private S3 bucket.

The bucket is reachable only through the distribution (origin access control); the distribution
answers over HTTPS only (plain HTTP is redirected), with the security headers that
`portal.constants.console_headers` defines for every place the console runs. Paths without a
file extension are the single-page app's own routes and get `index.html`. `config.json`, the
console's settings, is written at deploy time from the stack's own values (CONTRACTS.md).

Vite names everything under `assets/` by content hash, so those files are cached for a year;
every other file (index.html, config.json, the icon) is revalidated on each load, and a deploy
invalidates the distribution's cache.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aws_cdk import Annotations, DefaultStackSynthesizer, Duration, RemovalPolicy, Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as deployment
from constructs import Construct
from portal import constants as c

from infra.config import Stage, retention
from infra.internals import auto_delete_handler, bucket_deployment_function
from infra.nag import acknowledge

CONFIG_FILE = "config.json"
HASHED = "assets"  # Vite's assetsDir: file names carry their content's hash
IMMUTABLE = [deployment.CacheControl.from_string("public, max-age=31536000, immutable")]
REVALIDATE = [deployment.CacheControl.from_string("no-cache")]
# Viewer request: a path whose last segment has no dot is a route of the app, not a file.
SPA_FALLBACK = """\
function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
"""


@dataclass(frozen=True, slots=True)
class ConsoleSettings:
    """What `config.json` carries: the API's base URL (no trailing slash), the pool, the client;
    the stage's service addresses (the home page's tiles), what its help page names (the no-reply
    sender and whom to contact), and its idle rule (docs/console.md, Sessions)."""

    api_url: str
    region: str
    user_pool_id: str
    client_id: str
    services: Mapping[str, str | None] = field(default_factory=dict)
    sender: str | None = None
    helpdesk_email: str | None = None
    portal_team_email: str | None = None
    idle_minutes: int = c.IDLE_TIMEOUT_MINUTES
    idle_warning_minutes: int = c.IDLE_WARNING_MINUTES

    def as_json(self) -> dict[str, Any]:
        return {
            "api_url": self.api_url,
            "region": self.region,
            "user_pool_id": self.user_pool_id,
            "client_id": self.client_id,
            "cognito_endpoint": None,  # Amplify uses Cognito's own endpoint on AWS
            "services": dict(self.services),
            "sender": self.sender,
            "helpdesk_email": self.helpdesk_email,
            "portal_team_email": self.portal_team_email,
            "idle_minutes": self.idle_minutes,
            "idle_warning_minutes": self.idle_warning_minutes,
        }

    @classmethod
    def for_stage(
        cls, stage: Stage, api_url: str, region: str, user_pool_id: str, client_id: str
    ) -> ConsoleSettings:
        return cls(
            api_url,
            region,
            user_pool_id,
            client_id,
            services=stage.services,
            sender=stage.sender,
            helpdesk_email=stage.helpdesk_email,
            portal_team_email=stage.portal_team_email,
            idle_minutes=stage.sessions.idle_minutes,
            idle_warning_minutes=stage.sessions.idle_warning_minutes,
        )


def _security_headers(scope: Construct, api_origin: str) -> cloudfront.ResponseHeadersPolicy:
    """CloudFront's policy for exactly the headers of `console_headers`, each overriding the origin's."""
    headers = dict(c.console_headers(api_origin))
    security: dict[str, Callable[[str], object]] = {
        "Content-Security-Policy": lambda v: cloudfront.ResponseHeadersContentSecurityPolicy(
            content_security_policy=v, override=True
        ),
        "Strict-Transport-Security": lambda v: cloudfront.ResponseHeadersStrictTransportSecurity(
            access_control_max_age=Duration.seconds(c.HSTS_MAX_AGE_SECONDS),
            include_subdomains="includeSubDomains" in v,
            override=True,
        ),
        "X-Content-Type-Options": lambda v: cloudfront.ResponseHeadersContentTypeOptions(override=True),
        "X-Frame-Options": lambda v: cloudfront.ResponseHeadersFrameOptions(
            frame_option=cloudfront.HeadersFrameOption[v], override=True
        ),
        "Referrer-Policy": lambda v: cloudfront.ResponseHeadersReferrerPolicy(
            referrer_policy=cloudfront.HeadersReferrerPolicy[v.upper().replace("-", "_")], override=True
        ),
    }
    fields = {
        "Content-Security-Policy": "content_security_policy",
        "Strict-Transport-Security": "strict_transport_security",
        "X-Content-Type-Options": "content_type_options",
        "X-Frame-Options": "frame_options",
        "Referrer-Policy": "referrer_policy",
    }
    behaviour = {fields[name]: build(headers.pop(name)) for name, build in security.items()}
    return cloudfront.ResponseHeadersPolicy(
        scope,
        "SecurityHeaders",
        comment="Portal console: CSP, HSTS, no framing, nosniff, referrer and permissions policies",
        security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(**behaviour),  # type: ignore[arg-type]
        custom_headers_behavior=cloudfront.ResponseCustomHeadersBehavior(
            custom_headers=[
                cloudfront.ResponseCustomHeader(header=name, value=value, override=True)
                for name, value in headers.items()
            ]
        ),
    )


class Console(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        stage: Stage,
        api_origin: str,
        assets: Path | None,
    ) -> None:
        """`assets`: the console's build (console/dist); None deploys the hosting without files."""
        super().__init__(scope, construct_id)
        self._stage = stage
        self._assets = assets
        self.logs = self._private_bucket(
            "AccessLogs",
            # CloudFront's standard logs are written with an ACL: the bucket owner takes them over.
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(stage.log_retention_days))],
        )
        self.bucket = self._private_bucket(
            "Site",
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            server_access_logs_bucket=self.logs,
            server_access_logs_prefix="s3/",
        )
        self.headers = _security_headers(self, api_origin)
        fallback = cloudfront.Function(
            self,
            "SpaFallback",
            comment="Portal console: app routes get index.html",
            code=cloudfront.FunctionCode.from_inline(SPA_FALLBACK),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
        )
        domain = stage.console_domain
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment=f"Portal {stage.name} console",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=self.headers,
                compress=True,
                function_associations=[
                    cloudfront.FunctionAssociation(
                        function=fallback, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
                    )
                ],
            ),
            domain_names=[domain.name] if domain else None,
            certificate=(
                acm.Certificate.from_certificate_arn(self, "Certificate", domain.certificate_arn)
                if domain
                else None
            ),
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 if domain else None,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            enable_logging=True,
            log_bucket=self.logs,
            log_file_prefix="cloudfront/",
        )
        if domain is None:
            acknowledge(
                self.distribution,
                "AwsSolutions-CFR4",
                "Without its own domain the console is served on CloudFront's *.cloudfront.net "
                "certificate, whose security policy CloudFront fixes (TLSv1 allowed); a stage with "
                "console_domain gets its certificate and TLS 1.2 at least (docs/deploy.md).",
            )
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR1",
            "No geographic restriction: exam centres and their staff are not all in the UK, and "
            "the console holds only public static files; access is decided at sign-in and by the API.",
        )
        acknowledge(
            self.distribution,
            "AwsSolutions-CFR2",
            "No WAF in front of the console's static files, which carry no data: the API they call "
            "has its own web ACL (rate limit, AWS managed rules). A CloudFront web ACL would have to "
            "live in us-east-1, in a stack of its own.",
        )
        self._tidy_auto_delete()
        # The console's host name: its own domain, else CloudFront's (d1234abcd.cloudfront.net).
        self.host = domain.name if domain else self.distribution.domain_name
        self.url = f"https://{self.host}"
        self.origin = self.url  # an origin is scheme://host, which the URL is

    def _private_bucket(self, construct_id: str, **options: Any) -> s3.Bucket:
        """No public access, S3-managed encryption, TLS only; kept in prod, emptied and deleted in
        dev (a dev stage can be destroyed and deployed again)."""
        keep = self._stage.deletion_protection
        return s3.Bucket(
            self,
            construct_id,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            removal_policy=RemovalPolicy.RETAIN if keep else RemovalPolicy.DESTROY,
            auto_delete_objects=not keep,
            **options,
        )

    def _tidy_auto_delete(self) -> None:
        """CDK's bucket-emptying provider (dev only) repeats in DependsOn the role its GetAtt
        already implies (cfn-lint W3005)."""
        handler = auto_delete_handler(Stack.of(self))
        if handler is not None:
            handler.add_deletion_override("DependsOn")

    def publish(self, settings: ConsoleSettings) -> None:
        """Upload the build (hashed assets first, then the rest) and write config.json."""
        if self._assets is None:
            Annotations.of(self).add_warning_v2(
                "portal:console-not-built",
                "console/dist was not found: the stack hosts the console but deploys no files. "
                "Build it first (make synth and make deploy do when console/ exists).",
            )
            return
        log_group = logs.LogGroup(
            self,
            "DeploymentLogs",
            retention=retention(self._stage.log_retention_days),
            removal_policy=RemovalPolicy.DESTROY,
        )
        assets = deployment.BucketDeployment(
            self,
            "Assets",
            destination_bucket=self.bucket,
            sources=[
                deployment.Source.asset(str(self._assets), exclude=["*", f"!{HASHED}", f"!{HASHED}/**"])
            ],
            cache_control=IMMUTABLE,
            prune=False,  # pages still open in a browser may ask for the previous build's chunks
            memory_limit=512,
            log_group=log_group,
        )
        pages = deployment.BucketDeployment(
            self,
            "Pages",
            destination_bucket=self.bucket,
            sources=[
                deployment.Source.asset(str(self._assets), exclude=[f"{HASHED}/**", CONFIG_FILE]),
                # Source.data, not json_data: jsii drops None, and the contract has "cognito_endpoint": null.
                deployment.Source.data(CONFIG_FILE, json.dumps(settings.as_json())),
            ],
            cache_control=REVALIDATE,
            prune=False,  # the two deployments share the bucket: neither may delete the other's files
            distribution=self.distribution,
            distribution_paths=["/*"],
            memory_limit=512,
            log_group=log_group,
        )
        pages.node.add_dependency(assets)  # index.html never names chunks that are not there yet
        self._acknowledge_deployment()

    def _acknowledge_deployment(self) -> None:
        """CDK's BucketDeployment runs one Lambda function, shared by both deployments."""
        stack = Stack.of(self)
        singleton = bucket_deployment_function(stack)
        handler = singleton.construct
        singleton.function.add_override("DependsOn", [stack.get_logical_id(singleton.policy)])  # W3005
        acknowledge(
            handler,
            "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
            "CDK's BucketDeployment function (it copies the console's build into the bucket at "
            "deploy time) logs through AWS's basic execution policy; it is not one of Portal's functions.",
        )
        acknowledge(
            handler,
            "AwsSolutions-IAM5[Resource::*]",
            "CloudFront invalidations have no resource-level permissions: the BucketDeployment "
            "function may create one on any distribution, and is invoked only by this stack.",
        )
        acknowledge(
            handler,
            "AwsSolutions-L1",
            "The BucketDeployment function's runtime is chosen by the pinned aws-cdk-lib, with the "
            "AWS CLI layer it is built and tested on; it runs at deploy time only, never for a request.",
        )
        site = stack.resolve(stack.get_logical_id(self.bucket.node.default_child))  # type: ignore[arg-type]
        qualifier = DefaultStackSynthesizer.DEFAULT_QUALIFIER
        assets = f"arn:aws:s3:::cdk-{qualifier}-assets-<AWS::AccountId>-{stack.region}"
        wildcards = [
            *(f"Action::s3:{verb}*" for verb in ("GetBucket", "GetObject", "List", "Abort", "DeleteObject")),
            f"Resource::{assets}/*",
            f"Resource::<{site}.Arn>/*",
        ]
        for finding in wildcards:
            acknowledge(
                handler,
                f"AwsSolutions-IAM5[{finding}]",
                "CDK's BucketDeployment function reads the build from CDK's asset bucket and "
                "replaces the console bucket's objects, whose keys are known only at deploy time: "
                "its grants (CDK's read and write sets) end in /*, on those two buckets only.",
            )
