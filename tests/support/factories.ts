import { randomBytes } from "node:crypto";
import type { DB } from "~/db/client.ts";
import type { Insertable } from "kysely";
import type { Locale, Membership, Post, PostsTable, Role, Team, Tenant, User } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";

/** Short random suffix: tests share databases with other tests, so nothing may collide. */
export function uniqueId(): string {
  return randomBytes(5).toString("hex");
}

/** A tenant (global table), inserted through the app role like the app does. */
export async function createTenant(
  db: DB,
  { slug, name, timeZone }: { slug?: string; name?: string; timeZone?: string } = {},
): Promise<Tenant> {
  const id = uniqueId();
  return db
    .insertInto("tenants")
    .values({
      slug: slug ?? `t-${id}`,
      name: name ?? `Tenant ${id}`,
      ...(timeZone ? { time_zone: timeZone } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The TenantInfo a domain function takes, from a tenants row. */
export function tenantInfo(row: Tenant): TenantInfo {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    defaultLocale: row.default_locale,
    timeZone: row.time_zone,
  };
}

/** A user (global table). Emails are stored lower-case. */
export async function createUser(
  db: DB,
  { email, name, locale }: { email?: string; name?: string; locale?: Locale | null } = {},
): Promise<User> {
  const id = uniqueId();
  return db
    .insertInto("users")
    .values({
      email: (email ?? `user-${id}@example.test`).toLowerCase(),
      name: name ?? `User ${id}`,
      locale: locale ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A membership, written inside withTenant so row level security checks it like app code. */
export async function addMember(
  db: DB,
  tenantId: string,
  userId: string,
  roles: Role[],
  { teamId, managerId }: { teamId?: string | null; managerId?: string | null } = {},
): Promise<Membership> {
  return withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("memberships")
      .values({
        tenant_id: tenantId,
        user_id: userId,
        roles,
        team_id: teamId ?? null,
        manager_id: managerId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

/** A team in a tenant (names are unique per tenant, so the default is random). */
export async function createTeam(db: DB, tenantId: string, { name }: { name?: string } = {}): Promise<Team> {
  return withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("teams")
      .values({ tenant_id: tenantId, name: name ?? `Team ${uniqueId()}` })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

/** The Member a domain function takes, from the rows a test created. */
export function asMember(tenantId: string, m: Membership, u: User): Member {
  return {
    id: m.id,
    tenantId,
    userId: u.id,
    name: u.name,
    email: u.email,
    roles: m.roles,
    teamId: m.team_id,
    managerId: m.manager_id,
  };
}

/**
 * A post row (written inside withTenant, as the app would), published link post by default: any column
 * can be given, e.g. createPost(db, tenant.id, { title: "Herbst", published_at: new Date("2026-10-01") }).
 */
export async function createPost(
  db: DB,
  tenantId: string,
  values: Partial<Omit<Insertable<PostsTable>, "tenant_id">> = {},
): Promise<Post> {
  const id = uniqueId();
  return withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("posts")
      .values({
        slug: `p-${id}`,
        kind: "link",
        title: `Post ${id}`,
        url: "https://firma.example/a",
        status: "published",
        published_at: new Date(),
        updated_at: new Date(),
        ...values,
        tenant_id: tenantId,
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}

export interface MemberOptions {
  /** default ["employee"] */
  roles?: Role[];
  name?: string;
  email?: string;
  /** the user's language (null: the tenant's default) */
  locale?: Locale | null;
  teamId?: string | null;
  managerId?: string | null;
  /**
   * an advocacy consent row: in the programme without the opt-in use case (consent_version "test",
   * or the version given as a string)
   */
  optedIn?: boolean | string;
}

/** A person in a tenant: the user, the membership and the Member a domain function takes. */
export interface TestPerson {
  user: User;
  membership: Membership;
  member: Member;
}

/** A user with a membership in `tenantId` (see MemberOptions), all three shapes of it. */
export async function createPerson(
  db: DB,
  tenantId: string,
  options: MemberOptions = {},
): Promise<TestPerson> {
  const { roles = ["employee"], name, email, locale, teamId, managerId, optedIn } = options;
  const user = await createUser(db, { name, email, locale });
  const membership = await addMember(db, tenantId, user.id, roles, { teamId, managerId });
  if (optedIn)
    await withTenant(db, tenantId, (tx) =>
      tx
        .insertInto("advocacy_consents")
        .values({
          tenant_id: tenantId,
          membership_id: membership.id,
          consent_version: typeof optedIn === "string" ? optedIn : "test",
        })
        .execute(),
    );
  return { user, membership, member: asMember(tenantId, membership, user) };
}

/** A user with a membership in `tenantId`, as the Member a domain function takes. */
export async function createMember(db: DB, tenantId: string, options: MemberOptions = {}): Promise<Member> {
  return (await createPerson(db, tenantId, options)).member;
}

/** A signed-in session for `userId`, as the Cookie header the app reads (name and encoding as the app sets it). */
export async function sessionCookie(db: DB, userId: string): Promise<string> {
  const { token } = await createSession(db, userId);
  return `${sessionCookieName()}=${encodeURIComponent(token)}`;
}

export interface CompanyOptions {
  name?: string;
  slug?: string;
  timeZone?: string;
  /** a team every person joins unless their options say otherwise (its name; true: a random one) */
  team?: string | true;
}

/**
 * A tenant with what most scenarios build on it: its TenantInfo, an optional default team, and
 * `member()` to add people (the default team unless `teamId` says otherwise).
 *
 *   const c = await createCompany(db, { name: "Müller & Söhne GmbH", team: "Vertrieb" });
 *   const manager = await c.member({ roles: ["manager", "employee"] });
 *   const employee = await c.member({ managerId: manager.id });
 */
export async function createCompany(db: DB, options: CompanyOptions = {}) {
  const tenant = await createTenant(db, options);
  const team =
    options.team === undefined
      ? null
      : await createTeam(db, tenant.id, options.team === true ? {} : { name: options.team });
  const withTeam = (o: MemberOptions): MemberOptions => ({ teamId: team?.id ?? null, ...o });
  return {
    tenant,
    tenantId: tenant.id,
    info: tenantInfo(tenant),
    team,
    member: (o: MemberOptions = {}) => createMember(db, tenant.id, withTeam(o)),
    person: (o: MemberOptions = {}) => createPerson(db, tenant.id, withTeam(o)),
  };
}
export type TestCompany = Awaited<ReturnType<typeof createCompany>>;

/**
 * An e-mail domain the tenant has verified for single sign-on (as if its DNS TXT record had been
 * found), written inside withTenant. SCIM provisions only addresses of such domains. Default: a
 * fresh `d-<id>.example.test`, so no other test's sign-in page finds this tenant. Returns the domain.
 */
export async function verifiedSsoDomain(db: DB, tenantId: string, domain?: string): Promise<string> {
  const name = domain ?? `d-${uniqueId()}.example.test`;
  await withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("sso_domains")
      .values({
        tenant_id: tenantId,
        domain: name,
        verification_token: uniqueId(),
        verified_at: new Date(),
        verified_by: "dns",
      })
      .execute(),
  );
  return name;
}
