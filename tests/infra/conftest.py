"""The CDK app, synthesized once per test session (per xdist worker), offline, as `make synth` does.

    synth   tests.infra.assembly.Synth: both stages' templates and metadata, and the config
    stage   parametrised over "dev" and "prod", for what must hold in every stage

The console's build is a small stand-in made here (CONSOLE_FILES), so the hosting's deployment
is synthesized without building the console.

Synthesis runs cdk-nag (a finding fails it) and takes seconds, so every test reads one assembly.
"""

from __future__ import annotations

import os

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")  # before jsii starts

from collections.abc import Iterator
from pathlib import Path

import pytest
from aws_cdk import App

from infra.config import CONTEXT_KEY, cdk_json_context, read_config
from infra.stacks import build
from tests.infra.assembly import CONSOLE_FILES, STAGES, Synth


def _console_build(root: Path) -> Path:
    for name, text in CONSOLE_FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synth]:
    outdir = tmp_path_factory.mktemp("cdk.out")
    context = cdk_json_context()
    app = App(context=context, outdir=str(outdir), analytics_reporting=False)
    build(app, console_assets=_console_build(tmp_path_factory.mktemp("console-dist")))
    app.synth()
    yield Synth(outdir=outdir, config=read_config(context[CONTEXT_KEY]))


@pytest.fixture(params=STAGES)
def stage(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name
