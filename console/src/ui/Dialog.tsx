/**
 * A modal question over the page: the browser's own `<dialog>` opened with `showModal()`, so the
 * page behind is inert, focus stays inside, and Escape is the dialog's cancel. It takes focus on
 * the element named by `focus` when it opens, and gives it back to where it was when it closes.
 */
import { useEffect, useRef, type ReactNode } from "react";

export function Dialog({
  labelledBy,
  describedBy,
  alert = false,
  focus,
  onCancel,
  children,
}: {
  labelledBy: string;
  describedBy?: string;
  /** An alert dialog: it interrupts to ask something urgent (the idle warning). */
  alert?: boolean;
  /** The id of the element to focus when the dialog opens. */
  focus?: string;
  /** Escape: the dialog's own way out. */
  onCancel: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) {
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
    }
    return () => {
      if (typeof dialog.close === "function" && dialog.open) dialog.close();
      before?.focus();
    };
  }, []);
  useEffect(() => {
    if (focus) document.getElementById(focus)?.focus();
  }, [focus]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      role={alert ? "alertdialog" : undefined}
      aria-modal="true"
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault(); // the page decides what closing means
        onCancel();
      }}
    >
      {children}
    </dialog>
  );
}
