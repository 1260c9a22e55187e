/**
 * Every page's frame: a skip link, the header (Portal, the language switch, and once signed in
 * the profile menu), the main region, the footer.
 */
import { useEffect, useId, useRef, useState, type MouseEvent as ReactMouseEvent, type ReactNode } from "react";

import { Link } from "../app/router";
import { managesCentre, useSession } from "../app/session";
import { updateMe } from "../api/portal";
import { useT, type Language } from "../i18n/i18n";
import { LanguageSwitch } from "./LanguageSwitch";

export function Layout({ children }: { children: ReactNode }) {
  const t = useT();
  const { state, api, setMe } = useSession();
  // Signed in, the switch also changes the preferred language (GET /me's), which Portal's
  // emails use and the next sign-in starts with.
  const keep =
    state.status === "signedIn"
      ? (language: Language) => {
          void updateMe(api, { language })
            .then(setMe)
            .catch(() => undefined);
        }
      : undefined;
  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t("app.skipToMain")}
      </a>
      <header className="header">
        <div className="header__inner">
          <Link to="/" className="header__brand">
            {t("app.name")}
          </Link>
          <div className="header__tools">
            <LanguageSwitch onChange={keep} />
            {state.status === "signedIn" ? <ProfileMenu /> : null}
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
      <footer className="footer">
        <p>
          {t("app.name")} · {t("app.footer")} · <Link to="/help">{t("help.link")}</Link>
        </p>
      </footer>
    </>
  );
}

function skipToMain(event: ReactMouseEvent<HTMLAnchorElement>) {
  event.preventDefault(); // `#main` would change the hash route
  document.getElementById("main")?.focus();
}

/** The profile menu (a disclosure): Manage users for an EO or Admin, Settings, Sign out. */
export function ProfileMenu() {
  const t = useT();
  const session = useSession();
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        toggle.current?.focus();
      }
    };
    const onClick = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    const onRoute = () => setOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    window.addEventListener("hashchange", onRoute);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
      window.removeEventListener("hashchange", onRoute);
    };
  }, [open]);
  if (session.state.status !== "signedIn") return null;
  const me = session.state.me;
  const name = [me.given_name, me.family_name].filter(Boolean).join(" ") || me.email || "";
  const initials = (me.given_name?.[0] ?? "") + (me.family_name?.[0] ?? "");
  return (
    <div className="profile-menu" ref={root}>
      <button
        type="button"
        className="profile-menu__toggle"
        aria-expanded={open}
        aria-controls={id}
        ref={toggle}
        onClick={() => setOpen(!open)}
      >
        <span className="profile-menu__initials" aria-hidden="true">
          {initials.toUpperCase() || "?"}
        </span>
        <span className="profile-menu__name" aria-hidden="true">
          {name}
        </span>
        <span className="visually-hidden">{t("nav.profileMenu", { name })}</span>
      </button>
      <ul id={id} className="profile-menu__list" hidden={!open}>
        <li className="profile-menu__who">
          <span>{name}</span>
          {session.membership ? (
            <span className="profile-menu__centre">
              {session.membership.centre_id} · {t(`accountType.${session.membership.account_type}`)}
            </span>
          ) : null}
        </li>
        {managesCentre(session.membership) && session.centreId ? (
          <li>
            <Link to={`/centres/${session.centreId}/users`}>{t("nav.manageUsers")}</Link>
          </li>
        ) : null}
        {me.helpdesk ? (
          <li>
            <Link to="/helpdesk">{t("nav.helpdesk")}</Link>
          </li>
        ) : null}
        <li>
          <Link to="/settings">{t("nav.settings")}</Link>
        </li>
        <li>
          <button type="button" className="profile-menu__sign-out" onClick={() => void session.signOut()}>
            {t("nav.signOut")}
          </button>
        </li>
      </ul>
    </div>
  );
}
