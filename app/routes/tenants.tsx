import { useTranslation } from "react-i18next";
import { Form, Link, redirect } from "react-router";
import type { Route } from "./+types/tenants";
import { database } from "~/db/client.ts";
import { requireSession } from "~/app/modules/auth/require.server.ts";
import { listUserTenants } from "~/app/modules/tenancy/find-membership.server.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["auth"], title: "titles.tenants" } satisfies I18nHandle;

export async function loader({ request }: Route.LoaderArgs) {
  const session = await requireSession(request);
  const tenants = await listUserTenants((await database()).db, session.user.id);
  // One company (the usual case): go straight in. The switcher is for people in several.
  if (tenants.length === 1 && new URL(request.url).searchParams.get("pick") === null)
    throw redirect(`/t/${tenants[0]!.slug}`);
  return { tenants, name: session.user.name };
}

export default function Tenants({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  return (
    <main id="main" className="page narrow signed-out">
      <p className="brand">{t("appName")}</p>
      <h1>{t("auth.tenants.title")}</h1>
      {loaderData.tenants.length === 0 ? (
        <div className="empty stack">
          <p>{t("auth.tenants.empty")}</p>
          <p>
            <Link className="button secondary" to="/signup">
              {t("auth.landing.signUp")}
            </Link>
          </p>
        </div>
      ) : (
        <ul className="stack list-plain">
          {loaderData.tenants.map((tenant) => (
            <li key={tenant.tenantId} className="card tenant-choice">
              <span className="stack stack-sm">
                <strong>{tenant.name}</strong>
                <span className="hint">{tenant.roles.map((r) => t(`roles.${r}`)).join(", ")}</span>
              </span>
              <Link className="button" to={`/t/${tenant.slug}`}>
                {t("auth.tenants.open")}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Form method="post" action="/logout">
        <button type="submit" className="secondary">
          {t("nav.signOut")}
        </button>
      </Form>
    </main>
  );
}
