// Amplify JS v6 (aws-amplify/auth) in Node, as the web console signs in: SRP, then each MFA method.
import { Amplify } from 'aws-amplify';
import {
  signIn, confirmSignIn, signOut, fetchAuthSession, resetPassword, confirmResetPassword,
} from 'aws-amplify/auth';
import {
  config, people, NEW_PASSWORD, RESET_PASSWORD, emailCode, smsCode, totp, wrongCode, refused, claims, assert,
} from './helpers.mjs';

Amplify.configure({
  Auth: {
    Cognito: {
      userPoolId: config.user_pool_id,
      userPoolClientId: config.client_id,
      userPoolEndpoint: config.cognito_endpoint,
    },
  },
});

async function signedIn(step, email) {
  assert.equal(step.nextStep.signInStep, 'DONE');
  const { tokens } = await fetchAuthSession();
  assert.equal(tokens.idToken.payload.email, email);
  await signOut();
}

async function firstSignIn({ email, temporary }) {
  await refused(signIn({ username: email, password: 'not the password' }), 'NotAuthorizedException');
  const step = await signIn({ username: email, password: temporary });
  assert.equal(step.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
  return confirmSignIn({ challengeResponse: NEW_PASSWORD });
}

// TOTP: chosen at MFA set-up; then a sign-in with a code, a refresh, a forgotten password.
{
  const { email } = people.totp;
  let step = await firstSignIn(people.totp);
  assert.equal(step.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION');
  assert.deepEqual(step.nextStep.allowedMFATypes, ['TOTP', 'EMAIL']);
  step = await confirmSignIn({ challengeResponse: 'TOTP' });
  assert.equal(step.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
  const secret = step.nextStep.totpSetupDetails.sharedSecret;
  await signedIn(await confirmSignIn({ challengeResponse: totp(secret) }), email);

  step = await signIn({ username: email, password: NEW_PASSWORD });
  assert.equal(step.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  await refused(confirmSignIn({ challengeResponse: wrongCode(totp(secret)) }), 'CodeMismatchException');
  step = await confirmSignIn({ challengeResponse: totp(secret) });
  const before = (await fetchAuthSession()).tokens.accessToken.toString();
  const after = (await fetchAuthSession({ forceRefresh: true })).tokens.accessToken.toString();
  assert.notEqual(after, before);
  assert.equal(claims(after).origin_jti, claims(before).origin_jti);
  await signedIn(step, email);

  const reset = await resetPassword({ username: email });
  assert.equal(reset.nextStep.resetPasswordStep, 'CONFIRM_RESET_PASSWORD_WITH_CODE');
  const code = await emailCode(email);
  await refused(
    confirmResetPassword({ username: email, confirmationCode: wrongCode(code), newPassword: RESET_PASSWORD }),
    'CodeMismatchException',
  );
  await confirmResetPassword({ username: email, confirmationCode: code, newPassword: RESET_PASSWORD });
  await refused(signIn({ username: email, password: NEW_PASSWORD }), 'NotAuthorizedException');
  step = await signIn({ username: email, password: RESET_PASSWORD });
  await signedIn(await confirmSignIn({ challengeResponse: totp(secret) }), email);
}

// Email: chosen at MFA set-up, the address confirmed with a code from the mailbox.
{
  const { email } = people.email;
  let step = await firstSignIn(people.email);
  step = await confirmSignIn({ challengeResponse: 'EMAIL' });
  assert.equal(step.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP');
  step = await confirmSignIn({ challengeResponse: email });
  assert.equal(step.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  await signedIn(await confirmSignIn({ challengeResponse: await emailCode(email) }), email);

  step = await signIn({ username: email, password: NEW_PASSWORD });
  assert.equal(step.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  await refused(confirmSignIn({ challengeResponse: wrongCode(await emailCode(email)) }), 'CodeMismatchException');
  await signedIn(await confirmSignIn({ challengeResponse: await emailCode(email) }), email);
}

// SMS: a person with a phone number gets a text at first sign-in, which verifies the number.
{
  const { email, phone } = people.sms;
  let step = await firstSignIn(people.sms);
  assert.equal(step.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_SMS_CODE');
  await signedIn(await confirmSignIn({ challengeResponse: await smsCode(phone) }), email);

  step = await signIn({ username: email, password: NEW_PASSWORD });
  assert.equal(step.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_SMS_CODE');
  await refused(confirmSignIn({ challengeResponse: wrongCode(await smsCode(phone)) }), 'CodeMismatchException');
  await signedIn(await confirmSignIn({ challengeResponse: await smsCode(phone) }), email);
}

console.log('amplify: every path passed');
