import type { DB, Tx } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { ConflictError } from "~/app/lib/errors.ts";
import type { CreateTenantInput } from "~/app/modules/tenancy/schemas.ts";
import { startTrial } from "~/app/modules/billing/account.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";

/** Finds a user by email or creates one; users are global, one per email address. */
export async function ensureUser(tx: Tx, email: string, name: string): Promise<string> {
  const existing = await tx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst();
  if (existing) return existing.id;
  const created = await tx
    .insertInto("users")
    .values({ email, name })
    .returning("id")
    .executeTakeFirstOrThrow();
  return created.id;
}

/**
 * A new company: the tenant, and its first admin as an active member (admin and employee, so they can
 * take part in the programme themselves). Slug clashes are a ConflictError("slug_taken").
 */
export async function createTenant(
  db: DB,
  input: CreateTenantInput,
): Promise<{ tenantId: string; slug: string; adminUserId: string }> {
  const tenantId = crypto.randomUUID();
  const taken = await db.selectFrom("tenants").select("id").where("slug", "=", input.slug).executeTakeFirst();
  if (taken) throw new ConflictError("slug already taken", "slug_taken");
  try {
    return await withTenant(db, tenantId, async (tx) => {
      await tx
        .insertInto("tenants")
        .values({ id: tenantId, slug: input.slug, name: input.companyName, default_locale: input.locale })
        .execute();
      const adminUserId = await ensureUser(tx, input.adminEmail, input.adminName);
      await tx
        .insertInto("memberships")
        .values({ tenant_id: tenantId, user_id: adminUserId, roles: ["admin", "employee"] })
        .execute();
      await recordAudit(tx, {
        tenantId,
        actorUserId: adminUserId,
        action: "tenant.created",
        subject: input.slug,
      });
      // every new company starts with a 14-day trial of Team (whether or not billing is on)
      await startTrial(tx, tenantId);
      return { tenantId, slug: input.slug, adminUserId };
    });
  } catch (error) {
    // two sign-ups racing for one slug: the unique index decides
    if (error instanceof Error && "code" in error && error.code === "23505")
      throw new ConflictError("slug already taken", "slug_taken");
    throw error;
  }
}
