"""Each function runs from its synthesized asset as Lambda will run it, on the Powertools release
that the stack deploys, and nothing else.

One Powertools version everywhere: requirements.txt pins it, the tests run it, and the stack asks
AWS, at deploy time, for the layer of exactly that release (the public SSM parameter
/aws/service/powertools/python/<arch>/<runtime>/<version>). These tests fail when any two differ.

Portal's layer ships the pinned wheels of layers/portal/requirements.txt beside its package (fetched
at setup, unpacked at synth: infra/layer.py); the tests below check its versions against the pins
and validate email addresses with it as a function would.

Then each function's code asset and the Portal layer's asset, as `cdk synth` staged them, are laid
out as Lambda lays them out (/var/task, /opt/python, the runtime's site-packages), with Powertools
and the packages AWS's layer ships beside it, and boto3 with its dependencies standing in for the
runtime's: copied file by file from their installed distributions. A fresh interpreter that sees
no virtual environment (`-I -S`) imports the handler and answers an event; every module it loaded
must come from those folders or the standard library.
"""

from __future__ import annotations

import base64
import gzip
import importlib.metadata as metadata
import json
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from portal import constants as c

from bench.cold_start import lambda_environment
from infra.config import POWERTOOLS_DISTRIBUTION, ConfigError, pinned_version, pins
from infra.layer import REQUIREMENTS as LAYER_REQUIREMENTS
from infra.layer import wheels
from tests.infra.assembly import Synth, powertools_parameter

pytestmark = pytest.mark.infra

# What the Lambda Python runtime ships besides the standard library: boto3 and its dependencies.
RUNTIME = ("boto3",)
# AWS's Powertools layer: Powertools with its extras; it removes boto3 and its dependencies.
POWERTOOLS_LAYER = ("aws-lambda-powertools[tracer,validation,parser]",)
# One event per function that needs no AWS call: the handler runs end to end, offline.
EVENTS: dict[str, tuple[dict[str, Any] | None, Any]] = {
    "self_service": ({"httpMethod": "GET", "path": "/health", "resource": "/health"}, 200),
    "centre_users": ({"httpMethod": "GET", "path": "/nowhere", "resource": "/nowhere"}, 404),
    "helpdesk": ({"httpMethod": "GET", "path": "/nowhere", "resource": "/nowhere"}, 404),
    "custom_message": (
        {"triggerSource": "CustomMessage_UpdateUserAttribute", "request": {"userAttributes": {}}},
        "CustomMessage_UpdateUserAttribute",
    ),
    "post_authentication": (None, None),  # it writes to DynamoDB at once: imported only
    # An API call that changes nothing, and a log batch with no high-risk sign-in: no AWS call.
    "account_events": (
        {
            "detail-type": "AWS API Call via CloudTrail",
            "source": "aws.cognito-idp",
            "detail": {"eventName": "GetUser"},
        },
        None,
    ),
    "sign_in_activity": (
        {
            "awslogs": {
                "data": base64.b64encode(
                    gzip.compress(json.dumps({"messageType": "DATA_MESSAGE", "logEvents": []}).encode())
                ).decode()
            }
        },
        None,
    ),
}

CHILD = """
import importlib, json, os, sys
paths, event = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.path[:0] = paths
module = importlib.import_module("handler")

class Context:
    function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:eu-west-2:000000000000:function:" + function_name
    aws_request_id = "00000000-0000-0000-0000-000000000000"

answer = None
if event is not None:
    if "httpMethod" in event:
        event = {"headers": {}, "multiValueHeaders": {}, "queryStringParameters": None,
                 "pathParameters": None, "body": None, "isBase64Encoded": False,
                 "requestContext": {"requestId": "r-1", "stage": "v1"}, **event}
    elif "triggerSource" in event:
        event = {"version": "1", "region": "eu-west-2", "userPoolId": "eu-west-2_x",
                 "userName": "u", "callerContext": {}, "response": {}, **event}
    result = module.handler(event, Context())
    answer = None if result is None else result.get("statusCode", result.get("triggerSource"))
files = sorted({getattr(m, "__file__", None) or "" for m in list(sys.modules.values())} - {""})
print("PORTAL-LAMBDA " + json.dumps({"answer": answer, "files": files}))
"""


