"""The synthesized cloud assembly as tests read it: templates as dicts, metadata, the config."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aws_cdk.assertions import Template

from infra.config import PortalConfig, Stage
from infra.stacks import stack_names

STAGES = ("dev", "prod")
Resources = dict[str, dict[str, Any]]


@dataclass
class Synth:
    outdir: Path
    config: PortalConfig
    _assertions: dict[str, Template] = field(default_factory=dict)
    _templates: dict[Path, dict[str, Any]] = field(default_factory=dict)

    def stage(self, name: str) -> Stage:
        return self.config.stages[name]

    def template_path(self, stage: str, email: bool = False) -> Path:
        portal, mail = stack_names(self.stage(stage))
        return self.outdir / f"{mail if email else portal}.template.json"

    def template(self, stage: str, email: bool = False) -> dict[str, Any]:
        """Read once, then shared: tests only read it."""
        path = self.template_path(stage, email)
        if path not in self._templates:
            self._templates[path] = json.loads(path.read_text())
        return self._templates[path]

    def resources(self, stage: str, kind: str, email: bool = False) -> Resources:
        """Every resource of one CloudFormation type, by logical id."""
        all_resources = self.template(stage, email)["Resources"]
        return {k: v for k, v in all_resources.items() if v["Type"] == kind}

    def one(self, stage: str, kind: str, email: bool = False) -> tuple[str, dict[str, Any]]:
        found = self.resources(stage, kind, email)
        assert len(found) == 1, f"expected one {kind}, found {sorted(found)}"
        return next(iter(found.items()))

    def assertions(self, stage: str, email: bool = False) -> Template:
        key = f"{stage}:{email}"
        if key not in self._assertions:
            self._assertions[key] = Template.from_json(self.template(stage, email))
        return self._assertions[key]

    def metadata(self, stage: str, email: bool = False) -> dict[str, list[dict[str, Any]]]:
        portal, mail = stack_names(self.stage(stage))
        data: dict[str, list[dict[str, Any]]] = json.loads(
            (self.outdir / f"{mail if email else portal}.metadata.json").read_text()
        )
        return data
