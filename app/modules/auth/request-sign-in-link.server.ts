import type { Conn } from "../../../db/client.ts";
import type { Locale } from "../../../db/schema.ts";
import { consume, signInPerEmail, signInPerIp } from "../../lib/rate-limit.server.ts";
import { queueEmail } from "../notifications/queue-email.server.ts";
import { endSignInLinks } from "./end-sign-in-links.server.ts";
import { unusableTokenHash } from "./mint-link.server.ts";

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
 * answer, so the form does not reveal who has an account. Rate-limited per email and per IP. A new
 * link ends the older ones. The link's token is minted by the send-email job (see mint-link.server.ts):
 * the row written here holds an unusable hash until then, and the job payload only its id.
 */
export async function requestSignInLink(db: Conn, input: SignInLinkRequest, now = new Date()): Promise<void> {
  const email = input.email.trim().toLowerCase();
  await consume(signInPerIp(), input.ip);
  await consume(signInPerEmail(), email);

  const user = await db.selectFrom("users").select(["id", "locale"]).where("email", "=", email).executeTakeFirst();
  if (!user) return;

  await endSignInLinks(db, email);
  const { id } = await db
    .insertInto("sign_in_tokens")
    .values({ token_hash: unusableTokenHash(), email, tenant_slug: input.tenantSlug ?? null, expires_at: new Date(now.getTime() + SIGN_IN_LINK_TTL_MINUTES * 60_000) })
    .returning("id")
    .executeTakeFirstOrThrow();
  await queueEmail({
    to: email,
    locale: user.locale ?? input.locale,
    template: "magic-link",
    link: { kind: "sign-in", id },
    props: { expiresInMinutes: SIGN_IN_LINK_TTL_MINUTES },
    idempotencyKey: `sign-in:${id}`,
  });
}
