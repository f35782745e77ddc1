import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { closeQueue, drainInProcessJobs, enqueue, QUEUE_NAME } from "~/jobs/queue.ts";
import { startWorker } from "~/jobs/worker.ts";
import { logger } from "~/runtime/logger.server.ts";
import { resetRateLimits } from "~/app/lib/rate-limit.server.ts";
import { consumeSignInLink } from "~/app/modules/auth/consume-sign-in-link.server.ts";
import { requestSignInLink } from "~/app/modules/auth/request-sign-in-link.server.ts";
import { mintInvitationLink, mintSignInLink } from "~/app/modules/auth/mint-link.server.ts";
import { hashToken } from "~/app/modules/auth/tokens.server.ts";
import { acceptInvitation } from "~/app/modules/tenancy/accept-invitation.server.ts";
import { inviteMember } from "~/app/modules/tenancy/invite-member.server.ts";
import { resendInvitation } from "~/app/modules/tenancy/resend-invitation.server.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";
import * as joinRoute from "~/app/routes/join.tsx";
import * as loginRoute from "~/app/routes/login.tsx";
import * as verifyRoute from "~/app/routes/login.verify.tsx";
import { startFakeResend, type FakeResend } from "~/tests/fakes/resend.ts";
import { addMember, createTenant, createUser, uniqueId } from "~/tests/support/factories.ts";

// Sign-in and invitation mails through the fake Resend; the send-email job mints their links.
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let fake: FakeResend;
let db: DB;

beforeAll(async () => {
  fake = await startFakeResend();
  process.env.RESEND_API_KEY = "re_test";
  process.env.RESEND_BASE_URL = fake.url;
  process.env.QUEUE_PREFIX = `chorus-test-${randomUUID()}`;
  process.env.JOB_BACKOFF_MS = "10";
  delete process.env.REDIS_URL;
  ({ db } = await database());
});

afterAll(async () => {
  await closeQueue();
  await fake.close();
});

beforeEach(async () => {
  await drainInProcessJobs();
  fake.clear();
  await resetRateLimits();
});

/** The token of each mail received so far to `to`, oldest first. */
function mailedTokens(to: string, path: RegExp): string[] {
  return fake.received.filter((m) => m.to.includes(to)).flatMap((m) => m.text?.match(path)?.[1] ?? []);
}
const SIGN_IN = /\/login\/verify\?token=([a-z2-7]{32})/;

async function signInLinkFor(email: string): Promise<string> {
  await requestSignInLink(db, { email, ip: "10.9.0.1", locale: "en" });
  await drainInProcessJobs();
  const token = mailedTokens(email, SIGN_IN).at(-1);
  if (!token) throw new Error(`no sign-in mail to ${email}`);
  return token;
}

