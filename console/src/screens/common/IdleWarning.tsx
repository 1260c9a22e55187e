/**
 * "Do you want to stay signed in?": shown a few minutes before the idle sign-out (app/idle.ts),
 * with the time it will happen. One click on "Stay signed in" (or Escape) starts the count again;
 * "Sign out now" signs out at once.
 */
import { useT } from "../../i18n/i18n";
import { Dialog } from "../../ui/Dialog";
import { Button } from "../../ui/fields";

/** 10:55, in UK time as every time on these screens (screens/common/when.ts). */
export function clockTime(at: number): string {
  return new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: "Europe/London",
  }).format(new Date(at));
}

export function IdleWarning({
  signOutAt,
  onStay,
  onSignOut,
}: {
  signOutAt: number;
  onStay: () => void;
  onSignOut: () => void;
}) {
  const t = useT();
  return (
    <Dialog labelledBy="idle-title" describedBy="idle-text" alert focus="idle-stay" onCancel={onStay}>
      <h2 id="idle-title" className="dialog__title">
        {t("session.idleTitle")}
      </h2>
      <p id="idle-text">{t("session.idleText", { time: clockTime(signOutAt) })}</p>
      <div className="button-row">
        <Button type="button" id="idle-stay" onClick={onStay}>
          {t("session.stay")}
        </Button>
        <Button type="button" variant="secondary" onClick={onSignOut}>
          {t("session.idleSignOut")}
        </Button>
      </div>
    </Dialog>
  );
}
