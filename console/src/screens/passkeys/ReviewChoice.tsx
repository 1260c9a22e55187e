/**
 * After the helpdesk's MFA reset: passkey sign-in stays off until the person, having looked at
 * their passkeys and removed any on a lost device, turns it back on or chooses to keep it off.
 */
import { useT } from "../../i18n/i18n";
import { Button } from "../../ui/fields";
import type { Passkeys } from "./usePasskeys";

export function ReviewChoice({ model }: { model: Passkeys }) {
  const t = useT();
  if (!model.review || !model.passkeys || model.passkeys.length === 0) return null;
  return (
    <div className="button-row">
      <Button type="button" busy={model.busy === "turnOn"} onClick={() => void model.setSignIn(true)}>
        {t("passkeys.review.turnOn")}
      </Button>
      <Button type="button" variant="secondary" busy={model.busy === "turnOff"} onClick={() => void model.setSignIn(false)}>
        {t("passkeys.keepOff")}
      </Button>
    </div>
  );
}
