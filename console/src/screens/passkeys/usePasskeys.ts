/**
 * The person's passkeys and what they can do with them, for Settings, the review after an MFA
 * reset, and the offers: Cognito keeps the passkeys (through Amplify, auth/passkeys.ts), Portal's
 * API turns passkey sign-in on and off. Creating the first passkey turns passkey sign-in on;
 * removing the last turns it off; during a review, only the person's own choice turns it on.
 */
import { useCallback, useEffect, useState } from "react";

import { ApiError, errorSentence } from "../../api/errors";
import { setPasskeySignIn } from "../../api/portal";
import { useRecentSignIn } from "../../app/recentSignIn";
import { useMe, useSession } from "../../app/session";
import { createPasskey, creationProblemKey, listPasskeys, removePasskey, type Passkey } from "../../auth/passkeys";
import type { MessageKey } from "../../i18n/catalogue";
import { useT, type Translate } from "../../i18n/i18n";

export type PasskeyWork = "create" | "remove" | "turnOn" | "turnOff";

export interface Passkeys {
  /** null until Cognito has answered (and if it could not: `listFailed`). */
  passkeys: Passkey[] | null;
  listFailed: boolean;
  on: boolean;
  review: boolean;
  busy: PasskeyWork | null;
  /** A sentence for the error summary. */
  problem: string | null;
  /** A sentence for the live notice after something was done. */
  notice: string | null;
  create: () => Promise<boolean>;
  remove: (passkey: Passkey) => Promise<boolean>;
  setSignIn: (enabled: boolean) => Promise<boolean>;
}

export function usePasskeys(): Passkeys {
  const t = useT();
  const me = useMe();
  const session = useSession();
  const [passkeys, setPasskeys] = useState<Passkey[] | null>(null);
  const [listFailed, setListFailed] = useState(false);
  const [busy, setBusy] = useState<PasskeyWork | null>(null);
  // Sentences are kept as what to say, and said in the page's language when shown (the
  // language switch changes them in place).
  const [problem, setProblem] = useState<Say | null>(null);
  const [notice, setNotice] = useState<Say | null>(null);
  const { passkey: on, passkey_review: review } = me.mfa;
  const recentSignIn = useRecentSignIn();

  useEffect(() => {
    let live = true;
    listPasskeys()
      .then((listed) => live && setPasskeys(listed))
      .catch(() => {
        if (!live) return;
        setListFailed(true);
        setProblem(() => (say: Translate) => say("passkeys.error.list"));
      });
    return () => {
      live = false;
    };
  }, []);

  const saveSignIn = useCallback(
    async (enabled: boolean) => {
      const mfa = await setPasskeySignIn(session.api, enabled);
      session.setMe({ ...me, mfa });
    },
    [session, me],
  );

  const attempt = async (
    work: PasskeyWork,
    step: () => Promise<Say>,
    problemKey: (error: unknown) => MessageKey = otherProblemKey,
  ): Promise<boolean> => {
    if (busy) return false;
    setBusy(work);
    setProblem(null);
    setNotice(null);
    try {
      const done = await step();
      setNotice(() => done);
      return true;
    } catch (caught) {
      setProblem(() => (say: Translate) =>
        caught instanceof ApiError ? errorSentence(caught, say) : say(problemKey(caught)),
      );
      return false;
    } finally {
      setBusy(null);
    }
  };

  // Cognito takes these calls with the person's token alone: a recent sign-in first, as a
  // courtesy (app/recentSignIn.ts; docs/security.md). Cancelled, nothing is done.
  const create = async () =>
    (await recentSignIn()) &&
    attempt("create", async () => {
      await createPasskey();
      setPasskeys(await listPasskeys());
      setListFailed(false);
      setNotice(() => created); // it exists, whatever happens next
      if (!on && !review) await saveSignIn(true);
      return created;
    }, creationProblemKey);

  const remove = async (passkey: Passkey) =>
    (await recentSignIn()) &&
    attempt("remove", async () => {
      await removePasskey(passkey.id);
      const left = await listPasskeys();
      setPasskeys(left);
      if (left.length === 0 && (on || review)) await saveSignIn(false);
      return (say: Translate) => say("passkeys.removed", { name: passkeyName(passkey, say) });
    }, (error) => (isNetworkError(error) ? "error.network" : "passkeys.error.remove"));

  const setSignIn = (enabled: boolean) =>
    attempt(enabled ? "turnOn" : "turnOff", async () => {
      await saveSignIn(enabled);
      return (say: Translate) => say(enabled ? "passkeys.turnedOn" : "passkeys.keptOff");
    });

  return {
    passkeys,
    listFailed,
    on,
    review,
    busy,
    problem: problem ? problem(t) : null,
    notice: notice ? notice(t) : null,
    create,
    remove,
    setSignIn,
  };
}

type Say = (t: Translate) => string;
const created: Say = (say) => say("passkeys.created");

/** A passkey's name as shown: Cognito's own, or "Passkey" when Cognito gave none. */
export function passkeyName(passkey: Passkey, t: Translate): string {
  return passkey.name ?? t("passkeys.unnamed");
}

function isNetworkError(error: unknown): boolean {
  return error instanceof Error && error.name === "NetworkError";
}

/** A Cognito error while listing or removing: Portal unreachable, or something else. */
function otherProblemKey(error: unknown): MessageKey {
  return isNetworkError(error) ? "error.network" : "error.unknown";
}
