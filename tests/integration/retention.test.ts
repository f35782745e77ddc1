import { Queue } from "bullmq";
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { namespaceTexts } from "~/app/lib/i18n/resources.ts";
import { ValidationError } from "~/app/lib/errors.ts";
import { logger } from "~/runtime/logger.server.ts";
import { sessionCookieName } from "~/app/modules/auth/cookie.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import { lastRetentionRun, purgeExpiredData } from "~/app/modules/privacy/retention.server.ts";
import { getPrivacySettings, savePrivacySettings } from "~/app/modules/privacy/settings.server.ts";
import * as privacyRoute from "~/app/routes/admin.privacy.tsx";
import { asOwner, database, type DB } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { purgeClicksJob } from "~/jobs/definitions/purge-clicks.ts";
import {
  closeQueue,
  drainInProcessJobs,
  enqueue,
  listFailedInProcessJobs,
  QUEUE_NAME,
} from "~/jobs/queue.ts";
import { startWorker } from "~/jobs/worker.ts";
import { startAppServer } from "~/tests/support/app-server.ts";
import {
  addMember,
  asMember,
  createTenant,
  createUser,
  uniqueId,
  sessionCookie,
} from "~/tests/support/factories.ts";

const retentionTexts = namespaceTexts("retention");

let db: DB;
const DAY = 24 * 3_600_000;
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const savedRedis = process.env.REDIS_URL;

