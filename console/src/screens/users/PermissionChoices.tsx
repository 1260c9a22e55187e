/**
 * A member's permissions as checkboxes, with the user guide's description of each; the ones an
 * account type cannot change are shown ticked or clear, and disabled, with the reason.
 */
import type { AccountType, Permission } from "../../api/portal";
import type { MessageKey } from "../../i18n/catalogue";
import { useT } from "../../i18n/i18n";
import { Checkbox } from "../../ui/fields";
import { GRANTABLE, PERMISSIONS, permissionState } from "./permissions";

/** The id of the first checkbox a person can change: where an error summary's link goes. */
export const permissionsFieldId = (prefix: string) => `${prefix}-${GRANTABLE[0]}`;

export function PermissionChoices({
  prefix,
  accountType,
  chosen,
  onChange,
  error,
  locked = false,
}: {
  prefix: string;
  accountType: AccountType;
  chosen: readonly Permission[];
  onChange: (chosen: Permission[]) => void;
  error?: string | null;
  /** Nothing can be changed (e.g. while saving is not allowed). */
  locked?: boolean;
}) {
  const t = useT();
  const toggle = (permission: Permission, on: boolean) =>
    onChange(GRANTABLE.filter((p) => (p === permission ? on : chosen.includes(p))));
  return (
    <fieldset
      className={error ? "field field--error permissions" : "field permissions"}
      aria-describedby={error ? `${prefix}-error` : `${prefix}-hint`}
    >
      <legend className="field__label">{t("users.permissions")}</legend>
      <p className="field__hint" id={`${prefix}-hint`}>
        {accountType === "user" ? t("users.permissionsHintUser") : t("users.permissionsHintStaff")}
      </p>
      {error ? (
        <p className="field__error" id={`${prefix}-error`}>
          {error}
        </p>
      ) : null}
      {PERMISSIONS.map((permission) => {
        const state = permissionState(accountType, permission);
        const about = t(`users.permission.${permission}` as MessageKey);
        const reason =
          state === "choice"
            ? null
            : accountType !== "user"
              ? t("users.permissionStaff")
              : state === "always"
                ? t("users.permissionAlways")
                : t("users.permissionNever");
        return (
          <Checkbox
            key={permission}
            id={`${prefix}-${permission}`}
            label={t(`service.${permission}.name` as MessageKey)}
            hint={reason ? `${about} ${reason}` : about}
            checked={state === "always" || (state === "choice" && chosen.includes(permission))}
            disabled={locked || state !== "choice"}
            onChange={(on) => toggle(permission, on)}
          />
        );
      })}
    </fieldset>
  );
}
