/** Every page's one sentence while Portal is busy and the console waits to try again (api/busy.ts). */
import { useBusy } from "../api/busy";
import { useT } from "../i18n/i18n";

export function BusyNotice() {
  const t = useT();
  const seconds = useBusy();
  return (
    <div role="status" className={seconds === null ? "notice--empty" : "notice notice--info"}>
      {seconds === null ? null : seconds > 0 ? t("throttle.waiting", { seconds }) : t("throttle.retrying")}
    </div>
  );
}
