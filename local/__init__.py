"""The local portal: the whole of Portal on one machine, with AWS emulated by moto.

`python -m local` (what `make run` starts) runs it; see docs/local-portal.md.
"""

import sys
from pathlib import Path

# The shared package is a Lambda layer (on /opt/python in AWS): put it on the path the same way.
LAYER = str(Path(__file__).resolve().parent.parent / "layers" / "portal" / "python")
if LAYER not in sys.path:
    sys.path.insert(0, LAYER)
