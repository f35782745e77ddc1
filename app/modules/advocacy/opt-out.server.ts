import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { DataChoice } from "~/db/tables/advocacy.ts";
import { markSeatsDirty } from "~/app/modules/billing/account.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { forgetReachPeriods } from "~/app/modules/reach/period-rollup.server.ts";
import { holdTenantForReach } from "~/app/modules/reach/rollup.server.ts";

export interface OptOutResult {
  /** false when the member was not in the programme (a repeated click): nothing changed */
  left: boolean;
  linksStopped: number;
  sharesAnonymised: number;
}

/**
 * Leaving the programme, in one step: the open consent is withdrawn with the member's data choice,
 * tracking stops at once for every link they shared in this tenant, and with "anonymise" their
 * shares lose their owner and text (the clicks remain, as anonymous counts for the programme).
 */
export async function optOut(
  tx: Tx,
  member: Member,
  { dataChoice }: { dataChoice: DataChoice },
): Promise<OptOutResult> {
  const withdrawn = await tx
    .updateTable("advocacy_consents")
    .set({ withdrawn_at: sql<Date>`now()`, data_choice: dataChoice })
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .where("withdrawn_at", "is", null)
    .executeTakeFirst();
  if (withdrawn.numUpdatedRows === 0n) return { left: false, linksStopped: 0, sharesAnonymised: 0 };
  // one seat less on the subscription (the sync job pushes it to Stripe, debounced)
  await markSeatsDirty(tx, member.tenantId);

  // link_codes is global (no RLS): the tenant and the sharer both go in the WHERE clause. A link
  // stopped earlier keeps its first stop time.
  const stopped = await tx
    .updateTable("link_codes")
    .set({ tracking_stopped_at: sql<Date>`now()` })
    .where("tenant_id", "=", member.tenantId)
    .where("sharer_user_id", "=", member.userId)
    .where("tracking_stopped_at", "is", null)
    .executeTakeFirst();

  let sharesAnonymised = 0n;
  if (dataChoice === "anonymise") {
    // tracking is stopped above, so the self-click check no longer needs to know whose link it is
    await tx
      .updateTable("link_codes")
      .set({ sharer_user_id: null })
      .where("tenant_id", "=", member.tenantId)
      .where("sharer_user_id", "=", member.userId)
      .execute();
    const anonymised = await tx
      .updateTable("shares")
      .set({ membership_id: null, text: "" })
      .where("tenant_id", "=", member.tenantId)
      .where("membership_id", "=", member.id)
      .executeTakeFirst();
    sharesAnonymised = anonymised.numUpdatedRows;
    // The person's own reach rows join the "former members" row (key ''), also for days whose raw
    // clicks are already deleted (a re-roll could not rebuild those). Unique visitors are added up;
    // a re-roll of a day that still has raw clicks counts them exactly again.
    await holdTenantForReach(tx, member.tenantId);
    await sql`
      WITH moved AS (
        DELETE FROM reach_daily
        WHERE tenant_id = ${member.tenantId} AND dimension = 'member' AND team_scope = '' AND key = ${member.id}
        RETURNING *)
      INSERT INTO reach_daily (tenant_id, day, dimension, team_scope, key, shares, clicks, unique_visitors,
                               impressions_estimated, impressions_measured, reactions, earned_media)
      SELECT tenant_id, day, 'member', '', '', shares, clicks, unique_visitors,
             impressions_estimated, impressions_measured, reactions, earned_media
      FROM moved
      ON CONFLICT (tenant_id, dimension, team_scope, key, day) DO UPDATE SET
        shares = reach_daily.shares + excluded.shares,
        clicks = reach_daily.clicks + excluded.clicks,
        unique_visitors = reach_daily.unique_visitors + excluded.unique_visitors,
        impressions_estimated = reach_daily.impressions_estimated + excluded.impressions_estimated,
        impressions_measured = reach_daily.impressions_measured + excluded.impressions_measured,
        reactions = reach_daily.reactions + excluded.reactions,
        earned_media = reach_daily.earned_media + excluded.earned_media,
        rolled_up_at = now()`.execute(tx);
    // the shares' person is now "former members": the precomputed analytics periods counted them apart
    await forgetReachPeriods(tx, member.tenantId);
  }

  const result = {
    left: true,
    linksStopped: Number(stopped.numUpdatedRows),
    sharesAnonymised: Number(sharesAnonymised),
  };
  await recordAudit(tx, {
    tenantId: member.tenantId,
    actorUserId: member.userId,
    action: dataChoice === "anonymise" ? "advocacy.left_anonymised" : "advocacy.left",
    subject: member.id,
    data: { dataChoice, linksStopped: result.linksStopped, sharesAnonymised: result.sharesAnonymised },
  });
  return result;
}
