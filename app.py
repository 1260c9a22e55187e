"""CDK entry point: both stages (dev, prod) of Portal in eu-west-2, from the context in cdk.json.

The CDK CLI runs this (`make synth`, `make diff`, `make deploy STAGE=dev`). Infra reads only the
shared constants from the layer, the one module that the code and the stack must agree on.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "layers" / "portal" / "python"))

from aws_cdk import App

from infra.stacks import build


def main() -> None:
    app = App()
    build(app)
    app.synth()


if __name__ == "__main__":
    main()
