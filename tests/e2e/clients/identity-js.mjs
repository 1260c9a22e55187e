// amazon-cognito-identity-js in Node: SRP sign-in with its callbacks, TOTP and SMS MFA, a forgotten
// password. (Version 6.3 has no callback for EMAIL_OTP: email MFA is proved with Amplify v6.)
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import {
  config, people, NEW_PASSWORD, RESET_PASSWORD, emailCode, smsCode, totp, wrongCode, refused, claims, assert,
} from './helpers.mjs';

const pool = new CognitoUserPool({
  UserPoolId: config.user_pool_id,
  ClientId: config.client_id,
  endpoint: config.cognito_endpoint,
});

function user(email) {
  return new CognitoUser({ Username: email, Pool: pool });
}

// One step of a sign-in: which callback the library called, and with what.
function step(start) {
  return new Promise((resolve, reject) => {
    const done = (name) => (...args) => resolve({ name, args });
    start({
      onSuccess: done('onSuccess'),
      onFailure: reject,
      newPasswordRequired: done('newPasswordRequired'),
      mfaSetup: done('mfaSetup'),
      totpRequired: done('totpRequired'),
      mfaRequired: done('mfaRequired'),
      selectMFAType: done('selectMFAType'),
      associateSecretCode: done('associateSecretCode'),
    });
  });
}

function signIn(cognitoUser, password) {
  const details = new AuthenticationDetails({ Username: cognitoUser.getUsername(), Password: password });
  return step((callbacks) => cognitoUser.authenticateUser(details, callbacks));
}

async function firstSignIn({ email, temporary }) {
  const cognitoUser = user(email);
  await refused(signIn(cognitoUser, 'not the password'), 'NotAuthorizedException');
  const first = await signIn(cognitoUser, temporary);
  assert.equal(first.name, 'newPasswordRequired');
  const [userAttributes, requiredAttributes] = first.args;
  assert.equal(userAttributes.email, email);
  assert.deepEqual(requiredAttributes, []);
  const next = await step((callbacks) => cognitoUser.completeNewPasswordChallenge(NEW_PASSWORD, {}, callbacks));
  return { cognitoUser, next };
}

function signedIn(result, email) {
  assert.equal(result.name, 'onSuccess');
  assert.equal(result.args[0].getIdToken().payload.email, email);
  assert.equal(claims(result.args[0].getAccessToken().getJwtToken()).token_use, 'access');
}

// TOTP: set up when Cognito asks (MFA_SETUP), then a code at each sign-in; a forgotten password.
{
  const { email } = people.totp;
  const { cognitoUser, next } = await firstSignIn(people.totp);
  assert.equal(next.name, 'mfaSetup');
  assert.deepEqual(JSON.parse(next.args[1].MFAS_CAN_SETUP), ['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP']);
  const associated = await step((callbacks) => cognitoUser.associateSoftwareToken(callbacks));
  const secret = associated.args[0];
  signedIn(await step((callbacks) => cognitoUser.verifySoftwareToken(totp(secret), 'phone', callbacks)), email);

  const again = user(email);
  assert.equal((await signIn(again, NEW_PASSWORD)).name, 'totpRequired');
  await refused(
    step((callbacks) => again.sendMFACode(wrongCode(totp(secret)), callbacks, 'SOFTWARE_TOKEN_MFA')),
    'CodeMismatchException',
  );
  signedIn(await step((callbacks) => again.sendMFACode(totp(secret), callbacks, 'SOFTWARE_TOKEN_MFA')), email);

  const forgetful = user(email);
  await step((callbacks) => forgetful.forgotPassword({ ...callbacks, inputVerificationCode: callbacks.onSuccess }));
  const code = await emailCode(email);
  await refused(
    step((callbacks) => forgetful.confirmPassword(wrongCode(code), RESET_PASSWORD, callbacks)),
    'CodeMismatchException',
  );
  await step((callbacks) => forgetful.confirmPassword(code, RESET_PASSWORD, callbacks));
  await refused(signIn(user(email), NEW_PASSWORD), 'NotAuthorizedException');
  assert.equal((await signIn(user(email), RESET_PASSWORD)).name, 'totpRequired');
}

// SMS: a person with a phone number gets a text at first sign-in, then at each sign-in.
{
  const { email, phone } = people.sms;
  const { cognitoUser, next } = await firstSignIn(people.sms);
  assert.equal(next.name, 'mfaRequired');
  assert.equal(next.args[1].CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS');
  const setUp = await smsCode(phone);
  signedIn(await step((callbacks) => cognitoUser.sendMFACode(setUp, callbacks)), email);

  const again = user(email);
  assert.equal((await signIn(again, NEW_PASSWORD)).name, 'mfaRequired');
  const code = await smsCode(phone);
  await refused(step((callbacks) => again.sendMFACode(wrongCode(code), callbacks)), 'CodeMismatchException');
  signedIn(await step((callbacks) => again.sendMFACode(code, callbacks)), email);
}

console.log('amazon-cognito-identity-js: every path passed');
