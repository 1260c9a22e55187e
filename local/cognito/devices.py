"""Cognito's device operations, for a pool that does not track devices (Portal's: no
DeviceConfiguration, so no sign-in ever returns a device key to confirm or remember).

Each needs a live access token, as in Cognito; with no device ever remembered, a person's list is
empty and any device key names a device that does not exist.
"""

from __future__ import annotations

from local.cognito.context import Context, Payload
from local.cognito.errors import CognitoError

NO_SUCH_DEVICE = CognitoError("ResourceNotFoundException", "Device does not exist.")


def one_device(ctx: Context, body: Payload) -> Payload:
    """ConfirmDevice, GetDevice, ForgetDevice, UpdateDeviceStatus: each names a device key, and
    none was ever remembered."""
    ctx.caller(body)
    raise NO_SUCH_DEVICE


def list_devices(ctx: Context, body: Payload) -> Payload:
    ctx.caller(body)
    return {"Devices": []}
