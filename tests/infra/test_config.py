"""Stage settings are checked when read: a wrong cdk.json fails synth with the setting's name."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from portal import constants as c

from infra.config import (
    CONTEXT_KEY,
    POWERTOOLS_DISTRIBUTION,
    ConfigError,
    cdk_json_context,
    pinned_version,
    read_config,
)

pytestmark = pytest.mark.infra


def _context() -> dict[str, Any]:
    context: dict[str, Any] = copy.deepcopy(cdk_json_context()[CONTEXT_KEY])
    return context


def test_cdk_json_has_dev_and_prod_in_eu_west_2():
    config = read_config(_context())
    assert set(config.stages) == {"dev", "prod"}
    assert config.region == "eu-west-2"
    assert config.architecture == "arm64"


def test_threat_protection_is_audit_in_dev_and_enforced_in_prod():
    config = read_config(_context())
    assert config.stages["dev"].threat_protection == "audit"
    assert config.stages["prod"].threat_protection == "enforced"
    assert config.stages["prod"].deletion_protection is True


def test_every_sender_is_the_no_reply_address_of_its_domain():
    for stage in read_config(_context()).stages.values():
        assert stage.sender == f"portal-no-reply@{stage.domain}"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("sender", "someone@example.org", "sender must be an address at the stage's domain"),
        ("frontend_origins", ["http://portal.example.org"], "frontend_origins"),
        ("frontend_origins", [], "frontend_origins"),
        ("log_retention_days", 42, "log_retention_days must be one of"),
        ("threat_protection", "off", "threat_protection must be audit or enforced"),
        ("deletion_protection", "yes", "deletion_protection is missing or not a bool"),
        ("api_rate_limit", True, "api_rate_limit must be a int"),
        ("domain", "", "domain is missing"),
        ("ses_sandbox_recipients", ["Someone@Example.org"], "lower-case email addresses or domains"),
        ("ses_sandbox_recipients", ["a@example.org", "a@example.org"], "lists an identity twice"),
        ("ses_sandbox_recipients", None, "ses_sandbox_recipients is missing"),
        ("console_domain", "portal.example.org", "must be null or an object"),
        ("results_morning", None, "results_morning is missing"),
        ("results_morning", {"snapstart": "yes"}, "snapstart is missing or not a bool"),
        (
            "results_morning",
            {"snapstart": True, "trigger_concurrency": {"self_service": 10}},
            "must map custom_message and post_authentication",
        ),
        (
            "results_morning",
            {"snapstart": True, "trigger_concurrency": {"post_authentication": 0}},
            "post_authentication must be a whole number above 0",
        ),
        ("services", None, "services must be an object"),
        ("services", {"entries": None, "library": None}, "naming only resources, a2c_keys"),
        ("helpdesk_email", "IT@Example.org", "helpdesk_email must be a lower-case email address"),
        ("portal_team_email", None, "portal_team_email is missing"),
        ("console_domain", {"name": "Portal.Example.org", "certificate_arn": "x"}, "lower-case host name"),
        (
            "console_domain",
            {
                "name": "portal.example.org",
                "certificate_arn": "arn:aws:acm:eu-west-2:123456789012:certificate/"
                "0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f",
            },
            "ACM certificate in us-east-1",
        ),
    ],
)
def test_a_wrong_stage_setting_is_named(key: str, value: object, message: str):
    context = _context()
    context["stages"]["dev"][key] = value
    with pytest.raises(ConfigError, match=message):
        read_config(context)


def test_both_stages_keep_domain_mds_session_limits():
    for stage in read_config(_context()).stages.values():
        assert stage.sessions.max_hours <= c.SESSION_MAX_HOURS == 12
        assert stage.sessions.idle_minutes <= c.IDLE_TIMEOUT_MINUTES == 60
        assert 0 < stage.sessions.idle_warning_minutes < stage.sessions.idle_minutes


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("max_hours", 13, "max_hours must be 1 to 12"),
        ("max_hours", 0, "max_hours must be 1 to 12"),
        ("idle_minutes", 61, "idle_minutes must be 5 to 60"),
        ("idle_warning_minutes", 60, "idle_warning_minutes must be at least 1 and less than idle_minutes"),
        ("idle_warning_minutes", 0, "idle_warning_minutes must be at least 1"),
    ],
)
def test_a_session_looser_than_domain_md_is_refused(key: str, value: int, message: str):
    context = _context()
    context["stages"]["prod"]["sessions"][key] = value
    with pytest.raises(ConfigError, match=message):
        read_config(context)


@pytest.mark.parametrize(
    "address",
    [
        "http://entries.example.org",
        "https://entries.example.org/?x=1",
        "https://user@entries.example.org",
        "entries",
    ],
)
def test_a_service_address_is_https_and_its_own(address: str):
    context = _context()
    context["stages"]["dev"]["services"]["entries"] = address
    with pytest.raises(ConfigError, match=r"services\.entries must be null or an https:// address"):
        read_config(context)
    context["stages"]["dev"]["services"]["entries"] = "https://entries.example.org/portal"
    assert read_config(context).stages["dev"].services["entries"] == "https://entries.example.org/portal"


def test_ses_alarms_must_fire_before_ses_pauses_sending():
    context = _context()
    context["stages"]["prod"]["alarms"]["ses_bounce_rate"] = 0.1
    with pytest.raises(ConfigError, match="below the levels at which SES pauses"):
        read_config(context)


def test_another_region_is_refused():
    context = _context()
    context["region"] = "us-east-1"
    with pytest.raises(ConfigError, match="eu-west-2"):
        read_config(context)


def test_missing_context_is_explained():
    with pytest.raises(ConfigError, match=r"cdk\.json"):
        read_config(None)


def test_a_console_domain_with_its_cloudfront_certificate_is_read():
    context = _context()
    certificate = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
    context["stages"]["prod"]["console_domain"] = {
        "name": "portal.wjec.co.uk",
        "certificate_arn": certificate,
    }
    domain = read_config(context).stages["prod"].console_domain
    assert domain is not None and (domain.name, domain.certificate_arn) == ("portal.wjec.co.uk", certificate)
    assert read_config(_context()).stages["dev"].console_domain is None


def test_the_passkeys_relying_party_is_the_consoles_host_or_a_domain_it_is_under():
    context = _context()
    assert read_config(context).stages["prod"].passkey_relying_party is None  # the console's host
    certificate = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0a1b-0a1b-0a1b-0a1b2c3d4e5f"
    domain = {"name": "portal.wjec.co.uk", "certificate_arn": certificate}
    context["stages"]["prod"]["console_domain"] = domain
    for relying_party in ("portal.wjec.co.uk", "wjec.co.uk"):
        context["stages"]["prod"]["passkey_relying_party"] = relying_party
        assert read_config(context).stages["prod"].passkey_relying_party == relying_party
    for wrong in ("eduqas.co.uk", "other.portal.wjec.co.uk", "WJEC.co.uk", 42):
        context["stages"]["prod"]["passkey_relying_party"] = wrong
        with pytest.raises(ConfigError, match="passkey_relying_party"):
            read_config(context)
    context = _context()
    context["stages"]["dev"]["passkey_relying_party"] = "dev.portal.wjec.co.uk"  # no console_domain
    with pytest.raises(ConfigError, match="needs console_domain"):
        read_config(context)


def test_the_powertools_release_is_the_one_requirements_txt_pins(tmp_path: Path):
    assert read_config(_context()).powertools.version == pinned_version(POWERTOOLS_DISTRIBUTION)
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(
        "# pins\nboto3==1.2.3\naws_lambda_powertools[tracer,validation] == 3.99.1  # why\n"
    )
    assert pinned_version("aws-lambda-powertools", requirements) == "3.99.1"
    requirements.write_text("aws-lambda-powertools>=3.37\n")
    with pytest.raises(ConfigError, match="pins no exact version of aws-lambda-powertools"):
        pinned_version("aws-lambda-powertools", requirements)


def test_the_layer_parameter_names_architecture_runtime_and_release():
    layer = read_config(_context()).powertools
    assert layer.parameter_name("python3.13", "arm64") == (
        f"/aws/service/powertools/python/arm64/python3.13/{layer.version}"
    )
