import { Queue } from "bullmq";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "kysely";
import { asOwner, database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { logger } from "~/runtime/logger.server.ts";
import { recordJobFailure } from "~/jobs/record-failure.ts";
import { listAllJobFailures } from "~/app/modules/jobs-admin/job-failures.server.ts";
import * as jobsRoute from "~/app/routes/admin.jobs.tsx";
import { PermanentJobError } from "~/jobs/define.ts";
import { fetchProviderMetricsJob } from "~/jobs/definitions/fetch-provider-metrics.ts";
import { closeQueue, drainInProcessJobs, enqueue, QUEUE_NAME } from "~/jobs/queue.ts";
import { startWorker } from "~/jobs/worker.ts";
import { createPerson, createTenant, sessionCookie } from "~/tests/support/factories.ts";
import type { Role } from "~/db/schema.ts";

let db: DB;
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const savedRedis = process.env.REDIS_URL;

beforeAll(async () => {
  db = (await database()).db;
  process.env.QUEUE_PREFIX = `chorus-test-${randomUUID()}`;
  process.env.JOB_BACKOFF_MS = "5";
  // failing jobs log errors on purpose
  logger.level = "silent";
});

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await closeQueue();
  if (savedRedis === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = savedRedis;
});

async function signedIn(roles: Role[], tenant?: { id: string; slug: string }) {
  const t = tenant ?? (await createTenant(db));
  const { user, membership } = await createPerson(db, t.id, { roles });
  return {
    tenant: t,
    membershipId: membership.id,
    userId: user.id,
    cookie: await sessionCookie(db, user.id),
  };
}

const failuresOf = (tenantId: string) =>
  withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("job_failures")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .orderBy("failed_at")
      .execute(),
  );
/** What operators see (`chorus job failures`): every tenant's failures and those without a tenant. */
const allFailures = async () => asOwner(await database(), (owner) => listAllJobFailures(owner));

function page(who: { tenant: { slug: string }; cookie: string }, form?: Record<string, string>) {
  const url = `http://chorus.test/t/${who.tenant.slug}/admin/jobs`;
  const params = { tenant: who.tenant.slug };
  if (!form)
    return jobsRoute.loader({
      request: new Request(url, { headers: { Cookie: who.cookie } }),
      params,
    } as never);
  return jobsRoute.action({
    request: new Request(url, {
      method: "POST",
      headers: { Cookie: who.cookie },
      body: new URLSearchParams(form),
    }),
    params,
  } as never);
}

