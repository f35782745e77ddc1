import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import { afterCommit } from "~/db/tenant.ts";
import { NotFoundError } from "~/app/lib/errors.ts";
import { parseInput } from "~/app/lib/validation.ts";
import { logger } from "~/runtime/logger.server.ts";
import { invalidateAllSessions } from "~/app/modules/auth/session.server.ts";
import { markSeatsDirty } from "~/app/modules/billing/account.server.ts";
import { transition } from "~/app/modules/goals/agreement-steps.server.ts";
import { readLinkedInGrant, revokeLinkedInGrant } from "~/app/modules/privacy/erase-linkedin.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { MemberRef } from "~/app/modules/tenancy/member-schemas.ts";
import { assertKeepsAnAdmin, assertNotErased } from "~/app/modules/tenancy/member-rules.server.ts";

/**
 * Who ends (or restores) a membership: an admin on the member's page, or the company's directory
 * through SCIM (`actorUserId` null, `tokenId` the SCIM token). The admin's own rules (not
 * themself) stay in deactivateMember; the rules that differ by `via` are here.
 */
export interface Deprovisioner {
  tenantId: string;
  actorUserId: string | null;
  via: "admin" | "scim";
  tokenId?: string;
}

export interface DeprovisionOutcome {
  /** false: the membership was deactivated already (nothing but leftovers was cleaned) */
  deactivated: boolean;
  sessionsEnded: number;
  tokensRevoked: number;
  agreementsWithdrawn: number;
  /** LinkedIn grants deleted here; the revocation at LinkedIn runs after the commit */
  linkedinRevoked: number;
  invitationsDeleted: number;
  /** personal Slack digest subscriptions deleted: a leaver gets no more direct messages */
  chatDigestsDeleted: number;
  /** SCIM took the tenant's last active admin: nobody can administer the tenant until one is restored */
  lastAdmin: boolean;
}

/** Recorded with the agreements a leaver's deprovisioning withdrew (the table has no reason column). */
export const DEPROVISION_WITHDRAW_REASON = "member deprovisioned";

/**
 * A leaver loses access at once, in one transaction: the membership is deactivated (every request
 * checks it), every session of the person ends unless they are an active member of another
 * company (sessions are global per user; ending them there too would let any company's directory
 * sign a stranger out), the API tokens they created in this tenant are revoked, their LinkedIn grant is deleted
 * (and revoked at LinkedIn after the commit: no network call holds the transaction), open goal
 * agreements where they are employee or manager are withdrawn, pending invitations to their
 * address go, and their personal Slack digest ends (no more direct messages to a leaver; reactivation
 * does not bring it back). Released credit statements stay for the period's records, as after any
 * deactivation.
 *
 * Idempotent: the second call finds nothing to change, records nothing and reports zeros. A
 * membership deactivated before (by an older version) has its leftovers cleaned, but its person's
 * sessions are not ended again — they may be signed in to another tenant.
 *
 * The last active admin: an admin deprovisioning is refused ("last_admin"); the directory is
 * obeyed. SCIM is the company's source of truth for who works there, and refusing would keep a
 * leaver signed in with admin rights; the audit event says `lastAdmin: true`.
 */
