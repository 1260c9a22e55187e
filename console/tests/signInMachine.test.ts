import { describe, expect, it } from "vitest";

import {
  canGoBackToMfaSelection,
  landing,
  normalisePassword,
  START,
  transition,
  type SignInEvent,
  type SignInState,
} from "../src/auth/signInMachine";

const run = (events: SignInEvent[], from: SignInState = START) => events.reduce(transition, from);
const answer = (next: Extract<SignInEvent, { type: "answer" }>["next"]): SignInEvent => ({ type: "answer", next });

describe("the sign-in state machine", () => {
  it("asks for the password once an email is given, keeping it trimmed", () => {
    expect(run([{ type: "emailEntered", email: "  eo@demo-centre.example.org " }])).toEqual({
      step: "password",
      email: "eo@demo-centre.example.org",
    });
  });

  it("goes password → TOTP code → done for a person with an authenticator app", () => {
    const state = run([
      { type: "emailEntered", email: "a@b.org" },
      answer({ signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" }),
    ]);
    expect(state).toMatchObject({ step: "code", method: "TOTP", setup: null });
    expect(transition(state, answer({ signInStep: "DONE" }))).toEqual({
      step: "done",
      email: "a@b.org",
      thenSms: false,
      mfaSetUp: false,
    });
  });

  it("offers a choice when several methods are set up", () => {
    const state = run([
      { type: "emailEntered", email: "a@b.org" },
      answer({ signInStep: "CONTINUE_SIGN_IN_WITH_MFA_SELECTION", allowedMFATypes: ["TOTP", "EMAIL"] }),
    ]);
    expect(state).toEqual({ step: "mfaChoice", email: "a@b.org", methods: ["TOTP", "EMAIL"] });
    expect(transition(state, answer({ signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE", destination: "a***@b.org" }))).toMatchObject({
      step: "code",
      method: "EMAIL",
      destination: "a***@b.org",
    });
  });

  it("walks a first sign-in: new password, MFA choice, app set-up, back to the choice, email", () => {
    const choice = run([
      { type: "emailEntered", email: "new@b.org" },
      answer({ signInStep: "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED" }),
      answer({ signInStep: "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION", allowedMFATypes: ["TOTP", "EMAIL"] }),
    ]);
    expect(choice).toEqual({ step: "mfaSetupChoice", email: "new@b.org", setup: ["TOTP", "EMAIL"] });
    const totp = transition(choice, answer({ signInStep: "CONTINUE_SIGN_IN_WITH_TOTP_SETUP", secret: "ABC", uri: "otpauth://x" }));
    expect(totp).toMatchObject({ step: "totpSetup", secret: "ABC", setup: ["TOTP", "EMAIL"] });
    expect(canGoBackToMfaSelection(totp)).toBe(true);
    const back = transition(totp, { type: "backToMfaSelection" });
    expect(back).toEqual(choice);
    const email = transition(back, answer({ signInStep: "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP" }));
    expect(email).toMatchObject({ step: "emailSetup", thenSms: false });
    const code = transition(email, answer({ signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE" }));
    expect(code).toMatchObject({ step: "code", method: "EMAIL", setup: ["TOTP", "EMAIL"] });
    expect(canGoBackToMfaSelection(code)).toBe(true);
    expect(transition(code, { type: "backToMfaSelection" })).toEqual(choice);
  });

  it("sets up text messages through email, then the phone once signed in", () => {
    const choice: SignInState = { step: "mfaSetupChoice", email: "n@b.org", setup: ["TOTP", "EMAIL"] };
    const sms = transition(choice, { type: "chooseSetup", method: "SMS" });
    expect(sms).toEqual({ step: "smsSetup", email: "n@b.org", setup: ["TOTP", "EMAIL"] });
    expect(transition(sms, { type: "backToMfaSelection" })).toEqual(choice);
    const done = run(
      [
        answer({ signInStep: "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP" }),
        answer({ signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE" }),
        answer({ signInStep: "DONE" }),
      ],
      sms,
    );
    expect(done).toEqual({ step: "done", email: "n@b.org", thenSms: true, mfaSetUp: true });
  });

  it("has no way back to the MFA choice outside set-up", () => {
    const code = run([
      { type: "emailEntered", email: "a@b.org" },
      answer({ signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" }),
    ]);
    expect(canGoBackToMfaSelection(code)).toBe(false);
    expect(transition(code, { type: "backToMfaSelection" })).toBe(code);
  });

  it("starts again on request, keeping the email", () => {
    expect(run([{ type: "emailEntered", email: "a@b.org" }, { type: "restart" }])).toEqual({ step: "email", email: "a@b.org" });
    expect(run([{ type: "emailEntered", email: "a@b.org" }, { type: "otherEmail" }])).toEqual({ step: "email", email: "a@b.org" });
  });

  it("ignores spaces around a pasted password", () => {
    expect(normalisePassword("  a long password \t")).toBe("a long password");
  });

  it("signs in with a passkey from the password step, with no password and no code", () => {
    const password = run([{ type: "emailEntered", email: "a@b.org" }]);
    const passkey = transition(password, { type: "passkeyChosen" });
    expect(passkey).toEqual({ step: "passkey", email: "a@b.org" });
    expect(transition(passkey, answer({ signInStep: "DONE" }))).toEqual({
      step: "done",
      email: "a@b.org",
      thenSms: false,
      mfaSetUp: false,
    });
  });

  it("returns to the password step, saying why, whenever a passkey sign-in does not happen", () => {
    const passkey = run([{ type: "emailEntered", email: "a@b.org" }, { type: "passkeyChosen" }]);
    for (const problem of ["cancelled", "unavailable", "unsupported", "network"] as const) {
      expect(transition(passkey, { type: "passkeyFailed", problem })).toEqual({
        step: "password",
        email: "a@b.org",
        passkeyProblem: problem,
      });
    }
    // Cognito offering other first factors instead of the passkey challenge (SELECT_CHALLENGE).
    const offered = answer({ signInStep: "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION", availableChallenges: ["PASSWORD_SRP"] });
    expect(transition(passkey, offered)).toEqual({ step: "password", email: "a@b.org", passkeyProblem: "unavailable" });
  });

  it("tries the passkey again from the password step, forgetting the last problem", () => {
    const failed = run([
      { type: "emailEntered", email: "a@b.org" },
      { type: "passkeyChosen" },
      { type: "passkeyFailed", problem: "cancelled" },
    ]);
    expect(transition(failed, { type: "passkeyChosen" })).toEqual({ step: "passkey", email: "a@b.org" });
    expect(transition(failed, { type: "otherEmail" })).toEqual({ step: "email", email: "a@b.org" });
  });

  it("ignores passkey events outside their steps", () => {
    const email = START;
    expect(transition(email, { type: "passkeyChosen" })).toBe(email);
    const code = run([{ type: "emailEntered", email: "a@b.org" }, answer({ signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" })]);
    expect(transition(code, { type: "passkeyChosen" })).toBe(code);
    expect(transition(code, { type: "passkeyFailed", problem: "cancelled" })).toBe(code);
  });

  it("goes on to an MFA code if Cognito asks for one after the passkey", () => {
    const passkey = run([{ type: "emailEntered", email: "a@b.org" }, { type: "passkeyChosen" }]);
    expect(transition(passkey, answer({ signInStep: "CONFIRM_SIGN_IN_WITH_TOTP_CODE" }))).toMatchObject({ step: "code", method: "TOTP" });
  });
});

describe("where a finished sign-in lands", () => {
  const done = (thenSms: boolean, mfaSetUp: boolean) => ({ step: "done" as const, email: "a@b.org", thenSms, mfaSetUp });
  const facts = (passkeyReview: boolean, offerPasskey: boolean) => ({ passkeyReview, offerPasskey });

  it("is Home for an everyday sign-in, password or passkey", () => {
    expect(landing(done(false, false), facts(false, true))).toBe("/");
    expect(landing(done(false, false), facts(false, false))).toBe("/");
  });

  it("offers a passkey right after MFA set-up, unless the browser cannot or the person said no", () => {
    expect(landing(done(false, true), facts(false, true))).toBe("/passkeys/offer");
    expect(landing(done(false, true), facts(false, false))).toBe("/");
  });

  it("asks for the passkey review after an MFA reset, before any offer", () => {
    expect(landing(done(false, true), facts(true, true))).toBe("/passkeys/review");
    expect(landing(done(false, false), facts(true, false))).toBe("/passkeys/review");
  });

  it("sets text messages up first when they were chosen at first sign-in", () => {
    expect(landing(done(true, true), facts(true, true))).toBe("/settings/mfa/sms");
  });
});
