"""Reading what the local portal's mailbox holds, as a person reads their email."""

from __future__ import annotations

import re

from portal.constants import TEMPORARY_PASSWORD_LENGTH
from portal.service.deps import PASSWORD_ALPHABET

TEMPORARY_PASSWORD = re.compile(
    rf"(?<![\w-])([{re.escape(PASSWORD_ALPHABET)}]{{{TEMPORARY_PASSWORD_LENGTH}}})(?![\w-])"
)
CODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


def temporary_password(text: str) -> str:
    found = TEMPORARY_PASSWORD.search(text)
    assert found, f"no temporary password in:\n{text}"
    return found.group(1)


def access_code(text: str) -> str:
    found = CODE.search(text)
    assert found, f"no six-digit code in:\n{text}"
    return found.group(1)
