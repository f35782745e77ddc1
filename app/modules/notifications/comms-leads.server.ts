import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";

export interface MailTenant {
  slug: string;
  name: string;
  default_locale: Locale;
}

export interface MailRecipient {
  /** membership id, for idempotency keys */
  id: string;
  email: string;
  /** the recipient's own language, else the tenant's */
  locale: Locale;
}

/** The tenant fields a mail needs: its address for links, its name, its default language. */
export async function mailTenant(tx: Tx, tenantId: string): Promise<MailTenant> {
  return tx
    .selectFrom("tenants")
    .select(["slug", "name", "default_locale"])
    .where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
}

/**
 * Every active comms lead of the tenant — the people who review posts, suggestions and escalations —
 * except `exceptMembershipId` (the author, suggester or reporter, who needs no mail about their own act).
 */
export async function commsLeadRecipients(
  tx: Tx,
  tenant: MailTenant & { id: string },
  exceptMembershipId: string | null,
): Promise<MailRecipient[]> {
  let q = tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["memberships.id", "users.email", "users.locale"])
    .where("memberships.tenant_id", "=", tenant.id)
    .where("memberships.status", "=", "active")
    .where(sql<boolean>`'comms_lead' = any(memberships.roles)`);
  if (exceptMembershipId) q = q.where("memberships.id", "<>", exceptMembershipId);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, email: r.email, locale: r.locale ?? tenant.default_locale }));
}
