import type { Conn } from "~/db/client.ts";

/**
 * Ends every sign-in link of this address except `keepTokenHash`: a new request makes the older
 * links worthless, and signing in (with a link or an invitation) ends the rest, so a link left in a
 * mailbox cannot be used later by whoever reads that mailbox next.
 */
export async function endSignInLinks(db: Conn, email: string, keepTokenHash?: string): Promise<void> {
  let query = db.deleteFrom("sign_in_tokens").where("email", "=", email);
  if (keepTokenHash !== undefined) query = query.where("token_hash", "!=", keepTokenHash);
  await query.execute();
}
