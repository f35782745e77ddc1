import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import { ConflictError, ForbiddenError } from "~/app/lib/errors.ts";
import { can } from "~/app/lib/permissions.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { PublishGuidelinesInput } from "~/app/modules/advocacy/schemas.ts";
import { parseInput } from "~/app/lib/validation.ts";

export interface Guidelines {
  version: number;
  bodyDe: string;
  bodyEn: string;
  publishedAt: Date;
}

export interface GuidelinesVersionSummary {
  version: number;
  publishedAt: Date;
  publishedByName: string | null;
  acknowledgedCount: number;
}

/** The tenant's newest guidelines, or null when none were published yet. */
export async function getCurrentGuidelines(tx: Tx, tenantId: string): Promise<Guidelines | null> {
  const row = await tx
    .selectFrom("guidelines")
    .select(["version", "body_de", "body_en", "published_at"])
    .where("tenant_id", "=", tenantId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  return row
    ? { version: row.version, bodyDe: row.body_de, bodyEn: row.body_en, publishedAt: row.published_at }
    : null;
}

/** When the member acknowledged this version, or null. */
export async function getAcknowledgement(tx: Tx, member: Member, version: number): Promise<Date | null> {
  const row = await tx
    .selectFrom("guideline_acknowledgements")
    .select("acknowledged_at")
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .where("version", "=", version)
    .executeTakeFirst();
  return row?.acknowledged_at ?? null;
}

/** Every published version, newest first (a count of acknowledgements, not who: that is personal). */
export async function listGuidelineVersions(tx: Tx, tenantId: string): Promise<GuidelinesVersionSummary[]> {
  const rows = await tx
    .selectFrom("guidelines as g")
    .leftJoin("memberships as m", (j) =>
      j.onRef("m.id", "=", "g.published_by").onRef("m.tenant_id", "=", "g.tenant_id"),
    )
    .leftJoin("users as u", "u.id", "m.user_id")
    .select((eb) => [
      "g.version",
      "g.published_at",
      "u.name",
      eb
        .selectFrom("guideline_acknowledgements as a")
        .select(sql<number>`count(*)::int`.as("n"))
        .whereRef("a.tenant_id", "=", "g.tenant_id")
        .whereRef("a.version", "=", "g.version")
        .as("acknowledged"),
    ])
    .where("g.tenant_id", "=", tenantId)
    .orderBy("g.version", "desc")
    .execute();
  return rows.map((r) => ({
    version: r.version,
    publishedAt: r.published_at,
    publishedByName: r.name,
    acknowledgedCount: r.acknowledged ?? 0,
  }));
}

/**
 * Publishes a new version (the newest + 1). Acknowledgements belong to a version, so everyone has
 * to read and accept the new one before sharing again.
 */
export async function publishGuidelines(
  tx: Tx,
  actor: Member,
  raw: PublishGuidelinesInput,
): Promise<{ version: number }> {
  if (!can(actor.roles, "guidelines.manage")) throw new ForbiddenError();
  const input = parseInput(PublishGuidelinesInput, raw);
  // Serialises publications per tenant: two admins publishing at once get versions n and n+1,
  // not a unique violation.
  await sql`select pg_advisory_xact_lock(hashtext('guidelines:' || ${actor.tenantId}))`.execute(tx);
  const newest = await tx
    .selectFrom("guidelines")
    .select((eb) => eb.fn.max("version").as("version"))
    .where("tenant_id", "=", actor.tenantId)
    .executeTakeFirst();
  const version = (newest?.version ?? 0) + 1;
  await tx
    .insertInto("guidelines")
    .values({
      tenant_id: actor.tenantId,
      version,
      body_de: input.bodyDe,
      body_en: input.bodyEn,
      published_by: actor.id,
    })
    .execute();
  await recordAudit(tx, {
    tenantId: actor.tenantId,
    actorUserId: actor.userId,
    action: "guidelines.published",
    subject: String(version),
  });
  return { version };
}

/**
 * The member read and accepts `version`, which must be the newest one: accepting an outdated page
 * (a tab left open while a new version was published) would not cover the current rules.
 */
export async function acknowledgeGuidelines(tx: Tx, member: Member, version: number): Promise<void> {
  const current = await getCurrentGuidelines(tx, member.tenantId);
  if (!current || current.version !== version)
    throw new ConflictError("not the current guidelines version", "guidelines_outdated");
  await tx
    .insertInto("guideline_acknowledgements")
    .values({ tenant_id: member.tenantId, membership_id: member.id, version })
    .onConflict((oc) => oc.columns(["tenant_id", "membership_id", "version"]).doNothing())
    .execute();
}
