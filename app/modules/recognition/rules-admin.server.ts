import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import { ForbiddenError, ValidationError } from "~/app/lib/errors.ts";
import { can } from "~/app/lib/permissions.ts";
import { todayIn } from "~/app/lib/days.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { rulesVersions } from "~/app/modules/recognition/ledger.server.ts";
import { NewRulesVersionInput, versionInForce, type RulesVersion } from "~/app/modules/recognition/rules.ts";

/** The tenant's "today" (its time zone): rules versions start on tenant-local days. */
export async function tenantToday(tx: Tx, tenantId: string, now: Date = new Date()): Promise<string> {
  const tenant = await tx
    .selectFrom("tenants")
    .select("time_zone")
    .where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
  return todayIn(tenant.time_zone, now);
}

export interface RulesOverview {
  today: string;
  /** in force today (id "default" when the tenant has no version yet) */
  current: RulesVersion;
  /** taking effect after today, soonest first */
  upcoming: RulesVersion[];
  /** earlier versions, newest first (they still apply to the activities of their days) */
  past: RulesVersion[];
}

export async function rulesOverview(
  tx: Tx,
  tenantId: string,
  now: Date = new Date(),
): Promise<RulesOverview> {
  const today = await tenantToday(tx, tenantId, now);
  const all = await rulesVersions(tx, tenantId);
  const current = versionInForce(all, today);
  return {
    today,
    current,
    upcoming: all.filter((v) => v.effectiveFrom > today),
    past: all.filter((v) => v.effectiveFrom <= today && v.id !== current.id).reverse(),
  };
}

/**
 * Adds a rules version (admin, "recognition.manage"). It takes effect on a tenant-local day that is
 * today or later, never earlier: points already awarded keep the rules they were computed with, so
 * the past is never rewritten. One version per day; a second one for the same day is refused.
 */
export async function addRulesVersion(
  tx: Tx,
  actor: Member,
  raw: NewRulesVersionInput,
  now: Date = new Date(),
): Promise<RulesVersion> {
  if (!can(actor.roles, "recognition.manage")) throw new ForbiddenError();
  const input = parseInput(NewRulesVersionInput, raw);
  // one admin at a time per tenant: "is this day free?" and the insert must not interleave
  await sql`select pg_advisory_xact_lock(hashtext('points-rules:' || ${actor.tenantId}))`.execute(tx);
  const today = await tenantToday(tx, actor.tenantId, now);
  if (input.effectiveFrom < today)
    throw new ValidationError("a rules version cannot start in the past", { effectiveFrom: ["in_past"] });
  const taken = await tx
    .selectFrom("points_rules")
    .select("id")
    .where("tenant_id", "=", actor.tenantId)
    .where("effective_from", "=", input.effectiveFrom)
    .executeTakeFirst();
  if (taken)
    throw new ValidationError("a version already starts that day", { effectiveFrom: ["version_exists"] });
  const row = await tx
    .insertInto("points_rules")
    .values({
      tenant_id: actor.tenantId,
      effective_from: input.effectiveFrom,
      rules: JSON.stringify(input.rules),
      created_by: actor.id,
    })
    .returning(["id", "effective_from"])
    .executeTakeFirstOrThrow();
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "recognition.rules_added",
    subject: row.id,
    data: { ...input },
  });
  return { id: row.id, effectiveFrom: row.effective_from, rules: input.rules };
}