beforeAll(async () => {
  db = (await database()).db;
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

/** `months` calendar months before `from` (as PostgreSQL's `- interval 'n months'`), then `days` more. */
function monthsAgo(from: Date, months: number, days = 0): Date {
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() - months);
  return new Date(d.getTime() - days * DAY);
}

async function tenantWithAdmin(auditRetentionMonths?: number) {
  const tenant = await createTenant(db);
  const user = await createUser(db);
  const m = await addMember(db, tenant.id, user.id, ["admin"] as Role[]);
  const admin = asMember(tenant.id, m, user);
  if (auditRetentionMonths !== undefined) {
    await withTenant(db, tenant.id, (tx) =>
      savePrivacySettings(tx, admin, {
        auditRetentionMonths: String(auditRetentionMonths),
        strictMode: undefined,
      }),
    );
  }
  return { tenant, user, admin };
}

async function addAudit(tenantId: string, createdAt: Date, action = "test.event"): Promise<string> {
  const row = await withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("audit_events")
      .values({
        tenant_id: tenantId,
        actor_user_id: null,
        action,
        subject: null,
        data: "{}",
        created_at: createdAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

async function addAccess(tenantId: string, subjectId: string, createdAt: Date): Promise<string> {
  const row = await withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("credit_access_log")
      .values({
        tenant_id: tenantId,
        subject_membership_id: subjectId,
        actor_membership_id: subjectId,
        action: "statement.viewed",
        created_at: createdAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

async function addFailure(tenantId: string | null, failedAt: Date): Promise<string> {
  const jobId = `test-${uniqueId()}`;
  const values = {
    tenant_id: tenantId,
    job_name: "send-email",
    job_id: jobId,
    payload: JSON.stringify({ to: "someone@example.test", tenantId }),
    error: "boom",
    attempts: 5,
    failed_at: failedAt,
  };
  if (tenantId)
    await withTenant(db, tenantId, (tx) => tx.insertInto("job_failures").values(values).execute());
  // the app role may insert a failure without a tenant, but never read it back
  else await db.insertInto("job_failures").values(values).execute();
  return jobId;
}

/** Audit event ids of the tenant still there, among `ids`. */
async function remaining(
  table: "audit_events" | "credit_access_log",
  tenantId: string,
  ids: string[],
): Promise<string[]> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx.selectFrom(table).select("id").where("tenant_id", "=", tenantId).where("id", "in", ids).execute(),
  );
  return ids.filter((id) => rows.some((r) => r.id === id));
}

/** Job ids of failures still recorded, read as operators do (the owner sees untenanted ones too). */
async function failureJobIds(jobIds: string[]): Promise<string[]> {
  const rows = await asOwner(await database(), (owner) =>
    owner.selectFrom("job_failures").select("job_id").where("job_id", "in", jobIds).execute(),
  );
  return jobIds.filter((id) => rows.some((r) => r.job_id === id));
}

describe("purgeExpiredData", () => {
  it("deletes sessions past either expiry and keeps valid ones", async () => {
    const user = await createUser(db);
    const now = new Date();
    const rows = [
      {
        id: `idle-${uniqueId()}`,
        expires_at: new Date(now.getTime() - 1000),
        absolute_expires_at: new Date(now.getTime() + DAY),
      },
      {
        id: `absolute-${uniqueId()}`,
        expires_at: new Date(now.getTime() + DAY),
        absolute_expires_at: new Date(now.getTime() - 1000),
      },
      {
        id: `valid-${uniqueId()}`,
        expires_at: new Date(now.getTime() + 1000),
        absolute_expires_at: new Date(now.getTime() + DAY),
      },
    ];
    await db
      .insertInto("sessions")
      .values(rows.map((r) => ({ ...r, user_id: user.id })))
      .execute();

    const result = await purgeExpiredData(db, { now });
    expect(result.global.sessions).toBeGreaterThanOrEqual(2);
    const left = await db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute();
    expect(left.map((r) => r.id)).toEqual([rows[2]!.id]);
  });

  it("deletes sign-in links a day after they were used or expired, not before", async () => {
    const now = new Date();
    const email = `links-${uniqueId()}@example.test`;
    const at = (ms: number) => new Date(now.getTime() + ms);
    const links = {
      usedLongAgo: { used_at: at(-DAY - 60_000), expires_at: at(-DAY + 60_000) },
      usedJustNow: { used_at: at(-60_000), expires_at: at(10 * 60_000) },
      unusedValid: { used_at: null, expires_at: at(10 * 60_000) },
      expiredLongAgo: { used_at: null, expires_at: at(-DAY - 60_000) },
      expiredRecently: { used_at: null, expires_at: at(-DAY + 60_000) },
    };
    for (const [name, link] of Object.entries(links)) {
      await db
        .insertInto("sign_in_tokens")
        .values({ token_hash: `${name}-${uniqueId()}`, email, tenant_slug: null, ...link })
        .execute();
    }

    await purgeExpiredData(db, { now });
    const left = await db
      .selectFrom("sign_in_tokens")
      .select("token_hash")
      .where("email", "=", email)
      .execute();
    expect(left.map((r) => r.token_hash.split("-")[0]).sort()).toEqual([
      "expiredRecently",
      "unusedValid",
      "usedJustNow",
    ]);
  });

  it("deletes invitations 30 days after expiry or acceptance, but keeps one still waiting for its manager", async () => {
    const { tenant, admin } = await tenantWithAdmin();
    const now = new Date();
    const at = (days: number) => new Date(now.getTime() + days * DAY);
    const specs = {
      expiredLongAgo: { expires_at: at(-31), accepted_at: null },
      expiredRecently: { expires_at: at(-29), accepted_at: null },
      pending: { expires_at: at(5), accepted_at: null },
      acceptedLongAgo: { expires_at: at(-35), accepted_at: at(-31) },
      acceptedRecently: { expires_at: at(-33), accepted_at: at(-29) },
      waitingForManager: { expires_at: at(-35), accepted_at: at(-31) },
    };
    const ids: Record<string, string> = {};
    for (const [name, spec] of Object.entries(specs)) {
      const row = await withTenant(db, tenant.id, (tx) =>
        tx
          .insertInto("invitations")
          .values({
            tenant_id: tenant.id,
            email: `${name.toLowerCase()}-${uniqueId()}@example.test`,
            name,
            roles: ["employee"],
            token_hash: uniqueId(),
            invited_by: admin.userId,
            ...spec,
          })
          .returning("id")
          .executeTakeFirstOrThrow(),
      );
      ids[name] = row.id;
    }
    // a CSV import named a manager who has not joined yet (accept-invitation.server.ts)
    await withTenant(db, tenant.id, (tx) =>
      tx
        .insertInto("audit_events")
        .values({
          tenant_id: tenant.id,
          actor_user_id: admin.userId,
          action: "member.invited",
          subject: ids.waitingForManager!,
          data: JSON.stringify({ pendingManagerEmail: "chefin@example.test" }),
        })
        .execute(),
    );

    const result = await purgeExpiredData(db, { now });
    expect(result.tenants.find((t) => t.tenantId === tenant.id)?.removed.invitations).toBe(2);
    const left = await withTenant(db, tenant.id, (tx) =>
      tx
        .selectFrom("invitations")
        .select("name")
        .where("tenant_id", "=", tenant.id)
        .orderBy("name")
        .execute(),
    );
    expect(left.map((r) => r.name)).toEqual([
      "acceptedRecently",
      "expiredRecently",
      "pending",
      "waitingForManager",
    ]);
  });

  it("keeps the member.invited event of an invitation still waiting for its manager past the retention (the link to the manager lives there)", async () => {
    const { tenant, admin } = await tenantWithAdmin(6);
    const now = new Date();
    const old = monthsAgo(now, 7);
    const invite = async (name: string) =>
      (
        await withTenant(db, tenant.id, (tx) =>
          tx
            .insertInto("invitations")
            .values({
              tenant_id: tenant.id,
              email: `${name}-${uniqueId()}@example.test`,
              name,
              roles: ["employee"],
              token_hash: uniqueId(),
              invited_by: admin.userId,
              expires_at: old,
              accepted_at: old,
            })
            .returning("id")
            .executeTakeFirstOrThrow(),
        )
      ).id;
    const event = async (subject: string, data: Record<string, unknown>) =>
      (
        await withTenant(db, tenant.id, (tx) =>
          tx
            .insertInto("audit_events")
            .values({
              tenant_id: tenant.id,
              actor_user_id: admin.userId,
              action: "member.invited",
              subject,
              data: JSON.stringify(data),
              created_at: old,
            })
            .returning("id")
            .executeTakeFirstOrThrow(),
        )
      ).id;
    const waiting = await invite("waiting");
    const waitingEvent = await event(waiting, { pendingManagerEmail: "chefin@example.test" });
    const plain = await invite("plain");
    const plainEvent = await event(plain, { pendingManagerEmail: null });
    const other = await addAudit(tenant.id, old);

    await purgeExpiredData(db, { now });
    await purgeExpiredData(db, { now: new Date(now.getTime() + DAY) });
    expect(await remaining("audit_events", tenant.id, [waitingEvent, plainEvent, other])).toEqual([
      waitingEvent,
    ]);
    const left = await withTenant(db, tenant.id, (tx) =>
      tx.selectFrom("invitations").select("id").where("tenant_id", "=", tenant.id).execute(),
    );
    expect(left.map((r) => r.id)).toEqual([waiting]);
  });

  it("deletes audit events and access log rows past each tenant's retention, and nothing of a tenant that keeps them longer", async () => {
    const now = new Date();
    // A keeps the default 24 months, B only 6, C 36
    const a = await tenantWithAdmin();
    const b = await tenantWithAdmin(6);
    const c = await tenantWithAdmin(36);
    expect(
      (await withTenant(db, a.tenant.id, (tx) => getPrivacySettings(tx, a.tenant.id))).auditRetentionMonths,
    ).toBe(24);

    const seed = async (t: typeof a, months: number) => {
      const ages = {
        over: monthsAgo(now, months, 1),
        under: monthsAgo(now, months, -1),
        year: monthsAgo(now, 12),
        twoYears: monthsAgo(now, 24, 1),
      };
      const audit: Record<string, string> = {};
      const access: Record<string, string> = {};
      for (const [name, when] of Object.entries(ages)) {
        audit[name] = await addAudit(t.tenant.id, when);
        access[name] = await addAccess(t.tenant.id, t.admin.id, when);
      }
      return { audit, access };
    };
    const seededA = await seed(a, 24);
    const seededB = await seed(b, 6);
    const seededC = await seed(c, 36);

    const result = await purgeExpiredData(db, { now });
    const removed = (t: typeof a) => result.tenants.find((x) => x.tenantId === t.tenant.id)?.removed;

    // A (24 months): older than 24 months goes (over, twoYears); a year-old row stays
    expect(await remaining("audit_events", a.tenant.id, Object.values(seededA.audit))).toEqual([
      seededA.audit.under,
      seededA.audit.year,
    ]);
    expect(await remaining("credit_access_log", a.tenant.id, Object.values(seededA.access))).toEqual([
      seededA.access.under,
      seededA.access.year,
    ]);
    // B (6 months): everything older than 6 months goes, the year-old row too
    expect(await remaining("audit_events", b.tenant.id, Object.values(seededB.audit))).toEqual([
      seededB.audit.under,
    ]);
    expect(await remaining("credit_access_log", b.tenant.id, Object.values(seededB.access))).toEqual([
      seededB.access.under,
    ]);
    // C (36 months): only the row older than 36 months
    expect(await remaining("audit_events", c.tenant.id, Object.values(seededC.audit))).toEqual([
      seededC.audit.under,
      seededC.audit.year,
      seededC.audit.twoYears,
    ]);
    expect(await remaining("credit_access_log", c.tenant.id, Object.values(seededC.access))).toEqual([
      seededC.access.under,
      seededC.access.year,
      seededC.access.twoYears,
    ]);

    expect(removed(a)).toMatchObject({ auditEvents: 2, accessLog: 2 });
    expect(removed(b)).toMatchObject({ auditEvents: 3, accessLog: 3 });
    expect(removed(c)).toMatchObject({ auditEvents: 1, accessLog: 1 });

    // the run is recorded per tenant (the admin page shows it) and audited where it removed something
    const run = await withTenant(db, b.tenant.id, (tx) => lastRetentionRun(tx, b.tenant.id));
    expect(run?.ranAt.getTime()).toBe(now.getTime());
    expect(run?.removed).toEqual({
      invitations: 0,
      auditEvents: 3,
      accessLog: 3,
      jobFailures: 0,
      dataExports: 0,
    });
    const audited = await withTenant(db, b.tenant.id, (tx) =>
      tx
        .selectFrom("audit_events")
        .select("data")
        .where("tenant_id", "=", b.tenant.id)
        .where("action", "=", "privacy.retention_run")
        .execute(),
    );
    expect(audited.map((r) => r.data)).toEqual([
      { invitations: 0, auditEvents: 3, accessLog: 3, jobFailures: 0, dataExports: 0 },
    ]);

    // a second run finds nothing more in these tenants
    const again = await purgeExpiredData(db, { now: new Date(now.getTime() + 1000) });
    for (const t of [a, b, c])
      expect(again.tenants.find((x) => x.tenantId === t.tenant.id)?.removed).toEqual({
        invitations: 0,
        auditEvents: 0,
        accessLog: 0,
        jobFailures: 0,
        dataExports: 0,
      });
  });

  it("the app role still cannot delete access log rows younger than the tenant's retention, nor change any", async () => {
    const { tenant, admin } = await tenantWithAdmin(6);
    const young = await addAccess(tenant.id, admin.id, monthsAgo(new Date(), 6, -1));
    const deleted = await withTenant(db, tenant.id, (tx) =>
      tx
        .deleteFrom("credit_access_log")
        .where("tenant_id", "=", tenant.id)
        .where("id", "=", young)
        .executeTakeFirst(),
    );
    expect(Number(deleted.numDeletedRows)).toBe(0);
    expect(await remaining("credit_access_log", tenant.id, [young])).toEqual([young]);
    await expect(
      withTenant(db, tenant.id, (tx) =>
        tx
          .updateTable("credit_access_log")
          .set({ action: "export.csv" })
          .where("tenant_id", "=", tenant.id)
          .execute(),
      ),
    ).rejects.toThrow(/permission denied for table credit_access_log/);
  });

  it("deletes failed jobs 30 days after they failed, with or without a tenant", async () => {
    const { tenant } = await tenantWithAdmin();
    const other = await tenantWithAdmin();
    const now = new Date();
    const ids = {
      old: await addFailure(tenant.id, new Date(now.getTime() - 31 * DAY)),
      recent: await addFailure(tenant.id, new Date(now.getTime() - 29 * DAY)),
      otherRecent: await addFailure(other.tenant.id, new Date(now.getTime() - 29 * DAY)),
      untenantedOld: await addFailure(null, new Date(now.getTime() - 31 * DAY)),
      untenantedRecent: await addFailure(null, new Date(now.getTime() - 29 * DAY)),
    };
    const result = await purgeExpiredData(db, { now });
    expect(await failureJobIds(Object.values(ids))).toEqual([
      ids.recent,
      ids.otherRecent,
      ids.untenantedRecent,
    ]);
    expect(result.tenants.find((t) => t.tenantId === tenant.id)?.removed.jobFailures).toBe(1);
    expect(result.global.untenantedJobFailures).toBeGreaterThanOrEqual(1);
  });

  it("drops the content of data exports whose download expired, and keeps the rest", async () => {
    const { tenant, admin } = await tenantWithAdmin();
    const now = new Date();
    const add = (expiresAt: Date) =>
      withTenant(db, tenant.id, (tx) =>
        tx
          .insertInto("data_exports")
          .values({
            tenant_id: tenant.id,
            membership_id: admin.id,
            requested_by: admin.id,
            status: "ready",
            content: JSON.stringify({ email: admin.email }),
            ready_at: now,
            expires_at: expiresAt,
          })
          .returning("id")
          .executeTakeFirstOrThrow(),
      );
    const expired = await add(new Date(now.getTime() - 1000));
    const valid = await add(new Date(now.getTime() + DAY));
    const result = await purgeExpiredData(db, { now });
    expect(result.tenants.find((t) => t.tenantId === tenant.id)?.removed.dataExports).toBe(1);
    const rows = await withTenant(db, tenant.id, (tx) =>
      tx.selectFrom("data_exports").select(["id", "content"]).where("tenant_id", "=", tenant.id).execute(),
    );
    expect(rows.find((r) => r.id === expired.id)?.content).toBeNull();
    expect(rows.find((r) => r.id === valid.id)?.content).toEqual({ email: admin.email });
  });
});

describe("the purge job", () => {
  it("when Redis fails, the database's purge is done all the same and the run fails afterwards", async () => {
    const { tenant } = await tenantWithAdmin(6);
    const old = await addAudit(tenant.id, monthsAgo(new Date(), 7));
    const clean = vi.spyOn(Queue.prototype, "clean").mockRejectedValue(new Error("redis down"));
    await expect(purgeExpiredData(db, { redisUrl })).rejects.toThrow("redis down");
    expect(clean).toHaveBeenCalled();
    expect(await remaining("audit_events", tenant.id, [old])).toEqual([]);
  });

  it("runs in-process through the queue (no REDIS_URL) and is idempotent", async () => {
    delete process.env.REDIS_URL;
    const { tenant } = await tenantWithAdmin(6);
    const old = await addAudit(tenant.id, monthsAgo(new Date(), 7));
    await enqueue("purge-expired-data", {});
    await drainInProcessJobs();
    await enqueue("purge-expired-data", {});
    await drainInProcessJobs();
    expect(listFailedInProcessJobs().filter((j) => j.name === "purge-expired-data")).toEqual([]);
    expect(await remaining("audit_events", tenant.id, [old])).toEqual([]);
    // the second run removed nothing: its record says so
    expect(
      (await withTenant(db, tenant.id, (tx) => lastRetentionRun(tx, tenant.id)))?.removed.auditEvents,
    ).toBe(0);
  });

  it("on Redis, through the worker, also removes failed and completed BullMQ jobs older than 30 days (with their payloads)", async () => {
    process.env.REDIS_URL = redisUrl;
    process.env.QUEUE_PREFIX = `chorus-test-${randomUUID()}`;
    process.env.JOB_BACKOFF_MS = "5";
    const queue = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix: process.env.QUEUE_PREFIX });
    const worker = startWorker(redisUrl);
    try {
      vi.spyOn(purgeClicksJob, "handler").mockRejectedValue(new Error("down"));
      const first = await enqueue("purge-clicks", {});
      const second = await enqueue("purge-clicks", {});
      await waitFor(async () => (await queue.getFailedCount()) === 2);
      vi.restoreAllMocks();
      // and two that completed (a completed send-email job keeps its address in Redis just the same)
      vi.spyOn(purgeClicksJob, "handler").mockResolvedValue(undefined);
      const doneOld = await enqueue("purge-clicks", {});
      const doneRecent = await enqueue("purge-clicks", {});
      await waitFor(async () => (await queue.getCompletedCount()) === 2);
      vi.restoreAllMocks();
      // the first failed and the first completed 31 days ago: BullMQ orders both sets by when they finished
      const client = (await queue.getBackend().client) as unknown as {
        zadd(key: string, score: number, member: string): Promise<unknown>;
      };
      await client.zadd(`${process.env.QUEUE_PREFIX}:${QUEUE_NAME}:failed`, Date.now() - 31 * DAY, first.id);
      await client.zadd(
        `${process.env.QUEUE_PREFIX}:${QUEUE_NAME}:completed`,
        Date.now() - 31 * DAY,
        doneOld.id,
      );

      const run = await enqueue("purge-expired-data", {});
      await waitFor(async () => (await queue.getJob(run.id))?.finishedOn !== undefined);
      expect(await queue.getJob(run.id).then((j) => j?.failedReason)).toBeUndefined();
      expect((await queue.getFailed()).map((j) => j.id)).toEqual([second.id]);
      expect(await queue.getJob(first.id)).toBeUndefined();
      expect(await queue.getJob(doneOld.id)).toBeUndefined();
      expect(await queue.getJob(doneRecent.id)).toBeDefined();
    } finally {
      await worker.close();
      await queue.obliterate({ force: true });
      await queue.close();
      await closeQueue();
      delete process.env.REDIS_URL;
    }
  });
});

describe("privacy settings", () => {
  it("refuses an audit retention under 6 months with a clear error, and accepts 6", async () => {
    const { tenant, admin } = await tenantWithAdmin();
    const error = await withTenant(db, tenant.id, (tx) =>
      savePrivacySettings(tx, admin, { auditRetentionMonths: "5", strictMode: undefined }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toEqual({ auditRetentionMonths: ["retention_range"] });
    expect(retentionTexts.en.errors.retention_range).toMatch(/6.*120/);
    expect(retentionTexts.de.errors.retention_range).toMatch(/6.*120/);
    expect(
      (await withTenant(db, tenant.id, (tx) => getPrivacySettings(tx, tenant.id))).auditRetentionMonths,
    ).toBe(24);

    await withTenant(db, tenant.id, (tx) =>
      savePrivacySettings(tx, admin, { auditRetentionMonths: "6", strictMode: "on" }),
    );
    expect(await withTenant(db, tenant.id, (tx) => getPrivacySettings(tx, tenant.id))).toEqual({
      auditRetentionMonths: 6,
      strictMode: true,
    });
  });

  it("the admin page shows the error next to the field, saves 6, and lists the rules in force", async () => {
    const { tenant, user } = await tenantWithAdmin();
    const { token } = await createSession(db, user.id);
    const cookie = `${sessionCookieName()}=${encodeURIComponent(token)}`;
    const url = `http://chorus.test/t/${tenant.slug}/admin/privacy`;
    const params = { tenant: tenant.slug };
    const post = (form: Record<string, string>) =>
      privacyRoute.action({
        request: new Request(url, {
          method: "POST",
          headers: { Cookie: cookie },
          body: new URLSearchParams(form),
        }),
        params,
      } as never);

    const refused = (await post({ auditRetentionMonths: "5" })) as {
      data: { result: { error: Record<string, string[]> }; saved: boolean };
      init: { status: number };
    };
    expect(refused.init.status).toBe(400);
    expect(refused.data.saved).toBe(false);
    expect(refused.data.result.error).toEqual({ auditRetentionMonths: ["retention_range"] });

    const saved = (await post({ auditRetentionMonths: "6", strictMode: "on" })) as { saved: boolean };
    expect(saved.saved).toBe(true);

    const page = (await privacyRoute.loader({
      request: new Request(url, { headers: { Cookie: cookie } }),
      params,
    } as never)) as Awaited<ReturnType<typeof privacyRoute.loader>>;
    expect(page.settings).toEqual({ auditRetentionMonths: "6", strictMode: "on" });
    expect(page.rules.map((r) => [r.key, r.days ?? r.months ?? null])).toEqual([
      ["sessions", null],
      ["signInTokens", 1],
      ["invitations", 30],
      ["auditEvents", 6],
      ["accessLog", 6],
      ["rawClicks", 90],
      ["jobFailures", 30],
      ["dataExports", expect.any(Number)],
    ]);
  });

  it("over HTTP the page shows the rules, strict mode's effects and the last run; a refused value is explained at its field", async () => {
    const { tenant, user } = await tenantWithAdmin(12);
    await purgeExpiredData(db);
    const cookie = await sessionCookie(db, user.id);
    const server = await startAppServer();
    try {
      const url = `${server.base}/t/${tenant.slug}/admin/privacy`;
      const headers = { Cookie: cookie, "Accept-Language": "de" };
      const page = await (await fetch(url, { headers })).text();
      expect(page).toContain("Datenschutz und Aufbewahrung");
      expect(page).toContain("Was der strenge Betriebsratsmodus bewirkt");
      expect(page).toContain(
        'Zugriffsprotokoll (wer wessen Zahlen angesehen hat)</th><td data-label="Aufbewahrt">12 Monate, dann gelöscht',
      );
      expect(page).toContain('Einzelne Klicks</th><td data-label="Aufbewahrt">90 Tage');
      expect(page).toContain("Nichts war fällig.");

      const res = await fetch(url, {
        method: "POST",
        headers: { ...headers, Origin: server.base, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ auditRetentionMonths: "5" }).toString(),
      });
      expect(res.status).toBe(400);
      const refused = await res.text();
      expect(refused).toContain("Wähle zwischen 6 und 120 Monaten.");
      expect(refused).toMatch(/aria-invalid="true"/);
      expect(
        (await withTenant(db, tenant.id, (tx) => getPrivacySettings(tx, tenant.id))).auditRetentionMonths,
      ).toBe(12);
    } finally {
      await server.close();
    }
  });

  it("an employee cannot open the page", async () => {
    const { tenant } = await tenantWithAdmin();
    const user = await createUser(db);
    await addMember(db, tenant.id, user.id, ["employee"]);
    const { token } = await createSession(db, user.id);
    const request = new Request(`http://chorus.test/t/${tenant.slug}/admin/privacy`, {
      headers: { Cookie: `${sessionCookieName()}=${encodeURIComponent(token)}` },
    });
    const status = await privacyRoute.loader({ request, params: { tenant: tenant.slug } } as never).then(
      () => 200,
      (thrown: unknown) => (thrown instanceof Response ? thrown.status : -1),
    );
    expect(status).toBe(403);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
