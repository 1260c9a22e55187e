"""Portal's benchmarks (`make bench`): bench/README.md says what each measures and why.

Run from the repository's root (`python -m bench...`); the layer goes on the path here, as the
local portal puts it (`local/__init__.py`), since the sections import Portal's code.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (str(ROOT), str(ROOT / "layers" / "portal" / "python")):
    if _path not in sys.path:
        sys.path.insert(0, _path)
