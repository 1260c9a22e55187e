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

/**
 * Passkey sign-in on or off (Cognito's WebAuthn MFA): Amplify's updateMFAPreference cannot set it,
 * so Portal's API does. Answers GET /me's `mfa`; 409 when no other MFA method is on.
 */
export const setPasskeySignIn = (api: ApiClient, enabled: boolean) =>
  api.put<Me["mfa"]>("/me/mfa/passkey", { enabled });

// --- Sign-in history (the person's own; any person's for the helpdesk) -------------------------

export type SignIn = Schemas["SignIn"];
export type SignInList = Schemas["SignInList"];

export const mySignIns = (api: ApiClient, page: PageQuery = {}) => api.get<SignInList>("/me/sign-ins", { ...page });

export const signInsOf = (api: ApiClient, userId: string, page: PageQuery = {}) =>
  api.get<SignInList>(`/users/${segment(userId)}/sign-ins`, { ...page });

// --- Centre management (EO and Admins of the centre, and the helpdesk) ------------------------

export type Member = Schemas["Member"];
export type MemberList = Schemas["MemberList"];
export type MembershipStatus = Schemas["MembershipStatus"];
export type CentreOverview = Schemas["CentreOverview"];
export type InviteRequest = Schemas["InviteRequest"];
export type AccessChange = Schemas["AccessChange"];
export type AuditEntry = Schemas["AuditEntry"];
export type AuditList = Schemas["AuditList"];

/** A page of a list: how many, and the cursor of the page before's `next_cursor`. */
export interface PageQuery {
  limit?: number;
  cursor?: string | null;
}

export interface MemberFilter extends PageQuery {
  status?: MembershipStatus | "";
  account_type?: AccountType | "";
}

const centrePath = (centreId: string) => `/centres/${segment(centreId)}`;
const memberPath = (centreId: string, userId: string) => `${centrePath(centreId)}/users/${segment(userId)}`;

export const getCentre = (api: ApiClient, centreId: string) => api.get<CentreOverview>(centrePath(centreId));

export const listMembers = (api: ApiClient, centreId: string, filter: MemberFilter = {}) =>
  api.get<MemberList>(`${centrePath(centreId)}/users`, { ...filter });

export const getMember = (api: ApiClient, centreId: string, userId: string) =>
  api.get<Member>(memberPath(centreId, userId));

/** 201 with the member: `invited` for a new person, `active` for someone already in Portal. */
export const inviteMember = (api: ApiClient, centreId: string, invitation: InviteRequest, idempotencyKey: string) =>
  api.post<Member>(`${centrePath(centreId)}/users`, invitation, { idempotencyKey });

export const changeAccess = (api: ApiClient, centreId: string, userId: string, change: AccessChange) =>
  api.patch<Member>(memberPath(centreId, userId), change);

export const deleteMember = (api: ApiClient, centreId: string, userId: string) =>
  api.delete(memberPath(centreId, userId));

export const resendInvitation = (api: ApiClient, centreId: string, userId: string, idempotencyKey: string) =>
  api.post<Member>(`${memberPath(centreId, userId)}/invitation`, undefined, { idempotencyKey });

export const withdrawInvitation = (api: ApiClient, centreId: string, userId: string) =>
  api.delete(`${memberPath(centreId, userId)}/invitation`);

export const centreAudit = (api: ApiClient, centreId: string, page: PageQuery = {}) =>
  api.get<AuditList>(`${centrePath(centreId)}/audit`, { ...page });

// --- Helpdesk only -------------------------------------------------------------------------------

export type Centre = Schemas["Centre"];
export type CentreList = Schemas["CentreList"];
export type CentreRequest = Schemas["CentreRequest"];
export type ExamsOfficerRequest = Schemas["ExamsOfficerRequest"];
export type Person = Schemas["Person"];
export type Series = Schemas["Series"];
export type SeriesList = Schemas["SeriesList"];

export interface AuditFilter extends PageQuery {
  centre_id?: string;
  actor?: string;
  target?: string;
}

export const listCentres = (api: ApiClient, page: PageQuery = {}) =>
  api.get<CentreList>("/centres", { ...page });

export const createCentre = (api: ApiClient, centre: CentreRequest, idempotencyKey: string) =>
  api.post<Centre>("/centres", centre, { idempotencyKey });

/** Invites the centre's Exams Officer, or replaces the current one (whose membership ends). */
export const appointExamsOfficer = (
  api: ApiClient,
  centreId: string,
  officer: ExamsOfficerRequest,
  idempotencyKey: string,
) => api.request<Member>("PUT", `${centrePath(centreId)}/exams-officer`, { body: officer, idempotencyKey });

export const findPerson = (api: ApiClient, email: string) => api.get<Person>("/users", { email });

const personPath = (userId: string) => `/users/${segment(userId)}`;

export const resetMfa = (api: ApiClient, userId: string, idempotencyKey: string) =>
  api.post<void>(`${personPath(userId)}/mfa-reset`, undefined, { idempotencyKey });

export const setEnabled = (api: ApiClient, userId: string, enabled: boolean, idempotencyKey: string) =>
  api.post<void>(`${personPath(userId)}/${enabled ? "enable" : "disable"}`, undefined, { idempotencyKey });

export const listSeries = (api: ApiClient, page: PageQuery = {}) =>
  api.get<SeriesList>("/series", { ...page });

export const putSeries = (api: ApiClient, seriesId: string, resultsDay: string) =>
  api.put<Series>(`/series/${segment(seriesId)}`, { results_day: resultsDay });

export const searchAudit = (api: ApiClient, filter: AuditFilter = {}) => api.get<AuditList>("/audit", { ...filter });
