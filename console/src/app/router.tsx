/**
 * Hash routes (`/#/settings`): the console's own paths never reach the server, so they can
 * never collide with the API's (`/me`, `/centres/...`) on the local portal's single origin, and
 * any static host serves the console with no rewrite rules. docs/console.md lists the routes.
 */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent } from "react";

export function currentPath(): string {
  const hash = window.location.hash.replace(/^#/, "");
  const path = hash.startsWith("/") ? hash : "/";
  return path.split("?")[0] ?? "/";
}

export function currentQuery(): URLSearchParams {
  const hash = window.location.hash.replace(/^#/, "");
  const at = hash.indexOf("?");
  return new URLSearchParams(at >= 0 ? hash.slice(at + 1) : "");
}

export function href(path: string): string {
  return `#${path.startsWith("/") ? path : `/${path}`}`;
}

export function navigate(path: string, { replace = false } = {}): void {
  const target = href(path);
  if (replace) {
    window.history.replaceState(null, "", target);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else if (window.location.hash !== target) {
    window.location.hash = target;
  }
}

export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    window.addEventListener("hashchange", update);
    return () => window.removeEventListener("hashchange", update);
  }, []);
  return path;
}

/** A route pattern such as `/centres/:centreId/users` against a path: its parameters, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const h = have[i] as string;
    if (w.startsWith(":")) params[w.slice(1)] = decodeURIComponent(h);
    else if (w !== h) return null;
  }
  return params;
}

export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
  };
  return <a href={href(to)} onClick={follow} {...rest} />;
}
