"""The local portal answers as Cognito and Portal's API answer, and only that (issue 22).

Walked as an attacker would: odd paths under `/_cognito` and elsewhere, every HTTP method, every
operation in Cognito's model, bodies of the wrong types, nested deep, with numbers too long to
hold. No answer is an HTML page from moto or an HTML 500; nothing of moto's own API (recorder,
dashboard, reset) is reached through the portal's origin or on moto's port; moto's port sends no
CORS headers to any origin; ConfirmSignUp cannot confirm an invited person.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
import requests
from botocore.exceptions import ClientError
from portal import constants as c

from local.cognito import shapes
from local.flows import first_sign_in, sign_in
from tests.e2e.mail import temporary_password
from tests.e2e.portal import LocalPortal

pytestmark = pytest.mark.e2e

CENTRE = "68101"
PASSWORD = "surface-password-1"
TARGET = "AWSCognitoIdentityProviderService."
AMZ_JSON = "application/x-amz-json-1.1"
ODD_PATHS = [
    "/_cognito/",
    "/_cognito/moto-api/",
    "/_cognito/moto-api/recorder/start-recording",
    "/_cognito/moto-api/recorder/download-recording",
    "/_cognito/moto-api/data.json",
    "/_cognito/moto-api/reset",
    "/_cognito/x",
    "/_cognito/../moto-api/",
    "/_cognito/%2e%2e/moto-api/",
    "/_cognito//moto-api/",
    "/_cognito/{pool}/.well-known/x",
    "/_cognito/{pool}/.well-known/",
    "/_cognito/{pool}/",
    "/_cognito/{pool}/.well-known/jwks.json/x",
    "/_cognito/eu-west-2_nope/.well-known/jwks.json",
    "/_cognito/eu-west-2_nope/.well-known/openid-configuration",
    "/_cognito/" + "a" * 5000,
    "/moto-api/",
    "/moto-api/recorder/start-recording",
    "/_local/",
    "/_local/x",
    "/_local/mailbox",
    "/_local/sms?to=x",
    "/assets/",
    "/assets/../../README.md",
    "/config.json/x",
    "/docs/x",
    "/openapi.json/x",
    "/v1",
    "/v1/",
    "/v1/me/x",
    "/%00",
    "/%ff",
    "/\u00e9",
    "/me/centres/%2e%2e/services",
    "/centres/68101/users/%2F",
]
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"]


def _not_html_500(answer: requests.Response, what: str) -> None:
    assert answer.status_code < 500 or answer.status_code in (502, 503), f"{what}: {answer.status_code}"
    if answer.status_code >= 500:
        assert "html" not in answer.headers.get("Content-Type", ""), what


def _cognito_json(answer: requests.Response, what: str) -> dict[str, Any]:
    """Cognito's error shape: JSON with `__type` (the name boto3 and the JS SDKs read)."""
    assert answer.status_code >= 400, what
    assert answer.headers["Content-Type"].startswith((AMZ_JSON, "application/json")), what
    body: dict[str, Any] = answer.json()
    assert isinstance(body.get("__type"), str), f"{what}: {body}"
    return body


def _call(portal: LocalPortal, operation: str, body: Any, raw: bytes | None = None) -> requests.Response:
    return requests.post(
        portal.config["cognito_endpoint"] + "/",
        data=raw if raw is not None else json.dumps(body),
        headers={"Content-Type": AMZ_JSON, "X-Amz-Target": TARGET + operation},
        timeout=30,
    )


@pytest.fixture(scope="module")
def pool(portal: LocalPortal) -> str:
    return str(portal.config["user_pool_id"])


# --- the pool's documents -----------------------------------------------------------------------


