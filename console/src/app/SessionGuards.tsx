/**
 * What watches a signed-in session over every screen: the idle sign-out with its warning
 * (app/idle.ts, screens/common/IdleWarning.tsx), and the in-place sign-in a change may ask for
 * (app/recentSignIn.ts, screens/common/Reauthenticate.tsx, loaded only when first asked for).
 */
import { lazy, Suspense, useEffect, useMemo } from "react";

import { IdleWarning } from "../screens/common/IdleWarning";
import { ruleOf, useIdleTimeout } from "./idle";
import { finishFreshSignIn, useFreshSignInAsked } from "./recentSignIn";
import { useSession } from "./session";

const Reauthenticate = lazy(() => import("../screens/common/Reauthenticate"));

export function SessionGuards() {
  const session = useSession();
  const { idleMinutes, idleWarningMinutes } = session.config;
  const signedIn = session.state.status === "signedIn";
  const rule = useMemo(() => ruleOf(idleMinutes, idleWarningMinutes), [idleMinutes, idleWarningMinutes]);
  const idle = useIdleTimeout(rule, signedIn, () => void session.signOut("session.idleSignedOut"));
  const asked = useFreshSignInAsked();

  useEffect(() => {
    if (asked && !signedIn) finishFreshSignIn(false); // the session ended while a change waited
  }, [asked, signedIn]);

  if (!signedIn) return null;
  return (
    <>
      {idle.phase === "warning" ? (
        <IdleWarning signOutAt={idle.signOutAt} onStay={idle.stay} onSignOut={() => void session.signOut()} />
      ) : null}
      {asked ? (
        <Suspense fallback={null}>
          <Reauthenticate />
        </Suspense>
      ) : null}
    </>
  );
}
