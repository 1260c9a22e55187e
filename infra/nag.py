"""cdk-nag (AwsSolutions) at every synth; each acknowledgement sits next to what it excuses.

cdk-nag 3 is a CDK validation plugin: a finding interrupts synthesis. An acknowledgement names
one finding (`Rule[finding]` where a rule reports several) on one construct, with its reason.
"""

from __future__ import annotations

from aws_cdk import Acknowledgment, App, Validations
from cdk_nag import AwsSolutionsChecks
from constructs import IConstruct

PACK = "AwsSolutions"  # the plugin name cdk-nag reports findings under


def check(app: App) -> None:
    """Run the AwsSolutions pack over every stack of the app when it synthesizes."""
    Validations.of(app).add_plugins(AwsSolutionsChecks(app))


def acknowledge(scope: IConstruct, rule: str, reason: str) -> None:
    """Accept one finding on `scope` (and what it contains), for a reason a reviewer can weigh."""
    if len(reason) < 40:
        raise ValueError(f"{rule}: an acknowledgement needs a real reason, not {reason!r}")
    Validations.of(scope).acknowledge(Acknowledgment(id=f"{PACK}::{rule}", reason=reason))
