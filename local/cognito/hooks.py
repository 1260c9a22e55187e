"""What runs around a forwarded call: `before` may change the request or refuse it with a
CognitoError; `after` may change a successful answer or fail it (a trigger's failure)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

from local.cognito.codes import ResetCodes
from local.cognito.people import People
from local.cognito.totp import TotpSecrets
from local.cognito.triggers import Triggers

Payload = dict[str, Any]


@dataclass
class Kit:
    """What the hooks work with; `call` is shared by the hooks of one forwarded call."""

    people: People
    triggers: Triggers
    cognito: CognitoIdentityProviderClient
    secrets: TotpSecrets = field(default_factory=TotpSecrets)
    codes: ResetCodes = field(default_factory=ResetCodes)


@dataclass
class Call:
    """One forwarded call: its request body, moto's answer, and notes passed from before to after."""

    body: Payload
    payload: Payload = field(default_factory=dict)
    sub: str | None = None
    typed_code: str | None = None  # what the person typed, before the proxy put moto's code in
    moto_code: str | None = None  # the code the proxy gave moto (retried once at a step boundary)
    reset_code: str | None = None  # moto's forgot-password code, from its response header


Before = Callable[[Kit, Call], None]
After = Callable[[Kit, Call], None]
