/**
 * Help and support: the user guide's first and last pages ("Need more help?" and "Technical
 * support") for this deployment. Whom to contact for what, and with which details; why Portal's
 * emails may not arrive; the no-reply sender to allow; the hosts a centre's IT support must allow.
 * The sender, the contacts and the hosts come from the console's own settings (config.json), so
 * each stage shows its own. Reachable signed in or out (the footer of every page links here).
 */
import { hostsToAllow } from "../../app/config";
import { Link } from "../../app/router";
import { useSession } from "../../app/session";
import { useT } from "../../i18n/i18n";
import { Page } from "../../ui/Page";

function Mail({ address }: { address: string }) {
  return <a href={`mailto:${address}`}>{address}</a>;
}

export default function Help() {
  const t = useT();
  const { config, state } = useSession();
  const hosts = hostsToAllow(config);
  return (
    <Page title={t("help.title")}>
      <section aria-labelledby="help-contact">
        <h2 id="help-contact">{t("help.contactTitle")}</h2>
        <dl className="help__contacts">
          {config.helpdeskEmail ? (
            <div className="help__contact">
              <dt>{t("help.helpdesk")}</dt>
              <dd>
                <p>{t("help.helpdeskFor")}</p>
                <p>
                  <Mail address={config.helpdeskEmail} />
                </p>
                <p>{t("help.helpdeskDetails")}</p>
              </dd>
            </div>
          ) : null}
          {config.portalTeamEmail ? (
            <div className="help__contact">
              <dt>{t("help.portalTeam")}</dt>
              <dd>
                <p>{t("help.portalTeamFor")}</p>
                <p>
                  <Mail address={config.portalTeamEmail} />
                </p>
              </dd>
            </div>
          ) : null}
          <div className="help__contact">
            <dt>{t("help.invitation")}</dt>
            <dd>
              <p>{t("help.invitationFor")}</p>
            </dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="help-technical">
        <h2 id="help-technical">{t("help.technicalTitle")}</h2>
        <h3>{t("help.emailsTitle")}</h3>
        {config.sender ? (
          <p>
            {t("help.sender")} <strong className="help__address">{config.sender}</strong>
          </p>
        ) : null}
        <ul>
          <li>{t("help.junk")}</li>
          <li>{t("help.quarantine")}</li>
        </ul>
        <h3>{t("help.hostsTitle")}</h3>
        <p>{t("help.hosts")}</p>
        <ul className="help__hosts" aria-label={t("help.hostsList")}>
          {hosts.map((host) => (
            <li key={host}>
              <code>{host}</code>
            </li>
          ))}
        </ul>
      </section>
      <p>
        <Link to="/">{state.status === "signedIn" ? t("help.backHome") : t("help.backSignIn")}</Link>
      </p>
    </Page>
  );
}
