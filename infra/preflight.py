"""Before a deploy, what AWS must already have that `make synth` cannot see (`make deploy` runs it).

    python -m infra.preflight STAGE

Fails (exit 1) when a deploy would fail or deploy the wrong thing: AWS has not published its
Powertools layer for the release that requirements.txt pins (for this runtime and architecture),
or the published layer says it is another release; or the stage's SES domain is not verified
(Cognito refuses an unverified sender); or the wheels Portal's layer ships beside its package are
not fetched at the versions layers/portal/requirements.txt pins (infra/layer.py). Warns where
email would not reach people: the account is still in the SES sandbox and a sandbox recipient is
not verified yet.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from infra.config import CONTEXT_KEY, ConfigError, PortalConfig, Stage, cdk_json_context, read_config
from infra.layer import WHEELS, wheels


@dataclass
class Findings:
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check_powertools(config: PortalConfig, ssm: Any, lambda_: Any, found: Findings) -> None:
    name = config.powertools.parameter_name(config.runtime, config.architecture)
    try:
        arn = ssm.get_parameter(Name=name)["Parameter"]["Value"]
    except ssm.exceptions.ParameterNotFound:
        found.failures.append(
            f"AWS publishes no Powertools layer at {name}: that release is not (yet) out for "
            f"{config.runtime} on {config.architecture}. Pin a published release in requirements.txt."
        )
        return
    layer = lambda_.get_layer_version_by_arn(Arn=arn)
    description = str(layer.get("Description", ""))
    if f"version {config.powertools.version}" not in description:
        found.failures.append(f"{arn} says {description!r}, not release {config.powertools.version}")
    if config.runtime not in layer.get("CompatibleRuntimes", []):
        found.failures.append(f"{arn} is not built for {config.runtime}")
    if config.architecture not in layer.get("CompatibleArchitectures", [config.architecture]):
        found.failures.append(f"{arn} is not built for {config.architecture}")
    found.notes.append(f"Powertools {config.powertools.version}: {arn}")


def check_email(stage: Stage, sesv2: Any, found: Findings) -> None:
    def verified(identity: str) -> bool:
        try:
            return bool(sesv2.get_email_identity(EmailIdentity=identity).get("VerifiedForSendingStatus"))
        except sesv2.exceptions.NotFoundException:
            return False

    if not verified(stage.domain):
        found.failures.append(
            f"SES has not verified {stage.domain}: run make deploy-email STAGE={stage.name}, publish "
            "its DKIM records and wait (docs/deploy.md, SES)"
        )
    if sesv2.get_account().get("ProductionAccessEnabled"):
        found.notes.append("SES: production access (any recipient)")
        return
    found.warnings.append(
        "SES is in the sandbox in this account: email reaches verified identities only"
        + (" (production needs production access: docs/deploy.md)" if stage.deletion_protection else "")
    )
    for recipient in stage.ses_sandbox_recipients:
        if not verified(recipient):
            found.warnings.append(f"sandbox recipient {recipient} has not confirmed SES's verification email")


def check_layer(found: Findings, folder: Path = WHEELS) -> None:
    """Offline: the deploy's synth unpacks these wheels into Portal's layer (the functions need them)."""
    try:
        shipped = wheels(folder)
    except ConfigError as error:
        found.failures.append(str(error))
        return
    found.notes.append(f"Portal's layer ships {', '.join(w.name.removesuffix('.whl') for w in shipped)}")


def run(stage_name: str, clients: Any = None) -> Findings:
    config = read_config(cdk_json_context()[CONTEXT_KEY])
    if stage_name not in config.stages:
        raise SystemExit(f"no stage {stage_name!r} in cdk.json (one of {', '.join(config.stages)})")
    if clients is None:
        import boto3  # noqa: PLC0415 - only here: the rest of infra/ never calls AWS

        session = boto3.session.Session(region_name=config.region)
        clients = {
            "ssm": session.client("ssm"),
            "lambda": session.client("lambda"),
            "sesv2": session.client("sesv2"),
        }
    found = Findings()
    check_powertools(config, clients["ssm"], clients["lambda"], found)
    check_email(config.stages[stage_name], clients["sesv2"], found)
    check_layer(found)
    return found


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    found = run(args[0])
    for note in found.notes:
        print(f"ok: {note}")
    for warning in found.warnings:
        print(f"warning: {warning}")
    for failure in found.failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if found.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
