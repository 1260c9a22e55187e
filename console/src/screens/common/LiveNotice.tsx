/**
 * A polite live region that is in the page before its message, so a screen reader reads the
 * message when it arrives (after a save, or the one carried over a route change: flash.ts).
 */
import { useEffect, useState } from "react";

import { takeFlash } from "./flash";

export function LiveNotice({ message, tone = "success" }: { message: string | null; tone?: "info" | "success" }) {
  return (
    <div role="status" className={message ? `notice notice--${tone}` : "notice--empty"}>
      {message}
    </div>
  );
}

/** The flash message for this screen, shown after it has mounted (so it is announced). */
export function useFlash(): [string | null, (message: string | null) => void] {
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    const flash = takeFlash();
    if (flash) setMessage(flash);
  }, []);
  return [message, setMessage];
}
