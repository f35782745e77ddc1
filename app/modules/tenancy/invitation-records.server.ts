import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { unusableTokenHash } from "~/app/modules/auth/mint-link.server.ts";
import { queueEmail } from "~/app/modules/notifications/queue-email.server.ts";
import type { TenantInfo } from "~/app/modules/tenancy/member.ts";

/** Long enough for someone back from a week off; short enough that a forwarded old mail goes stale. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface InvitationDraft {
  email: string;
  name: string;
  roles: Role[];
  teamId: string | null;
  managerId: string | null;
}

export interface WrittenInvitation {
  id: string;
  email: string;
  name: string;
  /** identifies this issue of the invitation to the send-email job, which mints its link */
  expiresAt: Date;
}

/**
 * Writes the one pending invitation per email, replacing any earlier pending (or expired) one, so
 * only the newest link works. Transaction-scoped advisory locks per tenant+email (taken in sorted
 * order, so two imports cannot deadlock) keep concurrent invites of one person from leaving two
 * live links behind. Set-based: a 1,000-row import is a handful of statements, not thousands.
 */
export async function writeInvitations(
  tx: Tx,
  tenantId: string,
  invitedBy: string,
  drafts: readonly InvitationDraft[],
  now = new Date(),
): Promise<WrittenInvitation[]> {
  if (drafts.length === 0) return [];
  const emails = [...new Set(drafts.map((d) => d.email))].sort();
  const keys = emails.map((e) => `invitation:${tenantId}:${e}`);
  await sql`select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(${keys}::text[]) with ordinality as l(k, n) order by n`.execute(
    tx,
  );
  await tx
    .deleteFrom("invitations")
    .where("tenant_id", "=", tenantId)
    .where("email", "in", emails)
    .where("accepted_at", "is", null)
    .execute();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const rows = await tx
    .insertInto("invitations")
    .values(
      drafts.map((d) => ({
        tenant_id: tenantId,
        email: d.email,
        name: d.name,
        roles: d.roles,
        team_id: d.teamId,
        manager_id: d.managerId,
        // No link yet: the send-email job mints it (see mint-link.server.ts).
        token_hash: unusableTokenHash(),
        invited_by: invitedBy,
        expires_at: expiresAt,
      })),
    )
    .returning(["id", "email", "name", "expires_at"])
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, name: r.name, expiresAt: r.expires_at }));
}

/**
 * Queued only after the invitation's transaction committed (callers pass it to afterCommit): a job
 * enqueued inside it could mail a link whose row was rolled back. If queueing fails after the
 * commit, it is logged and "send again" recovers.
 */
export async function queueInvitationEmails(
  tenant: TenantInfo,
  inviterName: string,
  invitations: readonly WrittenInvitation[],
): Promise<void> {
  for (const inv of invitations) {
    await queueEmail({
      to: inv.email,
      // The invitee has no account (or no language choice) yet: the company's language is the best guess.
      locale: tenant.defaultLocale,
      template: "invitation",
      link: { kind: "invitation", tenantId: tenant.id, id: inv.id, expiresAt: inv.expiresAt.toISOString() },
      props: { tenantName: tenant.name, inviterName, inviteeName: inv.name },
      // One mail per issue: "send again" is a new mail, a retried job is not.
      idempotencyKey: `invitation/${inv.id}/${inv.expiresAt.getTime()}`,
    });
  }
}