export async function deprovisionMember(
  tx: Tx,
  by: Deprovisioner,
  memberId: string,
  opts: { now?: Date } = {},
): Promise<DeprovisionOutcome> {
  const ref = parseInput(MemberRef, { memberId });
  const now = opts.now ?? new Date();
  const target = await tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select([
      "memberships.id",
      "memberships.user_id",
      "memberships.roles",
      "memberships.status",
      "users.email",
    ])
    .where("memberships.tenant_id", "=", by.tenantId)
    .where("memberships.id", "=", ref.memberId)
    .forUpdate("memberships")
    .executeTakeFirst();
  if (!target) throw new NotFoundError("member");
  await assertNotErased(tx, by.tenantId, target.id);

  let lastAdmin = false;
  if (target.status === "active" && target.roles.includes("admin")) {
    if (by.via === "admin") await assertKeepsAnAdmin(tx, by.tenantId, target.id);
    else lastAdmin = !(await anotherActiveAdmin(tx, by.tenantId, target.id));
  }

  const deactivated =
    (
      await tx
        .updateTable("memberships")
        .set({ status: "deactivated" })
        .where("tenant_id", "=", by.tenantId)
        .where("id", "=", target.id)
        .where("status", "=", "active")
        .executeTakeFirst()
    ).numUpdatedRows === 1n;
  // Same transaction: if anything here fails, nobody is signed out for nothing. Sessions are
  // global per person: while they are an active member of another company, theirs stays (every
  // request here checks the membership, which is deactivated now) — else any company's directory
  // could provision a stranger's address and sign them out of their employer again and again.
  const sessionsEnded =
    deactivated && !(await activeElsewhere(tx, by.tenantId, target.user_id))
      ? await invalidateAllSessions(tx, target.user_id)
      : 0;

  const invitationsDeleted = Number(
    (
      await tx
        .deleteFrom("invitations")
        .where("tenant_id", "=", by.tenantId)
        .where("email", "=", target.email)
        .where("accepted_at", "is", null)
        .executeTakeFirst()
    ).numDeletedRows,
  );

  // api_tokens.created_by is the user; the tenant filter keeps their tokens in other tenants.
  const tokens = await tx
    .updateTable("api_tokens")
    .set({ revoked_at: now })
    .where("tenant_id", "=", by.tenantId)
    .where("created_by", "=", target.user_id)
    .where("revoked_at", "is", null)
    .returning("id")
    .execute();

  const linkedinRevoked = await dropLinkedInGrant(tx, by.tenantId, target.id);
  const agreementsWithdrawn = await withdrawOpenAgreements(tx, by.tenantId, target.id);
  const chatDigestsDeleted = Number(
    (
      await tx
        .deleteFrom("chat_digest_subscriptions")
        .where("tenant_id", "=", by.tenantId)
        .where("membership_id", "=", target.id)
        .executeTakeFirst()
    ).numDeletedRows,
  );

  const outcome: DeprovisionOutcome = {
    deactivated,
    sessionsEnded,
    tokensRevoked: tokens.length,
    agreementsWithdrawn,
    linkedinRevoked,
    invitationsDeleted,
    chatDigestsDeleted,
    lastAdmin,
  };
  const changed =
    deactivated ||
    invitationsDeleted + tokens.length + linkedinRevoked + agreementsWithdrawn + chatDigestsDeleted > 0;
  if (changed) {
    await recordAudit(tx, {
      tenantId: by.tenantId,
      actorUserId: by.actorUserId,
      // the admin's page has always written member.deactivated; the directory's is told apart by name
      action: by.via === "admin" ? "member.deactivated" : "member.deprovisioned",
      subject: target.id,
      data: {
        via: by.via,
        tokenId: by.tokenId ?? null,
        sessionsEnded,
        tokensRevoked: tokens.length,
        revokedTokenIds: tokens.map((t) => t.id),
        agreementsWithdrawn,
        withdrawReason: agreementsWithdrawn > 0 ? DEPROVISION_WITHDRAW_REASON : null,
        linkedinRevoked,
        invitationsDeleted,
        chatDigestsDeleted,
        ...(lastAdmin ? { lastAdmin } : {}),
      },
    });
  }
  if (lastAdmin)
    logger.warn({ tenantId: by.tenantId, memberId: target.id }, "SCIM deprovisioned the last active admin");
  // seats count active members only
  if (deactivated) await markSeatsDirty(tx, by.tenantId);
  return outcome;
}

