/**
 * Settings (the guide's cog): the profile (title, names, job role, language, phone: PATCH /me),
 * passkeys, the password, and the MFA method. `#/settings/mfa/sms` opens the text-message set-up at once
 * (first sign-in's choice of text messages lands here).
 */
import { mySignIns } from "../../api/portal";
import type { ScreenProps } from "../../app/routes";
import { useSession } from "../../app/session";
import { useT } from "../../i18n/i18n";
import { Page } from "../../ui/Page";
import { SignInHistory } from "../common/SignInHistory";
import { MfaSection } from "./MfaSection";
import { PasskeysSection } from "./PasskeysSection";
import { PasswordSection } from "./PasswordSection";
import { ProfileSection } from "./ProfileSection";

export default function Settings({ params }: ScreenProps) {
  const t = useT();
  const { api } = useSession();
  const method = params["section"] === "mfa" ? params["method"] : undefined;
  return (
    <Page title={t("settings.title")} wide>
      <ProfileSection />
      <h2 className="section-title">{t("settings.security")}</h2>
      <PasskeysSection />
      <PasswordSection />
      <MfaSection start={method === "sms" ? "SMS" : method === "totp" ? "TOTP" : method === "email" ? "EMAIL" : null} />
      <SignInHistory load={(page) => mySignIns(api, page)} owner="me" intro="own" />
    </Page>
  );
}
