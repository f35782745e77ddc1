import type { Tx } from "~/db/client.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { visitBaseline, type VisitMarks } from "~/app/modules/home/visit.ts";

/** The member's visit marks (see visit.ts). */
export async function readVisitMarks(tx: Tx, member: Member): Promise<VisitMarks> {
  const row = await tx
    .selectFrom("memberships")
    .select(["hub_visited_at", "hub_new_since"])
    .where("tenant_id", "=", member.tenantId)
    .where("id", "=", member.id)
    .executeTakeFirst();
  return { visitedAt: row?.hub_visited_at ?? null, newSince: row?.hub_new_since ?? null };
}

/**
 * Records an open of the home page or the hub at `now` and returns what counts as new in it. Within
 * a visit the baseline stays, so a reload keeps the same posts new; the first open after a gap
 * starts a new visit whose baseline is the open before it.
 */
export async function noteVisit(tx: Tx, member: Member, now: Date = new Date()): Promise<Date | null> {
  const baseline = visitBaseline(await readVisitMarks(tx, member), now);
  await tx
    .updateTable("memberships")
    .set({ hub_visited_at: now, hub_new_since: baseline })
    .where("tenant_id", "=", member.tenantId)
    .where("id", "=", member.id)
    .execute();
  return baseline;
}
