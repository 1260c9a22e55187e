"""Passkeys in the local Cognito, driven by boto3 and a software authenticator: registration, the
list, deletion, passkey MFA, USER_AUTH (with and without PREFERRED_CHALLENGE, SELECT_CHALLENGE),
a WEB_AUTHN sign-in with no password and no code, and every refusal Cognito makes."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

import jwt
import pyotp
import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP

from local.cognito import signin
from local.cognito.codes import FREE_FAILURES
from local.cognito.webauthn import MAX_PASSKEYS, REGISTRATION_VALIDITY
from local.provision import LOCAL_RELYING_PARTY
from tests.cognito.authenticator import Authenticator
from tests.cognito.conftest import TEMPORARY, Clock, RecordedTriggers
from tests.cognito.flows import PASSWORD, answer, call, set_up_totp, srp

ANN = "ann@example.org"
BEN = "ben@example.org"
ORIGIN = "http://localhost:8000"


@pytest.fixture
def people(ctx, client_id, invite, pool):
    """Signs people in for the first time (new password, TOTP): their access token and TOTP secret."""
    made: dict[str, tuple[str, str]] = {}

    def make(email: str = ANN) -> tuple[str, str]:
        invite(email)
        step = srp(ctx, client_id, email, TEMPORARY)
        step = answer(ctx, client_id, step, NEW_PASSWORD=PASSWORD)
        done, secret = set_up_totp(ctx, client_id, step)
        made[email] = (done["AuthenticationResult"]["AccessToken"], secret)
        return made[email]

    return make


def error_code(call_it) -> str:
    with pytest.raises(ClientError) as refused:
        call_it()
    return str(refused.value.response["Error"]["Code"])


def register(idp, token: str, device: Authenticator, **kwargs: Any) -> dict[str, Any]:
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    credential: dict[str, Any] = device.create(options, **kwargs)
    idp.complete_web_authn_registration(AccessToken=token, Credential=credential)
    return credential


def passkey_sign_in_on(idp, token: str) -> None:
    idp.set_user_mfa_preference(AccessToken=token, WebAuthnMfaSettings={"Enabled": True})


def start(idp, client_id: str, email: str = ANN, **parameters: str) -> Any:
    return idp.initiate_auth(
        ClientId=client_id, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": email, **parameters}
    )


def respond(idp, client_id: str, step: dict[str, Any], name: str | None = None, **answers: str):
    return idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName=name or step["ChallengeName"],
        Session=step["Session"],
        ChallengeResponses={"USERNAME": ANN, **answers},
    )


@pytest.fixture
def ann(idp, people, client_id):
    """Ann, signed in, with one passkey and passkey sign-in on: (token, authenticator)."""
    token, _ = people(ANN)
    device = Authenticator(ORIGIN)
    register(idp, token, device)
    passkey_sign_in_on(idp, token)
    return token, device


# --- registration, the list, deletion ------------------------------------------------------------


def test_registration_options_are_cognitos_for_the_console_relying_party(idp, people, ctx):
    token, _ = people(ANN)
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    sub = ctx.store.find(ANN).sub
    assert options["rp"] == {"id": LOCAL_RELYING_PARTY, "name": LOCAL_RELYING_PARTY}
    assert options["user"] == {
        "id": base64.urlsafe_b64encode(sub.encode()).decode().rstrip("="),
        "name": ANN,
        "displayName": ANN,
    }
    assert options["pubKeyCredParams"] == [
        {"type": "public-key", "alg": -7},
        {"type": "public-key", "alg": -257},
    ]
    assert options["authenticatorSelection"] == {
        "residentKey": "required",
        "requireResidentKey": True,
        "userVerification": "required",
    }
    assert options["excludeCredentials"] == [] and options["timeout"] == 60000
    assert len(base64.urlsafe_b64decode(options["challenge"] + "==")) == 32


def test_a_passkey_is_registered_listed_and_removed(idp, people, clock: Clock):
    token, _ = people(ANN)
    device = Authenticator(ORIGIN)
    credential = register(idp, token, device)
    listed = idp.list_web_authn_credentials(AccessToken=token)["Credentials"]
    assert len(listed) == 1
    assert listed[0]["CredentialId"] == credential["id"]
    assert listed[0]["FriendlyCredentialName"] == "Platform passkey"
    assert listed[0]["RelyingPartyId"] == LOCAL_RELYING_PARTY
    assert listed[0]["AuthenticatorAttachment"] == "platform"
    assert listed[0]["AuthenticatorTransports"] == ["internal"]
    assert listed[0]["CreatedAt"].timestamp() == pytest.approx(clock())
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    assert options["excludeCredentials"] == [
        {"id": credential["id"], "type": "public-key", "transports": ["internal"]}
    ]
    idp.delete_web_authn_credential(AccessToken=token, CredentialId=credential["id"])
    assert idp.list_web_authn_credentials(AccessToken=token)["Credentials"] == []
    gone = lambda: idp.delete_web_authn_credential(AccessToken=token, CredentialId=credential["id"])  # noqa: E731
    assert error_code(gone) == "ResourceNotFoundException"


def test_a_roaming_authenticator_is_named_as_cognito_names_it(idp, people):
    token, _ = people(ANN)
    register(idp, token, Authenticator(ORIGIN, attachment="cross-platform"))
    (listed,) = idp.list_web_authn_credentials(AccessToken=token)["Credentials"]
    assert listed["FriendlyCredentialName"] == "Roaming passkey"


def test_the_list_is_paged(idp, people):
    token, _ = people(ANN)
    device = Authenticator(ORIGIN)
    ids = [register(idp, token, device)["id"] for _ in range(3)]
    first = idp.list_web_authn_credentials(AccessToken=token, MaxResults=2)
    second = idp.list_web_authn_credentials(AccessToken=token, MaxResults=2, NextToken=first["NextToken"])
    assert [c["CredentialId"] for c in first["Credentials"] + second["Credentials"]] == ids
    assert "NextToken" not in second
    bad = lambda: idp.list_web_authn_credentials(AccessToken=token, NextToken="not-a-token")  # noqa: E731
    assert error_code(bad) == "InvalidParameterException"


def test_a_person_may_remove_only_their_own_passkeys(idp, people):
    ann_token, _ = people(ANN)
    ben_token, _ = people(BEN)
    credential = register(idp, ann_token, Authenticator(ORIGIN))
    theirs = lambda: idp.delete_web_authn_credential(AccessToken=ben_token, CredentialId=credential["id"])  # noqa: E731
    assert error_code(theirs) == "ResourceNotFoundException"
    assert len(idp.list_web_authn_credentials(AccessToken=ann_token)["Credentials"]) == 1
    assert idp.list_web_authn_credentials(AccessToken=ben_token)["Credentials"] == []


@pytest.mark.parametrize(
    ("spoil", "error"),
    [
        ({"origin": "https://evil.example"}, "WebAuthnOriginNotAllowedException"),
        ({"origin": "http://127.0.0.1:8000"}, "WebAuthnOriginNotAllowedException"),  # an IP is no RP
        ({"origin": "http://localhost.evil.example"}, "WebAuthnOriginNotAllowedException"),
        ({"rp_id": "evil.example"}, "WebAuthnRelyingPartyMismatchException"),
        ({"ed25519_key": True}, "WebAuthnCredentialNotSupportedException"),  # not ES256 or RS256
    ],
)
def test_registration_refuses_a_wrong_origin_relying_party_or_key(idp, people, spoil, error):
    token, _ = people(ANN)
    assert error_code(lambda: register(idp, token, Authenticator(ORIGIN), **spoil)) == error
    assert idp.list_web_authn_credentials(AccessToken=token)["Credentials"] == []


def test_registration_requires_user_verification(idp, people):
    token, _ = people(ANN)
    without = Authenticator(ORIGIN, verifies_user=False)
    assert error_code(lambda: register(idp, token, without)) == "WebAuthnCredentialNotSupportedException"


def test_any_local_port_may_register_as_cognito_knows_no_ports(idp, people):
    token, _ = people(ANN)
    register(idp, token, Authenticator("http://localhost:5173"))  # e.g. a frontend's dev server
    assert len(idp.list_web_authn_credentials(AccessToken=token)["Credentials"]) == 1


def test_a_registration_challenge_is_used_once_and_expires(idp, people, clock: Clock):
    token, _ = people(ANN)
    device = Authenticator(ORIGIN)
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    first = device.create(options)
    idp.complete_web_authn_registration(AccessToken=token, Credential=first)
    again = lambda: idp.complete_web_authn_registration(AccessToken=token, Credential=device.create(options))  # noqa: E731
    assert error_code(again) == "WebAuthnChallengeNotFoundException"
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    clock.advance(REGISTRATION_VALIDITY + 1)
    late = lambda: idp.complete_web_authn_registration(AccessToken=token, Credential=device.create(options))  # noqa: E731
    assert error_code(late) == "WebAuthnChallengeNotFoundException"


def test_a_registration_challenge_is_the_askers_alone(idp, people):
    ann_token, _ = people(ANN)
    ben_token, _ = people(BEN)
    options = idp.start_web_authn_registration(AccessToken=ann_token)["CredentialCreationOptions"]
    stolen = lambda: idp.complete_web_authn_registration(  # noqa: E731
        AccessToken=ben_token, Credential=Authenticator(ORIGIN).create(options)
    )
    assert error_code(stolen) == "WebAuthnChallengeNotFoundException"


def test_a_registration_is_completed_by_the_app_client_that_started_it(idp, people, pool, admin, ctx):
    token, secret = people(ANN)
    other = admin.create_user_pool_client(
        UserPoolId=pool[0].user_pool_id, ClientName="other", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    try:
        step = idp.initiate_auth(
            ClientId=other,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": ANN, "PASSWORD": PASSWORD},
        )
        done = idp.respond_to_auth_challenge(
            ClientId=other,
            ChallengeName="SOFTWARE_TOKEN_MFA",
            Session=step["Session"],
            ChallengeResponses={
                "USERNAME": ANN,
                "SOFTWARE_TOKEN_MFA_CODE": pyotp.TOTP(secret).at(int(ctx.clock())),
            },
        )
        options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
        credential = Authenticator(ORIGIN).create(options)
        elsewhere = done["AuthenticationResult"]["AccessToken"]
        mismatch = lambda: idp.complete_web_authn_registration(AccessToken=elsewhere, Credential=credential)  # noqa: E731
        assert error_code(mismatch) == "WebAuthnClientMismatchException"
    finally:
        admin.delete_user_pool_client(UserPoolId=pool[0].user_pool_id, ClientId=other)


def test_a_credential_belongs_to_one_person(idp, people):
    ann_token, _ = people(ANN)
    ben_token, _ = people(BEN)
    device = Authenticator(ORIGIN)
    register(idp, ann_token, device)
    # Ann's credential id presented again, by Ben (a cloned authenticator) and by Ann herself
    for token in (ben_token, ann_token):
        again = lambda token=token: register(  # noqa: E731
            idp, token, Authenticator(ORIGIN), credential_id=device.credentials[0].credential_id
        )
        assert error_code(again) == "InvalidParameterException"
    assert idp.list_web_authn_credentials(AccessToken=ben_token)["Credentials"] == []
    assert len(idp.list_web_authn_credentials(AccessToken=ann_token)["Credentials"]) == 1


def test_at_most_twenty_passkeys(idp, people):
    token, _ = people(ANN)
    device = Authenticator(ORIGIN)
    for _ in range(MAX_PASSKEYS):
        register(idp, token, device)
    assert error_code(lambda: register(idp, token, device)) == "LimitExceededException"


def test_the_webauthn_operations_need_a_live_access_token(idp, people, admin, pool):
    token, _ = people(ANN)
    idp.global_sign_out(AccessToken=token)
    assert error_code(lambda: idp.start_web_authn_registration(AccessToken=token)) == "NotAuthorizedException"
    assert error_code(lambda: idp.list_web_authn_credentials(AccessToken=token)) == "NotAuthorizedException"


# --- passkey MFA ----------------------------------------------------------------------------------


def test_passkey_mfa_needs_another_mfa_method_beside_it(idp, people, admin, pool):
    token, _ = people(ANN)
    passkey_sign_in_on(idp, token)
    alone = lambda: idp.set_user_mfa_preference(  # noqa: E731
        AccessToken=token, SoftwareTokenMfaSettings={"Enabled": False, "PreferredMfa": False}
    )
    assert error_code(alone) == "InvalidParameterException"
    idp.set_user_mfa_preference(
        AccessToken=token,
        SoftwareTokenMfaSettings={"Enabled": False, "PreferredMfa": False},
        WebAuthnMfaSettings={"Enabled": False},
    )
    # the admin form too: a pool's reset (everything off) is fine, passkey MFA alone is not
    only = lambda: admin.admin_set_user_mfa_preference(  # noqa: E731
        UserPoolId=pool[0].user_pool_id, Username=ANN, WebAuthnMfaSettings={"Enabled": True}
    )
    assert error_code(only) == "InvalidParameterException"


# --- USER_AUTH ------------------------------------------------------------------------------------


def test_user_auth_offers_what_the_person_can_use(idp, people, client_id):
    token, _ = people(ANN)
    step = start(idp, client_id)
    assert step["ChallengeName"] == "SELECT_CHALLENGE"
    assert step["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP"]
    register(idp, token, Authenticator(ORIGIN))
    # a passkey alone does not sign in where MFA is required: passkey MFA must be on
    assert start(idp, client_id)["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP"]
    assert start(idp, client_id, PREFERRED_CHALLENGE="WEB_AUTHN")["ChallengeName"] == "SELECT_CHALLENGE"
    passkey_sign_in_on(idp, token)
    assert start(idp, client_id)["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "WEB_AUTHN"]


def test_an_unknown_email_is_offered_what_someone_without_a_passkey_is(idp, people, client_id):
    people(ANN)
    for preferred in ({}, {"PREFERRED_CHALLENGE": "WEB_AUTHN"}):
        step = start(idp, client_id, "nobody@example.org", **preferred)
        assert step["ChallengeName"] == "SELECT_CHALLENGE"
        assert step["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP"]
    step = start(idp, client_id, "nobody@example.org")
    wrong = lambda: respond(idp, client_id, step, ANSWER="PASSWORD", PASSWORD=PASSWORD)  # noqa: E731
    assert error_code(wrong) == "NotAuthorizedException"


def test_a_passkey_signs_in_with_no_password_and_no_code(
    idp, ann, client_id, clock: Clock, triggers: RecordedTriggers, monkeypatch
):
    _, device = ann
    methods = []
    signed_in = signin._signed_in

    def recording(ctx, person, sign_in, body):
        methods.append(sign_in.method)
        return signed_in(ctx, person, sign_in, body)

    monkeypatch.setattr(signin, "_signed_in", recording)
    clock.advance(600)
    step = start(idp, client_id, PREFERRED_CHALLENGE="WEB_AUTHN")
    assert step["ChallengeName"] == "WEB_AUTHN"
    options = json.loads(step["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    assert options["rpId"] == LOCAL_RELYING_PARTY and options["userVerification"] == "required"
    assert [c["id"] for c in options["allowCredentials"]] == [device.credentials[0].id]
    done = respond(idp, client_id, step, CREDENTIAL=device.get(options))
    claims = jwt.decode(done["AuthenticationResult"]["AccessToken"], options={"verify_signature": False})
    assert claims["auth_time"] == int(clock())
    assert methods == ["passkey"] and triggers.signed_in[-1] == ANN
    assert not [s for s in triggers.sent if s.source == "CustomMessage_Authentication"]  # no code sent


def test_select_challenge_then_web_authn(idp, ann, client_id):
    _, device = ann
    step = start(idp, client_id)
    step = respond(idp, client_id, step, ANSWER="WEB_AUTHN")
    assert step["ChallengeName"] == "WEB_AUTHN"
    done = respond(
        idp, client_id, step, CREDENTIAL=device.get(step["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    )
    assert done["AuthenticationResult"]["AccessToken"]


def test_select_challenge_answered_with_the_credential_at_once(idp, ann, client_id):
    _, device = ann
    step = start(idp, client_id)
    options = step["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]
    done = respond(idp, client_id, step, ANSWER="WEB_AUTHN", CREDENTIAL=device.get(options))
    assert done["AuthenticationResult"]["AccessToken"]


def test_a_password_chosen_in_user_auth_goes_on_to_mfa(idp, ann, client_id, ctx):
    secret = ctx.store.totp_secret(ctx.store.find(ANN).sub)
    step = start(idp, client_id, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD)
    assert step["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    done = respond(idp, client_id, step, SOFTWARE_TOKEN_MFA_CODE=pyotp.TOTP(secret).at(int(ctx.clock())))
    assert done["AuthenticationResult"]["AccessToken"]
    step = start(idp, client_id)
    assert (
        respond(idp, client_id, step, ANSWER="PASSWORD", PASSWORD=PASSWORD)["ChallengeName"]
        == "SOFTWARE_TOKEN_MFA"
    )
    wrong = lambda: start(idp, client_id, PREFERRED_CHALLENGE="PASSWORD", PASSWORD="not the password")  # noqa: E731
    assert error_code(wrong) == "NotAuthorizedException"


@pytest.mark.parametrize("chosen", ["preferred", "selected"])
def test_srp_chosen_in_user_auth_goes_on_to_mfa(idp, ann, client_id, ctx, chosen):
    secret = ctx.store.totp_secret(ctx.store.find(ANN).sub)
    helper = AWSSRP(ANN, PASSWORD, ctx.store.user_pool_id, client_id, client=object())
    srp_a = helper.get_auth_params()["SRP_A"]
    if chosen == "preferred":
        step = start(idp, client_id, PREFERRED_CHALLENGE="PASSWORD_SRP", SRP_A=srp_a)
    else:
        step = respond(idp, client_id, start(idp, client_id), ANSWER="PASSWORD_SRP", SRP_A=srp_a)
    assert step["ChallengeName"] == "PASSWORD_VERIFIER" and step["Session"]
    answers = helper.process_challenge(step["ChallengeParameters"], {"USERNAME": ANN, "SRP_A": srp_a})
    step = idp.respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="PASSWORD_VERIFIER",
        Session=step["Session"],
        ChallengeResponses=answers,
    )
    assert step["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    done = respond(idp, client_id, step, SOFTWARE_TOKEN_MFA_CODE=pyotp.TOTP(secret).at(int(ctx.clock())))
    assert done["AuthenticationResult"]["AccessToken"]


def test_only_an_available_challenge_may_be_chosen(idp, people, client_id):
    people(ANN)
    step = start(idp, client_id)
    assert (
        error_code(lambda: respond(idp, client_id, step, ANSWER="WEB_AUTHN")) == "InvalidParameterException"
    )
    bad = lambda: start(idp, client_id, PREFERRED_CHALLENGE="CUSTOM_CHALLENGE")  # noqa: E731
    assert error_code(bad) == "InvalidParameterException"


def test_user_auth_needs_the_clients_allow_user_auth(idp, people, admin, pool):
    people(ANN)
    other = admin.create_user_pool_client(
        UserPoolId=pool[0].user_pool_id, ClientName="srp-only", ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH"]
    )["UserPoolClient"]["ClientId"]
    try:
        assert error_code(lambda: start(idp, other)) == "InvalidParameterException"
    finally:
        admin.delete_user_pool_client(UserPoolId=pool[0].user_pool_id, ClientId=other)


# --- WEB_AUTHN's refusals -------------------------------------------------------------------------


def web_authn(idp, client_id: str, email: str = ANN) -> tuple[dict[str, Any], str]:
    step = start(idp, client_id, email, PREFERRED_CHALLENGE="WEB_AUTHN")
    assert step["ChallengeName"] == "WEB_AUTHN", step
    return step, step["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]


def refused(idp, client_id: str, step: dict[str, Any], credential: str) -> str:
    with pytest.raises(ClientError) as error:
        respond(idp, client_id, step, CREDENTIAL=credential)
    assert error.value.response["Error"]["Code"] == "NotAuthorizedException"
    return str(error.value.response["Error"]["Message"])


def test_a_replayed_assertion_is_refused(idp, ann, client_id):
    _, device = ann
    step, options = web_authn(idp, client_id)
    assertion = device.get(options)
    respond(idp, client_id, step, CREDENTIAL=assertion)
    assert refused(idp, client_id, step, assertion) == "Invalid session for the user."  # the same session
    step, _ = web_authn(idp, client_id)
    refused(idp, client_id, step, assertion)  # a new session: another challenge


def test_a_signature_counter_that_goes_backwards_is_refused(idp, ann, client_id):
    _, device = ann
    step, options = web_authn(idp, client_id)
    respond(idp, client_id, step, CREDENTIAL=device.get(options, sign_count=5))
    step, options = web_authn(idp, client_id)
    refused(idp, client_id, step, device.get(options, sign_count=4))  # a clone of the authenticator
    step, options = web_authn(idp, client_id)
    respond(idp, client_id, step, CREDENTIAL=device.get(options, sign_count=6))


def test_another_persons_passkey_is_refused(idp, ann, people, client_id):
    ben_token, _ = people(BEN)
    bens = Authenticator(ORIGIN)
    register(idp, ben_token, bens)
    step, options = web_authn(idp, client_id)  # Ann's sign-in
    refused(idp, client_id, step, bens.get(options, credential=bens.credentials[0]))


def test_a_user_handle_that_is_not_the_persons_is_refused(idp, ann, client_id):
    _, device = ann
    step, options = web_authn(idp, client_id)
    refused(idp, client_id, step, device.get(options, user_handle=b"someone-else"))


@pytest.mark.parametrize(
    "spoil",
    [
        {"origin": "https://evil.example"},
        {"origin": "http://127.0.0.1:8000"},
        {"rp_id": "evil.example"},
    ],
)
def test_a_wrong_origin_or_relying_party_is_refused(idp, ann, client_id, spoil):
    _, device = ann
    step, options = web_authn(idp, client_id)
    refused(idp, client_id, step, device.get(options, **spoil))


def test_user_verification_is_required_at_sign_in(idp, ann, client_id):
    _, device = ann
    device.verifies_user = False
    step, options = web_authn(idp, client_id)
    refused(idp, client_id, step, device.get(options))


def test_a_deleted_passkey_is_refused(idp, ann, client_id):
    token, device = ann
    register(idp, token, device)  # a second one, so passkey sign-in stays available
    step, options = web_authn(idp, client_id)
    idp.delete_web_authn_credential(AccessToken=token, CredentialId=device.credentials[0].id)
    refused(idp, client_id, step, device.get(options, credential=device.credentials[0]))


def test_a_web_authn_challenge_expires_with_its_session(idp, ann, client_id, clock: Clock):
    _, device = ann
    step, options = web_authn(idp, client_id)
    clock.advance(3 * 60 + 1)
    assert (
        refused(idp, client_id, step, device.get(options))
        == "Invalid session for the user, session is expired."
    )


def test_a_disabled_person_cannot_sign_in_with_a_passkey(idp, ann, client_id, admin, pool):
    _, device = ann
    step, options = web_authn(idp, client_id)
    admin.admin_disable_user(UserPoolId=pool[0].user_pool_id, Username=ANN)
    assert refused(idp, client_id, step, device.get(options)) == "User is disabled."


def test_an_mfa_reset_ends_passkey_sign_in(idp, ann, client_id, admin, pool):
    """The helpdesk's reset turns passkey MFA off with the rest: no passkey signs in until it is on again."""
    _, device = ann
    step, options = web_authn(idp, client_id)
    admin.admin_set_user_mfa_preference(
        UserPoolId=pool[0].user_pool_id,
        Username=ANN,
        SoftwareTokenMfaSettings={"Enabled": False, "PreferredMfa": False},
        SMSMfaSettings={"Enabled": False, "PreferredMfa": False},
        EmailMfaSettings={"Enabled": False, "PreferredMfa": False},
        WebAuthnMfaSettings={"Enabled": False},
    )
    refused(idp, client_id, step, device.get(options))  # the challenge asked before the reset
    assert start(idp, client_id, PREFERRED_CHALLENGE="WEB_AUTHN")["AvailableChallenges"] == [
        "PASSWORD",
        "PASSWORD_SRP",
    ]
    step = start(idp, client_id, PREFERRED_CHALLENGE="PASSWORD", PASSWORD=PASSWORD)
    assert step["ChallengeName"] == "MFA_SETUP"  # the password, then a new MFA method


