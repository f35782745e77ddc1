import { useTranslation } from "react-i18next";
import { Form, Link } from "react-router";
import type { Route } from "./+types/leaderboard";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { leaderboard } from "~/app/modules/recognition/leaderboard.server.ts";
import { tenantToday } from "~/app/modules/recognition/rules-admin.server.ts";
import { LEADERBOARD_PERIODS, LeaderboardQuery, periodRange } from "~/app/modules/recognition/schemas.ts";
import { loadFreshness, readerLocale } from "~/app/modules/freshness/freshness.server.ts";
import { Freshness } from "~/app/ui/freshness.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";
import { dateTimeFormat, numberFormat } from "~/app/lib/intl.ts";

export const handle = { i18n: ["recognition"], title: "titles.leaderboard" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireMember(request, params, "tenant.view");
  const { db, member, tenant } = ctx;
  const url = new URL(request.url);
  // unknown values fall back to this quarter and all teams (a hand-edited URL is not an error page)
  const query = LeaderboardQuery.parse({
    period: url.searchParams.get("period") ?? undefined,
    team: url.searchParams.get("team") || undefined,
  });
  return withTenant(db, member.tenantId, async (tx) => {
    const range = periodRange(query.period, await tenantToday(tx, member.tenantId));
    const board = await leaderboard(tx, member, { fromDay: range.from, toDay: range.to, teamId: query.team });
    const freshness = await loadFreshness(tx, tenant, readerLocale(request, ctx), { points: true });
    return { ...board, query, range, tenantSlug: tenant.slug, freshness };
  });
}

export default function LeaderboardPage({ loaderData }: Route.ComponentProps) {
  const { t, i18n } = useTranslation();
  const { viewerOptedIn, teams, result, query, range, tenantSlug, freshness } = loaderData;
  const points = numberFormat(i18n.language, { maximumFractionDigits: 2 });
  const day = dateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" });
  const dayOf = (d: string) => day.format(new Date(`${d}T00:00:00Z`));
  if (result.kind === "off") {
    return (
      <>
        <h1>{t("recognition.leaderboard.title")}</h1>
        <p className="card" role="status" data-testid="leaderboard-off">
          {t("recognition.leaderboard.off")}{" "}
          <Link to={`/t/${tenantSlug}/recognition`}>{t("recognition.leaderboard.offLink")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("recognition.leaderboard.title")}</h1>
      <p>{t("recognition.leaderboard.lead")}</p>
      <Freshness view={freshness} />
      {viewerOptedIn ? null : (
        <p className="card" role="note">
          {t("recognition.leaderboard.notOptedIn")}{" "}
          <Link to={`/t/${tenantSlug}/recognition#choices`}>{t("recognition.leaderboard.optInLink")}</Link>
        </p>
      )}
      <Form method="get" className="card field-row ends-with-button">
        <label htmlFor="period">
          {t("recognition.leaderboard.period")}
          <select id="period" name="period" defaultValue={query.period}>
            {LEADERBOARD_PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`recognition.leaderboard.periods.${p}`)}
              </option>
            ))}
          </select>
        </label>
        {teams.length > 0 ? (
          <label htmlFor="team">
            {t("recognition.leaderboard.team")}
            <select id="team" name="team" defaultValue={query.team ?? ""}>
              <option value="">{t("recognition.leaderboard.allTeams")}</option>
              {teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="submit">{t("recognition.leaderboard.show")}</button>
      </Form>
      <p className="hint">
        {t("recognition.leaderboard.range", { from: dayOf(range.from), to: dayOf(range.to) })}
      </p>
      {result.kind === "too_few" ? (
        <p className="empty" role="status">
          {t("recognition.leaderboard.tooFew", { count: result.minGroupSize })}
        </p>
      ) : result.rows.length === 0 ? (
        <p className="empty">{t("recognition.leaderboard.empty")}</p>
      ) : (
        <table className="stacked compact" data-testid="leaderboard">
          <caption className="visually-hidden">{t("recognition.leaderboard.caption")}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t("recognition.leaderboard.rank")}
              </th>
              <th scope="col">{t("recognition.leaderboard.name")}</th>
              <th scope="col">{t("recognition.leaderboard.team")}</th>
              <th scope="col" className="num">
                {t("recognition.leaderboard.points")}
              </th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => (
              <tr
                key={r.membershipId}
                aria-current={r.isMe ? "true" : undefined}
                className={r.isMe ? "me" : undefined}
              >
                <td data-label={t("recognition.leaderboard.rank")} className="num">
                  {r.rank}
                </td>
                <th scope="row" className="plain">
                  {r.name} {r.isMe ? <span className="hint">{t("recognition.leaderboard.you")}</span> : null}
                </th>
                <td data-label={t("recognition.leaderboard.team")}>{r.teamName ?? "—"}</td>
                <td data-label={t("recognition.leaderboard.points")} className="num">
                  {points.format(r.points)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
