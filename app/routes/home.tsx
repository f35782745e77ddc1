import { useTranslation } from "react-i18next";
import { Link, redirect } from "react-router";
import { LanguageSwitch } from "~/app/ui/language-switch.tsx";
import type { Route } from "./+types/home";
import { getSession } from "~/app/modules/auth/require.server.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: [], title: "titles.home" } satisfies I18nHandle;

export async function loader({ request }: Route.LoaderArgs) {
  if (await getSession(request)) throw redirect("/tenants");
  return null;
}

export default function Home() {
  const { t } = useTranslation();
  return (
    <main id="main" className="page narrow">
      <p className="brand">{t("appName")}</p>
      <h1>{t("home.title")}</h1>
      <p>{t("home.lead")}</p>
      <div className="row">
        <Link className="button" to="/signup">
          {t("home.signUp")}
        </Link>
        <Link className="button secondary" to="/login">
          {t("home.signIn")}
        </Link>
      </div>
      <LanguageSwitch />
    </main>
  );
}
