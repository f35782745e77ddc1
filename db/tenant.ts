import { sql } from "kysely";
import type { DB, Tx } from "~/db/client.ts";
import { logger } from "~/runtime/logger.server.ts";

type Callback = () => Promise<unknown> | unknown;
const commitCallbacks = new WeakMap<Tx, Callback[]>();

/**
 * The only way domain code touches tenant data: a transaction in which app.tenant_id is set
 * locally (set_config(…, true)), so row level security confines every statement to this tenant
 * and the setting ends with the transaction — a pooled connection carries nothing to its next user.
 */
export async function withTenant<T>(db: DB, tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const callbacks: Callback[] = [];
  const result = await db.transaction().execute(async (tx) => {
    commitCallbacks.set(tx, callbacks);
    await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(tx);
    return fn(tx);
  });
  // The change is committed: a failing side effect (Redis down while queueing a mail) is logged, not
  // thrown — the caller must not report a saved change as failed and invite a duplicate.
  for (const callback of callbacks) {
    try {
      await callback();
    } catch (err) {
      logger.error({ err, tenantId }, "side effect after commit failed");
    }
  }
  return result;
}

/**
 * Runs `fn` once the surrounding withTenant transaction has committed, and never if it rolls back.
 * For side effects other connections must see the result of: enqueueing a job that reads the rows
 * just written (an in-process job on another pooled connection would otherwise find nothing),
 * sending mail about a change that might still be undone.
 */
export function afterCommit(tx: Tx, fn: Callback): void {
  const callbacks = commitCallbacks.get(tx);
  if (!callbacks) throw new Error("afterCommit() needs a transaction opened by withTenant()");
  callbacks.push(fn);
}
