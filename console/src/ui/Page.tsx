/**
 * A screen's frame: its heading, the window title, and focus on the heading when the screen
 * opens, so a screen reader announces where the person now is after a route change.
 */
import { useEffect, useRef, type ReactNode } from "react";

import { useT } from "../i18n/i18n";

/** The first screen after the page loads keeps the browser's own focus (the skip link comes first). */
let firstScreen = true;

export function Page({ title, children, wide = false }: { title: string; children: ReactNode; wide?: boolean }) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t("app.name")}`;
  }, [title, t]);
  useEffect(() => {
    if (firstScreen) {
      firstScreen = false;
      return;
    }
    heading.current?.focus({ preventScroll: false });
  }, []);
  return (
    <div className={wide ? "page page--wide" : "page"}>
      <h1 className="page__title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </div>
  );
}

/** A polite message that a screen reader reads when it changes (e.g. "Saved"). */
export function Notice({ children, tone = "info" }: { children: ReactNode; tone?: "info" | "success" }) {
  return (
    <div className={`notice notice--${tone}`} role="status">
      {children}
    </div>
  );
}
