"""The CDK app, synthesized once per test session (per xdist worker), offline, as `make synth` does.

    synth   tests.infra.assembly.Synth: both stages' templates and metadata, and the config
    stage   parametrised over "dev" and "prod", for what must hold in every stage

Synthesis runs cdk-nag (a finding fails it) and takes seconds, so every test reads one assembly.
"""

from __future__ import annotations

import os

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")  # before jsii starts

from collections.abc import Iterator

import pytest
from aws_cdk import App

from infra.config import CONTEXT_KEY, cdk_json_context, read_config
from infra.stacks import build
from tests.infra.assembly import STAGES, Synth


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synth]:
    outdir = tmp_path_factory.mktemp("cdk.out")
    context = cdk_json_context()
    app = App(context=context, outdir=str(outdir), analytics_reporting=False)
    build(app)
    app.synth()
    yield Synth(outdir=outdir, config=read_config(context[CONTEXT_KEY]))


@pytest.fixture(params=STAGES)
def stage(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name