async function thrownStatus(fn: () => Promise<unknown>): Promise<number> {
  try {
    const result = await fn();
    return result instanceof Response ? result.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

/** react-router's data(): { type: "DataWithResponseInit", data, init } */
const unwrap = (result: unknown) =>
  (result as { data: unknown; init: { status?: number } | null }).data as {
    retried?: string;
    error?: string;
  };
const statusOf = (result: unknown) => (result as { init: { status?: number } | null }).init?.status ?? 200;

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("failed jobs, in-process", () => {
  beforeAll(() => {
    delete process.env.REDIS_URL;
  });

  it("a job that always fails ends in job_failures for its tenant, with its error, payload and attempts", async () => {
    const admin = await signedIn(["admin"]);
    const handler = vi
      .spyOn(fetchProviderMetricsJob, "handler")
      .mockRejectedValue(new Error("LinkedIn answered 500"));
    const { id } = await enqueue("fetch-provider-metrics", { tenantId: admin.tenant.id });
    await drainInProcessJobs();

    expect(handler).toHaveBeenCalledTimes(fetchProviderMetricsJob.attempts);
    const rows = await failuresOf(admin.tenant.id);
    expect(rows.map((r) => [r.job_name, r.job_id, r.payload, r.error, r.attempts])).toEqual([
      [
        "fetch-provider-metrics",
        id,
        { tenantId: admin.tenant.id },
        "LinkedIn answered 500",
        fetchProviderMetricsJob.attempts,
      ],
    ]);

    // the admin sees it; an admin of another tenant does not
    const own = (await page(admin)) as Awaited<ReturnType<typeof jobsRoute.loader>>;
    expect(own.failures.map((f) => [f.jobName, f.error, f.attempts])).toEqual([
      ["fetch-provider-metrics", "LinkedIn answered 500", 2],
    ]);
    expect(own.failures[0]?.payload).toContain(admin.tenant.id);
    const other = await signedIn(["admin"]);
    expect(((await page(other)) as Awaited<ReturnType<typeof jobsRoute.loader>>).failures).toEqual([]);
    // only admins open the page
    const employee = await signedIn(["employee"], admin.tenant);
    expect(await thrownStatus(() => page(employee))).toBe(403);
  });

  it("a permanent failure is recorded after one attempt; a payload without a tenant is recorded for operators only", async () => {
    const admin = await signedIn(["admin"]);
    vi.spyOn(fetchProviderMetricsJob, "handler").mockRejectedValue(new PermanentJobError("cannot ever work"));
    await enqueue("fetch-provider-metrics", { tenantId: admin.tenant.id });
    const { id: globalId } = await enqueue("fetch-provider-metrics", {});
    await drainInProcessJobs();
    expect((await failuresOf(admin.tenant.id)).map((r) => [r.error, r.attempts])).toEqual([
      ["cannot ever work", 1],
    ]);
    const global = (await allFailures()).find((f) => f.jobId === globalId);
    expect(global).toMatchObject({ tenantId: null, jobName: "fetch-provider-metrics", attempts: 1 });
  });

  it("'Run again' re-enqueues the job with the same payload, removes the failure and audits it; another tenant's admin cannot", async () => {
    const admin = await signedIn(["admin"]);
    const handler = vi.spyOn(fetchProviderMetricsJob, "handler").mockRejectedValue(new Error("down"));
    await enqueue("fetch-provider-metrics", { tenantId: admin.tenant.id });
    await drainInProcessJobs();
    const [failure] = await failuresOf(admin.tenant.id);
    expect(failure).toBeDefined();

    const other = await signedIn(["admin"]);
    const refused = await page(other, { intent: "retry", failureId: failure!.id });
    expect(statusOf(refused)).toBe(404);
    expect(await failuresOf(admin.tenant.id)).toHaveLength(1);

    handler.mockReset();
    handler.mockResolvedValue(undefined);
    const result = await page(admin, { intent: "retry", failureId: failure!.id });
    expect(unwrap(result)).toEqual({ retried: "fetch-provider-metrics" });
    await drainInProcessJobs();
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]?.[0]).toEqual({ tenantId: admin.tenant.id });
    expect(await failuresOf(admin.tenant.id)).toEqual([]);
    const audit = await withTenant(db, admin.tenant.id, (tx) =>
      tx
        .selectFrom("audit_events")
        .select(["action", "subject", "actor_user_id"])
        .where("tenant_id", "=", admin.tenant.id)
        .where("action", "=", "job.retry")
        .execute(),
    );
    expect(audit).toEqual([{ action: "job.retry", subject: failure!.id, actor_user_id: admin.userId }]);

    // the same id again: gone
    expect(statusOf(await page(admin, { intent: "retry", failureId: failure!.id }))).toBe(404);
  });

  it("a stored payload the job no longer accepts is refused with a clear error, and the failure stays", async () => {
    const admin = await signedIn(["admin"]);
    const [row] = await withTenant(db, admin.tenant.id, (tx) =>
      tx
        .insertInto("job_failures")
        .values({
          tenant_id: admin.tenant.id,
          job_name: "fetch-provider-metrics",
          job_id: "x-1",
          payload: JSON.stringify({ tenantId: admin.tenant.id, extra: 1 }),
          error: "old",
          attempts: 2,
        })
        .returning("id")
        .execute(),
    );
    const result = await page(admin, { intent: "retry", failureId: row!.id });
    expect(statusOf(result)).toBe(400);
    expect(unwrap(result)).toEqual({ error: "invalidPayload" });
    expect(await failuresOf(admin.tenant.id)).toHaveLength(1);
  });

  it("recording a failure never throws into the job path", async () => {
    const broken = {
      insertInto: () => {
        throw new Error("database down");
      },
    };
    await expect(
      recordJobFailure({ jobName: "x", jobId: "1", payload: {}, error: "e", attempts: 1 }, broken as never),
    ).resolves.toBeUndefined();
    // a tenantId that names no tenant is kept, without a tenant
    const jobId = `ghost-${randomUUID()}`;
    await recordJobFailure({
      jobName: "fetch-provider-metrics",
      jobId,
      payload: { tenantId: randomUUID() },
      error: "e",
      attempts: 1,
    });
    expect((await allFailures()).find((f) => f.jobId === jobId)).toMatchObject({ tenantId: null });
  });

  it("row level security: the app role reads a tenant's failures only as that tenant, and never the untenanted ones it may record", async () => {
    const a = await createTenant(db);
    const b = await createTenant(db);
    const ownJob = `own-${randomUUID()}`;
    const looseJob = `loose-${randomUUID()}`;
    await recordJobFailure({
      jobName: "fetch-provider-metrics",
      jobId: ownJob,
      payload: { tenantId: a.id, secret: "A's data" },
      error: "e",
      attempts: 1,
    });
    await recordJobFailure({
      jobName: "publish-due-posts",
      jobId: looseJob,
      payload: {},
      error: "e",
      attempts: 1,
    });
    const byJob = (rows: { job_id: string }[]) =>
      rows.map((r) => r.job_id).filter((id) => id === ownJob || id === looseJob);

    // no tenant set: nothing, though both rows exist
    expect(byJob(await db.selectFrom("job_failures").select("job_id").execute())).toEqual([]);
    // tenant A: its own failure; tenant B: nothing
    expect(
      byJob(await withTenant(db, a.id, (tx) => tx.selectFrom("job_failures").select("job_id").execute())),
    ).toEqual([ownJob]);
    expect(
      byJob(await withTenant(db, b.id, (tx) => tx.selectFrom("job_failures").select("job_id").execute())),
    ).toEqual([]);
    // tenant B cannot write a failure into A, nor change or delete the untenanted one
    await expect(
      withTenant(db, b.id, (tx) =>
        tx
          .insertInto("job_failures")
          .values({
            tenant_id: a.id,
            job_name: "x",
            job_id: "forged",
            payload: "{}",
            error: "e",
            attempts: 1,
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const changed = await withTenant(db, b.id, (tx) =>
      tx
        .updateTable("job_failures")
        .set({ error: "tampered" })
        .where("job_id", "=", looseJob)
        .executeTakeFirst(),
    );
    expect(changed.numUpdatedRows).toBe(0n);
    const deleted = await db
      .deleteFrom("job_failures")
      .where("job_id", "in", [ownJob, looseJob])
      .executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(0n);
    // operators (the owner) see both, unchanged
    const seen = (await allFailures()).filter((f) => f.jobId === ownJob || f.jobId === looseJob);
    expect(seen.map((f) => [f.jobId, f.tenantId, f.error]).sort()).toEqual([
      [looseJob, null, "e"],
      [ownJob, a.id, "e"],
    ]);
    // the policy is forced: the catalog says so, so the owner's own requests are confined as well
    const { rows } = await sql<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>`
      select relrowsecurity, relforcerowsecurity from pg_class where relname = 'job_failures'`.execute(db);
    expect(rows).toEqual([{ relrowsecurity: true, relforcerowsecurity: true }]);
  });
});

describe("failed jobs, BullMQ worker on Redis", () => {
  beforeAll(() => {
    process.env.REDIS_URL = redisUrl;
  });

  afterAll(async () => {
    await closeQueue();
    const queue = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix: process.env.QUEUE_PREFIX });
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it("a job that uses up its attempts on the worker ends in job_failures for its tenant", async () => {
    const admin = await signedIn(["admin"]);
    const handler = vi.spyOn(fetchProviderMetricsJob, "handler").mockRejectedValue(new Error("still down"));
    const { id } = await enqueue("fetch-provider-metrics", { tenantId: admin.tenant.id });
    const worker = startWorker(redisUrl);
    try {
      await waitFor(async () => (await failuresOf(admin.tenant.id)).length > 0);
    } finally {
      await worker.close();
    }
    expect(handler).toHaveBeenCalledTimes(fetchProviderMetricsJob.attempts);
    const rows = await failuresOf(admin.tenant.id);
    expect(rows.map((r) => [r.job_name, r.job_id, r.payload, r.error, r.attempts])).toEqual([
      [
        "fetch-provider-metrics",
        id,
        { tenantId: admin.tenant.id },
        "still down",
        fetchProviderMetricsJob.attempts,
      ],
    ]);
  });
});
