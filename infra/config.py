"""Typed stage settings, read once from the CDK context (`cdk.json`, key `portal`).

Constructs receive these objects, never the raw context, so a missing or mistyped value fails at
the start of synth with the name of the setting, not as a broken template later.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from aws_cdk import aws_logs as logs
from portal import constants as c

ROOT = Path(__file__).resolve().parent.parent
CONTEXT_KEY = "portal"
REQUIREMENTS = ROOT / "requirements.txt"
POWERTOOLS_DISTRIBUTION = "aws-lambda-powertools"
_PIN = re.compile(r"^\s*([A-Za-z0-9_.-]+)(\[[^\]]*\])?\s*==\s*([^\s;#]+)")
_EMAIL = re.compile(r"^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](-*[a-z0-9])*\.)+[a-z]{2,}$")
# A service's address: https, a host name, any path; no credentials, query or fragment of its own
# (the console adds `centre_id` and `language` to it).
_SERVICE_URL = re.compile(r"^https://[a-z0-9.-]+(:\d{1,5})?(/[A-Za-z0-9._~/-]*)?$")
# CloudFront takes certificates from ACM in us-east-1 only.
_CLOUDFRONT_CERTIFICATE = re.compile(r"^arn:aws:acm:us-east-1:\d{12}:certificate/[0-9a-f-]{36}$")
ThreatProtection = Literal["audit", "enforced"]
# Adaptive authentication's actions (CloudFormation's AccountTakeoverActionType EventAction).
RISK_ACTIONS = ("BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "NO_ACTION")
RISK_LEVELS = ("low", "medium", "high")
# CloudWatch Logs accepts only these retention periods (days), named so in CDK's enum.
RETENTION_DAYS: dict[int, logs.RetentionDays] = {
    1: logs.RetentionDays.ONE_DAY,
    3: logs.RetentionDays.THREE_DAYS,
    5: logs.RetentionDays.FIVE_DAYS,
    7: logs.RetentionDays.ONE_WEEK,
    14: logs.RetentionDays.TWO_WEEKS,
    30: logs.RetentionDays.ONE_MONTH,
    60: logs.RetentionDays.TWO_MONTHS,
    90: logs.RetentionDays.THREE_MONTHS,
    120: logs.RetentionDays.FOUR_MONTHS,
    150: logs.RetentionDays.FIVE_MONTHS,
    180: logs.RetentionDays.SIX_MONTHS,
    365: logs.RetentionDays.ONE_YEAR,
    400: logs.RetentionDays.THIRTEEN_MONTHS,
    545: logs.RetentionDays.EIGHTEEN_MONTHS,
    731: logs.RetentionDays.TWO_YEARS,
    1096: logs.RetentionDays.THREE_YEARS,
    1827: logs.RetentionDays.FIVE_YEARS,
    2557: logs.RetentionDays.SEVEN_YEARS,
    3653: logs.RetentionDays.TEN_YEARS,
}


class ConfigError(ValueError):
    """A stage setting in cdk.json is missing or wrong."""


def distribution_name(name: str) -> str:
    """A distribution's name as package indexes compare it (PEP 503: `Email_Validator`, `email-validator`)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(requirements: Path = REQUIREMENTS) -> dict[str, str]:
    """Each exact pin of a requirements file (`name[extras]==version`), by distribution name."""
    found: dict[str, str] = {}
    for line in requirements.read_text().splitlines():
        match = _PIN.match(line)
        if match:
            found[distribution_name(match.group(1))] = match.group(3)
    return found


def pinned_version(distribution: str, requirements: Path = REQUIREMENTS) -> str:
    """The exact version `requirements.txt` pins for a distribution (`name[extras]==version`)."""
    version = pins(requirements).get(distribution_name(distribution))
    if version is None:
        raise ConfigError(f"{requirements.name} pins no exact version of {distribution}")
    return version


