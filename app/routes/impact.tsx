import { useTranslation } from "react-i18next";
import { data, Form, Link } from "react-router";
import type { Route } from "./+types/impact";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { parseAnalyticsQuery } from "~/app/modules/reach/analytics.ts";
import { todayIn } from "~/app/lib/days.ts";
import { loadMyImpact } from "~/app/modules/reach/analytics.server.ts";
import { TimelineChart, useReachFormat } from "~/app/ui/charts.tsx";
import { FigureCards } from "~/app/ui/figure-cards.tsx";
import { Freshness } from "~/app/ui/freshness.tsx";
import { loadFreshness, readerLocale } from "~/app/modules/freshness/freshness.server.ts";
import { FilterErrors, RangePresets } from "~/app/ui/range-filter.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["content", "reach"], title: "titles.impact" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireMember(request, params, "tenant.view");
  const { db, tenant, member } = ctx;
  const today = todayIn(tenant.timeZone);
  const params2 = new URL(request.url).searchParams;
  params2.delete("team"); // my own figures: no team filter
  const parsed = parseAnalyticsQuery(params2, today, 90);
  if (!parsed.ok)
    return data(
      { today, filters: parsed.raw, errors: parsed.errors, impact: null, freshness: null },
      { status: 400 },
    );
  const { impact, freshness } = await withTenant(db, tenant.id, async (tx) => ({
    impact: await loadMyImpact(tx, tenant.id, member.id, parsed.value),
    freshness: await loadFreshness(tx, tenant, readerLocale(request, ctx), { reach: true }),
  }));
  return {
    today,
    filters: { from: parsed.value.from, to: parsed.value.to, team: "" },
    errors: [] as string[],
    impact,
    freshness,
  };
}

export default function Impact({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { tenant } = useTenantData();
  const { today, filters, errors, impact, freshness } = loaderData;
  const f = useReachFormat(i18n.language, impact?.currency ?? "EUR");
  const sharedAt = dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: tenant.timeZone });
  const base = `/t/${tenant.slug}/impact`;
  return (
    <>
      <h1>{t("reach.impact.title")}</h1>
      <p>{t("reach.impact.lead")}</p>
      {freshness ? <Freshness view={freshness} /> : null}

      {impact && !impact.hasShared ? (
        <section className="empty">
          <p>{t("reach.impact.empty")}</p>
          <p className="cluster cluster-center">
            <Link className="button" to={`/t/${tenant.slug}/hub`}>
              {t("reach.impact.toHub")}
            </Link>
            <Link className="button secondary" to={`/t/${tenant.slug}/advocacy`}>
              {t("reach.impact.toProgramme")}
            </Link>
          </p>
        </section>
      ) : (
        <>
          <Form method="get" className="card stack">
            <div className="filter-grid">
              <label>
                {t("reach.filters.from")}
                <input type="date" name="from" defaultValue={filters.from} key={`from-${filters.from}`} />
              </label>
              <label>
                {t("reach.filters.to")}
                <input type="date" name="to" defaultValue={filters.to} key={`to-${filters.to}`} />
              </label>
            </div>
            <div className="cluster">
              <button type="submit" className="secondary">
                {t("reach.filters.apply")}
              </button>
            </div>
            <RangePresets base={base} today={today} current={filters} />
          </Form>
          <FilterErrors errors={errors} />
          {impact ? (
            <>
              <section aria-labelledby="my-totals">
                <h2 id="my-totals">{t("reach.impact.totals")}</h2>
                <FigureCards figures={impact.totals} currency={impact.currency} testIdPrefix="my" />
              </section>
              <section className="card" aria-labelledby="my-timeline">
                <h2 id="my-timeline">{t("reach.impact.overTime")}</h2>
                <TimelineChart
                  points={impact.timeline}
                  bucket={impact.range.bucket}
                  from={impact.range.from}
                  to={impact.range.to}
                  currency={impact.currency}
                  idPrefix="impact"
                />
              </section>
              <section className="card" aria-labelledby="my-recent">
                <h2 id="my-recent">{t("reach.impact.recent")}</h2>
                <p className="hint">{t("reach.impact.recentHint")}</p>
                <div
                  className="table-scroll wrap-headers"
                  role="region"
                  aria-label={t("reach.impact.recent")}
                  tabIndex={0}
                >
                  <table data-testid="my-shares-table">
                    <caption className="visually-hidden">{t("reach.impact.recent")}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t("reach.impact.post")}</th>
                        <th scope="col">{t("reach.impact.network")}</th>
                        <th scope="col">{t("reach.impact.sharedAt")}</th>
                        <th scope="col" className="num">
                          {t("reach.metrics.clicks")}
                        </th>
                        <th scope="col" className="num">
                          {t("reach.metrics.uniqueVisitors")}
                        </th>
                        <th scope="col" className="num">
                          {t("reach.metrics.impressions")}
                        </th>
                        <th scope="col" className="num">
                          {t("reach.metrics.earnedMedia")}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {impact.recentShares.map((s) => (
                        <tr key={s.shareId}>
                          <th scope="row" className="plain title-cell">
                            {s.postTitle}
                          </th>
                          <td>{t(`content.networks.${s.network}`, { defaultValue: s.network })}</td>
                          <td>
                            <time dateTime={new Date(s.createdAt).toISOString()}>
                              {sharedAt.format(new Date(s.createdAt))}
                            </time>
                          </td>
                          <td className="num">{f.count(s.clicks)}</td>
                          <td className="num">{f.count(s.uniqueVisitors)}</td>
                          <td className="num">
                            {s.impressionsMeasured > 0
                              ? `${f.count(s.impressionsMeasured)} ${t("reach.metrics.measured")}`
                              : null}
                            {s.impressionsMeasured > 0 && s.impressionsEstimated > 0 ? " + " : null}
                            {s.impressionsEstimated > 0 || s.impressionsMeasured === 0
                              ? `${f.count(s.impressionsEstimated)} ${t("reach.metrics.estimated")}`
                              : null}
                          </td>
                          <td className="num">{f.money(s.earnedMedia)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>
            </>
          ) : null}
        </>
      )}

      <section className="card" aria-labelledby="my-goals">
        <h2 id="my-goals">{t("reach.impact.goals")}</h2>
        <p className="hint">{t("reach.impact.goalsEmpty")}</p>
      </section>
    </>
  );
}
