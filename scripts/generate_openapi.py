"""Write docs/openapi.json from the API functions' resolvers (`make openapi`).

`--check` fails instead of writing when the committed document differs from the code.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "layers" / "portal" / "python"), str(ROOT)]

from portal.http.document import build, render  # noqa: E402

from lambdas.centre_users.handler import app as centre_users  # noqa: E402
from lambdas.helpdesk.handler import app as helpdesk  # noqa: E402
from lambdas.self_service.handler import app as self_service  # noqa: E402

DOCUMENT = ROOT / "docs" / "openapi.json"


def generate() -> str:
    return render(build([self_service, centre_users, helpdesk]))


def main(argv: list[str]) -> int:
    text = generate()
    if "--check" in argv:
        if DOCUMENT.read_text(encoding="utf-8") != text:
            print(f"{DOCUMENT.relative_to(ROOT)} is out of date: run `make openapi`", file=sys.stderr)
            return 1
        return 0
    DOCUMENT.write_text(text, encoding="utf-8")
    print(f"wrote {DOCUMENT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
