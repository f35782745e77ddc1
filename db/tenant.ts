import { sql } from "kysely";
import type { DB, Tx } from "./client.ts";

/**
 * The only way domain code touches tenant data: a transaction in which app.tenant_id is set
 * locally (set_config(…, true)), so row level security confines every statement to this tenant
 * and the setting ends with the transaction — a pooled connection carries nothing to its next user.
 */
export async function withTenant<T>(db: DB, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(tx);
    return fn(tx);
  });
}
