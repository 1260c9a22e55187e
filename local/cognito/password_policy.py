"""The pool's password policy, checked where moto does not check it (ConfirmForgotPassword)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from local.cognito.errors import CognitoError

SYMBOLS = set("^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ")


def check(policy: Mapping[str, Any], password: str) -> None:
    """Raise InvalidPasswordException as Cognito words it when `password` breaks `policy`."""
    problems = []
    if len(password) < int(policy.get("MinimumLength", 8)):
        problems.append("Password not long enough")
    if policy.get("RequireUppercase") and not re.search(r"[A-Z]", password):
        problems.append("Password must have uppercase characters")
    if policy.get("RequireLowercase") and not re.search(r"[a-z]", password):
        problems.append("Password must have lowercase characters")
    if policy.get("RequireNumbers") and not re.search(r"\d", password):
        problems.append("Password must have numeric characters")
    if policy.get("RequireSymbols") and not SYMBOLS.intersection(password):
        problems.append("Password must have symbol characters")
    if problems:
        raise CognitoError(
            "InvalidPasswordException", "Password does not conform to policy: " + "; ".join(problems)
        )
