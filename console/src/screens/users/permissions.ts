/**
 * The permissions as the management screens offer them (domain.md, Permissions): which a User
 * can be given, which every User has, which only the Exams Officer and Admins hold. The API
 * decides again; this only keeps the checkboxes honest.
 */
import type { AccountType, Permission } from "../../api/portal";

/** In the order of the user guide's Manage Access screen and the home page's tiles. */
export const PERMISSIONS: readonly Permission[] = [
  "resources",
  "a2c_keys",
  "question_papers",
  "iamis",
  "access_arrangements",
  "entries",
  "results",
  "view_scripts",
];

/** What an EO or Admin may choose for a User. */
export const GRANTABLE: readonly Permission[] = ["iamis", "access_arrangements", "entries", "results", "view_scripts"];

/** Every User has it, without asking. */
export const USER_ALWAYS: readonly Permission[] = ["resources"];

export type PermissionState =
  /** A checkbox the person may tick or clear. */
  | "choice"
  /** Held by every member of this type: ticked and fixed. */
  | "always"
  /** Never for this account type: clear and fixed. */
  | "never";

export function permissionState(accountType: AccountType, permission: Permission): PermissionState {
  if (accountType !== "user") return "always";
  if (USER_ALWAYS.includes(permission)) return "always";
  return GRANTABLE.includes(permission) ? "choice" : "never";
}

/** The grantable part of a set: what a User's checkboxes start from and what is sent. */
export function granted(permissions: readonly Permission[]): Permission[] {
  return GRANTABLE.filter((p) => permissions.includes(p));
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
