import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import { afterCommit } from "~/db/tenant.ts";
import { enqueue } from "~/jobs/queue.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { ReachSettingsInput } from "~/app/modules/reach/settings.ts";

/**
 * Saves the tenant's reach settings and, once committed, re-rolls every day: factors, CPM, CPC and
 * currency are baked into reach_daily, so the old rows would otherwise mix old and new settings.
 */
export async function saveReachSettings(tx: Tx, actor: Member, raw: ReachSettingsInput): Promise<void> {
  const input = parseInput(ReachSettingsInput, raw);
  // raw SQL: the numeric columns' Kysely types (Generated<ColumnType>) do not accept plain numbers
  await sql`
    INSERT INTO reach_settings (tenant_id, impression_factors, cpm, cpc, currency, min_group_size, click_retention_days, updated_by, updated_at)
    VALUES (${actor.tenantId}, ${JSON.stringify(input.impressionFactors)}::jsonb, ${input.cpm}, ${input.cpc}, ${input.currency},
            ${input.minGroupSize}, ${input.clickRetentionDays}, ${actor.id}, now())
    ON CONFLICT (tenant_id) DO UPDATE SET
      impression_factors = excluded.impression_factors, cpm = excluded.cpm, cpc = excluded.cpc, currency = excluded.currency,
      min_group_size = excluded.min_group_size, click_retention_days = excluded.click_retention_days,
      updated_by = excluded.updated_by, updated_at = excluded.updated_at`.execute(tx);
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "reach.settings_updated",
    data: input,
  });
  afterCommit(tx, () => enqueue("rollup-reach", { tenantId: actor.tenantId, all: true }));
}