def test_the_discovery_document_says_what_cognito_says(portal: LocalPortal, pool: str) -> None:
    answer = requests.get(
        f"{portal.config['cognito_endpoint']}/{pool}/.well-known/openid-configuration", timeout=10
    )
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json"
    document = answer.json()
    issuer = f"https://cognito-idp.{portal.config['region']}.amazonaws.com/{pool}"
    assert document["issuer"] == issuer
    assert document["jwks_uri"] == f"{portal.config['cognito_endpoint']}/{pool}/.well-known/jwks.json"
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert document["subject_types_supported"] == ["public"]
    assert list(document) == sorted(document)  # Cognito writes its keys in alphabetical order

    # The key set it names verifies a token the local Cognito issued, with the discovered issuer.
    token = portal.token(portal.account("exams_officer", CENTRE))
    keys = jwt.PyJWKClient(document["jwks_uri"]).get_signing_key_from_jwt(token)
    claims = jwt.decode(
        token, keys.key, algorithms=document["id_token_signing_alg_values_supported"], issuer=issuer
    )
    assert claims["token_use"] == "access"
    assert claims["client_id"] == portal.client_id


def test_an_unknown_pool_or_document_is_cognitos_json_error(portal: LocalPortal, pool: str) -> None:
    base = portal.config["cognito_endpoint"]
    for path in ("eu-west-2_nope/.well-known/jwks.json", f"{pool}/.well-known/keys", f"{pool}", ""):
        answer = requests.get(f"{base}/{path}", timeout=10)
        assert answer.status_code == 404, path
        assert _cognito_json(answer, path)["__type"] == "ResourceNotFoundException"


# --- paths and methods ----------------------------------------------------------------------------


def test_odd_paths_and_methods_never_get_an_html_500_or_moto(portal: LocalPortal, pool: str) -> None:
    seen = 0
    for template in ODD_PATHS:
        path = template.replace("{pool}", pool)
        for method in METHODS:
            answer = requests.request(method, portal.api + path, timeout=30, allow_redirects=False)
            what = f"{method} {path[:80]}"
            _not_html_500(answer, what)
            text = answer.text
            assert "moto" not in text.lower() or path.startswith("/assets"), what
            assert "<ListAllMyBucketsResult" not in text and "NoSuchBucket" not in text, what
            sent = str(answer.request.path_url)  # as sent: the client resolves `..` itself
            if sent.startswith("/_cognito") and method not in ("OPTIONS", "HEAD"):
                _cognito_json(answer, what)
            seen += 1
    assert seen == len(ODD_PATHS) * len(METHODS)


def test_moto_api_is_not_reachable_on_mo_tos_own_port_either(portal: LocalPortal) -> None:
    aws = portal.config["aws_endpoint"]
    for path in (
        "/moto-api/",
        "/moto-api/recorder/start-recording",
        "/moto-api/data.json",
        "//moto-api/reset",
    ):
        answer = requests.get(aws + path, timeout=10)
        assert answer.status_code == 404, path
        assert "Recording" not in answer.text


@pytest.mark.parametrize("origin", ["https://evil.example", "http://localhost:5173", "null"])
def test_motos_port_reflects_no_origin(portal: LocalPortal, origin: str) -> None:
    aws = portal.config["aws_endpoint"]
    headers = {"Origin": origin, "Access-Control-Request-Method": "POST"}
    for answer in (
        requests.options(aws + "/", headers=headers, timeout=10),
        requests.post(
            aws + "/",
            data="{}",
            headers={**headers, "X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": AMZ_JSON},
            timeout=10,
        ),
    ):
        assert not [h for h in answer.headers if h.lower().startswith("access-control-")], answer.headers


# --- operations -----------------------------------------------------------------------------------


