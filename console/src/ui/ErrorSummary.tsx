/**
 * The error summary (style.md item 11, the GOV.UK pattern): at the top of the form, focused and
 * announced when it appears, one link per field error that moves focus to the field. Each
 * field also shows its own message (ui/fields.tsx).
 */
import { useEffect, useId, useRef, type MouseEvent } from "react";

import { useT } from "../i18n/i18n";

export interface SummaryItem {
  /** The id of the field's input, for the link. */
  id: string;
  message: string;
}

export function ErrorSummary({ message, items = [] }: { message?: string | null; items?: SummaryItem[] }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const shown = Boolean(message) || items.length > 0;
  const signature = `${message ?? ""}|${items.map((i) => i.id + i.message).join("|")}`;
  useEffect(() => {
    if (shown) ref.current?.focus();
  }, [shown, signature]);
  if (!shown) return null;
  const jump = (id: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault(); // a hash link would change the route
    const field = document.getElementById(id);
    field?.focus();
    field?.scrollIntoView?.({ block: "center" });
  };
  return (
    <div className="error-summary" role="alert" aria-labelledby={titleId} tabIndex={-1} ref={ref}>
      <h2 id={titleId} className="error-summary__title">
        {t("errorSummary.title")}
      </h2>
      {message ? <p className="error-summary__message">{message}</p> : null}
      {items.length > 0 ? (
        <ul className="error-summary__list">
          {items.map((item) => (
            <li key={item.id}>
              <a href={`#${item.id}`} onClick={jump(item.id)}>
                {item.message}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
