/**
 * Idempotency keys for the POSTs that create or send something (api.md): one key per attempt,
 * kept while the same request is retried (after a dropped connection, a retry then does nothing
 * twice); a changed request, or the next one after a success, is a new attempt with a new key.
 */
import { useRef } from "react";

export function newKey(): string {
  return crypto.randomUUID();
}

export interface Attempts {
  /** The key for this request: the last one's while the request is the same and not done. */
  keyFor: (request: unknown) => string;
  /** The attempt succeeded: the next request, even an identical one, is a new attempt. */
  done: () => void;
}

export function useIdempotencyKey(): Attempts {
  const last = useRef<{ request: string; key: string } | null>(null);
  return {
    keyFor: (request: unknown) => {
      const text = JSON.stringify(request ?? null);
      if (last.current?.request !== text) last.current = { request: text, key: newKey() };
      return last.current.key;
    },
    done: () => {
      last.current = null;
    },
  };
}
