/**
 * Signing in without the mail round trip: a session row made by the app's own createSession, and the
 * cookie the app's serializeSessionCookie would set (app/modules/auth/cookie.server.ts). The e2e app
 * runs with NODE_ENV=production (playwright.config.ts), so the cookie is `__Host-chorus_session`,
 * Secure, HttpOnly, SameSite=Lax, Path=/, host-only, until the session's absolute expiry. Chromium
 * counts http://localhost as a secure origin, so a Secure cookie is sent to it.
 *
 * Only the sign-in itself goes through the mail (foundation.spec.ts: sign-up, sign-in, invitation).
 */
import type { BrowserContext } from "@playwright/test";
import type { Locale, Role } from "~/db/schema.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import { setUserLocale } from "~/app/modules/auth/set-user-locale.server.ts";
import { createTenant } from "~/app/modules/tenancy/create-tenant.server.ts";
import { addMember, createUser } from "~/tests/support/factories.ts";
import { e2eDatabase } from "~/tests/e2e/support/database.ts";

/** The user id behind a (lower-case) address in the e2e database; fails naming the address. */
export async function userIdOf(email: string): Promise<string> {
  const { db } = await e2eDatabase();
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", email.toLowerCase())
    .executeTakeFirst();
  if (!row) throw new Error(`No user ${email} in the e2e database`);
  return row.id;
}

/**
 * A new session for `email`, set in `context` as the app sets it; `locale` is saved as the person's
 * language choice first, as the language switch does (null: leave it as it is).
 */
export async function addSession(
  context: BrowserContext,
  baseURL: string,
  email: string,
  { locale = "en" }: { locale?: Locale | null } = {},
): Promise<void> {
  const { db } = await e2eDatabase();
  const userId = await userIdOf(email);
  if (locale) await setUserLocale(db, userId, locale);
  const { token, expiresAt } = await createSession(db, userId);
  await context.addCookies([
    {
      name: sessionCookieName(true),
      value: token,
      domain: new URL(baseURL).hostname,
      path: "/",
      httpOnly: true,
      secure: true,
      sameSite: "Lax",
      expires: Math.floor(expiresAt.getTime() / 1000),
    },
  ]);
}

export interface NewCompany {
  name: string;
  slug: string;
  admin: { name: string; email: string };
  /** each joins as an active member (default role: employee) */
  members?: { name: string; email: string; roles?: Role[] }[];
}

/**
 * A company of its own for a spec (so no earlier run's data is in the way), made by the app's
 * createTenant (tenant, first admin, audit event, trial) like the sign-up page, in English; its
 * members are added with the test factories. Sign them in with the `signIn` fixture.
 */
export async function createE2eCompany(company: NewCompany): Promise<{ tenantId: string }> {
  const { db } = await e2eDatabase();
  const { tenantId } = await createTenant(db, {
    companyName: company.name,
    slug: company.slug,
    adminName: company.admin.name,
    adminEmail: company.admin.email.toLowerCase(),
    locale: "en",
  });
  for (const member of company.members ?? []) {
    const user = await createUser(db, { name: member.name, email: member.email });
    await addMember(db, tenantId, user.id, member.roles ?? ["employee"]);
  }
  return { tenantId };
}
