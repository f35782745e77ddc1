import { sql } from "kysely";
import type { DB } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";
import { isStorableText } from "~/app/lib/validation.ts";

export async function findTenantBySlug(db: DB, slug: string): Promise<TenantInfo | undefined> {
  // the slug comes from the URL (/t/%00/…): no tenant has one PostgreSQL could not even compare
  if (!isStorableText(slug)) return undefined;
  const t = await db.selectFrom("tenants").selectAll().where("slug", "=", slug).executeTakeFirst();
  return (
    t && { id: t.id, slug: t.slug, name: t.name, defaultLocale: t.default_locale, timeZone: t.time_zone }
  );
}

/** The active membership of a user in the tenant with this slug, or undefined (treat as 404). */
export async function findMembership(
  db: DB,
  slug: string,
  userId: string,
): Promise<{ tenant: TenantInfo; member: Member } | undefined> {
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) return undefined;
  const m = await withTenant(db, tenant.id, (tx) =>
    tx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select([
        "memberships.id",
        "memberships.roles",
        "memberships.team_id",
        "memberships.manager_id",
        "users.name",
        "users.email",
      ])
      .where("memberships.tenant_id", "=", tenant.id)
      .where("memberships.user_id", "=", userId)
      .where("memberships.status", "=", "active")
      .executeTakeFirst(),
  );
  if (!m) return undefined;
  return {
    tenant,
    member: {
      id: m.id,
      tenantId: tenant.id,
      userId,
      name: m.name,
      email: m.email,
      roles: m.roles,
      teamId: m.team_id,
      managerId: m.manager_id,
    },
  };
}

export interface UserTenant {
  tenantId: string;
  slug: string;
  name: string;
  roles: Role[];
}

/** Every tenant the user is an active member of (the tenant switcher). */
export async function listUserTenants(db: DB, userId: string): Promise<UserTenant[]> {
  const { rows } = await sql<{
    tenant_id: string;
    slug: string;
    name: string;
    roles: Role[];
  }>`select * from user_tenants(${userId})`.execute(db);
  return rows.map((r) => ({ tenantId: r.tenant_id, slug: r.slug, name: r.name, roles: r.roles }));
}
