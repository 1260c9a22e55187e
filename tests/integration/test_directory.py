"""The Cognito directory against moto's user pool, made as the real one (sign-in by email)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from moto.cognitoidp.models import cognitoidp_backends
from portal.domain.errors import Conflict, NotFound, Unavailable
from portal.domain.model import Language, MfaState, Profile

from tests.integration.conftest import ACCOUNT_ID

EMAIL = "ann@example.org"
PROFILE = Profile(title="Dr", given_name="Ann", family_name="Rhys")


def attributes(clients, settings, email=EMAIL):
    user = clients.cognito.admin_get_user(UserPoolId=settings.user_pool_id, Username=email)
    return user, {a["Name"]: a["Value"] for a in user["UserAttributes"]}


def signed_in(clients, resources, email=EMAIL):
    """An access token for `email`, minted by moto's pool as a completed sign-in would be."""
    clients.cognito.admin_set_user_password(
        UserPoolId=resources.user_pool_id, Username=email, Password="a long enough password", Permanent=True
    )
    pool = cognitoidp_backends[ACCOUNT_ID][resources.region].user_pools[resources.user_pool_id]
    refresh, _ = pool.create_refresh_token(resources.client_id, email)
    access, _, _ = pool.create_tokens_from_refresh_token(refresh)
    clients.cognito.get_user(AccessToken=access)  # valid now
    return access


def revoked(clients, access):
    with pytest.raises(ClientError) as refused:
        clients.cognito.get_user(AccessToken=access)
    return refused.value.response["Error"]["Code"] == "NotAuthorizedException"


def test_create_user_returns_the_sub_and_sets_what_cognito_needs(directory, clients, settings):
    sub = directory.create_user(EMAIL, "temporary-password-1", PROFILE)

    user, attrs = attributes(clients, settings)
    assert attrs["sub"] == sub
    assert user["Username"] == sub  # the email is an alias: the pool's username is the sub
    assert attrs["email"] == EMAIL
    assert attrs["email_verified"] == "true"
    assert (attrs["given_name"], attrs["family_name"], attrs["locale"]) == ("Ann", "Rhys", "en")
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"


def test_a_second_user_with_the_same_email_is_a_conflict(directory):
    directory.create_user(EMAIL, "temporary-password-1", PROFILE)
    with pytest.raises(Conflict):
        directory.create_user(EMAIL, "temporary-password-2", PROFILE)


def test_cognito_failures_are_unavailable(directory, clients, fail):
    fail.aws(clients.cognito, "admin_create_user", "TooManyRequestsException")
    with pytest.raises(Unavailable):
        directory.create_user(EMAIL, "temporary-password-1", PROFILE)
    fail.aws(clients.cognito, "admin_disable_user", "InternalErrorException")
    directory.create_user(EMAIL, "temporary-password-1", PROFILE)
    with pytest.raises(Unavailable):
        directory.disable_user(EMAIL)


def test_a_new_temporary_password_puts_the_user_back_to_first_sign_in(
    directory, clients, settings, resources
):
    directory.create_user(EMAIL, "temporary-password-1", PROFILE)
    signed_in(clients, resources)

    directory.set_temporary_password(EMAIL, "temporary-password-2")

    user, _ = attributes(clients, settings)
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    with pytest.raises(NotFound):
        directory.set_temporary_password("nobody@example.org", "temporary-password-3")


def test_delete_signs_out_everywhere_then_deletes_and_tolerates_a_missing_user(
    directory, clients, settings, resources
):
    directory.create_user(EMAIL, "temporary-password-1", PROFILE)
    access = signed_in(clients, resources)

    directory.delete_user(EMAIL)

    assert revoked(clients, access)
    with pytest.raises(ClientError):
        attributes(clients, settings)
    directory.delete_user(EMAIL)  # already gone: not an error


def test_disable_signs_out_and_enable_lets_the_person_back(directory, clients, settings, resources):
    directory.create_user(EMAIL, "temporary-password-1", PROFILE)
    access = signed_in(clients, resources)

    directory.disable_user(EMAIL)
    user, _ = attributes(clients, settings)
    assert user["Enabled"] is False
    assert revoked(clients, access)

    directory.enable_user(EMAIL)
    user, _ = attributes(clients, settings)
    assert user["Enabled"] is True


