import type { Conn } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";
import {
  consume,
  signInPerEmailAndIp,
  signInPerEmailHourly,
  signInPerIp,
  signInSubject,
} from "~/app/lib/rate-limit.server.ts";
import { queueEmail } from "~/app/modules/notifications/queue-email.server.ts";
import { endSignInLinks } from "~/app/modules/auth/end-sign-in-links.server.ts";
import { unusableTokenHash } from "~/app/modules/auth/mint-link.server.ts";
import { ForbiddenError } from "~/app/lib/errors.ts";
import { ssoRequiredForEmail } from "~/app/modules/sso/sso-required.server.ts";

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
 * Counts one sign-in link request against every limit it is subject to; throws RateLimitedError
 * (answered 429 with Retry-After) when one is used up. Counted before anything is looked up, so known
 * and unknown addresses are refused alike and the answer reveals nothing about accounts.
 *
 * Why three buckets, in this order: the client IP's own bucket first; then the strict one per
 * (address, IP), so a network hammering somebody's address only locks out itself; last the looser
 * hourly one per address, which bounds the mail one mailbox gets from many networks. A request
 * refused by an earlier bucket never reaches (and never uses up) a later one.
 *
 * Decision for a request beyond the per-address cap, so the person it names is harmed least: it is
 * refused (429) and does nothing else. Only a request that actually mails a new link ends the older
 * ones, and a refused request throws before that point, so the link the person already has keeps
 * working until it expires. Whoever pushed the address over its cap has, by doing so, just had links
 * mailed to that person, so the newest one is in their inbox and valid.
 */
export async function consumeSignInLimits(input: { email: string; ip: string }): Promise<void> {
  const email = normalise(input.email);
  await consume(signInPerIp(), input.ip);
  await consume(signInPerEmailAndIp(), signInSubject(email, input.ip));
  await consume(signInPerEmailHourly(), email);
}

/**
 * Emails a single-use sign-in link to a known address. Unknown addresses get no mail and the same
 * answer, so the form does not reveal who has an account. Rate-limited (consumeSignInLimits). A new
 * link ends the older ones. The link's token is minted by the send-email job (see mint-link.server.ts):
 * the row written here holds an unusable hash until then, and the job payload only its id.
 */
export async function requestSignInLink(db: Conn, input: SignInLinkRequest, now = new Date()): Promise<void> {
  await consumeSignInLimits(input);
  // A domain some tenant requires single sign-on for gets no magic link (ForbiddenError
  // "sso_required"; the page points at the provider's button). Decided by the domain alone, for known
  // and unknown addresses alike, after counting: the refusal reveals no account.
  if (await ssoRequiredForEmail(db, input.email))
    throw new ForbiddenError("single sign-on is required for this address", "sso_required");
  await sendSignInLink(db, input, now);
}

/**
 * requestSignInLink without counting: only for a caller that already counted this very request with
 * consumeSignInLimits (sign-up checks every limit before it creates the tenant).
 */
export async function sendSignInLink(db: Conn, input: SignInLinkRequest, now = new Date()): Promise<void> {
  const email = normalise(input.email);
  const user = await db
    .selectFrom("users")
    .select(["id", "locale"])
    .where("email", "=", email)
    .executeTakeFirst();
  if (!user) return;

  await endSignInLinks(db, email);
  const { id } = await db
    .insertInto("sign_in_tokens")
    .values({
      token_hash: unusableTokenHash(),
      email,
      tenant_slug: input.tenantSlug ?? null,
      expires_at: new Date(now.getTime() + SIGN_IN_LINK_TTL_MINUTES * 60_000),
    })
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

const normalise = (email: string): string => email.trim().toLowerCase();
