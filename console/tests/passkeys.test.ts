import { describe, expect, it } from "vitest";

import { passkeyProblemOf, toNextStep } from "../src/auth/cognito";
import { creationProblemKey, toPasskeys } from "../src/auth/passkeys";
import { ENGLISH } from "../src/i18n/catalogue";
import { dismissOffer, mayOffer, offerDismissed, skipOfferThisVisit } from "../src/screens/passkeys/offerMemory";

const named = (name: string) => Object.assign(new Error(name), { name });

describe("the person's passkeys as the console shows them", () => {
  it("keep Cognito's name and kind, newest first, and drop entries without an id", () => {
    const listed = toPasskeys([
      { credentialId: "old", friendlyCredentialName: " Chrome on Linux ", authenticatorAttachment: "platform", createdAt: new Date("2026-01-02T10:00:00Z") },
      { credentialId: undefined, friendlyCredentialName: "ghost", createdAt: new Date("2026-05-01T10:00:00Z") },
      { credentialId: "new", friendlyCredentialName: "", authenticatorAttachment: "cross-platform", createdAt: new Date("2026-03-04T10:00:00Z") },
      { credentialId: "odd", friendlyCredentialName: undefined, authenticatorAttachment: "hybrid?", createdAt: undefined },
    ]);
    expect(listed.map((p) => [p.id, p.name, p.kind])).toEqual([
      ["new", null, "cross-platform"],
      ["old", "Chrome on Linux", "platform"],
      ["odd", null, "unknown"],
    ]);
  });
});

describe("why creating a passkey failed", () => {
  it("has a sentence for each thing the browser or Cognito can say, and one for the rest", () => {
    expect(creationProblemKey(named("PasskeyRegistrationCanceled"))).toBe("passkeys.error.cancelled");
    expect(creationProblemKey(named("PasskeyAlreadyExists"))).toBe("passkeys.error.exists");
    expect(creationProblemKey(named("PasskeyNotSupported"))).toBe("passkeys.unsupported");
    expect(creationProblemKey(named("RelyingPartyMismatch"))).toBe("passkeys.error.wrongAddress");
    expect(creationProblemKey(named("WebAuthnOriginNotAllowedException"))).toBe("passkeys.error.wrongAddress");
    expect(creationProblemKey(named("NetworkError"))).toBe("error.network");
    expect(creationProblemKey(named("WebAuthnChallengeNotFoundException"))).toBe("passkeys.error.failed");
    expect(creationProblemKey("not even an error")).toBe("passkeys.error.failed");
    for (const name of ["PasskeyRegistrationCanceled", "PasskeyAlreadyExists", "RelyingPartyMismatch", "Other"]) {
      expect(ENGLISH[creationProblemKey(named(name))]).toBeTruthy();
    }
  });
});

describe("why a passkey sign-in did not happen", () => {
  it("tells a cancelled dialog (or no passkey on this device) from a refusal, a missing WebAuthn and the network", () => {
    expect(passkeyProblemOf(named("PasskeyAuthenticationCanceled"))).toBe("cancelled");
    expect(passkeyProblemOf(named("PasskeyOperationAborted"))).toBe("cancelled");
    expect(passkeyProblemOf(named("PasskeyNotSupported"))).toBe("unsupported");
    expect(passkeyProblemOf(named("NetworkError"))).toBe("network");
    // Cognito refusing the signed answer (a deleted credential, say), in the words of any refusal.
    expect(passkeyProblemOf(named("NotAuthorizedException"))).toBe("unavailable");
    expect(passkeyProblemOf(named("RelyingPartyMismatch"))).toBe("unavailable");
  });

  it("reads Cognito's SELECT_CHALLENGE as Amplify gives it", () => {
    const next = toNextStep({
      isSignedIn: false,
      nextStep: { signInStep: "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION", availableChallenges: ["PASSWORD_SRP", "PASSWORD"] },
    });
    expect(next).toEqual({ signInStep: "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION", availableChallenges: ["PASSWORD_SRP", "PASSWORD"] });
  });
});

describe("the passkey offer's memory", () => {
  function memoryStore(): Pick<Storage, "getItem" | "setItem"> {
    const items = new Map<string, string>();
    return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
  }

  it("remembers a 'No thanks' per person", () => {
    const store = memoryStore();
    expect(offerDismissed("nia", store)).toBe(false);
    dismissOffer("nia", store);
    expect(offerDismissed("nia", store)).toBe(true);
    expect(offerDismissed("emrys", store)).toBe(false);
    expect(mayOffer("nia", store)).toBe(false);
    expect(mayOffer("emrys", store)).toBe(true);
  });

  it("holds a 'Not now' for this visit only, and survives storage that refuses", () => {
    const broken = {
      getItem: () => {
        throw new Error("denied");
      },
      setItem: () => {
        throw new Error("denied");
      },
    };
    expect(offerDismissed("hal", broken)).toBe(false);
    expect(() => dismissOffer("hal", broken)).not.toThrow();
    expect(mayOffer("hal", null)).toBe(true);
    skipOfferThisVisit("hal");
    expect(mayOffer("hal", null)).toBe(false);
  });
});
