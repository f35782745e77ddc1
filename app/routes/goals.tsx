import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Route } from "./+types/goals";
import { useTenantData } from "~/app/routes/tenant.tsx";
import { withTenant } from "~/db/tenant.ts";
import { can } from "~/app/lib/permissions.ts";
import { isConfirmedView } from "~/app/lib/same-site-view.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { listAgreements, type AgreementSummary } from "~/app/modules/goals/list-agreements.server.ts";
import { listMyStatements } from "~/app/modules/goals/statements.server.ts";
import { todayIn } from "~/app/lib/days.ts";
import { useFormatDate } from "~/app/ui/content-bits.tsx";
import { FiguresWithheld } from "~/app/ui/figures-withheld.tsx";
import { Freshness } from "~/app/ui/freshness.tsx";
import { loadFreshness, readerLocale } from "~/app/modules/freshness/freshness.server.ts";
import { AgreementStatusBadge, useFormatDay, useGoalsFormat } from "~/app/ui/goals.tsx";
import type { I18nHandle } from "~/app/lib/i18n/page.tsx";

export const handle = { i18n: ["content", "goals"], title: "titles.goals" } satisfies I18nHandle;

export async function loader({ request, params }: Route.LoaderArgs) {
  const ctx = await requireMember(request, params, "tenant.view");
  const { db, tenant, member } = ctx;
  const today = todayIn(tenant.timeZone);
  return withTenant(db, tenant.id, async (tx) => {
    // the reports' attainment is logged for each of them: only when asked for from our own pages
    const { mine, reports, reportFiguresWithheld } = await listAgreements(tx, member, today, {
      confirmed: isConfirmedView(request),
    });
    return {
      today,
      mine,
      reports,
      reportFiguresWithheld,
      statements: await listMyStatements(tx, member),
      canManage: can(member.roles, "goals.manage"),
      freshness: await loadFreshness(tx, tenant, readerLocale(request, ctx), { points: true }),
    };
  });
}

export default function Goals({ loaderData }: Route.ComponentProps) {
  const { t } = useTranslation();
  const { tenant } = useTenantData();
  const date = useFormatDate(tenant.timeZone);
  const { today, mine, reports, reportFiguresWithheld, statements, canManage, freshness } = loaderData;
  const base = `/t/${tenant.slug}`;
  return (
    <>
      <div className="toolbar">
        <h1>{t("goals.title")}</h1>
        {canManage ? (
          <Link className="button" to={`${base}/goals/new`}>
            {t("goals.propose")}
          </Link>
        ) : null}
      </div>
      <p>{t("goals.lead")}</p>
      <Freshness view={freshness} />

      <section aria-labelledby="mine-h">
        <h2 id="mine-h">{t("goals.mine")}</h2>
        {mine.length === 0 ? (
          <p className="empty">{t("goals.mineEmpty")}</p>
        ) : (
          <AgreementTable rows={mine} today={today} base={base} showEmployee={false} />
        )}
      </section>

      {statements.length > 0 ? (
        <section aria-labelledby="statements-h">
          <h2 id="statements-h">{t("goals.myStatements")}</h2>
          <ul className="list-plain">
            {statements.map((s) => (
              <li key={s.id}>
                <Link className="tap" to={`${base}/statements/${s.id}`}>
                  {s.periodLabel} · {date(s.generatedAt)}
                </Link>{" "}
                {s.supersedesId ? <span className="badge">{t("goals.correction")}</span> : null}{" "}
                <span className="hint">
                  {s.releasedAt ? t("goals.released", { date: date(s.releasedAt) }) : t("goals.notReleased")}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {canManage ? (
        <section aria-labelledby="reports-h">
          <h2 id="reports-h">{t("goals.reports")}</h2>
          {reportFiguresWithheld ? (
            <FiguresWithheld message={t("goals.consentView.listWithheld")} />
          ) : reports.some((r) => r.overallPercent !== null) ? (
            <p className="hint">{t("goals.consentView.listLogged")}</p>
          ) : null}
          {reports.length === 0 ? (
            <p className="empty">{t("goals.reportsEmpty")}</p>
          ) : (
            <AgreementTable rows={reports} today={today} base={base} showEmployee />
          )}
        </section>
      ) : null}
    </>
  );
}

function AgreementTable({
  rows,
  today,
  base,
  showEmployee,
}: {
  rows: AgreementSummary[];
  today: string;
  base: string;
  showEmployee: boolean;
}) {
  const { t } = useTranslation();
  const f = useGoalsFormat();
  const day = useFormatDay();
  return (
    <table className="stacked compact" data-testid={showEmployee ? "report-agreements" : "my-agreements"}>
      <thead>
        <tr>
          {showEmployee ? <th scope="col">{t("goals.employee")}</th> : null}
          <th scope="col">{t("goals.period")}</th>
          <th scope="col">{t("goals.status.label")}</th>
          <th scope="col">{t("goals.overall")}</th>
          <th scope="col">
            <span className="visually-hidden">{t("goals.open")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const current = r.startsOn <= today && today <= r.endsOn;
          return (
            <tr key={r.id}>
              {showEmployee ? <td data-label={t("goals.employee")}>{r.employeeName}</td> : null}
              <td data-label={t("goals.period")}>
                {/* one element: a compact stacked cell puts its label beside exactly one value */}
                <span>
                  {r.periodLabel}{" "}
                  <span className="hint">
                    ({day(r.startsOn)} – {day(r.endsOn)})
                  </span>{" "}
                  {current ? <span className="badge">{t("goals.current")}</span> : null}
                </span>
              </td>
              <td data-label={t("goals.status.label")}>
                <AgreementStatusBadge status={r.status} />
              </td>
              <td data-label={t("goals.overall")}>
                {r.overallPercent === null ? (
                  <span className="hint">
                    {r.figureNote === "other_manager"
                      ? t("goals.consentView.otherManager", { manager: r.managerName ?? "—" })
                      : r.figureNote === "strict_mode"
                        ? t("goals.consentView.strictModeList")
                        : t("goals.overallNone")}
                  </span>
                ) : (
                  f.percent(r.overallPercent)
                )}
              </td>
              <td>
                <Link
                  className="tap"
                  to={`${base}/goals/${r.id}`}
                  aria-label={`${t("goals.open")}: ${showEmployee ? `${r.employeeName}, ` : ""}${r.periodLabel}`}
                >
                  {t("goals.open")}
                </Link>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