def _distributions(
    requirements: Iterable[str], stop: Collection[str] = ()
) -> dict[str, metadata.Distribution]:
    """The installed distributions that these requirements need, with their own requirements."""
    found: dict[str, metadata.Distribution] = {}
    pending = [Requirement(r) for r in requirements]
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        if name in stop or name in found:
            continue
        distribution = metadata.distribution(name)
        found[name] = distribution
        for text in distribution.requires or []:
            needed = Requirement(text)
            wanted = requirement.extras or {""}
            if needed.marker is None or any(needed.marker.evaluate({"extra": e}) for e in wanted):
                pending.append(needed)
    return found


def _install(distributions: Iterable[metadata.Distribution], target: Path) -> None:
    """Copy each distribution's recorded files (not its bytecode) into `target`, as pip --target would."""
    for distribution in distributions:
        for file in distribution.files or []:
            source = Path(str(distribution.locate_file(file)))
            if file.suffix == ".pyc" or file.parts[0] in ("..", "bin") or not source.is_file():
                continue
            destination = target / file
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, destination)


def _asset(synth: Synth, stage: str, code: dict[str, Any]) -> Path:
    """The folder cdk synth staged for a Code or Content property (S3Key '<hash>.zip')."""
    folder = synth.outdir / f"asset.{code['S3Key'].removesuffix('.zip')}"
    assert folder.is_dir(), folder
    return folder


@pytest.fixture(scope="module")
def portal_layer(synth: Synth) -> Path:
    """The Portal layer's asset as cdk synth staged it (dev's; prod's is the same asset)."""
    (layer,) = [
        v
        for v in synth.resources("dev", "AWS::Lambda::LayerVersion").values()
        if v["Properties"].get("Description", "").startswith("Portal's shared package")
    ]
    return _asset(synth, "dev", layer["Properties"]["Content"])


