import { useTranslation } from "react-i18next";
import { useLocation } from "react-router";

/** Switches the UI language; for a signed-in person it also becomes their saved choice. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const other = i18n.language === "de" ? "en" : "de";
  return (
    <form method="post" action="/language" className="language-switch">
      <input type="hidden" name="locale" value={other} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <button type="submit" className="linkish" lang={other}>
        {t(`languages.${other}`)}
      </button>
    </form>
  );
}
