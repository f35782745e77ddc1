import { Queue } from "bullmq";
import { sql } from "kysely";
import type { DB, Tx } from "~/db/client.ts";
import { APP_ROLE } from "~/db/rls.ts";
import type { TenantRetentionCounts } from "~/db/tables/retention.ts";
import { withTenant } from "~/db/tenant.ts";
import { QUEUE_NAME, queuePrefix } from "~/jobs/queue.ts";
import { logger } from "~/runtime/logger.server.ts";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "~/app/modules/auth/session.server.ts";
import { getReachSettings } from "~/app/modules/reach/settings.server.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { EXPORT_TTL_DAYS, purgeExpiredExports } from "~/app/modules/privacy/export-requests.server.ts";
import { getPrivacySettings } from "~/app/modules/privacy/settings.server.ts";

export type { TenantRetentionCounts } from "~/db/tables/retention.ts";

const DAY_MS = 24 * 3_600_000;

/**
 * Every retention rule the purge applies, in one place: the admin page shows these very values.
 * - sessions: deleted once past either expiry (idle or absolute); an expired session signs nobody in.
 * - sign-in links: kept 1 day after they were used or expired, then deleted. A link lives 10 minutes
 *   and works once, so the row is worthless then; the day matches the clean-up consumeSignInLink does
 *   at every sign-in, and leaves an operator the day to see whether a link someone reports as broken
 *   was used or had expired. (A send-email job still queued for a deleted link sends nothing, as for a used one.)
 * - invitations: an unaccepted one is deleted 30 days after it expired (until then an admin can still
 *   send it again, which renews the row); an accepted one 30 days after it was accepted, unless it
 *   still waits for its manager to join (a CSV import named a manager who was only invited: see
 *   accept-invitation.server.ts). Its token is useless once accepted or expired either way.
 * - audit events and the credit access log: the tenant's privacy_settings.audit_retention_months
 *   (except the member.invited event of an invitation still waiting for its manager, kept with it).
 * - failed jobs: deleted (record and payload) 30 days after they failed, in job_failures and in
 *   Redis: a payload may hold an address or a name, and after a month nobody retries the job.
 *   Completed jobs in Redis go after 30 days too (their payloads are the same).
 */
export const RETENTION_RULES = {
  signInTokenGraceDays: 1,
  invitationGraceDays: 30,
  jobFailureDays: 30,
} as const;

/** Rows per DELETE statement (and transaction): a long backlog never becomes one huge statement. */
const BATCH = 5_000;

export interface GlobalRetentionCounts {
  sessions: number;
  signInTokens: number;
  /** job failures without a tenant (operators' view only) */
  untenantedJobFailures: number;
  /** failed BullMQ jobs removed from Redis (0 without REDIS_URL) */
  queueFailedJobs: number;
  /** completed BullMQ jobs older than 30 days removed from Redis (0 without REDIS_URL) */
  queueCompletedJobs: number;
}

export interface RetentionRunResult {
  ranAt: Date;
  global: GlobalRetentionCounts;
  tenants: { tenantId: string; removed: TenantRetentionCounts }[];
  /** the tenants' counts added up */
  totals: TenantRetentionCounts;
}

export interface PurgeOptions {
  now?: Date | undefined;
  /** Redis holding the job queue; defaults to REDIS_URL (read at call time, like jobs/queue.ts) */
  redisUrl?: string | undefined;
}

/**
 * Deletes, in this run, exactly what is due (see RETENTION_RULES): the global tables first, then every
 * tenant inside withTenant (row level security on), each in batches of BATCH rows, then old jobs in Redis. Records each
 * tenant's run in retention_runs (and an audit event "privacy.retention_run" when it removed
 * something). Idempotent: a second run finds nothing more to delete. One tenant's failure (or Redis
 * being down) is logged and does not keep the others' data; it is thrown at the end.
 * Raw click events have their own job (purge-clicks, app/modules/reach/retention.server.ts).
 */