def test_every_operation_of_cognitos_model_gets_json(portal: LocalPortal) -> None:
    """Each of Cognito's operations, with an empty body and with a body of the wrong shape:
    always Cognito's JSON, never moto's and never a 500."""
    model = shapes.service_model()
    public = 0
    for name in model.operation_names:
        for body in ({}, {"AccessToken": ["x"], "ClientId": {"a": 1}, "Username": 7}):
            answer = _call(portal, name, body)
            what = f"{name} {body}"
            _not_html_500(answer, what)
            assert answer.status_code < 500, what
            kind = _cognito_json(answer, what)["__type"]
            if name in c.COGNITO_BLOCKED_OPERATIONS:  # the pool's web ACL, before any check
                assert kind == "ForbiddenException", what
            elif shapes.is_public(model.operation_model(name)):
                assert kind in (
                    "InvalidParameterException",
                    "SerializationException",
                    "UnsupportedOperationException",
                    "NotAuthorizedException",
                    "ResourceNotFoundException",
                ), what
                public += 1
            else:
                assert kind == "MissingAuthenticationTokenException", what
    assert public >= 2 * 30
    for name in ("", "Nope", "AdminCreateUser.x", "../InitiateAuth"):
        assert _cognito_json(_call(portal, name, {}), name)["__type"] in (
            "UnknownOperationException",
            "MissingAuthenticationTokenException",
        )


def _deep(depth: int) -> str:
    return '{"ClientId": ' + "[" * depth + "]" * depth + "}"


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"null",
        b"[]",
        b'"x"',
        b"{",
        b"\xff\xfe",
        b'{"ClientId": NaN}',
        b'{"ClientId": 1e400}',
        b'{"ClientId": ' + b"9" * 5000 + b"}",
        _deep(100_000).encode(),
        _deep(500).encode(),
        b'{"ClientId": "x", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": ["a"]}}',
        b'{"ClientId": "x", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": '
        + b'{"a":' * 400
        + b"1"
        + b"}" * 401,
        b'{"ClientId": "' + b"x" * 129 + b'", "AuthFlow": "USER_PASSWORD_AUTH"}',
        b'{"ClientId": "x", "AuthFlow": "NOT_A_FLOW"}',
        b'{"ClientId": true, "AuthFlow": "USER_PASSWORD_AUTH"}',
    ],
    ids=lambda raw: f"{len(raw)}-bytes-{raw[:24]!r}",
)
def test_odd_bodies_are_cognitos_errors(portal: LocalPortal, raw: bytes) -> None:
    answer = _call(portal, "InitiateAuth", None, raw=raw)
    assert answer.status_code == 400, answer.text
    assert _cognito_json(answer, repr(raw[:60]))["__type"] in (
        "SerializationException",
        "InvalidParameterException",
    )


# --- what used to go on to moto ---------------------------------------------------------------------


def _invite(portal: LocalPortal, eo_token: str) -> tuple[str, str]:
    """A new User of the demo centre, invited and not yet signed in: (email, temporary password)."""
    email = f"surface-{uuid.uuid4().hex[:10]}@example.org"
    invited = portal.call(
        "POST",
        f"/centres/{CENTRE}/users",
        eo_token,
        json={"email": email, "account_type": "user", "given_name": "Sur", "family_name": "Face"},
    )
    assert invited.status_code == 201, invited.text
    return email, temporary_password(portal.mailbox(email)[0]["text"])


@pytest.fixture(scope="module")
def eo_token(portal: LocalPortal) -> str:
    return portal.token(portal.account("exams_officer", CENTRE))


@pytest.fixture
def person(portal: LocalPortal, eo_token: str) -> Iterator[dict[str, Any]]:
    """A User who has signed in once: their email and tokens."""
    email, temporary = _invite(portal, eo_token)
    tokens, secret = first_sign_in(portal.cognito(), portal.client_id, email, temporary, PASSWORD)
    yield {"email": email, "totp_secret": secret, **tokens}


