import type { Logger } from "pino";
import type { DB, Tx } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { logger as appLogger } from "~/runtime/logger.server.ts";
import { linkedInMetricsProvider } from "~/app/modules/reach/linkedin-metrics.server.ts";
import {
  ProviderAuthError,
  type MetricsProvider,
  type MetricsShare,
  type ProviderFigures,
} from "~/app/modules/reach/metrics-provider.ts";
import { markDirtyDays } from "~/app/modules/reach/settings.server.ts";

/*
 * Provider metrics: some networks tell a post's author how often it was seen and reacted to. Where
 * a tenant has such a provider turned on, the hourly job asks for the figures of every share Chorus
 * posted through that network's API in the last 30 days, stores them in share_metrics and marks the
 * share's day dirty, so the rollup reports the measured figure instead of the estimate.
 */

/** Every provider Chorus knows. */
export function metricsProviders(): readonly MetricsProvider[] {
  return [linkedInMetricsProvider];
}
/** Networks report figures for recent posts; older shares keep their last figures. */
export const METRICS_WINDOW_DAYS = 30;

export interface RefreshResult {
  /** shares whose figures were stored (changed or not) */
  fetched: number;
  /** shares whose figures changed, so their day was marked for a new rollup */
  changed: number;
  /** shares the provider could not answer for (logged) */
  failed: number;
  /** shares skipped because the member's grant cannot be used */
  skipped: number;
}

export async function refreshProviderMetrics(
  db: DB,
  opts: {
    tenantId?: string | undefined;
    now?: Date | undefined;
    providers?: readonly MetricsProvider[];
    log?: Logger;
  } = {},
): Promise<RefreshResult> {
  const now = opts.now ?? new Date();
  const providers = opts.providers ?? metricsProviders();
  const log = opts.log ?? appLogger.child({ component: "provider-metrics" });
  const since = new Date(now.getTime() - METRICS_WINDOW_DAYS * 24 * 3600_000);
  const result: RefreshResult = { fetched: 0, changed: 0, failed: 0, skipped: 0 };

  let tenantsQuery = db.selectFrom("tenants").select("id").orderBy("id");
  if (opts.tenantId) tenantsQuery = tenantsQuery.where("id", "=", opts.tenantId);
  const tenants = await tenantsQuery.execute();

  for (const { id: tenantId } of tenants) {
    const { active, shares } = await withTenant(db, tenantId, async (tx) => {
      const active: MetricsProvider[] = [];
      for (const provider of providers) if (await provider.enabled(tx, tenantId)) active.push(provider);
      if (active.length === 0) return { active, shares: [] as MetricsShare[] };
      const rows = await tx
        .selectFrom("shares")
        .select(["id", "membership_id", "network", "external_id", "created_at"])
        .where("tenant_id", "=", tenantId)
        .where("channel", "=", "api")
        .where("external_id", "is not", null)
        .where("membership_id", "is not", null)
        .where("created_at", ">=", since)
        .where("created_at", "<=", now)
        .where(
          "network",
          "in",
          active.map((p) => p.network),
        )
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return {
        active,
        shares: rows.map((r) => ({
          id: r.id,
          tenantId,
          membershipId: r.membership_id!,
          network: r.network,
          externalId: r.external_id!,
          createdAt: r.created_at,
        })),
      };
    });

    const blocked = new Set<string>();
    for (const share of shares) {
      const provider = active.find((p) => p.network === share.network);
      if (!provider) continue;
      if (blocked.has(share.membershipId)) {
        result.skipped++;
        continue;
      }
      try {
        const changed = await withTenant(db, tenantId, async (tx) => {
          const figures = await provider.fetch(tx, share, now);
          if (!figures) return null;
          return storeFigures(tx, share, provider.name, figures, now);
        });
        if (changed === null) continue;
        result.fetched++;
        if (changed) result.changed++;
      } catch (err) {
        if (err instanceof ProviderAuthError) {
          blocked.add(share.membershipId);
          result.skipped++;
          log.info(
            { tenantId, membershipId: share.membershipId, provider: provider.name, reason: err.message },
            "provider metrics: member's grant unusable, skipping their shares",
          );
          continue;
        }
        // one share the network cannot answer for must not stop the others
        result.failed++;
        log.warn(
          { err, tenantId, shareId: share.id, provider: provider.name },
          "provider metrics: fetching a share's figures failed",
        );
      }
    }
  }
  return result;
}

/** Upserts the share's figures; marks its day dirty only when they changed (an hourly job would otherwise re-roll 30 days every hour). */
async function storeFigures(
  tx: Tx,
  share: MetricsShare,
  provider: string,
  figures: ProviderFigures,
  now: Date,
): Promise<boolean> {
  const clean = (n: number | undefined) => (n === undefined ? null : Math.max(0, Math.round(n)));
  const values = {
    provider,
    impressions: clean(figures.impressions) ?? 0,
    // db/tables/reach.ts types reactions as Generated<BigCount>, whose insert type is not a number: see the report
    reactions: (clean(figures.reactions) ?? 0) as never,
    comments: clean(figures.comments),
    reshares: clean(figures.reshares),
  };
  const before = await tx
    .selectFrom("share_metrics")
    .select(["provider", "impressions", "reactions", "comments", "reshares"])
    .where("tenant_id", "=", share.tenantId)
    .where("share_id", "=", share.id)
    .executeTakeFirst();
  await tx
    .insertInto("share_metrics")
    .values({ share_id: share.id, tenant_id: share.tenantId, ...values, fetched_at: now })
    .onConflict((oc) => oc.columns(["tenant_id", "share_id"]).doUpdateSet({ ...values, fetched_at: now }))
    .execute();
  const asText = (n: number | null) => (n === null ? null : String(n));
  const changed =
    !before ||
    before.provider !== values.provider ||
    String(before.impressions) !== String(values.impressions) ||
    String(before.reactions) !== String(values.reactions as unknown as number) ||
    (before.comments === null ? null : String(before.comments)) !== asText(values.comments) ||
    (before.reshares === null ? null : String(before.reshares)) !== asText(values.reshares);
  if (changed) await markDirtyDays(tx, share.tenantId, [share.createdAt]);
  return changed;
}
