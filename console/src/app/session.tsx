/**
 * Who is signed in, for every screen: the person (GET /me), the centre they are looking at, the
 * API client, and the ways a session ends: signing out (tokens revoked) or a 401 from the API
 * (back to sign-in with a message).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

import { createApiClient, type ApiClient } from "../api/client";
import { ApiError } from "../api/errors";
import { getMe, type Me, type MyMembership } from "../api/portal";
import { accessToken, endSession, hasSession } from "../auth/cognito";
import { forgetPerson, sessionTokens } from "../auth/storage";
import type { MessageKey } from "../i18n/catalogue";
import { useLanguage } from "../i18n/i18n";
import type { ConsoleConfig } from "./config";
import { ruleOf, sessionExpiredWhileAway } from "./idle";
import { requestFreshSignIn } from "./recentSignIn";
import { navigate } from "./router";

export type SessionState =
  | { status: "loading" }
  | { status: "signedOut"; notice: MessageKey | null }
  | { status: "signedIn"; me: Me };

export interface Session {
  state: SessionState;
  config: ConsoleConfig;
  api: ApiClient;
  /** The centre the signed-in person is looking at (the switcher on Home changes it). */
  centreId: string | null;
  membership: MyMembership | null;
  setCentreId: (centreId: string) => void;
  /** After Cognito says DONE: load the person and their language; null if they left meanwhile. */
  signedIn: () => Promise<Me | null>;
  /** Revoke the tokens and return to Sign in with `notice` (by default "You have signed out"). */
  signOut: (notice?: MessageKey) => Promise<void>;
  setMe: (me: Me) => void;
}

const SessionContext = createContext<Session | null>(null);
const CENTRE_KEY = "portal.centre";

function chooseCentre(me: Me, wanted: string | null): string | null {
  const ids = me.memberships.map((m) => m.centre_id);
  if (wanted && ids.includes(wanted)) return wanted;
  return ids[0] ?? null;
}

function storedCentre(): string | null {
  try {
    return window.localStorage.getItem(CENTRE_KEY);
  } catch {
    return null;
  }
}

export function SessionProvider({ config, children }: { config: ConsoleConfig; children: ReactNode }) {
  const { setLanguage } = useLanguage();
  const [state, setState] = useState<SessionState>({ status: "loading" });
  const [centreId, setCentre] = useState<string | null>(null);
  const status = useRef(state.status);
  status.current = state.status;
  const expired = useRef(false);
  // Bumped by each sign-out and expiry: an answer to a request begun before it (GET /me, the
  // language switch's PATCH /me) must not sign the person back in on arrival.
  const epoch = useRef(0);

  const expire = useCallback(() => {
    if (expired.current) return;
    expired.current = true;
    epoch.current += 1;
    void endSession()
      .catch(() => undefined)
      .finally(() => {
        setState({ status: "signedOut", notice: "session.expired" });
        navigate("/", { replace: true });
      });
  }, []);

  const api = useMemo(
    () =>
      createApiClient({
        baseUrl: config.apiUrl,
        accessToken,
        onUnauthenticated: expire,
        onReauthenticationRequired: requestFreshSignIn,
      }),
    [config.apiUrl, expire],
  );

  const adopt = useCallback(
    (me: Me) => {
      setState({ status: "signedIn", me });
      setCentre((current) => chooseCentre(me, current ?? storedCentre()));
    },
    [],
  );

  /** A newer record of the signed-in person (PATCH /me's answer), unless they have left since. */
  const setMe = useCallback(
    (me: Me) => {
      if (!expired.current) adopt(me);
    },
    [adopt],
  );

  const signedIn = useCallback(async () => {
    expired.current = false;
    const began = epoch.current;
    const me = await getMe(api);
    if (epoch.current !== began) return null; // signed out while GET /me was on its way
    setLanguage(me.language);
    adopt(me);
    return me;
  }, [api, adopt, setLanguage]);

  useEffect(() => {
    let live = true;
    void (async () => {
      if (sessionExpiredWhileAway(ruleOf(config.idleMinutes, config.idleWarningMinutes))) {
        await endSession().catch(() => undefined); // revoked, and nothing left behind
        if (live) setState({ status: "signedOut", notice: "session.idleSignedOut" });
        return;
      }
      if (!(await hasSession())) {
        if (live) setState({ status: "signedOut", notice: null });
        return;
      }
      try {
        await signedIn();
      } catch (error) {
        if (!live) return;
        const unauthenticated = error instanceof ApiError && error.unauthenticated;
        if (!unauthenticated) setState({ status: "signedOut", notice: "error.network" });
      }
    })();
    return () => {
      live = false;
    };
  }, [signedIn, config.idleMinutes, config.idleWarningMinutes]);

  const signOut = useCallback(async (notice: MessageKey = "session.signedOut") => {
    expired.current = true; // a 401 from a request still in flight is this sign-out, not an expiry
    epoch.current += 1;
    await endSession().catch(() => undefined);
    setState({ status: "signedOut", notice });
    navigate("/", { replace: true });
  }, []);

  // Signed out in another tab of the console: this one follows (auth/storage.ts).
  useEffect(
    () =>
      sessionTokens().onSessionEnded(() => {
        if (status.current !== "signedIn") return;
        expired.current = true;
        epoch.current += 1;
        forgetPerson();
        setState({ status: "signedOut", notice: "session.signedOutElsewhere" });
        navigate("/", { replace: true });
      }),
    [],
  );

  const setCentreId = useCallback((id: string) => {
    setCentre(id);
    try {
      window.localStorage.setItem(CENTRE_KEY, id);
    } catch {
      // kept for this page only
    }
  }, []);

  const me = state.status === "signedIn" ? state.me : null;
  const membership = me?.memberships.find((m) => m.centre_id === centreId) ?? null;
  const value: Session = {
    state,
    config,
    api,
    centreId,
    membership,
    setCentreId,
    signedIn,
    signOut,
    setMe,
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

/** For screens of signed-in people only (the router guarantees it). */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== "signedIn") throw new Error("useMe while signed out");
  return state.me;
}

/** EO or Admin at the current centre: who may manage its users. */
export function managesCentre(membership: MyMembership | null): boolean {
  return membership?.account_type === "exams_officer" || membership?.account_type === "admin";
}
