"""Portal's Lambda layer as Lambda reads it: `python/portal/` and, beside it, the pinned wheels of
`layers/portal/requirements.txt` (email-validator, idna), unpacked.

Synth stays offline and needs no Docker: the setup step (`make venv`, which `make test`, `make
synth` and `make deploy` run) fetches the wheels for Lambda's Python and architecture into
`.cache/layer-wheels/` once, with `python -m infra.layer fetch`; synth only unpacks them, through
CDK's local bundling, and fails with that command when they are missing or not the pinned versions.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import jsii
from aws_cdk import AssetHashType, BundlingOptions, DockerImage, ILocalBundling
from aws_cdk import aws_lambda as lambda_

from infra.config import (
    CONTEXT_KEY,
    ROOT,
    ConfigError,
    cdk_json_context,
    distribution_name,
    pins,
    read_config,
)

SOURCE = ROOT / "layers" / "portal"
REQUIREMENTS = SOURCE / "requirements.txt"
WHEELS = ROOT / ".cache" / "layer-wheels"
FETCH = "make venv (python -m infra.layer fetch)"
# pip's platform tag for each Lambda architecture (wheels for Amazon Linux 2023's glibc).
PLATFORMS = {"arm64": "manylinux2014_aarch64", "x86_64": "manylinux2014_x86_64"}
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".pytest_cache")


def wheel_pin(wheel: Path) -> tuple[str, str]:
    """(distribution, version) from a wheel's file name (`Email_Validator-2.4.0-py3-none-any.whl`)."""
    name, version, *_ = wheel.name.removesuffix(".whl").split("-")
    return distribution_name(name), version


def wheels(folder: Path = WHEELS, requirements: Path = REQUIREMENTS) -> list[Path]:
    """The fetched wheel of each pin, or a ConfigError that says how to fetch them."""
    wanted = pins(requirements)
    found = {wheel_pin(w): w for w in sorted(folder.glob("*.whl"))}
    missing = [f"{name}=={version}" for name, version in wanted.items() if (name, version) not in found]
    if missing:
        raise ConfigError(f"Portal's layer needs {', '.join(missing)} in {folder}: run {FETCH}")
    return [found[pin] for pin in wanted.items()]


def build(output: Path, source: Path = SOURCE, folder: Path = WHEELS) -> None:
    """Lay the layer out in `output`: the package as it is on disk, each wheel unpacked beside it."""
    python = output / "python"
    shutil.copytree(source / "python", python, ignore=_IGNORE, dirs_exist_ok=True)
    for wheel in wheels(folder, source / "requirements.txt"):
        with zipfile.ZipFile(wheel) as archive:
            # A wheel whose files go elsewhere than site-packages (`<name>.data/`) needs pip.
            if any(member.split("/", 1)[0].endswith(".data") for member in archive.namelist()):
                raise ConfigError(f"{wheel.name} installs outside site-packages: Portal's layer unpacks only")
            archive.extractall(python)


@jsii.implements(ILocalBundling)
class _Unpack:
    """CDK's local bundling: the layer is built on this machine, never in Docker."""

    def try_bundle(self, output_dir: str, *_: Any, **__: Any) -> bool:
        build(Path(output_dir))
        return True


def layer_code() -> lambda_.Code:
    """The layer's asset, hashed by what it holds (a new pin is a new layer version)."""
    return lambda_.Code.from_asset(
        str(SOURCE),
        asset_hash_type=AssetHashType.OUTPUT,
        bundling=BundlingOptions(image=DockerImage.from_registry("portal-local-bundling"), local=_Unpack()),
    )


def fetch(folder: Path = WHEELS, requirements: Path = REQUIREMENTS) -> None:
    """Download the pinned wheels for Lambda's Python and architecture (cdk.json) into `folder`.

    Only wheels (`--only-binary`), with no dependencies of their own (`--no-deps`: dnspython,
    email-validator's, is for deliverability checks, which Portal never makes). Swapped in whole,
    so a failed download leaves the previous cache as it was.
    """
    config = read_config(cdk_json_context()[CONTEXT_KEY])
    folder.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder.parent, prefix=f".{folder.name}-") as temporary:
        fresh = Path(temporary) / "wheels"
        subprocess.run(  # noqa: S603 - pip of this interpreter, fixed arguments
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--only-binary=:all:",
                "--platform",
                PLATFORMS[config.architecture],
                "--python-version",
                config.runtime.removeprefix("python"),
                "--implementation",
                "cp",
                "--dest",
                str(fresh),
                "-r",
                str(requirements),
            ],
            check=True,
        )
        wheels(fresh, requirements)  # every pin arrived
        shutil.rmtree(folder, ignore_errors=True)
        fresh.rename(folder)


def main(argv: list[str]) -> int:
    if argv != ["fetch"]:
        print("python -m infra.layer fetch", file=sys.stderr)
        return 2
    fetch()
    print(f"Portal's layer: {', '.join(w.name for w in wheels())} in {WHEELS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
