/**
 * Every screen of the console: its hash path, who may open it, and its module, loaded on first
 * use so the sign-in page's JavaScript stays small (a lazy chunk per signed-in screen).
 *
 * To add a screen: add its module under src/screens/, a line here, its strings in both
 * catalogues, its API calls in api/portal.ts, and a browser test (docs/console.md).
 */
import { lazy, type ComponentType, type LazyExoticComponent } from "react";

import type { Me } from "../api/portal";
import { match } from "./router";

export type Access =
  /** Signed out only (signed-in people go Home). */
  | "signedOut"
  /** Everyone, signed in or out (the help page). */
  | "anyone"
  /** Anyone signed in. */
  | "signedIn"
  /** The Exams Officer or an Admin of the centre in the path (`:centreId`). */
  | "manager"
  /** The helpdesk. */
  | "helpdesk";

export interface ScreenProps {
  params: Record<string, string>;
}

export interface Route {
  path: string;
  access: Access;
  screen: LazyExoticComponent<ComponentType<ScreenProps>>;
}

export const ROUTES: Route[] = [
  { path: "/", access: "signedIn", screen: lazy(() => import("../screens/home/Home")) },
  { path: "/forgot-password", access: "signedOut", screen: lazy(() => import("../screens/ForgotPassword")) },
  { path: "/help", access: "anyone", screen: lazy(() => import("../screens/help/Help")) },
  { path: "/settings", access: "signedIn", screen: lazy(() => import("../screens/settings/Settings")) },
  { path: "/settings/:section", access: "signedIn", screen: lazy(() => import("../screens/settings/Settings")) },
  { path: "/settings/:section/:method", access: "signedIn", screen: lazy(() => import("../screens/settings/Settings")) },
  { path: "/passkeys/offer", access: "signedIn", screen: lazy(() => import("../screens/passkeys/PasskeyOffer")) },
  { path: "/passkeys/review", access: "signedIn", screen: lazy(() => import("../screens/passkeys/PasskeyReview")) },
  // Management (EO, Admins, the helpdesk at any centre): invite and bulk before `:userId`.
  { path: "/centres/:centreId/users", access: "manager", screen: lazy(() => import("../screens/users/ManageUsers")) },
  { path: "/centres/:centreId/users/invite", access: "manager", screen: lazy(() => import("../screens/users/InviteUser")) },
  { path: "/centres/:centreId/users/bulk", access: "manager", screen: lazy(() => import("../screens/users/BulkInvite")) },
  { path: "/centres/:centreId/users/:userId", access: "manager", screen: lazy(() => import("../screens/users/Member")) },
  { path: "/centres/:centreId/audit", access: "manager", screen: lazy(() => import("../screens/audit/CentreAudit")) },
  // The helpdesk.
  { path: "/helpdesk", access: "helpdesk", screen: lazy(() => import("../screens/helpdesk/FindPerson")) },
  { path: "/helpdesk/centres", access: "helpdesk", screen: lazy(() => import("../screens/helpdesk/Centres")) },
  { path: "/helpdesk/centres/:centreId", access: "helpdesk", screen: lazy(() => import("../screens/helpdesk/HelpdeskCentre")) },
  { path: "/helpdesk/series", access: "helpdesk", screen: lazy(() => import("../screens/helpdesk/Series")) },
  { path: "/helpdesk/audit", access: "helpdesk", screen: lazy(() => import("../screens/helpdesk/HelpdeskAudit")) },
];

export function findRoute(path: string, routes: Route[] = ROUTES): { route: Route; params: Record<string, string> } | null {
  for (const route of routes) {
    const params = match(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

/**
 * Whether a signed-in person may open a route. The API decides every request again; this only
 * spares the person a screen that would answer 403 (and says so plainly instead).
 */
export function allowed(route: Route, params: Record<string, string>, me: Me): boolean {
  switch (route.access) {
    case "signedOut":
    case "signedIn":
    case "anyone":
      return true;
    case "helpdesk":
      return me.helpdesk;
    case "manager": {
      const membership = me.memberships.find((m) => m.centre_id === params["centreId"]);
      return me.helpdesk || membership?.account_type === "exams_officer" || membership?.account_type === "admin";
    }
  }
}
