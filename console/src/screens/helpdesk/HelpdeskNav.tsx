/** The helpdesk's own menu, on each of its screens: find a person, centres, exam series, audit log. */
import { Link, usePath } from "../../app/router";
import type { MessageKey } from "../../i18n/catalogue";
import { useT } from "../../i18n/i18n";

const ITEMS: { path: string; label: MessageKey }[] = [
  { path: "/helpdesk", label: "helpdesk.nav.people" },
  { path: "/helpdesk/centres", label: "helpdesk.nav.centres" },
  { path: "/helpdesk/series", label: "helpdesk.nav.series" },
  { path: "/helpdesk/audit", label: "helpdesk.nav.audit" },
];

export function HelpdeskNav() {
  const t = useT();
  const path = usePath();
  return (
    <nav className="subnav" aria-label={t("helpdesk.nav.label")}>
      <ul>
        {ITEMS.map((item) => {
          const current = item.path === "/helpdesk" ? path === item.path : path.startsWith(item.path);
          return (
            <li key={item.path}>
              <Link to={item.path} aria-current={current ? "page" : undefined}>
                {t(item.label)}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
