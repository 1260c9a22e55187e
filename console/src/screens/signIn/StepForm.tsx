/** The frame of every sign-in step: heading, error summary, a form that never reloads the page. */
import type { FormEvent, ReactNode } from "react";

import { useT } from "../../i18n/i18n";
import { ErrorSummary } from "../../ui/ErrorSummary";
import { Page } from "../../ui/Page";
import type { StepError } from "./SignIn";

export function StepForm({
  title,
  error,
  onSubmit,
  children,
  after,
}: {
  title: string;
  error: StepError | null;
  onSubmit: () => void;
  children: ReactNode;
  /** Shown below the form (links to other steps). */
  after?: ReactNode;
}) {
  const t = useT();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  const message = error ? t(error.key) : null;
  return (
    <Page title={title}>
      <ErrorSummary
        message={error && !error.field ? message : null}
        items={error?.field && message ? [{ id: error.field, message }] : []}
      />
      <form onSubmit={submit} noValidate className="form">
        {children}
      </form>
      {after}
    </Page>
  );
}

/** The message for `field`, when the step's error is about it. */
export function fieldError(error: StepError | null, field: string, t: ReturnType<typeof useT>): string | null {
  return error?.field === field ? t(error.key) : null;
}
