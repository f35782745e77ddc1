import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/credit.access-log";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { listMyCreditAccess } from "~/app/modules/credit/my-access-log.server.ts";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["credit"], title: "titles.creditAccess" } satisfies I18nHandle;

/** "Who looked at my figures": every member sees the log about themselves, and only that. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, member } = await requireMember(request, params, "tenant.view");
  const entries = await withTenant(db, member.tenantId, (tx) => listMyCreditAccess(tx, member));
  return { entries };
}

export default function CreditAccessLog({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const { entries } = loaderData;
  const date = dateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: tenant.timeZone,
  });
  return (
    <>
      <h1>{t("credit.accessLog.title")}</h1>
      <p>{t("credit.accessLog.lead")}</p>
      {entries.length === 0 ? (
        <section className="empty" data-testid="access-log-empty">
          <p>{t("credit.accessLog.empty")}</p>
        </section>
      ) : (
        <section>
          <table className="stacked compact" data-testid="access-log">
            <caption className="visually-hidden">{t("credit.accessLog.title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("credit.accessLog.when")}</th>
                <th scope="col">{t("credit.accessLog.who")}</th>
                <th scope="col">{t("credit.accessLog.what")}</th>
                <th scope="col">{t("credit.accessLog.statement")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td data-label={t("credit.accessLog.when")}>
                    <time dateTime={new Date(e.at).toISOString()}>{date.format(new Date(e.at))}</time>
                  </td>
                  <th scope="row" className="plain">
                    {e.actor.kind === "token"
                      ? e.actor.name !== null
                        ? t("credit.accessLog.token", { name: e.actor.name })
                        : t("credit.accessLog.removedToken")
                      : (e.actor.name ?? t("credit.accessLog.removedMember"))}
                  </th>
                  <td data-label={t("credit.accessLog.what")}>{t(`credit.accessLog.actions.${e.action}`)}</td>
                  <td data-label={t("credit.accessLog.statement")}>
                    {e.statement ? (
                      <Link className="tap" to={`/t/${tenant.slug}/statements/${e.statement.id}`}>
                        {t("credit.accessLog.openStatement", { period: e.statement.periodLabel })}
                      </Link>
                    ) : (
                      t("credit.accessLog.noStatement")
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