def test_mfa_state_and_reset(directory, clients, settings, resources):
    directory.create_user(EMAIL, "temporary-password-1", PROFILE)
    assert directory.mfa_state(EMAIL) == MfaState()
    clients.cognito.admin_set_user_mfa_preference(
        UserPoolId=settings.user_pool_id,
        Username=EMAIL,
        SMSMfaSettings={"Enabled": True, "PreferredMfa": True},
    )
    assert directory.mfa_state(EMAIL) == MfaState(preferred="SMS_MFA", enabled=("SMS_MFA",))
    access = signed_in(clients, resources)

    directory.reset_mfa(EMAIL)

    assert directory.mfa_state(EMAIL) == MfaState()
    assert revoked(clients, access)


def test_reset_mfa_retries_without_email_mfa_where_the_pool_has_none(directory, clients, fail):
    directory.create_user(EMAIL, "temporary-password-1", PROFILE)
    refused = fail.aws(clients.cognito, "admin_set_user_mfa_preference", "InvalidParameterException")

    directory.reset_mfa(EMAIL)

    assert (refused.calls, refused.failed) == (2, 1)


def test_attributes_follow_the_profile_and_a_cleared_phone_is_removed(directory, clients, settings):
    directory.create_user(EMAIL, "temporary-password-1", PROFILE)

    with_phone = Profile(
        given_name="Ann", family_name="Huws", language=Language.WELSH, phone_number="+447700900123"
    )
    directory.update_attributes(EMAIL, with_phone, before=PROFILE)
    _, attrs = attributes(clients, settings)
    assert (attrs["locale"], attrs["family_name"], attrs["phone_number"]) == ("cy", "Huws", "+447700900123")

    without_phone = Profile(given_name="Ann", family_name="Huws", language=Language.WELSH)
    directory.update_attributes(EMAIL, without_phone, before=with_phone)
    _, attrs = attributes(clients, settings)
    assert "phone_number" not in attrs


def test_a_name_change_without_any_phone_is_accepted(directory, clients, settings):
    directory.create_user(EMAIL, "temporary-password-1", PROFILE)
    renamed = Profile(given_name="Siân", family_name=PROFILE.family_name, language=PROFILE.language)
    directory.update_attributes(EMAIL, renamed, before=PROFILE)
    _, attrs = attributes(clients, settings)
    assert attrs["given_name"] == "Siân" and "phone_number" not in attrs


def test_a_missing_user_is_not_found(directory):
    with pytest.raises(NotFound):
        directory.mfa_state("nobody@example.org")
    with pytest.raises(NotFound):
        directory.disable_user("nobody@example.org")


def test_sign_in_events_read_as_portal_shows_them() -> None:
    """AuthEventType → SignInEvent: ended sign-ins only; the method from the challenges; risk in
    lower case; nothing of the address or place Cognito also records."""
    from datetime import UTC, datetime  # noqa: PLC0415
    from typing import Any  # noqa: PLC0415

    from portal.adapters.directory import _sign_in  # noqa: PLC0415
    from portal.domain.model import SignInOutcome  # noqa: PLC0415

    at = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
    place = {"IpAddress": "192.0.2.1", "City": "X"}

    def event(**fields: Any) -> Any:
        return {"EventType": "SignIn", "CreationDate": at, "EventContextData": place, **fields}

    by_password = _sign_in(
        event(
            EventResponse="Fail",
            EventRisk={"RiskLevel": "High", "RiskDecision": "Block"},
            ChallengeResponses=[{"ChallengeName": "Password", "ChallengeResponse": "Failure"}],
        )
    )
    assert by_password is not None
    assert (by_password.outcome, by_password.method, by_password.risk, by_password.new_device) == (
        SignInOutcome.FAILURE,
        "password",
        "high",
        None,
    )
    by_passkey = _sign_in(event(EventResponse="Pass", ChallengeResponses=[]))
    assert by_passkey is not None and (by_passkey.method, by_passkey.risk) == ("passkey", None)
    assert _sign_in(event(EventResponse="InProgress")) is None  # still waiting for its code
    assert _sign_in(event(EventType="ForgotPassword", EventResponse="Pass")) is None
