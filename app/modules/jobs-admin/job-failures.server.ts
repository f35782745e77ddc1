import type { Kysely } from "kysely";
import type { DB, Tx } from "~/db/client.ts";
import type { Database } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { InvalidJobPayloadError } from "~/jobs/define.ts";
import { enqueue } from "~/jobs/queue.ts";
import { findJob, type JobName } from "~/jobs/registry.ts";
import { NotFoundError, ValidationError } from "~/app/lib/errors.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";

export interface JobFailureView {
  id: string;
  jobName: string;
  jobId: string;
  /** pretty-printed JSON */
  payload: string;
  error: string;
  attempts: number;
  failedAt: string;
}

export interface JobFailureRow extends Omit<JobFailureView, "failedAt"> {
  tenantId: string | null;
  failedAt: Date;
}

const LIMIT = 200;

/** The tenant's failed jobs, newest first (row level security confines them to the tenant too). */
export async function listTenantJobFailures(tx: Tx, tenantId: string): Promise<JobFailureView[]> {
  const rows = await tx
    .selectFrom("job_failures")
    .select(["id", "job_name", "job_id", "payload", "error", "attempts", "failed_at"])
    .where("tenant_id", "=", tenantId)
    .orderBy("failed_at", "desc")
    .orderBy("id")
    .limit(LIMIT)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    jobName: r.job_name,
    jobId: r.job_id,
    payload: JSON.stringify(r.payload, null, 2),
    error: r.error,
    attempts: r.attempts,
    failedAt: r.failed_at.toISOString(),
  }));
}

/**
 * Every failure, every tenant, newest first: operators (the CLI). `db` must be the owner's
 * connection (asOwner): the app role sees no row without a tenant.
 */
export async function listAllJobFailures(db: Kysely<Database>, limit = 1000): Promise<JobFailureRow[]> {
  const rows = await db
    .selectFrom("job_failures")
    .selectAll()
    .orderBy("failed_at", "desc")
    .orderBy("id")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    jobName: r.job_name,
    jobId: r.job_id,
    payload: JSON.stringify(r.payload),
    error: r.error,
    attempts: r.attempts,
    failedAt: r.failed_at,
  }));
}

/**
 * "Run again": enqueues the job with its stored payload (validated by the job's schema again) and
 * removes the failure, with an audit event naming the job. If it fails again, a new failure
 * appears. Only the tenant's own failures: another tenant's id is "not found".
 * Takes `db`, not a transaction: the job is queued between reading the failure and removing it
 * (the removal names the queued job's id), and no transaction stays open while Redis answers.
 */
export async function retryJobFailure(
  db: DB,
  member: Member,
  failureId: string,
): Promise<{ jobId: string; jobName: string }> {
  const failure = await withTenant(db, member.tenantId, (tx) =>
    tx
      .selectFrom("job_failures")
      .select(["id", "job_name", "payload"])
      .where("id", "=", failureId)
      .where("tenant_id", "=", member.tenantId)
      .executeTakeFirst(),
  );
  if (!failure) throw new NotFoundError("job failure");
  if (!findJob(failure.job_name)) throw new ValidationError("unknown job", { form: ["unknownJob"] });
  let queued: { id: string };
  try {
    queued = await enqueue(failure.job_name as JobName, failure.payload as never);
  } catch (err) {
    if (err instanceof InvalidJobPayloadError)
      throw new ValidationError(err.message, { form: ["invalidPayload"] });
    throw err;
  }
  await withTenant(db, member.tenantId, async (tx) => {
    await tx
      .deleteFrom("job_failures")
      .where("id", "=", failure.id)
      .where("tenant_id", "=", member.tenantId)
      .execute();
    await recordAudit(tx, {
      tenantId: member.tenantId,
      actorUserId: member.userId,
      action: "job.retry",
      subject: failure.id,
      data: { job: failure.job_name, jobId: queued.id },
    });
  });
  return { jobId: queued.id, jobName: failure.job_name };
}
