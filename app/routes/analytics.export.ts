import type { Route } from "./+types/analytics.export";
import { withTenant } from "~/db/tenant.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { AnalyticsExportQuery, parseAnalyticsQuery } from "~/app/modules/reach/analytics.ts";
import { todayIn } from "~/app/lib/days.ts";
import { loadAnalyticsTable } from "~/app/modules/reach/analytics.server.ts";
import { analyticsCsv, csvFilename } from "~/app/modules/reach/csv.ts";
import { monthlyAnalyticsCsv } from "~/app/modules/reach/month-units.ts";

/** CSV of one analytics table, with the page's filters and the page's query functions (same numbers). */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, tenant } = await requireMember(request, params, "analytics.view");
  const url = new URL(request.url);
  const table = AnalyticsExportQuery.safeParse({ table: url.searchParams.get("table") });
  const parsed = parseAnalyticsQuery(url.searchParams, todayIn(tenant.timeZone), 30);
  if (!table.success || !parsed.ok) {
    const errors = [...(table.success ? [] : ["table"]), ...(parsed.ok ? [] : parsed.errors)];
    return new Response(`invalid filters: ${errors.join(", ")}\n`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const { report, data } = await withTenant(db, tenant.id, (tx) =>
    loadAnalyticsTable(
      tx,
      { tenantId: tenant.id, timeZone: tenant.timeZone },
      parsed.value,
      table.data.table,
    ),
  );
  // a team below the minimum group size: no figures leave the server, not even in a file
  if (!data)
    return new Response("too few people to show\n", {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  // the range as counted: strict mode widens it to whole months (month-units.ts)
  const { from, to, bucket, wholeMonths } = report.range;
  const filename = csvFilename(table.data.table, from, to, report.team?.name);
  return new Response(
    wholeMonths ? monthlyAnalyticsCsv(data, report.currency) : analyticsCsv(data, report.currency, bucket),
    {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "private, no-store",
      },
    },
  );
}
