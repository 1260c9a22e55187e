"""Passkeys over real HTTP against `make run`'s portal, with boto3 and a software authenticator at
the console's origin (http://localhost:<port>): a person invited as the walkthrough invites one
adds a passkey, turns passkey sign-in on through Portal's API, and signs in with the passkey alone;
the helpdesk's MFA reset then ends passkey sign-in until they set MFA up and turn it on again."""

from __future__ import annotations

import pytest

from tests.cognito.authenticator import Authenticator
from tests.e2e.people import new_user
from tests.e2e.portal import LocalPortal

pytestmark = pytest.mark.e2e

CENTRE = "68101"
EMAIL = "pat.passkey@example.org"


def test_a_passkey_alone_signs_in_until_the_helpdesk_resets_mfa(portal: LocalPortal) -> None:
    cognito = portal.cognito()
    user_id, _, _, token = new_user(portal, EMAIL, "Pat", "Key")

    # A passkey, made by the browser at the console's own origin.
    device = Authenticator(origin=portal.api)
    options = cognito.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    assert options["rp"]["id"] == "localhost"
    cognito.complete_web_authn_registration(AccessToken=token, Credential=device.create(options))
    assert len(cognito.list_web_authn_credentials(AccessToken=token)["Credentials"]) == 1

    # Passkey sign-in on, through Portal's API (Amplify cannot set it).
    turned_on = portal.call("PUT", "/me/mfa/passkey", token, json={"enabled": True})
    assert turned_on.status_code == 200, turned_on.text
    assert turned_on.json()["passkey"] is True

    # The passkey alone: no password, no code.
    step = cognito.initiate_auth(
        ClientId=portal.client_id,
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": EMAIL, "PREFERRED_CHALLENGE": "WEB_AUTHN"},
    )
    assert step["ChallengeName"] == "WEB_AUTHN"
    answer = device.get(step["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    done = cognito.respond_to_auth_challenge(
        ClientId=portal.client_id,
        ChallengeName="WEB_AUTHN",
        Session=step["Session"],
        ChallengeResponses={"USERNAME": EMAIL, "CREDENTIAL": answer},
    )
    by_passkey = done["AuthenticationResult"]["AccessToken"]
    me = portal.call("GET", "/me", by_passkey)
    assert me.status_code == 200 and me.json()["user_id"] == user_id

    # A lost device: the helpdesk resets MFA, and no passkey signs in any more.
    helpdesk = portal.token(portal.account("helpdesk"))
    assert portal.call("POST", f"/users/{user_id}/mfa-reset", helpdesk).status_code == 204
    step = cognito.initiate_auth(
        ClientId=portal.client_id,
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": EMAIL, "PREFERRED_CHALLENGE": "WEB_AUTHN"},
    )
    assert step["ChallengeName"] == "SELECT_CHALLENGE"
    assert step["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP"]
    found = portal.call("GET", "/users", helpdesk, params={"email": EMAIL}).json()
    assert (found["mfa"]["passkey"], found["mfa"]["passkey_review"]) == (False, True)
    assert found["mfa"]["enabled"] == []