@pytest.fixture(scope="module")
def lambda_root(
    synth: Synth, portal_layer: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """/var/task per function, /opt/python (both layers) and the runtime's site-packages, from dev."""
    root = tmp_path_factory.mktemp("lambda")
    runtime = _distributions(RUNTIME)
    layer = _distributions(POWERTOOLS_LAYER, stop=set(runtime))
    opt = root / "opt" / "python"
    _install(layer.values(), opt)
    _install(runtime.values(), root / "runtime")
    shutil.copytree(portal_layer / "python", opt, dirs_exist_ok=True)
    paths = {"opt": opt, "runtime": root / "runtime"}
    for function in synth.resources("dev", "AWS::Lambda::Function").values():
        name = (
            str(function["Properties"].get("FunctionName", "")).removeprefix("portal-dev-").replace("-", "_")
        )
        if name in c.FUNCTIONS:
            paths[name] = root / "var" / "task" / name
            shutil.copytree(_asset(synth, "dev", function["Properties"]["Code"]), paths[name])
    return paths


def test_the_stack_deploys_the_powertools_release_that_requirements_txt_pins(synth: Synth, stage: str):
    pin = pinned_version(POWERTOOLS_DISTRIBUTION)
    config = synth.config
    parameter = synth.template(stage)["Parameters"][powertools_parameter(synth, stage)]
    assert parameter["Type"] == "AWS::SSM::Parameter::Value<String>"  # read by CloudFormation at deploy time
    assert (
        parameter["Default"] == f"/aws/service/powertools/python/{config.architecture}/{config.runtime}/{pin}"
    )
    for function in synth.resources(stage, "AWS::Lambda::Function").values():
        if str(function["Properties"].get("FunctionName", "")).startswith(f"portal-{stage}-"):
            assert {"Ref": powertools_parameter(synth, stage)} in function["Properties"]["Layers"]


def test_the_tests_run_the_pinned_powertools():
    assert metadata.version(POWERTOOLS_DISTRIBUTION) == pinned_version(POWERTOOLS_DISTRIBUTION)


def test_the_layout_holds_that_powertools_and_no_boto3_in_the_layer(lambda_root: dict[str, Path]):
    opt = lambda_root["opt"]
    recorded = opt / f"aws_lambda_powertools-{pinned_version(POWERTOOLS_DISTRIBUTION)}.dist-info"
    assert recorded.is_dir(), sorted(p.name for p in opt.glob("*.dist-info"))
    assert not (opt / "boto3").exists() and not (opt / "botocore").exists()
    assert (lambda_root["runtime"] / "boto3").is_dir()


def _run_as_lambda(
    lambda_root: dict[str, Path], function: str, child: str, *args: Any, environment: dict[str, str]
) -> dict[str, Any]:
    """Run `child` in a fresh interpreter that sees only the function's folder, /opt/python and the
    runtime; its last `PORTAL-LAMBDA <json>` line, after checking every module it loaded came from
    those folders or the standard library."""
    task = lambda_root[function]
    paths = [str(task), str(lambda_root["opt"]), str(lambda_root["runtime"])]
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-B", "-c", child, json.dumps(paths), *(json.dumps(a) for a in args)],
        cwd=task,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("PORTAL-LAMBDA ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(lines[-1].removeprefix("PORTAL-LAMBDA "))
    stdlib = tuple({sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib")})
    outside = [
        f
        for f in result["files"]
        if not f.startswith(tuple(paths)) and not (f.startswith(stdlib) and "site-packages" not in f)
    ]
    assert outside == [], f"{function} loaded modules Lambda would not have: {outside}"
    return result


@pytest.mark.parametrize("function", sorted(c.FUNCTIONS))
def test_each_function_runs_from_its_asset_with_only_what_lambda_provides(
    lambda_root: dict[str, Path], function: str
):
    event, expected = EVENTS[function]
    environment = {
        **lambda_environment(function, lambda_root[function]),
        c.ENV_CURSOR_KEY: "lambda-runtime-test-key",
    }
    result = _run_as_lambda(lambda_root, function, CHILD, event, environment=environment)
    assert result["answer"] == expected
    assert any(f.startswith(str(lambda_root["opt"] / "aws_lambda_powertools")) for f in result["files"])


VALIDATE = """
import json, sys
paths, addresses = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.path[:0] = paths
from portal.domain import validation
from portal.domain.errors import InvalidRequest

answers = []
for address in addresses:
    try:
        answers.append(validation.normalise_email(address))
    except InvalidRequest:
        answers.append(None)
files = sorted({getattr(m, "__file__", None) or "" for m in list(sys.modules.values())} - {""})
print("PORTAL-LAMBDA " + json.dumps({"answer": answers, "files": files}))
"""


def test_the_layer_validates_emails_in_lambda_with_the_packages_it_ships(lambda_root: dict[str, Path]):
    """The invitation's check of an address runs on what the layer ships (email-validator, idna),
    offline: the deliverability checks' dnspython is neither shipped nor needed."""
    addresses = ["  O'Brien@School.example ", "ada@xn--bcher-kva.example", "a/b@school.example", "ada@x"]
    result = _run_as_lambda(lambda_root, "centre_users", VALIDATE, addresses, environment={})
    assert result["answer"] == ["o'brien@school.example", "ada@xn--bcher-kva.example", None, None]
    opt = lambda_root["opt"]
    for package in ("email_validator", "idna"):
        assert any(f.startswith(str(opt / package)) for f in result["files"]), package
    assert not any("/dns/" in f for f in result["files"])


NAMES = """
import json, sys
paths, names = json.loads(sys.argv[1]), json.loads(sys.argv[2])
sys.path[:0] = paths
from portal.domain import validation
from portal.domain.errors import InvalidRequest

answers = []
for name in names:
    try:
        answers.append(validation.name(name, "given_name"))
    except InvalidRequest as refused:
        answers.append(refused.errors["given_name"])
files = sorted({getattr(m, "__file__", None) or "" for m in list(sys.modules.values())} - {""})
print("PORTAL-LAMBDA " + json.dumps({"answer": answers, "files": files}))
"""


def test_the_layer_checks_names_in_lambda_with_the_unicode_data_it_ships(lambda_root: dict[str, Path]):
    """Names are checked by Unicode's scripts and confusables as the layer ships them
    (confusable_homoglyphs, pure Python and its data), with nothing else."""
    names = ["Llŷr", "https\u02d0\u141f\u141fevil\ua4f8com", "exam\ua4f8com", "\u3164"]
    result = _run_as_lambda(lambda_root, "self_service", NAMES, names, environment={})
    assert result["answer"] == [
        "Llŷr",
        "must not look like a web address",
        "must not mix alphabets within a word",
        "must not contain invisible characters",
    ]
    assert any(f.startswith(str(lambda_root["opt"] / "confusable_homoglyphs")) for f in result["files"])


def _shipped(layer: Path) -> dict[str, tuple[str, str]]:
    """(version, wheel tag) of each distribution installed in the layer, from its dist-info."""
    found: dict[str, tuple[str, str]] = {}
    for info in sorted((layer / "python").glob("*.dist-info")):
        fields = metadata.PathDistribution(info).metadata
        tags = [
            line.split(":", 1)[1].strip()
            for line in (info / "WHEEL").read_text().splitlines()
            if line.startswith("Tag:")
        ]
        found[canonicalize_name(fields["Name"])] = (fields["Version"], " ".join(tags))
    return found


def test_the_layer_ships_exactly_the_versions_its_requirements_pin_and_nothing_more(portal_layer: Path):
    pinned = pins(LAYER_REQUIREMENTS)
    assert set(pinned) == {"email-validator", "idna", "confusable-homoglyphs"}
    shipped = _shipped(portal_layer)
    assert {name: version for name, (version, _) in shipped.items()} == pinned
    # Pure Python: the same files run on Lambda's Python and arm64 as in this test.
    assert all(tag.endswith("-none-any") for _, tag in shipped.values()), shipped
    # The tests and the local portal run the same versions as the layer.
    assert {name: metadata.version(name) for name in pinned} == pinned
    top = {p.name for p in (portal_layer / "python").iterdir() if not p.name.endswith(".dist-info")}
    # no dnspython, no bytecode, no caches
    assert top == {"portal", "email_validator", "idna", "confusable_homoglyphs"}
    assert not list(portal_layer.rglob("__pycache__")) and not list(portal_layer.rglob("*.pyc"))


def test_synth_without_the_fetched_wheels_says_how_to_fetch_them(tmp_path: Path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# comment\nemail-validator==2.4.0\nidna==3.20\n")
    (tmp_path / "email_validator-2.4.0-py3-none-any.whl").write_bytes(b"")
    with pytest.raises(ConfigError, match=r"idna==3\.20 .* run make venv"):
        wheels(tmp_path, requirements)
    (tmp_path / "idna-3.19-py3-none-any.whl").write_bytes(b"")  # not the pinned version
    with pytest.raises(ConfigError, match=r"needs idna==3\.20 "):
        wheels(tmp_path, requirements)
    (tmp_path / "idna-3.20-py3-none-any.whl").write_bytes(b"")
    assert [w.name for w in wheels(tmp_path, requirements)] == [
        "email_validator-2.4.0-py3-none-any.whl",
        "idna-3.20-py3-none-any.whl",
    ]
