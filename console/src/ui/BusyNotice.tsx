/**
 * Every page's one sentence while Portal is busy and the console waits to try again (api/busy.ts).
 * A polite live region that is always in the page (so the sentence is announced when it comes),
 * without the status role, which each screen keeps for its own message.
 */
import { useBusy } from "../api/busy";
import { useT } from "../i18n/i18n";

export function BusyNotice() {
  const t = useT();
  const seconds = useBusy();
  return (
    <div aria-live="polite" className={seconds === null ? "notice--empty" : "notice notice--info"}>
      {seconds === null ? null : seconds > 0 ? t("throttle.waiting", { seconds }) : t("throttle.retrying")}
    </div>
  );
}
