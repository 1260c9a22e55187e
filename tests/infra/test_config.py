"""Stage settings are checked when read: a wrong cdk.json fails synth with the setting's name."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from infra.config import CONTEXT_KEY, ConfigError, cdk_json_context, read_config

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


def test_the_powertools_layer_arn_is_built_from_its_parts():
    config = read_config(_context())
    arn = config.powertools.arn("eu-west-2", "python3.13", "arm64")
    assert arn == (
        "arn:aws:lambda:eu-west-2:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-arm64:"
        f"{config.powertools.version}"
    )


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
    ],
)
def test_a_wrong_stage_setting_is_named(key: str, value: object, message: str):
    context = _context()
    context["stages"]["dev"][key] = value
    with pytest.raises(ConfigError, match=message):
        read_config(context)


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
