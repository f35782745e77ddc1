import type { Conn } from "../../../db/client.ts";
import type { Locale } from "../../../db/schema.ts";
import { appUrl } from "../../lib/env.server.ts";
import { consume, signInPerEmail, signInPerIp } from "../../lib/rate-limit.server.ts";
import { queueEmail } from "../notifications/queue-email.server.ts";
import { generateToken, hashToken } from "./tokens.server.ts";

export const SIGN_IN_LINK_TTL_MINUTES = 10;

export interface SignInLinkRequest {
  email: string;
  ip: string;
  /** the language of the page the request came from; a known user's own choice wins */
  locale: Locale;
  /** land in this tenant after signing in */
  tenantSlug?: string | undefined;
}

/**
 * Emails a single-use sign-in link to a known address. Unknown addresses get no mail and the same
 * answer, so the form does not reveal who has an account. Rate-limited per email and per IP.
 */
export async function requestSignInLink(db: Conn, input: SignInLinkRequest, now = new Date()): Promise<void> {
  const email = input.email.trim().toLowerCase();
  await consume(signInPerIp(), input.ip);
  await consume(signInPerEmail(), email);

  const user = await db.selectFrom("users").select(["id", "locale"]).where("email", "=", email).executeTakeFirst();
  if (!user) return;

  const token = generateToken();
  const tokenHash = hashToken(token);
  await db
    .insertInto("sign_in_tokens")
    .values({ token_hash: tokenHash, email, tenant_slug: input.tenantSlug ?? null, expires_at: new Date(now.getTime() + SIGN_IN_LINK_TTL_MINUTES * 60_000) })
    .execute();
  await queueEmail({
    to: email,
    locale: user.locale ?? input.locale,
    template: "magic-link",
    props: { url: `${appUrl()}/login/verify?token=${token}`, expiresInMinutes: SIGN_IN_LINK_TTL_MINUTES },
    idempotencyKey: `sign-in:${tokenHash}`,
  });
}