export async function purgeExpiredData(db: DB, opts: PurgeOptions = {}): Promise<RetentionRunResult> {
  const now = opts.now ?? new Date();
  const sessions = await purgeSessions(db, now);
  const signInTokens = await purgeSignInTokens(db, now);
  const untenantedJobFailures = await purgeUntenantedJobFailures(db);

  const tenantIds = (await db.selectFrom("tenants").select("id").orderBy("id").execute()).map((t) => t.id);
  const tenants: RetentionRunResult["tenants"] = [];
  const totals = emptyCounts();
  let failure: { error: unknown } | undefined;
  for (const tenantId of tenantIds) {
    try {
      const removed = await purgeTenant(db, tenantId, now);
      tenants.push({ tenantId, removed });
      for (const key of Object.keys(totals) as (keyof TenantRetentionCounts)[]) totals[key] += removed[key];
    } catch (error) {
      logger.error({ err: error, tenantId }, "retention purge failed for a tenant");
      failure ??= { error };
    }
  }
  // Redis last: when it is down, the database's purge has been done all the same
  let queue = { failed: 0, completed: 0 };
  try {
    queue = await purgeOldQueueJobs(opts.redisUrl ?? (process.env.REDIS_URL || undefined));
  } catch (error) {
    logger.error({ err: error }, "retention purge of old queue jobs failed");
    failure ??= { error };
  }
  if (failure) throw failure.error;
  const global: GlobalRetentionCounts = {
    sessions,
    signInTokens,
    untenantedJobFailures,
    queueFailedJobs: queue.failed,
    queueCompletedJobs: queue.completed,
  };
  return { ranAt: now, global, tenants, totals };
}

function emptyCounts(): TenantRetentionCounts {
  return { invitations: 0, auditEvents: 0, accessLog: 0, jobFailures: 0, dataExports: 0 };
}

/** Runs `step` (one batch, returns rows deleted) until a batch comes back short. */
async function inBatches(step: () => Promise<bigint | number | undefined>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = Number((await step()) ?? 0);
    total += n;
    if (n < BATCH) return total;
  }
}

/** Sessions past their idle or absolute expiry (global table). */
async function purgeSessions(db: DB, now: Date): Promise<number> {
  return inBatches(async () => {
    const r = await db
      .deleteFrom("sessions")
      .where("id", "in", (eb) =>
        eb
          .selectFrom("sessions")
          .select("id")
          .where((w) => w.or([w("expires_at", "<=", now), w("absolute_expires_at", "<=", now)]))
          .limit(BATCH),
      )
      .executeTakeFirst();
    return r.numDeletedRows;
  });
}

/** Sign-in links used or expired more than a day ago (global table). */
async function purgeSignInTokens(db: DB, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - RETENTION_RULES.signInTokenGraceDays * DAY_MS);
  return inBatches(async () => {
    const r = await db
      .deleteFrom("sign_in_tokens")
      .where("id", "in", (eb) =>
        eb
          .selectFrom("sign_in_tokens")
          .select("id")
          .where((w) => w.or([w("expires_at", "<", cutoff), w("used_at", "<", cutoff)]))
          .limit(BATCH),
      )
      .executeTakeFirst();
    return r.numDeletedRows;
  });
}

/**
 * Job failures recorded without a tenant, 30 days after they failed. The app role cannot read these
 * rows (0013); its only right on them is 0023's DELETE policy, which itself admits only rows older
 * than 30 days (by the database's clock). A DELETE whose WHERE reads no column of the table needs
 * no SELECT policy, so the WHERE here names none: it only makes sure that no tenant is set (inside
 * withTenant the tenant policy would admit that tenant's failures of any age) and that row level
 * security applies at all (never as the owner or a superuser). No batches: the app role cannot pick
 * rows it cannot see, and such failures are few (one per job that used up its attempts).
 */
async function purgeUntenantedJobFailures(db: DB): Promise<number> {
  const r = await sql`
    DELETE FROM job_failures
    WHERE current_user = ${APP_ROLE} AND coalesce(current_setting('app.tenant_id', true), '') = ''
  `.execute(db);
  return Number(r.numAffectedRows ?? 0n);
}

