import { sql } from "kysely";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { logger } from "~/runtime/logger.server.ts";

export interface JobFailureInput {
  jobName: string;
  jobId: string;
  payload: unknown;
  error: string;
  attempts: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ERROR = 4000;

/** The payload's tenantId when it is a uuid: whose admins see the failure (null: operators only, via the CLI as the owner). */
export function failureTenantId(payload: unknown): string | null {
  if (!payload || typeof payload !== "object") return null;
  const value = (payload as Record<string, unknown>).tenantId;
  return typeof value === "string" && UUID.test(value) ? value.toLowerCase() : null;
}

/**
 * Records a job that used up its attempts (or failed permanently) in job_failures. Called from the
 * job machinery's failure path, so it never throws: a database that is down is logged, and the job
 * path carries on as before.
 */
export async function recordJobFailure(input: JobFailureInput, conn?: DB): Promise<void> {
  try {
    const db = conn ?? (await database()).db;
    const tenantId = failureTenantId(input.payload);
    let payload: string;
    try {
      payload = JSON.stringify(input.payload ?? null) ?? "null";
    } catch {
      payload = JSON.stringify({ unserialisable: String(input.payload) });
    }
    const insert = (c: Pick<DB, "insertInto">) =>
      c
        .insertInto("job_failures")
        .values({
          // A tenantId that names no tenant (deleted meanwhile, or made up) is recorded without a
          // tenant rather than lost to the foreign key (the RLS policy app_records_untenanted allows it).
          tenant_id: tenantId
            ? sql<string | null>`(select id from tenants where id = ${tenantId}::uuid)`
            : null,
          job_name: input.jobName,
          job_id: input.jobId,
          payload,
          error: input.error.slice(0, MAX_ERROR) || "(no message)",
          attempts: input.attempts,
        })
        .execute();
    // job_failures has row level security: a tenant's failure is written as that tenant.
    if (tenantId) await withTenant(db, tenantId, insert);
    else await insert(db);
  } catch (err) {
    logger.error({ err, job: input.jobName, jobId: input.jobId }, "could not record the job failure");
  }
}
