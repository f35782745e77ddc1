import { sql } from "kysely";
import type { Conn } from "~/db/client.ts";
import { endSignInLinks } from "~/app/modules/auth/end-sign-in-links.server.ts";
import { hashToken } from "~/app/modules/auth/tokens.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import { ssoRequiredForEmail } from "~/app/modules/sso/sso-required.server.ts";

export type SignInResult =
  | { ok: true; token: string; expiresAt: Date; userId: string; tenantSlug: string | null }
  | { ok: false; reason: "invalid" | "sso_required" };

/**
 * Redeems a sign-in link exactly once: one UPDATE marks it used only if it is unused and unexpired,
 * so two concurrent clicks cannot both succeed. Every other link of the address ends with it. Then a
 * fresh session (never a reused one). A link of an address whose domain requires single sign-on is
 * used up without a session ("sso_required"), however long ago it was mailed.
 */
export async function consumeSignInLink(db: Conn, token: string, now = new Date()): Promise<SignInResult> {
  if (!/^[a-z2-7]{32}$/.test(token)) return { ok: false, reason: "invalid" };
  const tokenHash = hashToken(token);
  const redeemed = await db
    .updateTable("sign_in_tokens")
    .set({ used_at: now })
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning(["email", "tenant_slug"])
    .executeTakeFirst();
  if (!redeemed) return { ok: false, reason: "invalid" };
  await endSignInLinks(db, redeemed.email, tokenHash);
  // Mailed before single sign-on became required for the address's domain: used up, no session.
  if (await ssoRequiredForEmail(db, redeemed.email)) return { ok: false, reason: "sso_required" };

  const user = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", redeemed.email)
    .executeTakeFirst();
  if (!user) return { ok: false, reason: "invalid" };

  // Housekeeping: used and expired links are worthless; keep the table small.
  await db
    .deleteFrom("sign_in_tokens")
    .where(sql<boolean>`expires_at < ${new Date(now.getTime() - 24 * 3600_000)}`)
    .execute();

  const session = await createSession(db, user.id, now);
  return { ok: true, ...session, userId: user.id, tenantSlug: redeemed.tenant_slug };
}
