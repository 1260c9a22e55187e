/**
 * The console: language, session, layout, and the screen for the current hash path. Signed out,
 * every path but the signed-out screens shows Sign in; a screen someone may not open says so.
 */
import { Suspense, type ReactNode } from "react";

import { useT } from "../i18n/i18n";
import { BusyNotice } from "../ui/BusyNotice";
import { Layout } from "../ui/Layout";
import { Page } from "../ui/Page";
import SignIn from "../screens/signIn/SignIn";
import { Forbidden, NotFound } from "../screens/problems";
import type { ConsoleConfig } from "./config";
import { usePath } from "./router";
import { allowed, findRoute, ROUTES, type Route } from "./routes";
import { SessionGuards } from "./SessionGuards";
import { SessionProvider, useSession } from "./session";

export function App({ config }: { config: ConsoleConfig }) {
  return (
    <SessionProvider config={config}>
      <Layout>
        <BusyNotice />
        <Screen />
      </Layout>
      <SessionGuards />
    </SessionProvider>
  );
}

function Loading() {
  const t = useT();
  return (
    <p className="loading" role="status">
      {t("app.loading")}
    </p>
  );
}

function Screen() {
  const path = usePath();
  const session = useSession();
  if (session.state.status === "loading") return <Loading />;
  const found = findRoute(path);
  if (session.state.status !== "signedIn") {
    if (found?.route.access === "signedOut" || found?.route.access === "anyone") {
      return lazily(found.route, found.params, path);
    }
    return <SignIn />;
  }
  if (!found) return <NotFound />;
  const { route, params } = found;
  if (route.access === "signedOut") return lazily(ROUTES[0] as Route, {}, "/");
  if (!allowed(route, params, session.state.me)) return <Forbidden />;
  return lazily(route, params, path);
}

function lazily(route: Route, params: Record<string, string>, path: string): ReactNode {
  const Component = route.screen;
  return (
    <Suspense fallback={<Loading />}>
      <Component key={path} params={params} />
    </Suspense>
  );
}

export function ConfigProblem() {
  const t = useT();
  return (
    <Page title={t("app.name")}>
      <div className="error-summary" role="alert">
        <p>{t("app.configError")}</p>
      </div>
    </Page>
  );
}
