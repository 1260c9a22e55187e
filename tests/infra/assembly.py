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
# The console's build as the synth fixture fakes it: Vite's layout, a hashed chunk under assets/.
CONSOLE_FILES = {
    "index.html": (
        '<!doctype html><title>Portal</title><script type="module" src="/assets/index-0a1b2c.js"></script>\n'
    ),
    "assets/index-0a1b2c.js": "document.title = 'Portal';\n",
    "favicon.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
}
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

    def console_origin(self, stage: str) -> str:
        """The console's origin as `render` spells it: https://{<distribution>.DomainName}."""
        distribution = self.one(stage, "AWS::CloudFront::Distribution")[0]
        return f"https://{{{distribution}.DomainName}}"

    def metadata(self, stage: str, email: bool = False) -> dict[str, list[dict[str, Any]]]:
        portal, mail = stack_names(self.stage(stage))
        data: dict[str, list[dict[str, Any]]] = json.loads(
            (self.outdir / f"{mail if email else portal}.metadata.json").read_text()
        )
        return data


def render(value: Any) -> str:
    """A template value as one string: Ref X as {X}, GetAtt X.A as {X.A}, joins joined.

    Enough to compare what a token-built string says (a CSP, an origin) without deploying it.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, bool)):
        return json.dumps(value)
    if isinstance(value, dict) and len(value) == 1:
        ((kind, arg),) = value.items()
        if kind == "Ref":
            return f"{{{arg}}}"
        if kind == "Fn::GetAtt":
            return "{" + ".".join(arg) + "}"
        if kind == "Fn::Join":
            separator, parts = arg
            return str(separator).join(render(part) for part in parts)
        if kind == "Fn::Sub" and isinstance(arg, str):
            return arg
    raise ValueError(f"cannot render {value!r}")


def powertools_parameter(synth: Synth, stage: str) -> str:
    """The logical id of the template parameter that resolves AWS's Powertools layer at deploy time."""
    found: list[str] = [
        name
        for name, parameter in synth.template(stage)["Parameters"].items()
        if str(parameter.get("Default", "")).startswith("/aws/service/powertools/python/")
    ]
    assert len(found) == 1, found
    return found[0]
