"""What each asset of the CDK app weighs, zipped as it is uploaded: whatever the app builds.

    python -m bench.package      (part of `make bench`: bench/run.py)

The app is synthesized offline, as `make synth` and tests/infra do, into a temporary cloud
assembly; each directory asset of the dev stage's stacks (a function's folder, Portal's layer, and
any other the app stages; not the templates) is zipped the way cdk-assets zips a directory for
upload (deflate, level 9) and measured. Both stages build the same assets, so one stage is
enough. An asset is named after its function folder (`self_service`, ...), `portal_layer`, or
else its construct path.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path

STAGE = "dev"
ZIP_LEVEL = 9  # cdk-assets zips directories with zlib level 9


def _zip_kib(source: Path) -> float:
    """A zip of `source` (a directory's files, sorted, or one file) as uploaded; its size in KiB."""
    with tempfile.TemporaryDirectory(prefix="portal-asset-") as tmp:
        target = Path(tmp) / "asset.zip"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as archive:
            files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
            for path in files:
                name = path.relative_to(source).as_posix() if source.is_dir() else path.name
                archive.write(path, name)
        return target.stat().st_size / 1024


def _names() -> dict[str, str]:
    """Construct id → asset name, as infra/functions.py names each function's construct."""
    from portal import constants as c  # noqa: PLC0415

    names = {"".join(part.title() for part in name.split("_")): name for name in c.FUNCTIONS}
    return {**names, "Portal": "portal_layer"}


def _name(display_name: str, names: dict[str, str]) -> str:
    """`Functions/SelfService/Code` → `self_service`; an asset of no known construct keeps its path."""
    parts = display_name.removesuffix("/Code").removesuffix(" Code").split("/")
    parts = [p for p in parts if not p.startswith(f"Portal-{STAGE}")] or parts  # the stack's own assets
    for part in reversed(parts):
        if part in names:
            return names[part]
    return "/".join(parts)


def synthesize(outdir: Path) -> None:
    """The CDK app into `outdir`, offline (cdk-nag runs: a finding fails, as in `make synth`)."""
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    from aws_cdk import App  # noqa: PLC0415 - starts jsii's node process

    from infra.config import cdk_json_context  # noqa: PLC0415
    from infra.stacks import build  # noqa: PLC0415

    app = App(context=cdk_json_context(), outdir=str(outdir), analytics_reporting=False)
    build(app)
    app.synth()


def measure() -> dict[str, dict[str, dict[str, float]]]:
    """results.json's `package`: zip_kb per directory asset (code) of the dev stage's stacks."""
    names = _names()
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="portal-cdk-") as tmp:
        outdir = Path(tmp)
        synthesize(outdir)
        for manifest in sorted(outdir.glob(f"Portal-{STAGE}*.assets.json")):
            for asset_hash, asset in json.loads(manifest.read_text()).get("files", {}).items():
                if asset["source"].get("packaging") != "zip":  # templates: uploaded as they are
                    continue
                name = _name(str(asset.get("displayName") or asset_hash), names)
                out[name] = {"zip_kb": round(_zip_kib(outdir / asset["source"]["path"]), 1)}
    return {"package": dict(sorted(out.items()))}


def main() -> int:
    print(json.dumps(measure(), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