/**
 * Failed and completed jobs in Redis that finished more than 30 days ago, with their payloads (a
 * send-email job's holds an address and names). enqueue() asks BullMQ to drop failed ones after 30
 * days (removeOnFail), but BullMQ does that only when another job fails; completed ones it keeps
 * by count only (the last 1,000), which in a quiet tenant can mean months. This makes both certain.
 */
export async function purgeOldQueueJobs(
  url: string | undefined,
): Promise<{ failed: number; completed: number }> {
  if (!url) return { failed: 0, completed: 0 };
  const queue = new Queue(QUEUE_NAME, { connection: { url }, prefix: queuePrefix() });
  const clean = async (type: "failed" | "completed") => {
    let total = 0;
    for (;;) {
      const removed = await queue.clean(RETENTION_RULES.jobFailureDays * DAY_MS, BATCH, type);
      total += removed.length;
      if (removed.length < BATCH) return total;
    }
  };
  try {
    return { failed: await clean("failed"), completed: await clean("completed") };
  } finally {
    await queue.close();
  }
}

/**
 * Invitation `inv` still waits for the manager a CSV import named, and `ev` is its member.invited
 * event that names that manager (accept-invitation.server.ts resolveWaitingReports links them when
 * the manager joins). Used by both purges: such an invitation and its event are kept together.
 */
function waitingForItsManager(inv: string, ev: string) {
  return sql<boolean>`${sql.ref(`${ev}.action`)} = 'member.invited' AND ${sql.ref(`${ev}.data`)}->>'pendingManagerEmail' IS NOT NULL
    AND ${sql.ref(`${ev}.subject`)} = ${sql.ref(`${inv}.id`)}::text AND ${sql.ref(`${inv}.manager_id`)} IS NULL`;
}

/** One tenant's share of the purge, then the record of the run. */
async function purgeTenant(db: DB, tenantId: string, now: Date): Promise<TenantRetentionCounts> {
  // the cutoff of audit events and the access log, month arithmetic as PostgreSQL does it
  const auditCutoff = await withTenant(db, tenantId, async (tx) => {
    const { auditRetentionMonths } = await getPrivacySettings(tx, tenantId);
    const { rows } = await sql<{
      cutoff: Date;
    }>`SELECT (${now}::timestamptz - make_interval(months => ${auditRetentionMonths}::int)) AS cutoff`.execute(
      tx,
    );
    return new Date(rows[0]!.cutoff);
  });
  const inviteCutoff = new Date(now.getTime() - RETENTION_RULES.invitationGraceDays * DAY_MS);
  const failureCutoff = new Date(now.getTime() - RETENTION_RULES.jobFailureDays * DAY_MS);
  const batch = (fn: (tx: Tx) => Promise<bigint | undefined>) =>
    inBatches(() => withTenant(db, tenantId, fn));
  /** The tenant's rows of `table` whose `column` is before `cutoff` (but not those `keep` names), in batches. */
  const deleteOlder = (
    table: "audit_events" | "credit_access_log" | "job_failures",
    column: "created_at" | "failed_at",
    cutoff: Date,
    keep = sql<boolean>`false`,
  ) =>
    batch(async (tx) => {
      const r = await sql`
        DELETE FROM ${sql.table(table)} WHERE tenant_id = ${tenantId} AND id IN (
          SELECT id FROM ${sql.table(table)} t WHERE tenant_id = ${tenantId} AND ${sql.ref(column)} < ${cutoff} AND NOT (${keep}) LIMIT ${BATCH})
      `.execute(tx);
      return r.numAffectedRows;
    });
  // An invitation still waiting for the manager a CSV import named finds that manager through its
  // member.invited event (accept-invitation.server.ts resolveWaitingReports): the event stays while
  // the invitation waits, and the accepted invitation stays while its event is there, or the
  // manager's joining would no longer link the report. Both purges ask the same question.
  const stillLinksAReport = sql<boolean>`EXISTS (SELECT 1 FROM invitations i WHERE i.tenant_id = ${tenantId} AND ${waitingForItsManager("i", "t")})`;
  const stillLinkedByItsEvent = sql<boolean>`EXISTS (SELECT 1 FROM audit_events a WHERE a.tenant_id = ${tenantId} AND ${waitingForItsManager("i", "a")})`;

  const removed: TenantRetentionCounts = {
    invitations: await batch(async (tx) => {
      const r = await tx
        .deleteFrom("invitations")
        .where("id", "in", (eb) =>
          eb
            .selectFrom("invitations as i")
            .select("i.id")
            .where("i.tenant_id", "=", tenantId)
            .where((w) =>
              w.or([
                w.and([w("i.accepted_at", "is", null), w("i.expires_at", "<", inviteCutoff)]),
                w.and([
                  w("i.accepted_at", "<", inviteCutoff),
                  // still waiting for the manager a CSV import named (accept-invitation.server.ts)
                  w.not(stillLinkedByItsEvent),
                ]),
              ]),
            )
            .limit(BATCH),
        )
        .where("tenant_id", "=", tenantId)
        .executeTakeFirst();
      return r.numDeletedRows;
    }),
    auditEvents: await deleteOlder("audit_events", "created_at", auditCutoff, stillLinksAReport),
    // 0023's restrictive policy lets these go only past the tenant's retention by the database's clock
    accessLog: await deleteOlder("credit_access_log", "created_at", auditCutoff),
    jobFailures: await deleteOlder("job_failures", "failed_at", failureCutoff),
    // the download's content is dropped (the row stays, so the member sees the export existed)
    dataExports: (await purgeExpiredExports(db, now, { tenantId })).purged,
  };

  await withTenant(db, tenantId, async (tx) => {
    const values = { ran_at: now, removed: JSON.stringify(removed) };
    await tx
      .insertInto("retention_runs")
      .values({ tenant_id: tenantId, ...values })
      .onConflict((oc) => oc.column("tenant_id").doUpdateSet(values))
      .execute();
    if (Object.values(removed).some((n) => n > 0)) {
      await recordAudit(tx, {
        tenantId,
        actorUserId: null,
        action: "privacy.retention_run",
        data: { ...removed },
      });
    }
  });
  return removed;
}