def test_confirm_sign_up_cannot_confirm_an_invited_person(portal: LocalPortal, eo_token: str) -> None:
    email, temporary = _invite(portal, eo_token)
    cognito = portal.cognito()
    for code in ("123456", "000000", "x"):
        with pytest.raises(ClientError) as refused:
            cognito.confirm_sign_up(ClientId=portal.client_id, Username=email, ConfirmationCode=code)
        assert refused.value.response["Error"]["Code"] == "NotAuthorizedException"
    with pytest.raises(ClientError) as unknown:
        cognito.confirm_sign_up(
            ClientId=portal.client_id, Username="nobody@example.org", ConfirmationCode="1"
        )
    assert unknown.value.response["Error"]["Code"] == "CodeMismatchException"
    with pytest.raises(ClientError) as resend:
        cognito.resend_confirmation_code(ClientId=portal.client_id, Username=email)
    assert resend.value.response["Error"]["Code"] == "InvalidParameterException"
    # Still invited: the temporary password still leads to the new-password step, nothing else.
    started = cognito.initiate_auth(
        ClientId=portal.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": temporary},
    )
    assert started["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_device_operations_need_a_live_token_and_find_no_device(
    portal: LocalPortal, person: dict[str, Any]
) -> None:
    cognito = portal.cognito()
    access = person["AccessToken"]
    assert cognito.list_devices(AccessToken=access)["Devices"] == []
    for call in (
        lambda token: cognito.get_device(AccessToken=token, DeviceKey="eu-west-2_x"),
        lambda token: cognito.forget_device(AccessToken=token, DeviceKey="eu-west-2_x"),
        lambda token: cognito.update_device_status(
            AccessToken=token, DeviceKey="eu-west-2_x", DeviceRememberedStatus="remembered"
        ),
        lambda token: cognito.confirm_device(AccessToken=token, DeviceKey="eu-west-2_x"),
        lambda token: cognito.list_devices(AccessToken=token),
    ):
        with pytest.raises(ClientError) as forged:
            call(access[:-4] + "AAAA")
        assert forged.value.response["Error"]["Code"] == "NotAuthorizedException"
    for found in (
        lambda: cognito.get_device(AccessToken=access, DeviceKey="eu-west-2_x"),
        lambda: cognito.forget_device(AccessToken=access, DeviceKey="eu-west-2_x"),
    ):
        with pytest.raises(ClientError) as missing:
            found()
        assert missing.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_attributes_and_settings_are_checked_as_cognito_checks_them(
    portal: LocalPortal, person: dict[str, Any]
) -> None:
    cognito = portal.cognito()
    access = person["AccessToken"]
    for names in (["email"], ["given_name"], ["custom:x"]):
        with pytest.raises(ClientError) as refused:
            cognito.delete_user_attributes(AccessToken=access, UserAttributeNames=names)
        assert refused.value.response["Error"]["Code"] == "NotAuthorizedException", names
    cognito.delete_user_attributes(AccessToken=access, UserAttributeNames=["timezone"])  # the writable one
    with pytest.raises(ClientError) as no_phone:
        cognito.set_user_settings(
            AccessToken=access, MFAOptions=[{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]
        )
    assert no_phone.value.response["Error"]["Code"] == "InvalidParameterException"
    with pytest.raises(ClientError) as email:
        cognito.set_user_settings(
            AccessToken=access, MFAOptions=[{"DeliveryMedium": "EMAIL", "AttributeName": "email"}]
        )
    assert email.value.response["Error"]["Code"] == "InvalidParameterException"


def test_no_one_deletes_their_own_user(portal: LocalPortal, person: dict[str, Any]) -> None:
    """The pool's web ACL blocks DeleteUser for every caller (infra/security.py): a person's own
    deletion would leave their memberships without a user. Refused before the token is looked at,
    as a web ACL refuses; the person and their sign-in stay."""
    cognito = portal.cognito()
    for token in (person["AccessToken"], "not-a-token"):
        with pytest.raises(ClientError) as blocked:
            cognito.delete_user(AccessToken=token)
        assert blocked.value.response["Error"]["Code"] == "ForbiddenException"
        assert blocked.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert cognito.get_user(AccessToken=person["AccessToken"])["Username"]
    sign_in(cognito, portal.client_id, person["email"], PASSWORD, person["totp_secret"])