@dataclass(frozen=True, slots=True)
class PowertoolsLayer:
    """AWS's public Powertools layer for the release that requirements.txt pins.

    AWS publishes each release's layer ARN, per region, architecture and Python version, as a
    public SSM parameter. The stack names the parameter and CloudFormation reads it at deploy
    time: the functions run the pinned release, and `make synth` needs no network.
    """

    version: str

    def parameter_name(self, runtime: str, architecture: str) -> str:
        return f"/aws/service/powertools/python/{architecture}/{runtime}/{self.version}"


@dataclass(frozen=True, slots=True)
class Alarms:
    """Thresholds: where each alarm fires (SES rates are fractions, as SES publishes them)."""

    api_5xx_percent: float
    api_p99_latency_ms: int
    waf_blocked_per_5_minutes: int
    cognito_waf_blocked_per_5_minutes: int
    sign_in_failures_per_5_minutes: int
    ses_bounce_rate: float
    ses_complaint_rate: float


@dataclass(frozen=True, slots=True)
class Sessions:
    """How long a session lives (docs/security.md, Sessions): hours until a new sign-in is needed
    whatever the activity (the refresh token's absolute lifetime), and the console's minutes
    without activity before it signs the person out, the warning coming that many minutes before.
    Each at most domain.md's (constants.SESSION_MAX_HOURS, IDLE_TIMEOUT_MINUTES): a stage may be
    stricter, never looser."""

    max_hours: int
    idle_minutes: int
    idle_warning_minutes: int


@dataclass(frozen=True, slots=True)
class ResultsMorning:
    """The capacity settings of results morning (docs/capacity.md has the model behind them).

    `trigger_concurrency`: concurrency reserved for each Cognito trigger, so API traffic can never
    starve the sign-in path (a throttled post-authentication trigger fails the sign-in); empty
    where the account cannot spare it (a new account's Lambda quota may be 10, and AWS keeps 100
    unreserved). `snapstart`: the functions start from a snapshot, invoked through their alias.
    """

    trigger_concurrency: Mapping[str, int]
    snapstart: bool


@dataclass(frozen=True, slots=True)
class ConsoleDomain:
    """The console's own host name (e.g. portal.wjec.co.uk) and its certificate in us-east-1."""

    name: str
    certificate_arn: str


@dataclass(frozen=True, slots=True)
class Stage:
    """One deployment (dev or prod): names, people to alert, and how strict it is."""

    name: str
    account: str | None
    domain: str
    sender: str
    brand: str
    console_domain: ConsoleDomain | None
    passkey_relying_party: str | None  # None: the console's own host (console_domain, or CloudFront's)
    frontend_origins: tuple[str, ...]
    ses_sandbox_recipients: tuple[str, ...]
    alarm_email: str
    log_retention_days: int
    threat_protection: ThreatProtection
    deletion_protection: bool
    api_rate_limit: int
    api_burst_limit: int
    waf_rate_limit: int
    services: Mapping[str, str | None]
    """Each service's address (constants.SERVICES), or None while it is not reachable from Portal."""
    helpdesk_email: str
    """The IT helpdesk: where every security notice tells a person to turn if the change was not
    theirs, and the help page's contact for accounts, sign-in, MFA and emails that do not arrive."""
    portal_team_email: str
    """The Portal team: using Portal and the board's services (the help page)."""
    cognito_waf_rate_limit: int
    """Requests per address per 5 minutes to Cognito's sign-in and code operations."""
    risk_actions: Mapping[str, str]
    """Adaptive authentication: the action at each risk level (low, medium, high)."""
    alarms: Alarms
    sessions: Sessions
    results_morning: ResultsMorning

    def resource_name(self, suffix: str) -> str:
        """`portal-<stage>-<suffix>`: names operators recognise in the console and in alarms."""
        return f"portal-{self.name}-{suffix.replace('_', '-')}"

    @property
    def configuration_set(self) -> str:
        return self.resource_name("email")

    def relying_party(self, console_host: str) -> str:
        """What passkeys are bound to: the setting, else the console's own host name."""
        return self.passkey_relying_party or console_host


