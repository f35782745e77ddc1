import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";

/**
 * Shown instead of someone's figures when the page was opened from another site (or by a browser
 * that proves neither): following the link is a navigation from our own page, which shows the
 * figures and writes the view into that person's "who looked at my figures" log. So no other site
 * can make a manager's browser write such an entry.
 */
export function FiguresWithheld({
  name,
  message,
}: {
  name?: string | undefined;
  message?: string | undefined;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <div className="notice stack" data-testid="figures-withheld">
      <p>
        {message ?? (name ? t("goals.consentView.withheldOf", { name }) : t("goals.consentView.withheld"))}
      </p>
      <p>
        <Link className="button secondary" to={`${location.pathname}${location.search}`} replace>
          {t("goals.consentView.show")}
        </Link>
      </p>
    </div>
  );
}
