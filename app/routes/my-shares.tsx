import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/my-shares";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { listMyShares, totalClicks } from "~/app/modules/sharing/list-my-shares.server.ts";
import { loadFreshness, readerLocale } from "~/app/modules/freshness/freshness.server.ts";
import { Freshness } from "~/app/ui/freshness.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat, numberFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["content", "sharing"], title: "titles.shares" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireMember(request, params, "content.view");
  const { db, member, tenant } = ctx;
  const { shares, freshness } = await withTenant(db, member.tenantId, async (tx) => ({
    shares: await listMyShares(tx, member),
    // clicks straight from the clicks (not the rollup); they turn into points once settled
    freshness: await loadFreshness(tx, tenant, readerLocale(request, ctx), {
      liveClicks: true,
      settle: true,
    }),
  }));
  return { shares, total: totalClicks(shares), freshness };
}

export default function MyShares({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const { shares, total, freshness } = loaderData;
  const date = dateTimeFormat(i18n.language, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: tenant.timeZone,
  });
  const number = numberFormat(i18n.language);
  return (
    <>
      <h1>{t("sharing.mine.title")}</h1>
      <p>{t("sharing.mine.lead")}</p>
      <Freshness view={freshness} />
      {shares.length === 0 ? (
        <section className="empty stack stack-sm">
          <p>{t("sharing.mine.empty")}</p>
          <p>
            <Link className="button" to={`/t/${tenant.slug}/hub`}>
              {t("sharing.mine.toHub")}
            </Link>
          </p>
        </section>
      ) : (
        <section className="stack stack-sm" aria-labelledby="my-shares-caption">
          <p className="hint">
            {t("sharing.mine.total", {
              clicks: t("sharing.mine.clickCount", { count: total, n: number.format(total) }),
              shares: t("sharing.mine.shareCount", { count: shares.length, n: number.format(shares.length) }),
            })}
          </p>
          {/* a card per share on phones (table.stacked): every cell names its column */}
          <table className="stacked">
            <caption id="my-shares-caption" className="visually-hidden">
              {t("sharing.mine.title")}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("sharing.mine.post")}</th>
                <th scope="col">{t("sharing.mine.network")}</th>
                <th scope="col">{t("sharing.mine.sharedAt")}</th>
                <th scope="col">{t("sharing.mine.channel")}</th>
                <th scope="col" className="num">
                  {t("sharing.mine.clicks")}
                </th>
              </tr>
            </thead>
            <tbody>
              {shares.map((s) => (
                <tr key={s.id} data-share-id={s.id}>
                  <th scope="row">{s.postTitle}</th>
                  <td data-label={t("sharing.mine.network")}>{t(`content.networks.${s.network}`)}</td>
                  <td data-label={t("sharing.mine.sharedAt")}>
                    <time dateTime={new Date(s.createdAt).toISOString()}>
                      {date.format(new Date(s.createdAt))}
                    </time>
                  </td>
                  <td data-label={t("sharing.mine.channel")}>{t(`sharing.mine.channels.${s.channel}`)}</td>
                  <td className="num" data-label={t("sharing.mine.clicks")} data-testid="share-clicks">
                    {s.code ? (
                      number.format(s.clicks)
                    ) : (
                      <span className="hint">{t("sharing.mine.noLink")}</span>
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