def test_failed_passkeys_count_towards_the_lockout(idp, ann, client_id):
    _, device = ann
    for _ in range(FREE_FAILURES):
        step, options = web_authn(idp, client_id)
        refused(idp, client_id, step, device.get(options, origin="https://evil.example"))
    with pytest.raises(ClientError) as locked:
        start(idp, client_id, PREFERRED_CHALLENGE="WEB_AUTHN")
    assert locked.value.response["Error"]["Message"] == "Password attempts exceeded"


def test_a_passkey_sign_in_refreshes_like_any_other(idp, ann, client_id):
    _, device = ann
    step, options = web_authn(idp, client_id)
    done = respond(idp, client_id, step, CREDENTIAL=device.get(options))["AuthenticationResult"]
    refreshed = idp.get_tokens_from_refresh_token(ClientId=client_id, RefreshToken=done["RefreshToken"])
    assert refreshed["AuthenticationResult"]["AccessToken"]
    assert isinstance(idp.get_user(AccessToken=done["AccessToken"])["Username"], str)


def test_created_at_is_a_date(idp, ann):
    token, _ = ann
    (listed,) = idp.list_web_authn_credentials(AccessToken=token)["Credentials"]
    assert isinstance(listed["CreatedAt"], datetime)


def test_flows_helper_still_signs_in_directly(ctx, client_id, ann):
    """The state machine answers the same without boto3 (tests/cognito/flows.py's `call`)."""
    _, device = ann
    step = call(
        ctx,
        "InitiateAuth",
        ClientId=client_id,
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": ANN, "PREFERRED_CHALLENGE": "WEB_AUTHN"},
    )
    done = call(
        ctx,
        "RespondToAuthChallenge",
        ClientId=client_id,
        ChallengeName="WEB_AUTHN",
        Session=step["Session"],
        ChallengeResponses={
            "USERNAME": ANN,
            "CREDENTIAL": device.get(step["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]),
        },
    )
    assert done["AuthenticationResult"]["IdToken"]
