"""A service behind the front door, as docs/services.md says to build one, against the local portal.

It verifies the person's Portal access token through the pool's discovery document (issuer, key
set, `token_use`, `client_id`) with a library nobody here wrote, `aws-jwt-verify` in Node (pinned
in tests/e2e/clients) and PyJWT in Python (local/services.py's ServiceTokens), then asks Portal,
with the person's own token, what they may do at the centre. Each refuses what it must: an ID
token, a token for another app client, an expired one, a forged signature, another issuer.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import jwt
import pytest
import requests

from local.authorizer import Unauthorized
from local.flows import first_sign_in, sign_in
from local.services import ServiceTokens
from tests.e2e.mail import temporary_password
from tests.e2e.node import run_node
from tests.e2e.portal import LocalPortal
from tests.e2e.tokens import claims_of, expired, forge

pytestmark = pytest.mark.e2e

CENTRE = "68101"


def _discovery(portal: LocalPortal) -> str:
    pool = portal.config["user_pool_id"]
    return f"{portal.config['cognito_endpoint']}/{pool}/.well-known/openid-configuration"


@pytest.fixture(scope="module")
def tokens(portal: LocalPortal) -> dict[str, str]:
    """A live access token, and tokens each verifier must refuse."""
    account = portal.account("exams_officer", CENTRE)
    signed_in = sign_in(
        portal.cognito(), portal.client_id, account["email"], account["password"], account["totp_secret"]
    )
    access = str(signed_in["AccessToken"])
    header, _, signature = access.split(".")
    tampered_payload = jwt.utils.base64url_encode(
        json.dumps({**claims_of(access), "sub": "someone-else"}).encode()
    ).decode()
    return {
        "access": access,
        "id": str(signed_in["IdToken"]),
        "another_client": forge(claims_of(access), client_id="another-client"),
        "expired": expired(access),
        "tampered": f"{header}.{tampered_payload}.{signature}",
        "another_issuer": forge(
            claims_of(access), iss="https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_other"
        ),
        "not_a_token": "x.y.z",
    }


def test_python_verifies_through_the_discovery_document(portal: LocalPortal, tokens: dict[str, str]) -> None:
    verifier = ServiceTokens(_discovery(portal), [portal.client_id])
    claims = verifier.verify(tokens["access"])
    assert claims["token_use"] == "access" and claims["client_id"] == portal.client_id
    assert claims["iss"] == f"https://cognito-idp.eu-west-2.amazonaws.com/{portal.config['user_pool_id']}"
    for name, token in tokens.items():
        if name != "access":
            with pytest.raises(Unauthorized):
                verifier.verify(token)


def test_aws_jwt_verify_verifies_through_the_discovery_document(
    portal: LocalPortal, tokens: dict[str, str]
) -> None:
    answer = json.loads(run_node(portal, "verify.mjs", tokens=tokens).strip().splitlines()[-1])
    assert answer["jwks_uri"].startswith(portal.config["cognito_endpoint"])
    results: dict[str, dict[str, str]] = answer["results"]
    assert results["access"] == {"discovered": "ok", "cognito": "ok"}
    for name in tokens:
        if name != "access":
            assert "ok" not in results[name].values(), (name, results[name])
    assert results["expired"]["discovered"] == "JwtExpiredError"
    assert results["id"] == {
        "discovered": "CognitoJwtInvalidTokenUseError",
        "cognito": "CognitoJwtInvalidTokenUseError",
    }
    assert results["another_client"]["discovered"] == "CognitoJwtInvalidClientIdError"
    assert results["tampered"]["discovered"] == "JwtInvalidSignatureError"
    assert results["another_issuer"]["discovered"] == "JwtInvalidIssuerError"


# --- the local stand-ins of the services: the tiles' default addresses --------------------------


def _access(
    portal: LocalPortal, service: str, token: str | None, centre_id: str = CENTRE
) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.get(
        f"{portal.api}/_local/services/{service}/access",
        params={"centre_id": centre_id},
        headers=headers,
        timeout=30,
    )


@pytest.fixture(scope="module")
def user(portal: LocalPortal) -> dict[str, Any]:
    """A User of the demo centre with `entries` (view only), signed in: email, id, token."""
    eo = portal.token(portal.account("exams_officer", CENTRE))
    email = f"service-user-{uuid.uuid4().hex[:8]}@example.org"
    body = {"email": email, "account_type": "user", "given_name": "Cai", "family_name": "Client"}
    assert portal.call("POST", f"/centres/{CENTRE}/users", eo, json=body).status_code == 201
    temporary = temporary_password(portal.mailbox(email)[0]["text"])
    tokens, _ = first_sign_in(portal.cognito(), portal.client_id, email, temporary, "a long password 1")
    me = portal.call("GET", "/me", tokens["AccessToken"]).json()
    granted = portal.call(
        "PATCH", f"/centres/{CENTRE}/users/{me['user_id']}", eo, json={"permissions": ["entries"]}
    )
    assert granted.status_code == 200, granted.text
    return {"email": email, "user_id": me["user_id"], "token": tokens["AccessToken"], "eo": eo}


def test_a_service_page_says_who_for_which_centre_with_what_access(
    portal: LocalPortal, user: dict[str, Any]
) -> None:
    answer = _access(portal, "entries", user["token"])
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["service"] == "entries"
    assert body["names"] == {"en": "Entries", "cy": "Cofrestriadau"}
    assert body["person"] == {"user_id": user["user_id"], "name": "Cai Client", "email": user["email"]}
    assert body["centre"] == {"centre_id": CENTRE, "name": "Demo Centre"}
    assert (body["access"], body["available_from"]) == ("view", None)
    assert _access(portal, "a2c_keys", user["token"]).json()["access"] == "none"
    page = requests.get(f"{portal.api}/_local/services/entries", timeout=10)
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_a_change_of_access_shows_on_the_next_request(portal: LocalPortal, user: dict[str, Any]) -> None:
    """The service asks Portal on every request and remembers nothing (docs/services.md)."""
    assert _access(portal, "iamis", user["token"]).json()["access"] == "none"
    changed = portal.call(
        "PATCH",
        f"/centres/{CENTRE}/users/{user['user_id']}",
        user["eo"],
        json={"permissions": ["entries", "iamis"]},
    )
    assert changed.status_code == 200, changed.text
    assert _access(portal, "iamis", user["token"]).json()["access"] == "full"  # a User's, once granted


def test_the_service_refuses_what_portal_refuses(portal: LocalPortal, user: dict[str, Any]) -> None:
    assert _access(portal, "entries", None).status_code == 401
    assert _access(portal, "entries", "not a token").status_code == 401
    assert _access(portal, "entries", expired(user["token"])).status_code == 401
    assert _access(portal, "entries", user["token"], centre_id="68102").status_code == 403  # not a member
    assert _access(portal, "entries", user["token"], centre_id="x").status_code == 400
    assert requests.get(f"{portal.api}/_local/services/nope", timeout=10).status_code == 404
    assert requests.post(f"{portal.api}/_local/services/entries", timeout=10).status_code == 405


def test_a_deleted_membership_is_refused_at_once(portal: LocalPortal, user: dict[str, Any]) -> None:
    deleted = portal.call("DELETE", f"/centres/{CENTRE}/users/{user['user_id']}", user["eo"])
    assert deleted.status_code == 204, deleted.text
    assert _access(portal, "entries", user["token"]).status_code == 403
