import { useTranslation } from "react-i18next";
import { data, Form, Link, useNavigation } from "react-router";
import type { Route } from "./+types/analytics";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { parseAnalyticsQuery, type AnalyticsTable, type Figures } from "~/app/modules/reach/analytics.ts";
import { todayIn } from "~/app/lib/days.ts";
import { listTeams, loadAnalytics } from "~/app/modules/reach/analytics.server.ts";
import { TimelineChart, useReachFormat } from "~/app/ui/charts.tsx";
import { FigureCards } from "~/app/ui/figure-cards.tsx";
import { Freshness } from "~/app/ui/freshness.tsx";
import { loadFreshness, readerLocale } from "~/app/modules/freshness/freshness.server.ts";
import { FilterErrors, RangePresets } from "~/app/ui/range-filter.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat, numberFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["content", "reach"], title: "titles.analytics" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireMember(request, params, "analytics.view");
  const { db, tenant } = ctx;
  const today = todayIn(tenant.timeZone);
  const parsed = parseAnalyticsQuery(new URL(request.url).searchParams, today, 30);
  if (!parsed.ok) {
    const teams = await withTenant(db, tenant.id, (tx) => listTeams(tx, tenant.id));
    return data(
      { today, filters: parsed.raw, errors: parsed.errors, teams, report: null, freshness: null },
      { status: 400 },
    );
  }
  const { report, freshness } = await withTenant(db, tenant.id, async (tx) => ({
    report: await loadAnalytics(tx, { tenantId: tenant.id, timeZone: tenant.timeZone }, parsed.value),
    freshness: await loadFreshness(tx, tenant, readerLocale(request, ctx), { reach: true }),
  }));
  return {
    today,
    filters: { from: parsed.value.from, to: parsed.value.to, team: parsed.value.team ?? "" },
    errors: [] as string[],
    teams: report.teams,
    report,
    freshness,
  };
}

