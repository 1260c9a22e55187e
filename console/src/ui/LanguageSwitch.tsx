/** The Cymraeg/English switch on every page, sign-in included: it names the other language in itself. */
import { useLanguage } from "../i18n/i18n";

export function LanguageSwitch({ onChange }: { onChange?: (language: "en" | "cy") => void }) {
  const { language, setLanguage, t } = useLanguage();
  const other = language === "en" ? "cy" : "en";
  return (
    <button
      type="button"
      className="language-switch"
      lang={other}
      title={t("language.switchLabel")}
      onClick={() => {
        setLanguage(other);
        onChange?.(other);
      }}
    >
      {t("language.switch")}
    </button>
  );
}
