import { useTranslation } from "react-i18next";
import { Link, redirect } from "react-router";
import { LanguageSwitch } from "~/app/ui/language-switch.tsx";
import type { Route } from "./+types/home";
import { getSession } from "~/app/modules/auth/require.server.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["auth"], title: "titles.home" } satisfies I18nHandle;

export async function loader({ request }: Route.LoaderArgs) {
  if (await getSession(request)) throw redirect("/tenants");
  return null;
}

const POINTS = ["share", "reach", "credit"] as const;

/**
 * The signed-out start: what Chorus is, then one primary action (sign in: most people arriving here
 * were invited by their company) and, below it, starting Chorus for a company.
 */
export default function Home() {
  const { t } = useTranslation();
  return (
    <main id="main" className="page narrow signed-out">
      <p className="brand">{t("appName")}</p>
      <div className="stack">
        <h1>{t("auth.landing.title")}</h1>
        <p className="lead">{t("auth.landing.lead")}</p>
        <ul className="points">
          {POINTS.map((point) => (
            <li key={point}>{t(`auth.landing.points.${point}`)}</li>
          ))}
        </ul>
        <div className="actions card">
          <Link className="button button-block" to="/login">
            {t("auth.landing.signIn")}
          </Link>
          <p className="hint">{t("auth.landing.signInHint")}</p>
        </div>
        <div className="actions">
          <p>{t("auth.landing.newCompany")}</p>
          <Link className="button secondary button-block" to="/signup">
            {t("auth.landing.signUp")}
          </Link>
        </div>
      </div>
      <footer>
        <LanguageSwitch />
      </footer>
    </main>
  );
}
