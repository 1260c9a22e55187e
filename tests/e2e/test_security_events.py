"""Security events on the local portal, made by a real client (boto3 at the local Cognito, HTTP at
the API): each change to a person's account puts one notice in their mailbox, in their language,
and the person (and the helpdesk) see their sign-ins, newest first."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from portal.constants import PASSWORD_MIN_LENGTH

from local.flows import sign_in
from tests.cognito.authenticator import Authenticator
from tests.e2e.mail import access_code
from tests.e2e.people import new_user
from tests.e2e.portal import LocalPortal
from tests.e2e.test_client_libraries import aws, cli_environment

pytestmark = pytest.mark.e2e

CENTRE = "68101"
HELPDESK_ADDRESS = "ithelpdesk@wjec.co.uk"  # the default stage setting, which the local portal keeps


def _notices(portal: LocalPortal, email: str, subject: str) -> list[dict[str, str]]:
    return [m for m in portal.mailbox(email) if subject in m["subject"]]


def test_each_change_a_person_makes_through_cognito_tells_them_once(portal: LocalPortal) -> None:
    email = "sian.events@example.org"
    cognito = portal.cognito()
    _, password, secret, token = new_user(portal, email)

    (set_up,) = _notices(portal, email, "Multi-factor authentication is set up")
    assert "Ways to sign in: authenticator app" in set_up["text"]
    assert HELPDESK_ADDRESS in set_up["text"]

    # The person changes their password (boto3, as the console's Amplify calls ChangePassword).
    new_password = "q" * PASSWORD_MIN_LENGTH
    cognito.change_password(AccessToken=token, PreviousPassword=password, ProposedPassword=new_password)
    (changed,) = _notices(portal, email, "password has been changed")
    assert "Hello Siân," in changed["text"] and HELPDESK_ADDRESS in changed["text"]

    # A forgotten password, reset with the emailed code.
    cognito.forgot_password(ClientId=portal.client_id, Username=email)
    code = access_code(portal.mailbox(email)[0]["text"])
    reset_password = "r" * PASSWORD_MIN_LENGTH
    cognito.confirm_forgot_password(
        ClientId=portal.client_id, Username=email, ConfirmationCode=code, Password=reset_password
    )
    assert len(_notices(portal, email, "password has been reset")) == 1

    # MFA changed in Settings: email codes added beside the app.
    token = str(sign_in(cognito, portal.client_id, email, reset_password, secret)["AccessToken"])
    cognito.set_user_mfa_preference(
        AccessToken=token,
        EmailMfaSettings={"Enabled": True, "PreferredMfa": False},
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
    )
    (mfa,) = _notices(portal, email, "multi-factor authentication has changed")
    assert "Ways to sign in: authenticator app, email" in mfa["text"]

    # Nothing was told twice.
    assert len(_notices(portal, email, "Multi-factor authentication is set up")) == 1
    assert len(_notices(portal, email, "password has been changed")) == 1


def test_a_phone_number_change_is_told_by_email_in_the_person_s_language(portal: LocalPortal) -> None:
    email = "rhys.ffon@example.org"
    _, _, _, token = new_user(portal, email)

    welsh = portal.call("PATCH", "/me", token, json={"language": "cy"})
    assert welsh.status_code == 200, welsh.text
    assert _notices(portal, email, "rhif ffôn") == []
    phone = portal.call("PATCH", "/me", token, json={"phone_number": "+447700900123"})
    assert phone.status_code == 200, phone.text

    (notice,) = _notices(portal, email, "Mae'r rhif ffôn ar eich cyfrif Portal WJEC wedi newid")
    assert "rhif sy'n gorffen â 123" in notice["text"]
    assert "7700900123" not in notice["text"]
    assert HELPDESK_ADDRESS in notice["text"]


def test_the_helpdesk_disabling_and_enabling_a_person_tells_them_once_each(portal: LocalPortal) -> None:
    email = "dai.disabled@example.org"
    user_id, _, _, _ = new_user(portal, email)
    helpdesk = portal.token(portal.account("helpdesk"))

    for action in ("disable", "disable", "enable", "enable"):  # again: no change, no second notice
        answer = portal.call("POST", f"/users/{user_id}/{action}", helpdesk)
        assert answer.status_code == 204, answer.text

    assert len(_notices(portal, email, "account has been disabled")) == 1
    assert len(_notices(portal, email, "account has been enabled")) == 1


def test_sign_ins_show_failures_and_successes_newest_first(portal: LocalPortal) -> None:
    email = "gwen.history@example.org"
    cognito = portal.cognito()
    user_id, password, secret, _ = new_user(portal, email)

    with pytest.raises(ClientError):
        sign_in(cognito, portal.client_id, email, "wrong" * 3, secret)
    token = str(sign_in(cognito, portal.client_id, email, password, secret)["AccessToken"])

    mine = portal.call("GET", "/me/sign-ins", token, params={"limit": 2})
    assert mine.status_code == 200, mine.text
    page = mine.json()
    assert [(e["outcome"], e["method"]) for e in page["items"]] == [
        ("success", "password"),
        ("failure", "password"),
    ]
    assert page["items"][0]["at"] > page["items"][1]["at"]
    assert set(page["items"][0]) == {"at", "outcome", "method", "risk", "new_device"}
    assert page["next_cursor"]  # the first sign-in, at set-up, is on the next page
    rest = portal.call("GET", "/me/sign-ins", token, params={"cursor": page["next_cursor"]}).json()
    assert [e["outcome"] for e in rest["items"]] == ["success"]

    helpdesk = portal.token(portal.account("helpdesk"))
    seen = portal.call("GET", f"/users/{user_id}/sign-ins", helpdesk)
    assert seen.status_code == 200, seen.text
    assert [e["outcome"] for e in seen.json()["items"]] == ["success", "failure", "success"]
    eo = portal.token(portal.account("exams_officer", CENTRE))
    assert portal.call("GET", f"/users/{user_id}/sign-ins", eo).status_code == 403
    tampered = page["next_cursor"][:-2] + ("AA" if not page["next_cursor"].endswith("AA") else "BB")
    assert portal.call("GET", "/me/sign-ins", token, params={"cursor": tampered}).status_code == 400


def test_a_password_changed_with_the_aws_cli_is_told_once(
    portal: LocalPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whichever client made the change: here the AWS CLI, at the same endpoint."""
    cli_environment(portal, monkeypatch)
    email = "cli.changer@example.org"
    _, password, _, token = new_user(portal, email)
    aws(
        portal,
        "change-password",
        "--access-token",
        token,
        "--previous-password",
        password,
        "--proposed-password",
        "s" * PASSWORD_MIN_LENGTH,
    )
    assert len(_notices(portal, email, "password has been changed")) == 1