export default function Analytics({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { tenant } = useTenantData();
  const navigation = useNavigation();
  const { today, filters, errors, teams, report, freshness } = loaderData;
  const base = `/t/${tenant.slug}/analytics`;
  const qs = (extra: Record<string, string>) =>
    new URLSearchParams({
      from: filters.from,
      to: filters.to,
      ...(filters.team ? { team: filters.team } : {}),
      ...extra,
    }).toString();
  const exportHref = (table: AnalyticsTable) => `${base}/export?${qs({ table })}`;
  const figures = report?.figures;
  const monthName = useMonthName();
  const dayName = useDayName();
  const empty =
    figures &&
    figures.totals.shares === 0 &&
    figures.totals.clicks === 0 &&
    figures.totals.impressionsEstimated + figures.totals.impressionsMeasured === 0;
  return (
    <>
      <h1>{t("reach.analytics.title")}</h1>
      <p>{t("reach.analytics.lead", { min: report?.minGroupSize ?? 5 })}</p>
      {freshness ? <Freshness view={freshness} /> : null}

      <Form method="get" className="card stack" aria-busy={navigation.state === "loading"}>
        <fieldset className="bare filters">
          <legend className="visually-hidden">{t("reach.filters.legend")}</legend>
          <div className="stack stack-sm">
            <label htmlFor="analytics-from">{t("reach.filters.from")}</label>
            <input
              id="analytics-from"
              type="date"
              name="from"
              defaultValue={filters.from}
              key={`from-${filters.from}`}
              aria-invalid={errors.includes("date") || undefined}
            />
          </div>
          <div className="stack stack-sm">
            <label htmlFor="analytics-to">{t("reach.filters.to")}</label>
            <input
              id="analytics-to"
              type="date"
              name="to"
              defaultValue={filters.to}
              key={`to-${filters.to}`}
              aria-invalid={errors.length > 0 || undefined}
            />
          </div>
          <div className="stack stack-sm">
            <label htmlFor="analytics-team">{t("reach.filters.team")}</label>
            <select id="analytics-team" name="team" defaultValue={filters.team} key={`team-${filters.team}`}>
              <option value="">{t("reach.filters.allTeams")}</option>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t("reach.filters.apply")}</button>
        </fieldset>
        <RangePresets
          base={base}
          today={today}
          current={filters}
          keep={filters.team ? { team: filters.team } : {}}
        />
      </Form>

      <FilterErrors errors={errors} />

      {report?.range.wholeMonths ? (
        <p className="notice" role="status" data-testid="whole-months">
          {t("reach.analytics.wholeMonths", {
            from: dayName(report.range.from),
            to: dayName(report.range.to),
            min: report.minGroupSize,
          })}
          {report.range.wholeMonths.running ? (
            <> {t("reach.analytics.runningMonth", { month: monthName(report.range.wholeMonths.running) })}</>
          ) : null}
        </p>
      ) : null}

      {report?.programmeTooSmall ? (
        <p className="notice" role="status" data-testid="too-few">
          {t("reach.analytics.tooFewProgramme", { min: report.minGroupSize })}
        </p>
      ) : null}

      {report?.tooFewContributors ? (
        <p className="notice" role="status" data-testid="too-few">
          {t("reach.analytics.tooFewContributors", { min: report.minGroupSize })}
        </p>
      ) : null}

      {report?.team?.tooSmall ? (
        <p className="notice" role="status" data-testid="too-few">
          {t("reach.analytics.tooFewTeam", { team: report.team.name, min: report.minGroupSize })}
        </p>
      ) : null}

      {report && figures ? (
        empty ? (
          <section className="empty stack">
            <p>{t("reach.analytics.empty")}</p>
            <p>
              <Link className="button secondary" to={`/t/${tenant.slug}/hub`}>
                {t("reach.analytics.emptyLink")}
              </Link>
            </p>
          </section>
        ) : (
          <>
            <section aria-labelledby="totals-heading">
              <h2 id="totals-heading">{t("reach.analytics.totals")}</h2>
              <Totals
                totals={figures.totals}
                participation={figures.participation}
                currency={report.currency}
              />
              {figures.monthsLeftOut ? (
                <p className="hint" data-testid="months-left-out">
                  {t("reach.analytics.monthsLeftOut", { count: figures.monthsLeftOut })}
                </p>
              ) : null}
            </section>
            {report.range.wholeMonths ? (
              <FigureTable
                id="timeline"
                title={t("reach.analytics.overTime")}
                nameHeader={t("reach.analytics.month")}
                rows={figures.timeline.map((p) => ({
                  key: p.start,
                  name: monthName(p.start),
                  figures: p.tooFew || p.running ? null : p,
                  ...(p.running ? { note: t("reach.analytics.runningMonthRow") } : {}),
                }))}
                currency={report.currency}
                exportHref={exportHref("timeline")}
              />
            ) : (
              <section className="card" aria-labelledby="timeline-heading">
                <h2 id="timeline-heading">{t("reach.analytics.overTime")}</h2>
                <TimelineChart
                  points={figures.timeline}
                  bucket={report.range.bucket}
                  from={report.range.from}
                  to={report.range.to}
                  currency={report.currency}
                  exportHref={exportHref("timeline")}
                  idPrefix="analytics"
                />
              </section>
            )}
            <FigureTable
              id="posts"
              title={t("reach.analytics.topPosts")}
              hint={t("reach.analytics.topPostsHint", { count: 20 })}
              nameHeader={t("reach.analytics.post")}
              rows={[
                ...figures.posts.map((p) => ({
                  key: p.postId,
                  name: p.title || t("reach.analytics.untitled"),
                  figures: p,
                  monthsLeftOut: p.monthsLeftOut,
                })),
                ...(figures.postsOther
                  ? [{ key: "other", name: t("reach.analytics.otherPosts"), figures: figures.postsOther }]
                  : []),
              ]}
              currency={report.currency}
              exportHref={exportHref("posts")}
            />
            <FigureTable
              id="networks"
              title={t("reach.analytics.networks")}
              nameHeader={t("reach.analytics.network")}
              rows={[
                ...figures.networks.map((n) => ({
                  key: n.network,
                  name: t(`content.networks.${n.network}`, { defaultValue: n.network }),
                  figures: n,
                  monthsLeftOut: n.monthsLeftOut,
                })),
                ...(figures.networksOther
                  ? [
                      {
                        key: "other",
                        name: t("reach.analytics.otherNetworks"),
                        figures: figures.networksOther,
                      },
                    ]
                  : []),
              ]}
              currency={report.currency}
              exportHref={exportHref("networks")}
            />
            <FigureTable
              id="teams"
              title={t("reach.analytics.teams")}
              nameHeader={t("reach.analytics.team")}
              rows={report.teamRows.map((r) => ({
                key: r.teamId || "none",
                name: r.name ?? t("reach.analytics.noTeam"),
                figures: r.figures,
                monthsLeftOut: r.monthsLeftOut,
              }))}
              currency={report.currency}
              exportHref={exportHref("teams")}
            />
            <p className="hint">{t("reach.analytics.estimatedNote")}</p>
          </>
        )
      ) : null}
    </>
  );
}