describe("the send-email job payload", () => {
  afterAll(async () => {
    delete process.env.REDIS_URL;
    await closeQueue();
    const queue = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix: process.env.QUEUE_PREFIX });
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it("holds no sign-in token in Redis, before or after sending, and the mailed link works", async () => {
    process.env.REDIS_URL = redisUrl;
    const user = await createUser(db);
    await requestSignInLink(db, { email: user.email, ip: "10.9.0.2", locale: "de" });

    const queue = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix: process.env.QUEUE_PREFIX });
    const [queued] = await queue.getJobs(["waiting", "prioritized", "delayed"]);
    await queue.close();
    expect(queued?.data).toMatchObject({ template: "magic-link", to: user.email, link: { kind: "sign-in" } });
    expect(JSON.stringify(queued?.data)).not.toMatch(/token|https?:/);

    const worker = startWorker(redisUrl);
    try {
      await waitFor(() => fake.received.length > 0);
    } finally {
      await worker.close();
    }
    const [token] = mailedTokens(user.email, SIGN_IN);
    expect(token).toBeDefined();
    // Nowhere under the queue's keys: not in the job, its completed record or its logs.
    const redis = new Redis(redisUrl);
    try {
      const keys = await redis.keys(`${process.env.QUEUE_PREFIX}:*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        const type = await redis.type(key);
        const dump =
          type === "hash"
            ? JSON.stringify(await redis.hgetall(key))
            : type === "string"
              ? await redis.get(key)
              : type === "list"
                ? JSON.stringify(await redis.lrange(key, 0, -1))
                : "";
        expect(dump, key).not.toContain(token);
        expect(dump, key).not.toContain(hashToken(token!));
      }
    } finally {
      redis.disconnect();
    }
    expect((await consumeSignInLink(db, token!)).ok).toBe(true);
  });

  it("refuses a sign-in or invitation payload that carries a link", async () => {
    delete process.env.REDIS_URL;
    const base = { to: "ada@example.com", locale: "en", idempotencyKey: randomUUID() } as const;
    await expect(
      enqueue("send-email", {
        ...base,
        template: "magic-link",
        link: { kind: "sign-in", id: randomUUID() },
        // @ts-expect-error -- the type forbids it too; this is what an old deploy or a hand-made job would send
        props: { url: "https://x.example/login/verify?token=abc", expiresInMinutes: 10 },
      }),
    ).rejects.toThrow(/props/);
  });
});

describe("sign-in links", () => {
  it("a new link ends the older ones, even before their mail went out", async () => {
    const user = await createUser(db);
    const first = await signInLinkFor(user.email);
    const second = await signInLinkFor(user.email);
    expect((await consumeSignInLink(db, first)).ok).toBe(false);

    // A job still queued for an older link (its mail not yet sent) mints nothing and sends nothing.
    await requestSignInLink(db, { email: user.email, ip: "10.9.0.3", locale: "en" });
    const older = await db
      .selectFrom("sign_in_tokens")
      .select("id")
      .where("email", "=", user.email)
      .where("used_at", "is", null)
      .executeTakeFirstOrThrow();
    await drainInProcessJobs();
    await requestSignInLink(db, { email: user.email, ip: "10.9.0.3", locale: "en" });
    await drainInProcessJobs();
    expect(await mintSignInLink(db, { kind: "sign-in", id: older.id })).toBeNull();
    expect((await consumeSignInLink(db, second)).ok).toBe(false);
    expect((await consumeSignInLink(db, mailedTokens(user.email, SIGN_IN).at(-1)!)).ok).toBe(true);
  });

  it("signing in with one link ends every other link of the address", async () => {
    const user = await createUser(db);
    const token = await signInLinkFor(user.email);
    // another live link, as two requests racing each other could leave behind
    await db
      .insertInto("sign_in_tokens")
      .values({
        token_hash: hashToken("other"),
        email: user.email,
        tenant_slug: null,
        expires_at: new Date(Date.now() + 600_000),
      })
      .execute();
    expect((await consumeSignInLink(db, token)).ok).toBe(true);
    const left = await db
      .selectFrom("sign_in_tokens")
      .select(["token_hash", "used_at"])
      .where("email", "=", user.email)
      .execute();
    expect(left).toEqual([{ token_hash: hashToken(token), used_at: expect.any(Date) }]);
  });

  it("joining through an invitation ends the address's sign-in links", async () => {
    const tenant = await createTenant(db);
    const adminUser = await createUser(db, { name: "Ada Admin" });
    const m = await addMember(db, tenant.id, adminUser.id, ["admin"]);
    const admin: Member = {
      id: m.id,
      tenantId: tenant.id,
      userId: adminUser.id,
      name: adminUser.name,
      email: adminUser.email,
      roles: m.roles,
      teamId: null,
      managerId: null,
    };
    const info: TenantInfo = {
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      defaultLocale: tenant.default_locale,
      timeZone: tenant.time_zone,
    };
    const invitee = await createUser(db);
    const signIn = await signInLinkFor(invitee.email);

    const { invitationId } = await withTenant(db, admin.tenantId, (tx) =>
      inviteMember(tx, admin, info, {
        name: "Nina",
        email: invitee.email,
        roles: ["employee"],
      }),
    );
    const payload = await withTenant(db, tenant.id, (tx) =>
      tx
        .selectFrom("invitations")
        .select(["token_hash", "expires_at"])
        .where("id", "=", invitationId)
        .executeTakeFirstOrThrow(),
    );
    await drainInProcessJobs();
    const JOIN = new RegExp(`/t/${tenant.slug}/join\\?token=([a-z2-7]{32})`);
    const [invite] = mailedTokens(invitee.email, JOIN);
    // the row held an unusable hash until the job minted the mailed token
    expect(payload.token_hash).not.toBe(hashToken(invite!));

    // A job still queued for the invitation before "send again" renewed it mints nothing.
    const olaf = await withTenant(db, admin.tenantId, (tx) =>
      inviteMember(tx, admin, info, {
        name: "Olaf",
        email: `olaf-${uniqueId()}@example.test`,
        roles: ["employee"],
      }),
    );
    const before = await withTenant(db, tenant.id, (tx) =>
      tx
        .selectFrom("invitations")
        .select("expires_at")
        .where("id", "=", olaf.invitationId)
        .executeTakeFirstOrThrow(),
    );
    await withTenant(db, admin.tenantId, (tx) =>
      resendInvitation(tx, admin, info, { invitationId: olaf.invitationId }, new Date(Date.now() + 1000)),
    );
    await drainInProcessJobs();
    expect(
      await withTenant(db, tenant.id, (tx) =>
        mintInvitationLink(tx, {
          kind: "invitation",
          tenantId: tenant.id,
          id: olaf.invitationId,
          expiresAt: before.expires_at.toISOString(),
        }),
      ),
    ).toBeNull();

    expect(await acceptInvitation(db, tenant.slug, invite!)).toMatchObject({ ok: true });
    expect((await consumeSignInLink(db, signIn)).ok).toBe(false);
  });

  it("sign-in and join pages keep their tokens out of Referer headers", () => {
    // never more than our origin in a Referer (strict-origin: see app/lib/referrer-policy.ts)
    for (const route of [loginRoute, verifyRoute, joinRoute])
      expect(new Headers(route.headers()).get("Referrer-Policy")).toBe("strict-origin");
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

logger.level = "silent";
