/**
 * Cursor paging (api.md: `limit`, `cursor`, `next_cursor`): the page shown, a way to the next
 * one and back. The cursors of the pages before are kept, since the API only gives the next.
 */
import { useCallback, useEffect, useRef, useState } from "react";

import { useT } from "../../i18n/i18n";

export interface PageAnswer<T> {
  items: T[];
  next_cursor?: string | null;
}

export interface Paged<T> {
  items: T[] | null;
  error: unknown;
  /** 1 for the first page. */
  number: number;
  hasNext: boolean;
  next: () => void;
  previous: () => void;
  reload: () => void;
}

/** `load(cursor)` starts again from the first page whenever `key` changes (e.g. new filters). */
export function usePaged<T>(load: (cursor: string | null) => Promise<PageAnswer<T>>, key: string): Paged<T> {
  const [stack, setStack] = useState<{ key: string; cursors: (string | null)[] }>({ key, cursors: [null] });
  const [answer, setAnswer] = useState<PageAnswer<T> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const loader = useRef(load);
  loader.current = load;

  const cursors = stack.key === key ? stack.cursors : [null];
  const depth = cursors.length;
  const cursor = cursors[depth - 1] ?? null;
  const shown = useRef("");
  useEffect(() => {
    let live = true;
    // Another page or other filters: "Loading…"; the same page again (a reload): kept until the new answer.
    const where = `${key}|${depth}|${cursor ?? ""}`;
    if (shown.current !== where) setAnswer(null);
    shown.current = where;
    setError(null);
    loader.current(cursor).then(
      (found) => live && setAnswer(found),
      (caught: unknown) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, [key, cursor, depth, round]);

  const nextCursor = answer?.next_cursor ?? null;
  const next = useCallback(() => {
    if (nextCursor) setStack({ key, cursors: [...cursors, nextCursor] });
  }, [key, cursors, nextCursor]);
  const previous = useCallback(() => {
    if (cursors.length > 1) setStack({ key, cursors: cursors.slice(0, -1) });
  }, [key, cursors]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { items: answer?.items ?? null, error, number: depth, hasNext: Boolean(nextCursor), next, previous, reload };
}

/** Previous and next page, and which page this is; under a list that has more than one. */
export function Pager({ paged, label }: { paged: Paged<unknown>; label: string }) {
  const t = useT();
  if (paged.number === 1 && !paged.hasNext) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="button button--secondary" disabled={paged.number === 1} onClick={paged.previous}>
        {t("users.page.previous")}
      </button>
      <span className="pager__where" aria-live="polite">
        {t("users.page.number", { number: paged.number })}
      </span>
      <button type="button" className="button button--secondary" disabled={!paged.hasNext} onClick={paged.next}>
        {t("users.page.next")}
      </button>
    </nav>
  );
}
