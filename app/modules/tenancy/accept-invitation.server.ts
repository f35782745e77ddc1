import { sql } from "kysely";
import type { DB, Tx } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { ValidationError } from "~/app/lib/errors.ts";
import { endSignInLinks } from "~/app/modules/auth/end-sign-in-links.server.ts";
import { hashToken } from "~/app/modules/auth/tokens.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { ensureUser } from "~/app/modules/tenancy/create-tenant.server.ts";
import { findTenantBySlug } from "~/app/modules/tenancy/find-membership.server.ts";
import { assertNoReportingCycle } from "~/app/modules/tenancy/member-rules.server.ts";

const TOKEN_SHAPE = /^[a-z2-7]{32}$/;

export interface InvitationView {
  tenantName: string;
  inviterName: string | null;
  inviteeName: string;
  email: string;
  roles: Role[];
}

/** What the join page shows. Reading never consumes the token: mail scanners prefetch links. */
export async function findInvitation(
  db: DB,
  tenantSlug: string,
  token: string,
  now = new Date(),
): Promise<InvitationView | undefined> {
  if (!TOKEN_SHAPE.test(token)) return undefined;
  const tenant = await findTenantBySlug(db, tenantSlug);
  if (!tenant) return undefined;
  const row = await withTenant(db, tenant.id, (tx) =>
    tx
      .selectFrom("invitations")
      .leftJoin("users as inviter", "inviter.id", "invitations.invited_by")
      .select(["invitations.name", "invitations.email", "invitations.roles", "inviter.name as inviterName"])
      .where("invitations.tenant_id", "=", tenant.id)
      .where("invitations.token_hash", "=", hashToken(token))
      .where("invitations.accepted_at", "is", null)
      .where("invitations.expires_at", ">", now)
      .executeTakeFirst(),
  );
  return (
    row && {
      tenantName: tenant.name,
      inviterName: row.inviterName,
      inviteeName: row.name,
      email: row.email,
      roles: row.roles,
    }
  );
}

export type AcceptInvitationResult =
  { ok: true; userId: string; email: string; tenantSlug: string } | { ok: false };

/**
 * Redeems an invitation exactly once: one UPDATE marks it accepted only while it is unaccepted and
 * unexpired, so two concurrent clicks cannot both succeed. Then the user (global, by email) and the
 * membership. A deactivated member comes back only through a new invitation: deactivation deletes
 * their pending ones, so any invitation still open for them was issued afterwards, on purpose.
 * Opening the emailed link proves the address, so the caller signs the person in, and like any
 * sign-in it ends the address's outstanding sign-in links.
 */
export async function acceptInvitation(
  db: DB,
  tenantSlug: string,
  token: string,
  now = new Date(),
): Promise<AcceptInvitationResult> {
  if (!TOKEN_SHAPE.test(token)) return { ok: false };
  const tenant = await findTenantBySlug(db, tenantSlug);
  if (!tenant) return { ok: false };
  return withTenant(db, tenant.id, async (tx) => {
    const inv = await tx
      .updateTable("invitations")
      .set({ accepted_at: now })
      .where("tenant_id", "=", tenant.id)
      .where("token_hash", "=", hashToken(token))
      .where("accepted_at", "is", null)
      .where("expires_at", ">", now)
      .returningAll()
      .executeTakeFirst();
    if (!inv) return { ok: false };

    const userId = await ensureUser(tx, inv.email, inv.name);
    await endSignInLinks(tx, inv.email);
    // The manager may have been deactivated since the invitation was written.
    const manager = inv.manager_id
      ? await tx
          .selectFrom("memberships")
          .select("id")
          .where("tenant_id", "=", tenant.id)
          .where("id", "=", inv.manager_id)
          .where("status", "=", "active")
          .executeTakeFirst()
      : undefined;
    const values = {
      roles: inv.roles,
      team_id: inv.team_id,
      manager_id: manager?.id ?? null,
      status: "active" as const,
    };
    const upserted = await tx
      .insertInto("memberships")
      .values({ tenant_id: tenant.id, user_id: userId, ...values })
      // Reactivation takes the new invitation's roles; an already active member keeps theirs.
      .onConflict((oc) =>
        oc
          .constraint("memberships_tenant_user_key")
          .doUpdateSet(values)
          .where("memberships.status", "=", "deactivated"),
      )
      .returning("id")
      .executeTakeFirst();
    const membershipId =
      upserted?.id ??
      (
        await tx
          .selectFrom("memberships")
          .select("id")
          .where("tenant_id", "=", tenant.id)
          .where("user_id", "=", userId)
          .executeTakeFirstOrThrow()
      ).id;

    const linked = await resolveWaitingReports(tx, tenant.id, inv.email, membershipId);
    await recordAudit(tx, {
      tenantId: tenant.id,
      actorUserId: userId,
      action: "member.joined",
      subject: membershipId,
      data: { invitationId: inv.id, reportsLinked: linked },
    });
    return { ok: true, userId, email: inv.email, tenantSlug: tenant.slug };
  });
}

/**
 * A CSV import may name a manager who is only invited in the same file. invitations.manager_id can
 * only point at an existing membership, so the import records the manager's email on the
 * invitation's "member.invited" audit event (pendingManagerEmail) and leaves manager_id null.
 * When that manager joins, this links every invitation still waiting for them, and the membership
 * of anyone who already joined from such an invitation (unless an admin has set a manager since).
 * Setting manager_id on the invitation marks it resolved, so a later rejoin cannot re-link it.
 */
async function resolveWaitingReports(
  tx: Tx,
  tenantId: string,
  managerEmail: string,
  managerId: string,
): Promise<number> {
  const { rows: waiting } = await sql<{ id: string; email: string; accepted: boolean }>`
    select i.id, i.email, i.accepted_at is not null as accepted
      from invitations i
      join audit_events a on a.tenant_id = i.tenant_id and a.action = 'member.invited' and a.subject = i.id::text
     where i.tenant_id = ${tenantId} and i.manager_id is null and a.data->>'pendingManagerEmail' = ${managerEmail}`.execute(
    tx,
  );
  let linked = 0;
  for (const w of waiting) {
    if (w.accepted) {
      const report = await tx
        .selectFrom("memberships")
        .innerJoin("users", "users.id", "memberships.user_id")
        .select(["memberships.id", "memberships.manager_id"])
        .where("memberships.tenant_id", "=", tenantId)
        .where("users.email", "=", w.email)
        .executeTakeFirst();
      if (
        report &&
        report.manager_id === null &&
        report.id !== managerId &&
        (await wouldNotLoop(tx, tenantId, report.id, managerId))
      ) {
        await tx
          .updateTable("memberships")
          .set({ manager_id: managerId })
          .where("tenant_id", "=", tenantId)
          .where("id", "=", report.id)
          .execute();
        linked++;
      }
    }
    await tx
      .updateTable("invitations")
      .set({ manager_id: managerId })
      .where("tenant_id", "=", tenantId)
      .where("id", "=", w.id)
      .execute();
  }
  return linked;
}

async function wouldNotLoop(tx: Tx, tenantId: string, memberId: string, managerId: string): Promise<boolean> {
  try {
    await assertNoReportingCycle(tx, tenantId, memberId, managerId);
    return true;
  } catch (error) {
    if (error instanceof ValidationError) return false;
    throw error;
  }
}
