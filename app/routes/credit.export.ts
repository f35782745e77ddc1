import { redirect } from "react-router";
import type { Route } from "./+types/credit.export";
import { withTenant } from "~/db/tenant.ts";
import { resolveLocale } from "~/app/lib/i18n/resolve-locale.server.ts";
import { isConfirmedView } from "~/app/lib/same-site-view.server.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { exportCredit } from "~/app/modules/credit/export.server.ts";
import {
  CreditExportQuery,
  describeIssues,
  PERIOD_HELP,
  periodOf,
  pickerToQuery,
  queryObject,
} from "~/app/modules/credit/query.ts";

const TEXT = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" };

/**
 * GET /t/:tenant/credit/export?format=csv|pdf|json&period=2026-Q4 (or from/to)[&employee=<membership id>]:
 * a manager's download of the released statements of their own direct reports. Each exported
 * statement is recorded in the employee's access log — so only a download asked for from our own
 * pages (or typed) is served: another site steering the browser here is sent to the credit page,
 * which offers the same download as a link, and nothing is exported or logged.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { db, session, tenant, member } = await requireMember(request, params, "credit.export");
  const url = new URL(request.url);
  if (!isConfirmedView(request)) {
    const query = new URLSearchParams(url.searchParams);
    query.set("confirm", "export");
    throw redirect(`/t/${tenant.slug}/credit?${query.toString()}`, {
      headers: { "Cache-Control": "private, no-store" },
    });
  }
  const raw = queryObject(url.searchParams);
  const parsed = CreditExportQuery.safeParse({ ...raw, ...pickerToQuery(raw) });
  if (!parsed.success) {
    return new Response(`Invalid export request: ${describeIssues(parsed.error)}.\n${PERIOD_HELP}\n`, {
      status: 400,
      headers: TEXT,
    });
  }
  const { format, employee } = parsed.data;
  const period = periodOf(parsed.data);
  const locale = resolveLocale(request, {
    signedIn: true,
    userLocale: session.user.locale,
    tenantLocale: tenant.defaultLocale,
  });
  const file = await withTenant(db, tenant.id, (tx) =>
    exportCredit(tx, member, { format, period, employeeId: employee }, { locale, timeZone: tenant.timeZone }),
  );
  if (file.count === 0) {
    const whom = employee
      ? "this person has released no statement to you"
      : "none of your direct reports has released a statement to you";
    return new Response(`Nothing to export: ${whom} for ${period.label}.\n`, { status: 404, headers: TEXT });
  }
  return new Response(typeof file.body === "string" ? file.body : new Uint8Array(file.body), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      // personal figures: no shared cache, no sniffing
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
