import type { Conn, Tx } from "~/db/client.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { generateToken, hashToken } from "~/app/modules/auth/tokens.server.ts";
import type { InvitationLinkRef, SignInLinkRef } from "~/jobs/contracts/send-email.ts";

/**
 * Sign-in and invitation mails carry a secret link, and a job payload is not a place for secrets: it
 * sits in Redis, in BullMQ's lists of completed and failed jobs, and in job_failures. So the payload
 * names the row (SignInLinkRef, InvitationLinkRef in jobs/contracts/send-email.ts) and the send-email job mints the token when it
 * renders the mail: a fresh token whose hash replaces the row's, which until then held the hash of a
 * token nobody ever had (an unusable link). Only the hash is stored, as before.
 *
 * Minting again replaces the token. A job retried after its mail failed to go out mails a working
 * link; in the rare case that a mail went out and the job still ran again (a crash between sending
 * and finishing), the person gets a second mail and only the newer link works. A job for a link
 * that was superseded, redeemed or has expired mints nothing and sends nothing.
 *
 * Why not encrypt the token into the payload: SECRETS_KEY is optional (and rotates), and a key that
 * lives next to the ciphertext protects nothing.
 */

/** The hash of a token nobody holds: what a row stores until its link is minted. */
export function unusableTokenHash(): string {
  return hashToken(generateToken());
}

/** A working sign-in URL for the row, or null when the link is gone (superseded, used, expired). */
export async function mintSignInLink(db: Conn, ref: SignInLinkRef, now = new Date()): Promise<string | null> {
  const token = generateToken();
  const minted = await db
    .updateTable("sign_in_tokens")
    .set({ token_hash: hashToken(token) })
    .where("id", "=", ref.id)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning("id")
    .executeTakeFirst();
  return minted ? `${appUrl()}/login/verify?token=${token}` : null;
}

/** A working invitation URL for this issue of the invitation, or null (renewed, accepted, withdrawn, expired). */
export async function mintInvitationLink(
  tx: Tx,
  ref: InvitationLinkRef,
  now = new Date(),
): Promise<string | null> {
  const tenant = await tx
    .selectFrom("tenants")
    .select("slug")
    .where("id", "=", ref.tenantId)
    .executeTakeFirst();
  if (!tenant) return null;
  const token = generateToken();
  const minted = await tx
    .updateTable("invitations")
    .set({ token_hash: hashToken(token) })
    .where("tenant_id", "=", ref.tenantId)
    .where("id", "=", ref.id)
    .where("expires_at", "=", new Date(ref.expiresAt))
    .where("expires_at", ">", now)
    .where("accepted_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  return minted ? invitationUrl(tenant.slug, token) : null;
}

export function invitationUrl(tenantSlug: string, token: string): string {
  return `${appUrl()}/t/${tenantSlug}/join?token=${token}`;
}
