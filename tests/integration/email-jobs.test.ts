import { Queue, QueueEvents } from "bullmq";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  closeQueue,
  drainInProcessJobs,
  enqueue,
  listFailedInProcessJobs,
  QUEUE_NAME,
} from "~/jobs/queue.ts";
import { startWorker } from "~/jobs/worker.ts";
import { logger } from "~/runtime/logger.server.ts";
import { startFakeResend, type FakeResend } from "~/tests/fakes/resend.ts";

const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const link = "https://chorus.example.com/t/acme/content/review";
let fake: FakeResend;

beforeAll(async () => {
  fake = await startFakeResend();
  process.env.RESEND_API_KEY = "re_test";
  process.env.RESEND_BASE_URL = fake.url;
  process.env.MAIL_FROM = "Chorus <noreply@chorus.test>";
  // Own Redis keys per run, so parallel runs never take each other's jobs.
  process.env.QUEUE_PREFIX = `chorus-test-${randomUUID()}`;
  // Retries in milliseconds rather than seconds.
  process.env.JOB_BACKOFF_MS = "10";
  // The failure tests log errors on purpose.
  logger.level = "silent";
});

afterAll(async () => {
  await closeQueue();
  await fake.close();
});

beforeEach(() => fake.clear());

// A template whose link is no secret: sign-in and invitation mails mint theirs in the job (see
// tests/integration/email-links.test.ts), and their payloads carry no url at all.
function reviewRequestEmail(idempotencyKey = randomUUID()) {
  return {
    to: "ada@example.com",
    locale: "de",
    template: "review-requested",
    idempotencyKey,
    props: { url: link, postTitle: "Leipzig", authorName: "Grace", tenantName: "Acme" },
  } as const;
}

describe("send-email, in-process (no REDIS_URL)", () => {
  beforeAll(() => {
    delete process.env.REDIS_URL;
  });

  it("delivers one email through Resend with recipient, subject and link", async () => {
    await enqueue("send-email", reviewRequestEmail());
    // Enqueueing hands the job off; the email goes out afterwards, not inside the caller.
    expect(fake.received).toHaveLength(0);
    await drainInProcessJobs();

    expect(fake.received).toHaveLength(1);
    const [mail] = fake.received;
    expect(mail?.to).toEqual(["ada@example.com"]);
    expect(mail?.from).toBe("Chorus <noreply@chorus.test>");
    expect(mail?.subject).toBe("Neuer Beitrag zur Prüfung: Leipzig");
    expect(mail?.html).toContain(`href="${link}"`);
    expect(mail?.text).toContain(link);
    expect(mail?.headers.authorization).toBe("Bearer re_test");
  });

  it("sends once when the same email is enqueued twice", async () => {
    const key = randomUUID();
    await enqueue("send-email", reviewRequestEmail(key));
    await enqueue("send-email", reviewRequestEmail(key));
    await drainInProcessJobs();
    expect(fake.received).toHaveLength(1);
  });

  it("retries after server errors and delivers exactly once", async () => {
    fake.failNext(2, 500);
    const { id } = await enqueue("send-email", reviewRequestEmail());
    await drainInProcessJobs();
    expect(fake.received).toHaveLength(1);
    expect(listFailedInProcessJobs().map((j) => j.id)).not.toContain(id);
  });

  it("gives up after the job's attempts and keeps it in the failed list", async () => {
    fake.failNext(100, 503);
    const { id } = await enqueue("send-email", reviewRequestEmail());
    await drainInProcessJobs();
    expect(fake.received).toHaveLength(0);
    const failed = listFailedInProcessJobs().find((j) => j.id === id);
    expect(failed).toMatchObject({ name: "send-email", attempts: 5 });
    expect(failed?.error).toContain("503");
  });
});

describe("send-email, BullMQ worker on Redis", () => {
  beforeAll(() => {
    process.env.REDIS_URL = redisUrl;
  });

  afterAll(async () => {
    await closeQueue();
    const queue = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix: process.env.QUEUE_PREFIX });
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it("a separate worker delivers the enqueued email", async () => {
    await enqueue("send-email", { ...reviewRequestEmail(), locale: "en" });
    const worker = startWorker(redisUrl);
    try {
      await waitFor(() => fake.received.length > 0);
      expect(fake.received).toHaveLength(1);
      expect(fake.received[0]?.subject).toBe("New post to review: Leipzig");
      expect(fake.received[0]?.text).toContain(link);
    } finally {
      await worker.close();
    }
  });

  it("fails a job with an invalid payload at once instead of retrying it", async () => {
    // Written straight to Redis, as an older deploy or a hand-edited job might.
    const raw = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix: process.env.QUEUE_PREFIX });
    const events = new QueueEvents(QUEUE_NAME, {
      connection: { url: redisUrl },
      prefix: process.env.QUEUE_PREFIX,
    });
    await events.waitUntilReady();
    const worker = startWorker(redisUrl);
    try {
      const job = await raw.add(
        "send-email",
        { ...reviewRequestEmail(), to: "nobody" },
        { attempts: 5, backoff: { type: "fixed", delay: 10 } },
      );
      await job.waitUntilFinished(events, 10_000).catch(() => undefined);
      const done = await raw.getJob(job.id ?? "");
      expect(await done?.getState()).toBe("failed");
      expect(done?.attemptsMade).toBe(1);
      expect(done?.failedReason).toMatch(/send-email.*\bto\b/);
      expect(fake.received).toHaveLength(0);
    } finally {
      await worker.close();
      await events.close();
      await raw.close();
    }
  });
});

describe("enqueue validation", () => {
  it("rejects a bad payload naming the job and the field, and sends nothing", async () => {
    delete process.env.REDIS_URL;
    await expect(enqueue("send-email", { ...reviewRequestEmail(), to: "not-an-email" })).rejects.toThrow(
      /"send-email".*\bto\b/,
    );
    await expect(
      enqueue("send-email", {
        ...reviewRequestEmail(),
        props: { ...reviewRequestEmail().props, url: "javascript:alert(1)" },
      }),
    ).rejects.toThrow(/props\.url/);
    await drainInProcessJobs();
    expect(fake.received).toHaveLength(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
