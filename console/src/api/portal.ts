/**
 * Portal's routes as typed functions, one per route the console uses. Types come from
 * docs/openapi.json (api/schema.d.ts, `npm run api-types`; a test fails when the two drift).
 * Add a route here, then call it from a screen: screens never build URLs themselves.
 */
import { segment, type ApiClient } from "./client";
import type { components } from "./schema";

type Schemas = components["schemas"];
export type Me = Schemas["Me"];
export type MyMembership = Schemas["MyMembership"];
export type ProfileUpdate = Schemas["ProfileUpdate"];
export type ServiceTile = Schemas["ServiceTile"];
export type Permission = Schemas["Permission"];
export type AccountType = Schemas["AccountType"];
export type Access = Schemas["Access"];
export type Language = Schemas["Language"];

export const getMe = (api: ApiClient) => api.get<Me>("/me");

export const updateMe = (api: ApiClient, changes: ProfileUpdate) => api.patch<Me>("/me", changes);

export const getServices = (api: ApiClient, centreId: string, seriesId?: string) =>
  api.get<Schemas["Services"]>(`/me/centres/${segment(centreId)}/services`, { series_id: seriesId });
