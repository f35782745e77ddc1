import { randomBytes } from "node:crypto";
import type { DB } from "~/db/client.ts";
import type { Membership, Role, Team, Tenant, User } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

/** Short random suffix: tests share databases with other tests, so nothing may collide. */
export function uniqueId(): string {
  return randomBytes(5).toString("hex");
}

/** A tenant (global table), inserted through the app role like the app does. */
export async function createTenant(
  db: DB,
  { slug, name }: { slug?: string; name?: string } = {},
): Promise<Tenant> {
  const id = uniqueId();
  return db
    .insertInto("tenants")
    .values({ slug: slug ?? `t-${id}`, name: name ?? `Tenant ${id}` })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A user (global table). Emails are stored lower-case. */
export async function createUser(
  db: DB,
  { email, name }: { email?: string; name?: string } = {},
): Promise<User> {
  const id = uniqueId();
  return db
    .insertInto("users")
    .values({
      email: (email ?? `user-${id}@example.test`).toLowerCase(),
      name: name ?? `User ${id}`,
      locale: null,
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
