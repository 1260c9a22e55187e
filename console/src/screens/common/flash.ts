/**
 * A message that outlives a route change: "Nia Newman has been deleted" is said on the list the
 * person returns to. One message at a time, read once.
 */
let pending: string | null = null;

export function setFlash(message: string): void {
  pending = message;
}

export function takeFlash(): string | null {
  const message = pending;
  pending = null;
  return message;
}
