"""Chromium's own WebAuthn against the local Cognito, with DevTools' virtual authenticator (CTAP2,
internal transport, resident keys, user verification): the options the local Cognito sends are ones
Chromium accepts, and what Chromium makes and signs the local Cognito verifies (py_webauthn).

The page at `http://localhost:<port>` calls the Cognito endpoint as Amplify does (the same JSON,
serialised as Amplify's passkey serde does); the console's own passkey screens are tested with
their pages. This is the ceremony between a real browser and the emulation, nothing more.
"""

from __future__ import annotations

from playwright.sync_api import Page

from local.flows import sign_in
from tests.browser.harness import VirtualAuthenticator, active_person
from tests.e2e.portal import LocalPortal

AMPLIFY_SERDE = """
const call = async (target, body) => {
  const answer = await fetch("/_cognito", {
    method: "POST",
    headers: {"Content-Type": "application/x-amz-json-1.1",
              "X-Amz-Target": "AWSCognitoIdentityProviderService." + target},
    body: JSON.stringify(body),
  });
  const json = await answer.json();
  if (!answer.ok) throw new Error(json.__type + ": " + json.message);
  return json;
};
const buffer = (text) => {
  let s = text.replace(/-/g, "+").replace(/_/g, "/");
  while (s.length % 4) s += "=";
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0)).buffer;
};
const text = (data) => btoa(String.fromCharCode(...new Uint8Array(data)))
  .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
const ids = (list) => (list || []).map((c) => ({...c, id: buffer(c.id)}));
const asJson = (made, response) => ({
  id: made.id, rawId: text(made.rawId), type: made.type,
  clientExtensionResults: made.getClientExtensionResults(),
  authenticatorAttachment: made.authenticatorAttachment, response});
"""

REGISTER = (
    "async ({token}) => {"
    + AMPLIFY_SERDE
    + """
  const {CredentialCreationOptions: o} = await call("StartWebAuthnRegistration", {AccessToken: token});
  const made = await navigator.credentials.create({publicKey: {
    ...o, challenge: buffer(o.challenge), user: {...o.user, id: buffer(o.user.id)},
    excludeCredentials: ids(o.excludeCredentials)}});
  const r = made.response;
  const credential = asJson(made, {
    clientDataJSON: text(r.clientDataJSON), attestationObject: text(r.attestationObject),
    transports: r.getTransports(), publicKeyAlgorithm: r.getPublicKeyAlgorithm(),
    authenticatorData: text(r.getAuthenticatorData())});
  await call("CompleteWebAuthnRegistration", {AccessToken: token, Credential: credential});
  return (await call("ListWebAuthnCredentials", {AccessToken: token})).Credentials;
}"""
)

SIGN_IN = (
    "async ({clientId, email}) => {"
    + AMPLIFY_SERDE
    + """
  const step = await call("InitiateAuth", {AuthFlow: "USER_AUTH", ClientId: clientId,
    AuthParameters: {USERNAME: email, PREFERRED_CHALLENGE: "WEB_AUTHN"}});
  if (step.ChallengeName !== "WEB_AUTHN") throw new Error("no WEB_AUTHN: " + step.ChallengeName);
  const o = JSON.parse(step.ChallengeParameters.CREDENTIAL_REQUEST_OPTIONS);
  const got = await navigator.credentials.get({publicKey: {
    ...o, challenge: buffer(o.challenge), allowCredentials: ids(o.allowCredentials)}});
  const r = got.response;
  const credential = asJson(got, {
    clientDataJSON: text(r.clientDataJSON), authenticatorData: text(r.authenticatorData),
    signature: text(r.signature), userHandle: r.userHandle ? text(r.userHandle) : undefined});
  const done = await call("RespondToAuthChallenge", {ChallengeName: "WEB_AUTHN", ClientId: clientId,
    Session: step.Session, ChallengeResponses: {USERNAME: email, CREDENTIAL: JSON.stringify(credential)}});
  return done.AuthenticationResult.AccessToken;
}"""
)


def test_chromium_makes_a_passkey_and_signs_in_with_it(page: Page, console_portal: LocalPortal) -> None:
    person = active_person(console_portal)
    tokens = sign_in(
        console_portal.cognito(), console_portal.client_id, person.email, person.password, person.totp_secret
    )
    page.goto("/")
    VirtualAuthenticator(page)
    listed = page.evaluate(REGISTER, {"token": tokens["AccessToken"]})
    made = [(c["RelyingPartyId"], c["AuthenticatorAttachment"]) for c in listed]
    assert made == [("localhost", "platform")]
    turned_on = console_portal.call("PUT", "/me/mfa/passkey", tokens["AccessToken"], json={"enabled": True})
    assert turned_on.status_code == 200, turned_on.text
    access = page.evaluate(SIGN_IN, {"clientId": console_portal.client_id, "email": person.email})
    me = console_portal.call("GET", "/me", access)
    assert me.status_code == 200 and me.json()["user_id"] == person.user_id
