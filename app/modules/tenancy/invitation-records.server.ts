import { sql } from "kysely";
import type { Tx } from "../../../db/client.ts";
import type { Role } from "../../../db/schema.ts";
import { appUrl } from "../../lib/env.server.ts";
import { generateToken, hashToken } from "../auth/tokens.server.ts";
import { queueEmail } from "../notifications/queue-email.server.ts";
import type { TenantInfo } from "./member.ts";

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
  /** the plain token: only ever in the email link, never stored */
  token: string;
}

/**
 * Writes the one pending invitation for an email, replacing any earlier pending (or expired) one,
 * so only the newest link works. A transaction-scoped advisory lock per tenant+email keeps two
 * concurrent invites of the same person from leaving two live links behind.
 */
export async function writeInvitation(tx: Tx, tenantId: string, invitedBy: string, draft: InvitationDraft, now = new Date()): Promise<WrittenInvitation> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`invitation:${tenantId}:${draft.email}`}, 0))`.execute(tx);
  await tx.deleteFrom("invitations").where("tenant_id", "=", tenantId).where("email", "=", draft.email).where("accepted_at", "is", null).execute();
  const token = generateToken();
  const row = await tx
    .insertInto("invitations")
    .values({
      tenant_id: tenantId,
      email: draft.email,
      name: draft.name,
      roles: draft.roles,
      team_id: draft.teamId,
      manager_id: draft.managerId,
      token_hash: hashToken(token),
      invited_by: invitedBy,
      expires_at: new Date(now.getTime() + INVITATION_TTL_MS),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, email: draft.email, name: draft.name, token };
}

export function invitationUrl(tenantSlug: string, token: string): string {
  return `${appUrl()}/t/${tenantSlug}/join?token=${token}`;
}

/**
 * Queued only after the invitation's transaction committed: a job enqueued inside it could mail a
 * link whose row was rolled back. If queueing fails after the commit, "send again" recovers.
 */
export async function queueInvitationEmails(tenant: TenantInfo, inviterName: string, invitations: readonly WrittenInvitation[]): Promise<void> {
  for (const inv of invitations) {
    await queueEmail({
      to: inv.email,
      // The invitee has no account (or no language choice) yet: the company's language is the best guess.
      locale: tenant.defaultLocale,
      template: "invitation",
      props: { url: invitationUrl(tenant.slug, inv.token), tenantName: tenant.name, inviterName, inviteeName: inv.name },
      // One mail per issued token: a new token (send again) is a new mail, a retried job is not.
      idempotencyKey: `invitation/${inv.id}/${hashToken(inv.token).slice(0, 16)}`,
    });
  }
}
