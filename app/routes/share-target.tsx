import { useTranslation } from "react-i18next";
import { Link, redirect } from "react-router";
import type { Route } from "./+types/share-target";
import { database } from "~/db/client.ts";
import { can } from "~/app/lib/permissions.ts";
import { requireSession } from "~/app/modules/auth/require.server.ts";
import { parseSharedContent, suggestPath } from "~/app/modules/content/share-target.ts";
import { listUserTenants } from "~/app/modules/tenancy/find-membership.server.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["auth", "hub"], title: "titles.shareTarget" } satisfies I18nHandle;

/**
 * The installed app's share target (share_target in public/manifest.webmanifest): another app on the
 * phone sends a link here, and it becomes a suggestion's prefill. Signed out → the sign-in page (which
 * keeps this URL as redirectTo). In one company → straight to its suggestion form; in several → the
 * person picks one here. The targets are built from the person's own companies, never from the query,
 * so nothing a link carries can send anyone elsewhere.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const session = await requireSession(request);
  const shared = parseSharedContent(new URL(request.url).searchParams);
  const tenants = (await listUserTenants((await database()).db, session.user.id)).filter((t) =>
    can(t.roles, "content.suggest"),
  );
  if (tenants.length === 1) throw redirect(suggestPath(tenants[0]!.slug, shared));
  return {
    url: shared.url ?? null,
    targets: tenants.map((t) => ({ id: t.tenantId, name: t.name, href: suggestPath(t.slug, shared) })),
  };
}

export default function ShareTarget({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { url, targets } = loaderData;
  return (
    <main id="main" className="page narrow stack">
      <p className="brand">{t("appName")}</p>
      <h1>{t("titles.shareTarget")}</h1>
      {url ? <p className="share-target-url">{url}</p> : null}
      {targets.length === 0 ? (
        <p className="empty">{t("auth.tenants.empty")}</p>
      ) : (
        <section className="stack" aria-labelledby="pick-h">
          <h2 id="pick-h">{t("hub.suggest.pickCompany")}</h2>
          <ul className="stack list-plain">
            {targets.map((target) => (
              <li key={target.id}>
                <Link className="button secondary button-block" to={target.href}>
                  {target.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}