@dataclass(frozen=True, slots=True)
class PortalConfig:
    """Everything the app reads from context: settings shared by all stages, then each stage."""

    region: str
    runtime: str
    architecture: str
    powertools: PowertoolsLayer
    stages: Mapping[str, Stage]


def _need(values: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    value = values.get(key)
    if isinstance(value, bool) and kind is not bool:
        raise ConfigError(f"{where}.{key} must be a {kind.__name__}")
    if kind is float and isinstance(value, int):
        return float(value)
    if not isinstance(value, kind) or (isinstance(value, str) and not value.strip()):
        raise ConfigError(f"{where}.{key} is missing or not a {kind.__name__}")
    return value


def _alarms(values: Mapping[str, Any], where: str) -> Alarms:
    alarms = Alarms(
        api_5xx_percent=_need(values, "api_5xx_percent", float, where),
        api_p99_latency_ms=_need(values, "api_p99_latency_ms", int, where),
        waf_blocked_per_5_minutes=_need(values, "waf_blocked_per_5_minutes", int, where),
        cognito_waf_blocked_per_5_minutes=_need(values, "cognito_waf_blocked_per_5_minutes", int, where),
        sign_in_failures_per_5_minutes=_need(values, "sign_in_failures_per_5_minutes", int, where),
        ses_bounce_rate=_need(values, "ses_bounce_rate", float, where),
        ses_complaint_rate=_need(values, "ses_complaint_rate", float, where),
    )
    # SES pauses sending at a 10% bounce or 0.5% complaint rate: an alarm must fire well before.
    if not 0 < alarms.ses_bounce_rate < 0.1 or not 0 < alarms.ses_complaint_rate < 0.005:
        raise ConfigError(f"{where}: SES alarm rates must be below the levels at which SES pauses sending")
    return alarms


def _sessions(values: Mapping[str, Any], where: str) -> Sessions:
    sessions = Sessions(
        max_hours=_need(values, "max_hours", int, where),
        idle_minutes=_need(values, "idle_minutes", int, where),
        idle_warning_minutes=_need(values, "idle_warning_minutes", int, where),
    )
    # Cognito's refresh tokens last 1 hour at least; domain.md allows a working day at most.
    if not 1 <= sessions.max_hours <= c.SESSION_MAX_HOURS:
        raise ConfigError(f"{where}.max_hours must be 1 to {c.SESSION_MAX_HOURS} (domain.md: a working day)")
    if not 5 <= sessions.idle_minutes <= c.IDLE_TIMEOUT_MINUTES:
        raise ConfigError(f"{where}.idle_minutes must be 5 to {c.IDLE_TIMEOUT_MINUTES}")
    if not 1 <= sessions.idle_warning_minutes < sessions.idle_minutes:
        raise ConfigError(f"{where}.idle_warning_minutes must be at least 1 and less than idle_minutes")
    return sessions


TRIGGERS = ("custom_message", "post_authentication")


def _results_morning(values: Mapping[str, Any], where: str) -> ResultsMorning:
    reserved = values.get("trigger_concurrency") or {}
    if not isinstance(reserved, Mapping) or not set(reserved) <= set(TRIGGERS):
        raise ConfigError(f"{where}.trigger_concurrency must map {' and '.join(TRIGGERS)} to a number")
    for name, amount in reserved.items():
        if isinstance(amount, bool) or not isinstance(amount, int) or amount < 1:
            raise ConfigError(f"{where}.trigger_concurrency.{name} must be a whole number above 0")
    return ResultsMorning(
        trigger_concurrency=dict(reserved), snapstart=_need(values, "snapstart", bool, where)
    )


def _console_domain(values: Any, where: str) -> ConsoleDomain | None:
    """None: the console is reached at its CloudFront address (https://<id>.cloudfront.net)."""
    if values is None:
        return None
    if not isinstance(values, Mapping):
        raise ConfigError(f"{where} must be null or an object with name and certificate_arn")
    name = _need(values, "name", str, where)
    certificate = _need(values, "certificate_arn", str, where)
    if not _DOMAIN.match(name):
        raise ConfigError(f"{where}.name must be a lower-case host name")
    if not _CLOUDFRONT_CERTIFICATE.match(certificate):
        raise ConfigError(f"{where}.certificate_arn must be an ACM certificate in us-east-1 (CloudFront's)")
    return ConsoleDomain(name=name, certificate_arn=certificate)


def _rate(values: Mapping[str, Any], key: str, where: str) -> int:
    """AWS WAF's rate-based rules take 10 to 2,000,000,000 requests per evaluation window."""
    rate = _need(values, key, int, where)
    if not 10 <= rate <= 2_000_000_000:
        raise ConfigError(f"{where}.{key} must be between 10 and 2,000,000,000 (AWS WAF's range)")
    return int(rate)


def _risk_actions(values: Mapping[str, Any], where: str) -> dict[str, str]:
    if set(values) != set(RISK_LEVELS) or not all(values[level] in RISK_ACTIONS for level in RISK_LEVELS):
        raise ConfigError(f"{where} must give low, medium and high each one of {', '.join(RISK_ACTIONS)}")
    if values["high"] == "NO_ACTION":
        raise ConfigError(
            f"{where}.high must act (BLOCK or MFA): a high-risk sign-in is never let through unasked"
        )
    return {level: str(values[level]) for level in RISK_LEVELS}


def _relying_party(value: Any, console: ConsoleDomain | None, where: str) -> str | None:
    """The passkeys' relying party: null for the console's own host name, or that host or a
    domain it is under (`wjec.co.uk` for `portal.wjec.co.uk`); browsers refuse any other."""
    if value is None:
        return None
    if not isinstance(value, str) or not _DOMAIN.match(value):
        raise ConfigError(f"{where} must be null or a lower-case host name")
    if console is None:
        raise ConfigError(
            f"{where} needs console_domain: the console's CloudFront address is under no domain of yours"
        )
    if console.name != value and not console.name.endswith("." + value):
        raise ConfigError(f"{where} must be the console's host {console.name} or a domain it is under")
    return value


def _services(values: Any, where: str) -> dict[str, str | None]:
    """Each service of constants.SERVICES: an https:// address, or null while it is not linked
    (a null may arrive as a missing key: the CDK's context drops nulls on its way to Python)."""
    if not isinstance(values, Mapping) or not set(values) <= set(c.SERVICES):
        raise ConfigError(f"{where} must be an object naming only {', '.join(c.SERVICES)}")
    for service, address in values.items():
        if address is not None and not (isinstance(address, str) and _SERVICE_URL.match(address)):
            raise ConfigError(f"{where}.{service} must be null or an https:// address")
    return {service: values.get(service) for service in c.SERVICES}


def _address(values: Mapping[str, Any], key: str, where: str) -> str:
    address = _need(values, key, str, where)
    if not _EMAIL.match(address):
        raise ConfigError(f"{where}.{key} must be a lower-case email address")
    return str(address)


def _stage(name: str, values: Mapping[str, Any]) -> Stage:
    where = f"{CONTEXT_KEY}.stages.{name}"
    domain = _need(values, "domain", str, where)
    sender = _need(values, "sender", str, where)
    if not sender.endswith("@" + domain):
        raise ConfigError(f"{where}.sender must be an address at the stage's domain {domain}")
    origins = tuple(_need(values, "frontend_origins", list, where))
    if not origins or not all(
        isinstance(o, str) and o.startswith(("https://", "http://localhost")) for o in origins
    ):
        raise ConfigError(f"{where}.frontend_origins must list https:// origins (http://localhost in dev)")
    days = _need(values, "log_retention_days", int, where)
    if days not in RETENTION_DAYS:
        raise ConfigError(f"{where}.log_retention_days must be one of {sorted(RETENTION_DAYS)}")
    threat = _need(values, "threat_protection", str, where)
    if threat not in ("audit", "enforced"):
        raise ConfigError(f"{where}.threat_protection must be audit or enforced")
    account = values.get("account") or None
    recipients = tuple(_need(values, "ses_sandbox_recipients", list, where))
    if not all(isinstance(r, str) and (_EMAIL.match(r) or _DOMAIN.match(r)) for r in recipients):
        raise ConfigError(f"{where}.ses_sandbox_recipients must list lower-case email addresses or domains")
    if len(set(recipients)) != len(recipients):
        raise ConfigError(f"{where}.ses_sandbox_recipients lists an identity twice")
    console_domain = _console_domain(values.get("console_domain"), f"{where}.console_domain")
    # null or absent (the CDK drops null context values): the console's own host name
    relying_party = _relying_party(
        values.get("passkey_relying_party"), console_domain, f"{where}.passkey_relying_party"
    )
    return Stage(
        name=name,
        account=str(account) if account else None,
        domain=domain,
        sender=sender,
        brand=_need(values, "brand", str, where),
        console_domain=console_domain,
        passkey_relying_party=relying_party,
        frontend_origins=origins,
        ses_sandbox_recipients=recipients,
        alarm_email=_need(values, "alarm_email", str, where),
        log_retention_days=days,
        threat_protection=threat,
        deletion_protection=_need(values, "deletion_protection", bool, where),
        api_rate_limit=_need(values, "api_rate_limit", int, where),
        api_burst_limit=_need(values, "api_burst_limit", int, where),
        waf_rate_limit=_need(values, "waf_rate_limit", int, where),
        services=_services(values.get("services"), f"{where}.services"),
        helpdesk_email=_address(values, "helpdesk_email", where),
        portal_team_email=_address(values, "portal_team_email", where),
        cognito_waf_rate_limit=_rate(values, "cognito_waf_rate_limit", where),
        risk_actions=_risk_actions(_need(values, "risk_actions", dict, where), f"{where}.risk_actions"),
        alarms=_alarms(_need(values, "alarms", dict, where), f"{where}.alarms"),
        sessions=_sessions(_need(values, "sessions", dict, where), f"{where}.sessions"),
        results_morning=_results_morning(
            _need(values, "results_morning", dict, where), f"{where}.results_morning"
        ),
    )


def read_config(context: Mapping[str, Any] | None) -> PortalConfig:
    """Parse the `portal` context value (a dict from cdk.json, or a JSON string from `-c`)."""
    if isinstance(context, str):
        context = json.loads(context)
    if not isinstance(context, Mapping):
        raise ConfigError(f"context key {CONTEXT_KEY!r} is missing: run from the project root with cdk.json")
    stages = _need(context, "stages", dict, CONTEXT_KEY)
    region = _need(context, "region", str, CONTEXT_KEY)
    if region != c.REGION:
        raise ConfigError(f"{CONTEXT_KEY}.region must be {c.REGION}, the region Portal's data stays in")
    return PortalConfig(
        region=region,
        runtime=_need(context, "runtime", str, CONTEXT_KEY),
        architecture=_need(context, "architecture", str, CONTEXT_KEY),
        powertools=PowertoolsLayer(version=pinned_version(POWERTOOLS_DISTRIBUTION)),
        stages={name: _stage(name, values) for name, values in stages.items()},
    )


def cdk_json_context(path: Path = ROOT / "cdk.json") -> dict[str, Any]:
    """cdk.json's context, for building the app outside the CDK CLI (tests) exactly as the CLI does."""
    context = json.loads(path.read_text())["context"]
    if not isinstance(context, dict):
        raise ConfigError("cdk.json has no context object")
    return context


def retention(days: int) -> logs.RetentionDays:
    """The CDK enum member for a retention period that `_stage` has already checked."""
    return RETENTION_DAYS[days]