/**
 * Brings a deactivated member back with their previous roles, team and manager — and nothing of
 * what deprovisioning ended: no session, token or LinkedIn grant returns (they sign in again and
 * reconnect; a personal Slack digest they ask for again). False when the membership was active already (SCIM repeats itself).
 */
export async function reprovisionMember(
  tx: Tx,
  by: Deprovisioner,
  memberId: string,
): Promise<{ reactivated: boolean }> {
  const ref = parseInput(MemberRef, { memberId });
  const target = await tx
    .selectFrom("memberships")
    .select(["id", "status"])
    .where("tenant_id", "=", by.tenantId)
    .where("id", "=", ref.memberId)
    .forUpdate()
    .executeTakeFirst();
  if (!target) throw new NotFoundError("member");
  await assertNotErased(tx, by.tenantId, target.id);
  if (target.status !== "deactivated") return { reactivated: false };
  await tx
    .updateTable("memberships")
    .set({ status: "active" })
    .where("tenant_id", "=", by.tenantId)
    .where("id", "=", target.id)
    .execute();
  await recordAudit(tx, {
    tenantId: by.tenantId,
    actorUserId: by.actorUserId,
    action: by.via === "admin" ? "member.reactivated" : "member.reprovisioned",
    subject: target.id,
    data: { via: by.via, tokenId: by.tokenId ?? null },
  });
  await markSeatsDirty(tx, by.tenantId);
  return { reactivated: true };
}

/**
 * Whether the person is an active member of another tenant (user_tenants: active memberships only).
 * Only as good as user_tenants: under a non-superuser owner (production) FORCE RLS limits it to this
 * transaction's tenant (see 223d8b3), so there it answers false and sessions end as before.
 */
async function activeElsewhere(tx: Tx, tenantId: string, userId: string): Promise<boolean> {
  const { rows } = await sql<{ tenant_id: string }>`select tenant_id from user_tenants(${userId})`.execute(
    tx,
  );
  return rows.some((r) => r.tenant_id !== tenantId);
}

async function anotherActiveAdmin(tx: Tx, tenantId: string, exceptId: string): Promise<boolean> {
  const row = await tx
    .selectFrom("memberships")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("status", "=", "active")
    .where("id", "<>", exceptId)
    .where(sql<boolean>`'admin' = any(roles)`)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Deletes the member's LinkedIn grant and, once the deletion has committed, revokes the token at
 * LinkedIn with the erasure's call (POST /oauth/v2/revoke). The opened token lives only in this
 * closure, never in a job payload (0019); if the process dies between commit and call, the token
 * is gone here and expires at LinkedIn within 60 days. A grant that cannot be opened (no key on the
 * server, no app) is deleted all the same.
 */
async function dropLinkedInGrant(tx: Tx, tenantId: string, membershipId: string): Promise<number> {
  const { grant } = await readLinkedInGrant(tx, tenantId, membershipId);
  const deleted = await tx
    .deleteFrom("linkedin_connections")
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .executeTakeFirst();
  if (grant) {
    afterCommit(tx, async () => {
      if (!(await revokeLinkedInGrant(grant)))
        logger.warn({ tenantId, membershipId }, "deprovisioning: LinkedIn did not confirm the revocation");
    });
  }
  return Number(deleted.numDeletedRows);
}

/**
 * Open proposals (proposed, commented) where the leaver is the employee or the manager: nobody is
 * left to answer them. Accepted agreements stay and settle with the period, as before.
 */
async function withdrawOpenAgreements(tx: Tx, tenantId: string, membershipId: string): Promise<number> {
  const open = await tx
    .selectFrom("goal_agreements")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where((eb) => eb.or([eb("employee_id", "=", membershipId), eb("manager_id", "=", membershipId)]))
    .where("status", "in", ["proposed", "commented"])
    .orderBy("id")
    .forUpdate()
    .execute();
  for (const agreement of open)
    await transition(tx, tenantId, agreement.id, ["proposed", "commented"], { status: "withdrawn" });
  return open.length;
}
