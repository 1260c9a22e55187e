/**
 * "Are you sure?" in the page, not in a browser dialog: a question, what will happen, and two
 * buttons. It takes focus when it opens, so a keyboard or screen-reader user lands on it.
 */
import { useEffect, useRef, type ReactNode } from "react";

import { useT } from "../../i18n/i18n";
import { Button } from "../../ui/fields";

export function Confirm({
  id,
  question,
  children,
  confirm,
  busy,
  onConfirm,
  onCancel,
}: {
  id: string;
  question: string;
  children?: ReactNode;
  /** The button that does it, e.g. "Yes, delete user". */
  confirm: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section className="confirm" role="group" aria-labelledby={`${id}-question`}>
      <h3 id={`${id}-question`} className="confirm__question" tabIndex={-1} ref={heading}>
        {question}
      </h3>
      {children}
      <div className="button-row">
        <Button type="button" variant="danger" busy={busy} onClick={onConfirm}>
          {confirm}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t("action.cancel")}
        </Button>
      </div>
    </section>
  );
}
