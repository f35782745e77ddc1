import type { Tx } from "~/db/client.ts";
import { ForbiddenError, ValidationError } from "~/app/lib/errors.ts";
import { can } from "~/app/lib/permissions.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { KudosInput } from "~/app/modules/recognition/schemas.ts";

export interface KudosItem {
  id: string;
  /** the other person: the giver (received) or the recipient (given); null once their membership is gone */
  name: string | null;
  reason: string;
  createdAt: Date;
}

/**
 * A short thank-you to a colleague, with a reason. Anyone may give ("kudos.give"), never to
 * themself (also a CHECK in the table), only to an active member of the same tenant.
 */
export async function giveKudos(tx: Tx, actor: Member, raw: KudosInput): Promise<{ id: string }> {
  if (!can(actor.roles, "kudos.give")) throw new ForbiddenError();
  const input = parseInput(KudosInput, raw);
  if (input.toMembershipId === actor.id)
    throw new ValidationError("kudos to oneself", { toMembershipId: ["self"] });
  const recipient = await tx
    .selectFrom("memberships")
    .select("id")
    .where("tenant_id", "=", actor.tenantId)
    .where("id", "=", input.toMembershipId)
    .where("status", "=", "active")
    .executeTakeFirst();
  if (!recipient) throw new ValidationError("unknown recipient", { toMembershipId: ["recipient"] });
  return tx
    .insertInto("kudos")
    .values({
      tenant_id: actor.tenantId,
      from_membership_id: actor.id,
      to_membership_id: recipient.id,
      reason: input.reason,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** Colleagues one can thank: active members of the tenant except oneself, by name. */
export async function kudosRecipients(tx: Tx, actor: Member): Promise<{ id: string; name: string }[]> {
  return tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["memberships.id", "users.name"])
    .where("memberships.tenant_id", "=", actor.tenantId)
    .where("memberships.status", "=", "active")
    .where("memberships.id", "<>", actor.id)
    .orderBy("users.name")
    .orderBy("memberships.id")
    .execute();
}

/** Kudos the member received (newest first), with the giver's name. */
export async function kudosReceived(
  tx: Tx,
  member: Pick<Member, "id" | "tenantId">,
  opts: { since?: Date; until?: Date; limit?: number } = {},
): Promise<KudosItem[]> {
  let q = tx
    .selectFrom("kudos")
    .leftJoin("memberships", (j) =>
      j
        .onRef("memberships.id", "=", "kudos.from_membership_id")
        .onRef("memberships.tenant_id", "=", "kudos.tenant_id"),
    )
    .leftJoin("users", "users.id", "memberships.user_id")
    .select(["kudos.id", "users.name", "kudos.reason", "kudos.created_at"])
    .where("kudos.tenant_id", "=", member.tenantId)
    .where("kudos.to_membership_id", "=", member.id);
  if (opts.since) q = q.where("kudos.created_at", ">=", opts.since);
  if (opts.until) q = q.where("kudos.created_at", "<", opts.until);
  const rows = await q
    .orderBy("kudos.created_at", "desc")
    .orderBy("kudos.id")
    .limit(opts.limit ?? 50)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, reason: r.reason, createdAt: r.created_at }));
}

/** Kudos the member gave (newest first), with the recipient's name. */
export async function kudosGiven(tx: Tx, member: Member, limit = 20): Promise<KudosItem[]> {
  const rows = await tx
    .selectFrom("kudos")
    .innerJoin("memberships", (j) =>
      j
        .onRef("memberships.id", "=", "kudos.to_membership_id")
        .onRef("memberships.tenant_id", "=", "kudos.tenant_id"),
    )
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["kudos.id", "users.name", "kudos.reason", "kudos.created_at"])
    .where("kudos.tenant_id", "=", member.tenantId)
    .where("kudos.from_membership_id", "=", member.id)
    .orderBy("kudos.created_at", "desc")
    .orderBy("kudos.id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, reason: r.reason, createdAt: r.created_at }));
}

/** At most this many kudos per digest mail (the newest). */
export const DIGEST_KUDOS_MAX = 20;

/**
 * The kudos each of these members received in [from, to), for the weekly digest — only for
 * members who asked for them there (recognition_preferences.kudos_in_digest). Newest first.
 */
export async function kudosForDigest(
  tx: Tx,
  tenantId: string,
  membershipIds: readonly string[],
  from: Date,
  to: Date,
): Promise<Map<string, { from: string | null; reason: string }[]>> {
  const result = new Map<string, { from: string | null; reason: string }[]>();
  if (membershipIds.length === 0) return result;
  const rows = await tx
    .selectFrom("kudos")
    .innerJoin("recognition_preferences as p", (j) =>
      j.onRef("p.membership_id", "=", "kudos.to_membership_id").onRef("p.tenant_id", "=", "kudos.tenant_id"),
    )
    .leftJoin("memberships as giver", (j) =>
      j.onRef("giver.id", "=", "kudos.from_membership_id").onRef("giver.tenant_id", "=", "kudos.tenant_id"),
    )
    .leftJoin("users", "users.id", "giver.user_id")
    .select(["kudos.to_membership_id", "users.name", "kudos.reason"])
    .where("kudos.tenant_id", "=", tenantId)
    .where("kudos.to_membership_id", "in", [...membershipIds])
    .where("p.kudos_in_digest", "=", true)
    .where("kudos.created_at", ">=", from)
    .where("kudos.created_at", "<", to)
    .orderBy("kudos.created_at", "desc")
    .orderBy("kudos.id")
    .execute();
  for (const r of rows) {
    const list = result.get(r.to_membership_id) ?? [];
    if (list.length < DIGEST_KUDOS_MAX) list.push({ from: r.name, reason: r.reason });
    result.set(r.to_membership_id, list);
  }
  return result;
}
