"""Sessions in the local Cognito as in Cognito: a refresh keeps the sign-in's `auth_time`, and a
sign-in's refresh tokens, rotated or not, stop working the client's validity after the sign-in.

The clock is the test's (conftest `Clock`): nothing waits.
"""

from __future__ import annotations

from typing import Any

import jwt
import pyotp
from portal import constants as c

from local.cognito.context import Context
from tests.cognito.conftest import TEMPORARY, Clock
from tests.cognito.flows import PASSWORD, answer, call, error_of, set_up_totp, srp

EMAIL = "sessions@example.org"
HOUR = 3600


def claims(token: str) -> dict[str, Any]:
    decoded: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return decoded


def signed_in(ctx: Context, client_id: str, invite: Any, clock: Clock) -> tuple[dict[str, Any], str]:
    """A first sign-in (new password, authenticator app), then a sign-in as any later day's."""
    invite(EMAIL)
    step = answer(ctx, client_id, srp(ctx, client_id, EMAIL, TEMPORARY), NEW_PASSWORD=PASSWORD)
    _, secret = set_up_totp(ctx, client_id, step)
    clock.advance(60)  # the set-up's code is used: the next sign-in takes the next one
    step = srp(ctx, client_id, EMAIL, PASSWORD)
    done = answer(ctx, client_id, step, SOFTWARE_TOKEN_MFA_CODE=pyotp.TOTP(secret).at(int(clock())))
    return done["AuthenticationResult"], secret


def refresh(ctx: Context, client_id: str, token: str) -> dict[str, Any]:
    result: dict[str, Any] = call(ctx, "GetTokensFromRefreshToken", ClientId=client_id, RefreshToken=token)[
        "AuthenticationResult"
    ]
    return result


def test_the_portals_client_keeps_a_session_a_working_day(admin: Any, pool: Any) -> None:
    resources, _ = pool
    client = admin.describe_user_pool_client(UserPoolId=resources.user_pool_id, ClientId=resources.client_id)[
        "UserPoolClient"
    ]
    assert client["TokenValidityUnits"]["RefreshToken"] == "hours"
    assert client["RefreshTokenValidity"] == c.SESSION_MAX_HOURS == 12


def test_a_refresh_keeps_the_sign_ins_auth_time(
    ctx: Context, client_id: str, invite: Any, clock: Clock
) -> None:
    first, _ = signed_in(ctx, client_id, invite, clock)
    signed_in_at = claims(first["AccessToken"])["auth_time"]
    assert signed_in_at == claims(first["AccessToken"])["iat"] == int(clock())
    clock.advance(50 * 60)
    later = refresh(ctx, client_id, first["RefreshToken"])
    for token in (later["AccessToken"], later["IdToken"]):
        assert claims(token)["auth_time"] == signed_in_at
        assert claims(token)["iat"] == signed_in_at + 50 * 60
    assert claims(later["AccessToken"])["origin_jti"] == claims(first["AccessToken"])["origin_jti"]


def test_rotation_gives_new_tokens_not_more_time(
    ctx: Context, client_id: str, invite: Any, clock: Clock
) -> None:
    tokens, _ = signed_in(ctx, client_id, invite, clock)
    token = tokens["RefreshToken"]
    for _ in range(c.SESSION_MAX_HOURS - 1):  # an hourly refresh all day long
        clock.advance(HOUR)
        token = refresh(ctx, client_id, token)["RefreshToken"]
    clock.advance(HOUR - 1)
    token = refresh(ctx, client_id, token)["RefreshToken"]  # the twelfth hour's last second
    clock.advance(2)
    assert error_of(ctx, "GetTokensFromRefreshToken", ClientId=client_id, RefreshToken=token) == (
        "NotAuthorizedException"
    )


def test_a_new_sign_in_starts_a_new_session(ctx: Context, client_id: str, invite: Any, clock: Clock) -> None:
    old, secret = signed_in(ctx, client_id, invite, clock)
    clock.advance(11 * HOUR)
    step = srp(ctx, client_id, EMAIL, PASSWORD)
    new = answer(ctx, client_id, step, SOFTWARE_TOKEN_MFA_CODE=pyotp.TOTP(secret).at(int(clock())))
    fresh = new["AuthenticationResult"]
    assert claims(fresh["AccessToken"])["auth_time"] == int(clock())
    clock.advance(2 * HOUR)  # past the first sign-in's twelve hours, not the second's
    assert error_of(
        ctx, "GetTokensFromRefreshToken", ClientId=client_id, RefreshToken=old["RefreshToken"]
    ) == ("NotAuthorizedException")
    assert (
        claims(refresh(ctx, client_id, fresh["RefreshToken"])["AccessToken"])["auth_time"]
        == claims(fresh["AccessToken"])["auth_time"]
    )
