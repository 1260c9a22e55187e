"""The sign-in state machine: every path of the guide, checked as Cognito checks it."""

from __future__ import annotations

import json
from typing import Any

import jwt
import pyotp
import pytest

from local.cognito.codes import MAX_LOCKOUT
from local.cognito.context import Context, Sessions, SignIn
from local.cognito.errors import CognitoError
from tests.cognito.conftest import TEMPORARY, Clock, RecordedTriggers
from tests.cognito.flows import PASSWORD, answer, call, error_of, password_auth, set_up_totp, srp

EMAIL = "ann@example.org"


def claims(token: str) -> dict[str, Any]:
    decoded: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return decoded


def first_sign_in_by_srp(
    ctx: Context, client_id: str, invite, email: str = EMAIL
) -> tuple[dict[str, Any], str]:
    invite(email)
    step = srp(ctx, client_id, email.upper(), TEMPORARY)
    assert step["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    step = answer(ctx, client_id, step, NEW_PASSWORD=PASSWORD)
    return set_up_totp(ctx, client_id, step)


def test_new_password_required_carries_the_attributes_as_cognito_sends_them(ctx, client_id, invite):
    sub = invite(EMAIL)
    step = srp(ctx, client_id, EMAIL, TEMPORARY)
    parameters = step["ChallengeParameters"]
    assert json.loads(parameters["requiredAttributes"]) == []
    assert json.loads(parameters["userAttributes"]) == {
        "email": EMAIL,
        "email_verified": "true",
        "given_name": "Ann",
        "locale": "en",
    }
    assert parameters["USER_ID_FOR_SRP"] == sub


def test_srp_first_sign_in_then_mfa_setup_lists_the_pools_factors(ctx, client_id, invite, triggers):
    invite(EMAIL)
    step = srp(ctx, client_id, EMAIL, TEMPORARY)
    step = answer(ctx, client_id, step, NEW_PASSWORD=PASSWORD)
    assert step["ChallengeName"] == "MFA_SETUP"
    assert json.loads(step["ChallengeParameters"]["MFAS_CAN_SETUP"]) == [
        "SOFTWARE_TOKEN_MFA",
        "SMS_MFA",
        "EMAIL_OTP",
    ]
    done, _ = set_up_totp(ctx, client_id, step)
    result = done["AuthenticationResult"]
    id_claims, access_claims = claims(result["IdToken"]), claims(result["AccessToken"])
    assert id_claims["email"] == EMAIL and id_claims["email_verified"] is True
    assert id_claims["cognito:username"] == id_claims["sub"] == access_claims["username"]
    assert id_claims["aud"] == client_id and access_claims["client_id"] == client_id
    assert access_claims["scope"] == "aws.cognito.signin.user.admin"
    assert id_claims["origin_jti"] == access_claims["origin_jti"]
    assert triggers.signed_in == [EMAIL]


def test_srp_refuses_a_wrong_password_and_an_unknown_email_alike(ctx, client_id, invite):
    invite(EMAIL)
    answers = set()
    for email, password in ((EMAIL, "not the password"), ("nobody@example.org", TEMPORARY)):
        with pytest.raises(CognitoError) as refused:
            srp(ctx, client_id, email, password)
        answers.add((refused.value.kind, refused.value.message))
    assert answers == {("NotAuthorizedException", "Incorrect username or password.")}


def test_password_auth_checks_the_password_and_answers_alike(ctx, client_id, invite):
    invite(EMAIL)
    for email, password in ((EMAIL, "wrong"), ("nobody@example.org", "wrong")):
        assert (
            error_of(
                ctx,
                "InitiateAuth",
                ClientId=client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": email, "PASSWORD": password},
            )
            == "NotAuthorizedException"
        )
    assert password_auth(ctx, client_id, EMAIL, TEMPORARY)["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_a_short_new_password_and_unwritable_attributes_are_refused(ctx, client_id, invite):
    invite(EMAIL)
    step = srp(ctx, client_id, EMAIL, TEMPORARY)
    assert (
        error_of(
            ctx,
            "RespondToAuthChallenge",
            ClientId=client_id,
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=step["Session"],
            ChallengeResponses={"NEW_PASSWORD": "short"},
        )
        == "InvalidPasswordException"
    )
    assert (
        error_of(
            ctx,
            "RespondToAuthChallenge",
            ClientId=client_id,
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=step["Session"],
            ChallengeResponses={"NEW_PASSWORD": PASSWORD, "userAttributes.email": "x@example.org"},
        )
        == "NotAuthorizedException"
    )


def test_totp_sign_in_refuses_a_wrong_code(ctx, client_id, invite, clock: Clock):
    _, secret = first_sign_in_by_srp(ctx, client_id, invite)
    step = srp(ctx, client_id, EMAIL, PASSWORD)
    assert step["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    wrong = f"{(int(pyotp.TOTP(secret).at(int(clock()))) + 1) % 1000000:06d}"
    assert (
        error_of(
            ctx,
            "RespondToAuthChallenge",
            ClientId=client_id,
            ChallengeName="SOFTWARE_TOKEN_MFA",
            Session=step["Session"],
            ChallengeResponses={"SOFTWARE_TOKEN_MFA_CODE": wrong},
        )
        == "CodeMismatchException"
    )
    done = answer(ctx, client_id, step, SOFTWARE_TOKEN_MFA_CODE=pyotp.TOTP(secret).at(int(clock())))
    assert "AccessToken" in done["AuthenticationResult"]


def test_email_mfa_set_up_at_sign_in_then_used(ctx, client_id, invite, triggers: RecordedTriggers):
    invite(EMAIL)
    step = answer(ctx, client_id, srp(ctx, client_id, EMAIL, TEMPORARY), NEW_PASSWORD=PASSWORD)
    assert (
        error_of(
            ctx,
            "RespondToAuthChallenge",
            ClientId=client_id,
            ChallengeName="MFA_SETUP",
            Session=step["Session"],
            ChallengeResponses={"EMAIL": "other@example.org"},
        )
        == "NotAuthorizedException"
    )
    step = answer(ctx, client_id, step, EMAIL=EMAIL)
    assert step["ChallengeName"] == "EMAIL_OTP"
    assert step["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "EMAIL"
    assert triggers.sent[-1].source == "CustomMessage_Authentication"
    answer(ctx, client_id, step, EMAIL_OTP_CODE=triggers.last_code(EMAIL))
    step = srp(ctx, client_id, EMAIL, PASSWORD)
    assert step["ChallengeName"] == "EMAIL_OTP"
    assert (
        error_of(
            ctx,
            "RespondToAuthChallenge",
            ClientId=client_id,
            ChallengeName="EMAIL_OTP",
            Session=step["Session"],
            ChallengeResponses={"EMAIL_OTP_CODE": "000000"},
        )
        == "CodeMismatchException"
    )
    done = answer(ctx, client_id, step, EMAIL_OTP_CODE=triggers.last_code(EMAIL))
    assert claims(done["AuthenticationResult"]["IdToken"])["email"] == EMAIL


def test_sms_mfa_verifies_the_phone_at_set_up(
    ctx, client_id, invite, triggers: RecordedTriggers, admin, pool
):
    phone = "+447700900123"
    invite(EMAIL, phone=phone)
    step = answer(ctx, client_id, srp(ctx, client_id, EMAIL, TEMPORARY), NEW_PASSWORD=PASSWORD)
    assert step["ChallengeName"] == "SMS_MFA"
    assert step["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"].endswith("0123")
    answer(ctx, client_id, step, SMS_MFA_CODE=triggers.last_code(phone))
    user = admin.admin_get_user(UserPoolId=pool[0].user_pool_id, Username=EMAIL)
    assert user["UserMFASettingList"] == ["SMS_MFA"]
    assert {"Name": "phone_number_verified", "Value": "true"} in user["UserAttributes"]


def test_several_factors_and_none_preferred_select_mfa_type(ctx, client_id, invite, triggers):
    done, _ = first_sign_in_by_srp(ctx, client_id, invite)
    access = done["AuthenticationResult"]["AccessToken"]
    call(
        ctx,
        "SetUserMFAPreference",
        AccessToken=access,
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": False},
        EmailMfaSettings={"Enabled": True, "PreferredMfa": False},
    )
    step = srp(ctx, client_id, EMAIL, PASSWORD)
    assert step["ChallengeName"] == "SELECT_MFA_TYPE"
    assert json.loads(step["ChallengeParameters"]["MFAS_CAN_CHOOSE"]) == ["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]
    step = answer(ctx, client_id, step, ANSWER="EMAIL_OTP")
    assert step["ChallengeName"] == "EMAIL_OTP"
    answer(ctx, client_id, step, EMAIL_OTP_CODE=triggers.last_code(EMAIL))


def test_lockout_as_cognito_documents_it(ctx, client_id, invite, clock: Clock):
    first_sign_in_by_srp(ctx, client_id, invite)
    for _ in range(5):
        assert (
            error_of(
                ctx,
                "InitiateAuth",
                ClientId=client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": EMAIL, "PASSWORD": "wrong"},
            )
            == "NotAuthorizedException"
        )
    with pytest.raises(Exception, match="Password attempts exceeded"):
        password_auth(ctx, client_id, EMAIL, PASSWORD)  # locked for 1 s, even with the right one
    clock.advance(1.5)
    with pytest.raises(Exception, match="Incorrect username"):
        password_auth(ctx, client_id, EMAIL, "wrong")  # the 6th failure: locked for 2 s
    clock.advance(1.5)
    with pytest.raises(Exception, match="Password attempts exceeded"):
        password_auth(ctx, client_id, EMAIL, PASSWORD)
    clock.advance(MAX_LOCKOUT)  # 15 minutes without an attempt start the count again
    assert password_auth(ctx, client_id, EMAIL, PASSWORD)["ChallengeName"] == "SOFTWARE_TOKEN_MFA"


def test_unknown_emails_lock_out_alike(ctx, client_id):
    for _ in range(5):
        error_of(
            ctx,
            "InitiateAuth",
            ClientId=client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "nobody@example.org", "PASSWORD": "wrong"},
        )
    with pytest.raises(Exception, match="Password attempts exceeded"):
        password_auth(ctx, client_id, "nobody@example.org", "wrong")


def test_sessions_expire_after_the_clients_auth_session_validity(ctx, client_id, invite, clock: Clock):
    invite(EMAIL)
    step = srp(ctx, client_id, EMAIL, TEMPORARY)
    clock.advance(3 * 60 + 1)
    with pytest.raises(Exception, match="session is expired"):
        answer(ctx, client_id, step, NEW_PASSWORD=PASSWORD)


def test_session_tokens_never_read_as_a_command_line_option():
    """Cognito's begin "AYABe"; one beginning with "-" broke `aws cognito-idp respond-to-auth-challenge
    --session ...` (argparse took it for an option) about once in 64 sign-ins."""
    sessions = Sessions()
    tokens = [
        sessions.open(SignIn(None, "x@school.example", "client", "PASSWORD_VERIFIER", 0.0))
        for _ in range(500)
    ]
    assert all(t.startswith("AYABe") for t in tokens)
    assert len(set(tokens)) == len(tokens)


def test_each_attempt_is_recorded_and_answered_by_admin_list_user_auth_events(
    ctx, client_id, invite, admin, pool, triggers: RecordedTriggers
):
    """As threat protection records them: a wrong password, a wrong MFA code, a success; newest
    first, paged; and each delivered as the user-activity log would deliver it."""
    first_sign_in_by_srp(ctx, client_id, invite)
    assert ("RespondToAuthChallenge", EMAIL, {"challengeName": "MFA_SETUP"}) in triggers.api_calls
    assert (
        error_of(
            ctx,
            "InitiateAuth",
            ClientId=client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": EMAIL, "PASSWORD": "wrong"},
        )
        == "NotAuthorizedException"
    )
    step = password_auth(ctx, client_id, EMAIL, PASSWORD)
    assert (
        error_of(
            ctx,
            "RespondToAuthChallenge",
            ClientId=client_id,
            ChallengeName="SOFTWARE_TOKEN_MFA",
            Session=step["Session"],
            ChallengeResponses={"USERNAME": EMAIL, "SOFTWARE_TOKEN_MFA_CODE": "000000"},
        )
        == "CodeMismatchException"
    )
    error_of(
        ctx,
        "InitiateAuth",
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "nobody@example.org", "PASSWORD": "wrong"},
    )  # nobody to record it on

    resources, _ = pool
    first = admin.admin_list_user_auth_events(UserPoolId=resources.user_pool_id, Username=EMAIL, MaxResults=2)
    rest = admin.admin_list_user_auth_events(
        UserPoolId=resources.user_pool_id, Username=EMAIL, NextToken=first["NextToken"]
    )
    events = first["AuthEvents"] + rest["AuthEvents"]
    assert "NextToken" not in rest
    assert [(e["EventType"], e["EventResponse"]) for e in events] == [("SignIn", "Fail")] * 2 + [
        ("SignIn", "Pass")
    ]
    assert [c["ChallengeName"] + ":" + c["ChallengeResponse"] for c in events[0]["ChallengeResponses"]] == [
        "Password:Success",
        "Mfa:Failure",
    ]
    assert events[1]["ChallengeResponses"] == [{"ChallengeName": "Password", "ChallengeResponse": "Failure"}]
    assert events[0]["CreationDate"] >= events[1]["CreationDate"] >= events[2]["CreationDate"]
    assert triggers.attempts == [(EMAIL, "Pass"), (EMAIL, "Fail"), (EMAIL, "Fail")]


def test_changes_made_through_the_public_api_are_delivered_as_cloudtrail_records(
    ctx, client_id, invite, triggers: RecordedTriggers
):
    tokens, _ = first_sign_in_by_srp(ctx, client_id, invite)
    token = tokens["AuthenticationResult"]["AccessToken"]
    call(
        ctx,
        "ChangePassword",
        AccessToken=token,
        PreviousPassword=PASSWORD,
        ProposedPassword="another long one",
    )
    call(
        ctx,
        "SetUserMFAPreference",
        AccessToken=token,
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
    )
    assert [name for name, *_ in triggers.api_calls] == [
        "RespondToAuthChallenge",
        "ChangePassword",
        "SetUserMFAPreference",
    ]
    assert all("Password" not in json.dumps(request) for _, _, request in triggers.api_calls)