export interface LastRetentionRun {
  ranAt: Date;
  removed: TenantRetentionCounts;
}

/** When the purge last ran in this tenant and what it removed there (null: never yet). */
export async function lastRetentionRun(tx: Tx, tenantId: string): Promise<LastRetentionRun | null> {
  const row = await tx
    .selectFrom("retention_runs")
    .select(["ran_at", "removed"])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  if (!row) return null;
  return { ranAt: row.ran_at, removed: { ...emptyCounts(), ...row.removed } };
}

export type RetentionRuleKey =
  | "sessions"
  | "signInTokens"
  | "invitations"
  | "auditEvents"
  | "accessLog"
  | "rawClicks"
  | "jobFailures"
  | "dataExports";

/** One rule of the table on the admin page: what is kept how long (days or months), in this tenant. */
export interface RetentionRule {
  key: RetentionRuleKey;
  days?: number;
  months?: number;
  /** sessions only: the idle and the absolute lifetime */
  idleDays?: number;
  absoluteDays?: number;
}

/**
 * Every retention rule in force for the tenant, from the same constants and settings the purges use,
 * so the page cannot say something the jobs do not do.
 */
export async function retentionRulesInForce(tx: Tx, tenantId: string): Promise<RetentionRule[]> {
  const { auditRetentionMonths } = await getPrivacySettings(tx, tenantId);
  const { clickRetentionDays } = await getReachSettings(tx, tenantId);
  return [
    { key: "sessions", idleDays: SESSION_IDLE_MS / DAY_MS, absoluteDays: SESSION_ABSOLUTE_MS / DAY_MS },
    { key: "signInTokens", days: RETENTION_RULES.signInTokenGraceDays },
    { key: "invitations", days: RETENTION_RULES.invitationGraceDays },
    { key: "auditEvents", months: auditRetentionMonths },
    { key: "accessLog", months: auditRetentionMonths },
    { key: "rawClicks", days: clickRetentionDays },
    { key: "jobFailures", days: RETENTION_RULES.jobFailureDays },
    { key: "dataExports", days: EXPORT_TTL_DAYS },
  ];
}