def test_a_passkey_added_then_removed_is_told_each_time_and_its_sign_in_says_passkey(
    portal: LocalPortal,
) -> None:
    email = "pam.passkey@example.org"
    cognito = portal.cognito()
    _, _, _, token = new_user(portal, email)
    device = Authenticator(origin=portal.api)
    options = cognito.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    cognito.complete_web_authn_registration(AccessToken=token, Credential=device.create(options))
    assert len(_notices(portal, email, "A passkey was added")) == 1

    assert portal.call("PUT", "/me/mfa/passkey", token, json={"enabled": True}).status_code == 200
    (turned_on,) = _notices(portal, email, "multi-factor authentication has changed")
    assert "Ways to sign in: authenticator app, passkey" in turned_on["text"]
    step = cognito.initiate_auth(
        ClientId=portal.client_id,
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": email, "PREFERRED_CHALLENGE": "WEB_AUTHN"},
    )
    done = cognito.respond_to_auth_challenge(
        ClientId=portal.client_id,
        ChallengeName="WEB_AUTHN",
        Session=step["Session"],
        ChallengeResponses={
            "USERNAME": email,
            "CREDENTIAL": device.get(step["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"]),
        },
    )
    by_passkey = done["AuthenticationResult"]["AccessToken"]
    newest = portal.call("GET", "/me/sign-ins", by_passkey).json()["items"][0]
    assert (newest["outcome"], newest["method"]) == ("success", "passkey")

    (credential,) = cognito.list_web_authn_credentials(AccessToken=by_passkey)["Credentials"]
    assert portal.call("PUT", "/me/mfa/passkey", by_passkey, json={"enabled": False}).status_code == 200
    cognito.delete_web_authn_credential(AccessToken=by_passkey, CredentialId=credential["CredentialId"])
    assert len(_notices(portal, email, "A passkey was removed")) == 1
    assert len(_notices(portal, email, "multi-factor authentication has changed")) == 2  # on, then off


def test_the_apis_idempotency_keys_still_hold_after_a_security_event(portal: LocalPortal) -> None:
    """The local portal runs every function in one process: the security events' idempotency
    (keyed by event id) must not take over the API's (keyed by `Idempotency-Key`)."""
    email = "ida.idempotent@example.org"
    _, password, _, token = new_user(portal, email)
    portal.cognito().change_password(
        AccessToken=token, PreviousPassword=password, ProposedPassword="s" * PASSWORD_MIN_LENGTH
    )
    assert len(_notices(portal, email, "password has been changed")) == 1  # account_events ran
    eo = portal.token(portal.account("exams_officer", CENTRE))
    body = {
        "email": "ida.second@example.org",
        "account_type": "user",
        "given_name": "Ida",
        "family_name": "Two",
    }
    headers = {"Idempotency-Key": "ida-after-an-event-0001"}
    first = portal.call("POST", f"/centres/{CENTRE}/users", eo, json=body, headers=headers)
    again = portal.call("POST", f"/centres/{CENTRE}/users", eo, json=body, headers=headers)
    assert first.status_code == again.status_code == 201, again.text
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert again.json()["user_id"] == first.json()["user_id"]
