import type { Tx } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";
import { resolveLocale } from "~/app/lib/i18n/resolve-locale.server.ts";
import type { MemberContext } from "~/app/modules/auth/require.server.ts";
import { SETTLE_DAYS } from "~/app/modules/recognition/award.server.ts";
import { formatAsOf, type FreshnessView } from "~/app/modules/freshness/format.ts";
import type { FigureRunKind } from "~/app/modules/freshness/record-run.server.ts";

/*
 * How fresh a tenant's figures are. The background jobs record when they last brought the figures
 * up to date (figure_runs, 0019): the reach rollup (rollupDirty, per tenant, the instant it took
 * the dirty days) and the award job (awardPoints, per tenant, the run's instant). Pages read both
 * here and show them with one component (app/ui/freshness.tsx) in one wording (common.freshness).
 */

/** The as-of instants of the tenant's figures; null where the job has not run yet. */
export async function figureRuns(tx: Tx, tenantId: string): Promise<Record<FigureRunKind, Date | null>> {
  const rows = await tx
    .selectFrom("figure_runs")
    .select(["kind", "ran_at"])
    .where("tenant_id", "=", tenantId)
    .execute();
  const at = (kind: FigureRunKind) => rows.find((r) => r.kind === kind)?.ran_at ?? null;
  return { reach_rollup: at("reach_rollup"), points_award: at("points_award") };
}

/**
 * The freshness line of a page, formatted for the reader: `show` names the kinds of figures the
 * page has (reach: rollup figures; liveClicks: click counts straight from the clicks; points: the
 * ledger, with the settle sentence; settle: only that sentence, where clicks are shown that will
 * become points).
 */
export async function loadFreshness(
  tx: Tx,
  tenant: { id: string; timeZone: string },
  locale: Locale,
  show: { reach?: boolean; liveClicks?: boolean; points?: boolean; settle?: boolean },
  now: Date = new Date(),
): Promise<FreshnessView> {
  const runs = await figureRuns(tx, tenant.id);
  const format = (d: Date | null) => (d ? formatAsOf(d, locale, tenant.timeZone, now) : null);
  return {
    ...(show.reach ? { reach: format(runs.reach_rollup) } : {}),
    ...(show.liveClicks ? { liveClicks: true as const } : {}),
    ...(show.points ? { points: format(runs.points_award) } : {}),
    ...(show.points || show.settle ? { settleDays: SETTLE_DAYS } : {}),
  };
}

/** The page's reader's language, as the root layout picks it (so the line matches the page). */
export function readerLocale(request: Request, ctx: Pick<MemberContext, "session" | "tenant">): Locale {
  return resolveLocale(request, {
    signedIn: true,
    userLocale: ctx.session.user.locale,
    tenantLocale: ctx.tenant.defaultLocale,
  });
}