/** "7 Dec 2026" / "07.12.2026" in the reader's language, for a calendar day (YYYY-MM-DD) */
function useDayName(): (day: string) => string {
  const { i18n } = useTranslation();
  const format = dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" });
  return (day) => format.format(new Date(`${day}T00:00:00Z`));
}

/** "November 2026" in the reader's language, for a month's first day */
function useMonthName(): (start: string) => string {
  const { i18n } = useTranslation();
  const format = dateTimeFormat(i18n.language, { month: "long", year: "numeric", timeZone: "UTC" });
  return (start) => format.format(new Date(`${start}T00:00:00Z`));
}

function Totals({
  totals,
  participation,
  currency,
}: {
  totals: Figures;
  participation: { sharers: number | null; optedIn: number };
  currency: string;
}) {
  const { t, i18n } = useTranslation();
  const percent = numberFormat(i18n.language, { style: "percent", maximumFractionDigits: 1 });
  const { sharers, optedIn } = participation;
  // sharers null: fewer people shared than the minimum group size (or the count would reveal such a group)
  const rate = {
    id: "participation",
    label: t("reach.analytics.participation"),
    value: optedIn > 0 && sharers !== null ? percent.format(sharers / optedIn) : "–",
    hint:
      optedIn === 0
        ? t("reach.analytics.participationNone")
        : sharers === null
          ? t("reach.analytics.participationTooFew")
          : t("reach.analytics.participationHint", { sharers, optedIn }),
  };
  return <FigureCards figures={totals} currency={currency} testIdPrefix="total" extra={[rate]} />;
}

/** A table of figures per post, network or team; a row without figures is a group too small to show. */
function FigureTable({
  id,
  title,
  hint,
  nameHeader,
  rows,
  currency,
  exportHref,
}: {
  id: string;
  title: string;
  hint?: string;
  nameHeader: string;
  /** monthsLeftOut: strict mode, months with too few people not counted in the row */
  rows: { key: string; name: string; figures: Figures | null; monthsLeftOut?: number; note?: string }[];
  currency: string;
  exportHref: string;
}) {
  const { t, i18n } = useTranslation();
  const f = useReachFormat(i18n.language, currency);
  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {hint ? <p className="hint">{hint}</p> : null}
      {rows.length === 0 ? (
        <p className="hint">{t("reach.analytics.noRows")}</p>
      ) : (
        <div className="table-scroll" role="region" aria-label={title} tabIndex={0}>
          <table data-testid={`${id}-table`}>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{nameHeader}</th>
                <th scope="col" className="num">
                  {t("reach.metrics.shares")}
                </th>
                <th scope="col" className="num">
                  {t("reach.metrics.clicks")}
                </th>
                <th scope="col" className="num">
                  {t("reach.metrics.uniqueVisitors")}
                </th>
                <th scope="col" className="num">
                  {t("reach.metrics.impressionsMeasured")}
                </th>
                <th scope="col" className="num">
                  {t("reach.metrics.impressionsEstimated")}
                </th>
                <th scope="col" className="num">
                  {t("reach.metrics.earnedMedia")}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row" className="plain">
                    {r.name}
                    {r.figures && r.monthsLeftOut ? (
                      <>
                        <br />
                        <span className="hint">
                          {t("reach.analytics.monthsLeftOut", { count: r.monthsLeftOut })}
                        </span>
                      </>
                    ) : null}
                  </th>
                  {r.figures ? (
                    <>
                      <td className="num">{f.count(r.figures.shares)}</td>
                      <td className="num">{f.count(r.figures.clicks)}</td>
                      <td className="num">{f.count(r.figures.uniqueVisitors)}</td>
                      <td className="num">{f.count(r.figures.impressionsMeasured)}</td>
                      <td className="num">{f.count(r.figures.impressionsEstimated)}</td>
                      <td className="num">{f.money(r.figures.earnedMedia)}</td>
                    </>
                  ) : (
                    <td colSpan={6} className="hint wrap">
                      {r.note ?? t("reach.analytics.tooFew")}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a className="button secondary" href={exportHref} download>
          {t("reach.exportCsvOf", { table: title })}
        </a>
      </p>
    </section>
  );
}
