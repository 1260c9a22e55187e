"""`make deploy` first checks what synth cannot: AWS's layer for the pinned Powertools release
exists and is that release, and SES can send from the stage's domain. On stubbed clients, offline.
And that the wheels Portal's layer ships are fetched at their pinned versions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from infra.config import CONTEXT_KEY, cdk_json_context, read_config
from infra.layer import WHEELS
from infra.preflight import Findings, check_layer, main, run

pytestmark = pytest.mark.infra

CONFIG = read_config(cdk_json_context()[CONTEXT_KEY])
PARAMETER = CONFIG.powertools.parameter_name(CONFIG.runtime, CONFIG.architecture)
LAYER = "arn:aws:lambda:eu-west-2:017000801446:layer:AWSLambdaPowertoolsPythonV3-python313-arm64:40"
PUBLISHED = (
    f"Powertools for AWS Lambda (Python) V3 [arm64 - Python 3.13] with extra dependencies "
    f"version {CONFIG.powertools.version}"
)


@pytest.fixture
def aws() -> Iterator[tuple[dict[str, Any], dict[str, Stubber]]]:
    session = boto3.session.Session(
        region_name="eu-west-2", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    clients: dict[str, Any] = {
        "ssm": session.client("ssm"),
        "lambda": session.client("lambda"),
        "sesv2": session.client("sesv2"),
    }
    stubs = {name: Stubber(client) for name, client in clients.items()}
    with ExitStack() as stack:
        for stub in stubs.values():
            stack.enter_context(stub)
        yield clients, stubs
        for stub in stubs.values():
            stub.assert_no_pending_responses()


def _layer(stubs: dict[str, Stubber], description: str = PUBLISHED) -> None:
    stubs["ssm"].add_response(
        "get_parameter",
        {"Parameter": {"Name": PARAMETER, "Value": LAYER, "Type": "String"}},
        {"Name": PARAMETER},
    )
    stubs["lambda"].add_response(
        "get_layer_version_by_arn",
        {
            "Description": description,
            "CompatibleRuntimes": ["python3.13"],
            "CompatibleArchitectures": ["arm64"],
        },
        {"Arn": LAYER},
    )


def _identity(stubs: dict[str, Stubber], identity: str, verified: bool) -> None:
    stubs["sesv2"].add_response(
        "get_email_identity", {"VerifiedForSendingStatus": verified}, {"EmailIdentity": identity}
    )


def test_a_published_layer_and_a_verified_domain_pass(aws):
    clients, stubs = aws
    _layer(stubs)
    _identity(stubs, "portal.wjec.co.uk", True)
    stubs["sesv2"].add_response("get_account", {"ProductionAccessEnabled": True}, {})
    found = run("prod", clients)
    assert found.failures == [] and found.warnings == []
    assert found.notes[0] == f"Powertools {CONFIG.powertools.version}: {LAYER}"
    assert any(n.startswith("Portal's layer ships email_validator-") for n in found.notes)


def test_an_unpublished_release_fails_before_anything_is_deployed(aws):
    clients, stubs = aws
    stubs["ssm"].add_client_error("get_parameter", "ParameterNotFound", expected_params={"Name": PARAMETER})
    _identity(stubs, "portal.wjec.co.uk", True)
    stubs["sesv2"].add_response("get_account", {"ProductionAccessEnabled": True}, {})
    (failure,) = run("prod", clients).failures
    assert f"AWS publishes no Powertools layer at {PARAMETER}" in failure


def test_a_layer_of_another_release_fails(aws):
    clients, stubs = aws
    _layer(stubs, description="Powertools for AWS Lambda (Python) V3 [arm64 - Python 3.13] version 3.23.0")
    _identity(stubs, "portal.wjec.co.uk", True)
    stubs["sesv2"].add_response("get_account", {"ProductionAccessEnabled": True}, {})
    (failure,) = run("prod", clients).failures
    assert f"not release {CONFIG.powertools.version}" in failure


def test_an_unverified_domain_fails_and_the_sandbox_warns_of_unverified_recipients(aws):
    clients, stubs = aws
    _layer(stubs)
    stubs["sesv2"].add_client_error(
        "get_email_identity", "NotFoundException", expected_params={"EmailIdentity": "dev.portal.wjec.co.uk"}
    )
    stubs["sesv2"].add_response("get_account", {"ProductionAccessEnabled": False}, {})
    _identity(stubs, "portal-ops-dev@wjec.co.uk", False)
    found = run("dev", clients)
    (failure,) = found.failures
    assert "SES has not verified dev.portal.wjec.co.uk" in failure
    assert any("portal-ops-dev@wjec.co.uk has not confirmed" in w for w in found.warnings)


def test_the_command_needs_a_stage(capsys: pytest.CaptureFixture[str]):
    assert main([]) == 2
    assert "python -m infra.preflight STAGE" in capsys.readouterr().err


def test_the_layer_wheels_not_fetched_fail_with_how_to_fetch_them(tmp_path):
    found = Findings()
    check_layer(found, tmp_path)
    (failure,) = found.failures
    assert "email-validator==" in failure and "run make venv" in failure
    found = Findings()
    check_layer(found, WHEELS)
    assert found.failures == []
