/** The pages for a path that does not exist and for a screen the person may not open (a 403). */
import { Link } from "../app/router";
import { useT } from "../i18n/i18n";
import { Page } from "../ui/Page";

export function NotFound() {
  const t = useT();
  return (
    <Page title={t("app.notFound.title")}>
      <p>{t("app.notFound.body")}</p>
      <p>
        <Link to="/">{t("app.notFound.home")}</Link>
      </p>
    </Page>
  );
}

/** What a 403 says, plainly: not allowed, and whom to ask. */
export function Forbidden({ message }: { message?: string }) {
  const t = useT();
  return (
    <Page title={t("session.forbiddenTitle")}>
      <p>{message ?? t("error.forbidden")}</p>
      <p>
        <Link to="/">{t("app.notFound.home")}</Link>
      </p>
    </Page>
  );
}
