import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { sql } from "kysely";
import client from "prom-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { logger } from "~/runtime/logger.server.ts";
import { closeClickRedis } from "~/app/modules/tracking/click-redis.server.ts";
import { clickConfig, resetClickConfig } from "~/app/modules/tracking/config.server.ts";
import { drainClicks } from "~/app/modules/tracking/drain-clicks.server.ts";
import { flushClicks, resetClickRateLimit } from "~/app/modules/tracking/record-click.server.ts";
import { clearLinkCache } from "~/app/modules/tracking/resolve-link.server.ts";
import { database } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { runJobNow } from "~/jobs/queue.ts";
import { addMember, createTenant, createUser, uniqueId, sessionCookie } from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";

// The real server on a random port, this file's own database, the real Redis under a key prefix of
// its own. TRUST_PROXY lets each test click from its own addresses (X-Forwarded-For), so visitors
// differ and the per-IP rate limit of one test never touches another.
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
/** nothing listens here: a Redis that is down */
const deadRedisUrl = "redis://127.0.0.1:6390";
const prefix = `chorus-test-${randomUUID()}`;
let server: AppServer;
let base: string;
let tenantId: string;
let sharerId: string;
let sharerMembershipId: string;
let sharerCookie: string;
let colleagueCookie: string;
let admin: Redis;

function useRedis(url: string | undefined): void {
  if (url) process.env.REDIS_URL = url;
  else delete process.env.REDIS_URL;
  resetClickConfig();
}

beforeAll(async () => {
  process.env.TRUST_PROXY = "true";
  process.env.QUEUE_PREFIX = prefix;
  process.env.CLICK_RATE_LIMIT_PER_MINUTE = "1000";
  useRedis(redisUrl);
  logger.level = "silent";
  server = await startAppServer();
  base = server.base;
  admin = new Redis(redisUrl);

  const { db } = await database();
  tenantId = (await createTenant(db)).id;
  const sharer = await createUser(db);
  sharerId = sharer.id;
  sharerMembershipId = (await addMember(db, tenantId, sharer.id, ["employee"])).id;
  const colleague = await createUser(db);
  await addMember(db, tenantId, colleague.id, ["employee"]);
  sharerCookie = await sessionCookie(db, sharer.id);
  colleagueCookie = await sessionCookie(db, colleague.id);
});

afterAll(async () => {
  await server?.close();
  await flushClicks();
  const keys = await admin.keys(`${prefix}:*`);
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
  await closeClickRedis();
});

beforeEach(() => {
  useRedis(redisUrl);
  resetClickRateLimit();
});

interface Link {
  code: string;
  shareId: string;
  destination: string;
}

/** A link post, a share of it by the sharer and its link code, as the share flow would write them. */
async function seedLink(): Promise<Link> {
  const { db } = await database();
  const slug = `post-${uniqueId()}`;
  const code = `c${uniqueId()}`;
  const destination = `https://www.example.com/blog/${slug}?utm_source=linkedin&utm_medium=employee_advocacy&utm_campaign=${slug}`;
  const shareId = await withTenant(db, tenantId, async (tx) => {
    const { rows: posts } = await sql<{ id: string }>`
      insert into posts (tenant_id, slug, kind, title, url, status)
      values (${tenantId}, ${slug}, 'link', 'A post', ${`https://www.example.com/blog/${slug}`}, 'published') returning id`.execute(
      tx,
    );
    const { rows: shares } = await sql<{ id: string }>`
      insert into shares (tenant_id, post_id, membership_id, network, text, channel, code)
      values (${tenantId}, ${posts[0]!.id}, ${sharerMembershipId}, 'linkedin', 'Worth a read', 'intent', ${code}) returning id`.execute(
      tx,
    );
    return shares[0]!.id;
  });
  // link_codes has RLS (0015): written in its tenant, as create-share does
  await withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("link_codes")
      .values({ code, tenant_id: tenantId, share_id: shareId, sharer_user_id: sharerId, destination })
      .execute(),
  );
  return { code, shareId, destination };
}

interface ClickOptions {
  ip?: string;
  userAgent?: string;
  cookie?: string;
  method?: string;
  referer?: string;
}

const BROWSER =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

function click(
  path: string,
  { ip = "203.0.113.7", userAgent = BROWSER, cookie, method = "GET", referer }: ClickOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { "User-Agent": userAgent, "X-Forwarded-For": ip };
  if (cookie) headers.Cookie = cookie;
  if (referer) headers.Referer = referer;
  return fetch(base + path, { method, headers, redirect: "manual" });
}

/** What the drain job does every few seconds, now: everything in memory handed off, then drained. */
async function drain(): Promise<void> {
  await flushClicks();
  await drainClicks();
}

async function clickEvents(shareId: string) {
  const { db } = await database();
  return withTenant(db, tenantId, (tx) =>
    tx.selectFrom("click_events").selectAll().where("share_id", "=", shareId).orderBy("clicked_at").execute(),
  );
}

async function inboxCount(): Promise<number> {
  const { db } = await database();
  const row = await db
    .selectFrom("click_inbox")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("GET /s/:code", () => {
  it("redirects (302) to exactly the stored destination with its UTM tags, uncached", async () => {
    const link = await seedLink();
    const res = await click(`/s/${link.code}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(link.destination);
    expect(res.headers.get("location")).toContain("utm_medium=employee_advocacy");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("lets nothing in the request choose the target", async () => {
    const link = await seedLink();
    const withQuery = await click(`/s/${link.code}?url=https://evil.example&redirect=//evil.example`);
    expect(withQuery.status).toBe(302);
    expect(withQuery.headers.get("location")).toBe(link.destination);
    for (const path of [
      `/s/${link.code}/..%2F..%2Fevil`,
      `/s//evil.example`,
      `/s/%2F%2Fevil.example`,
      `/s/${link.code}%0d%0aLocation:%20https://evil.example`,
      `/s/${link.code}/https://evil.example`,
    ]) {
      const res = await click(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("location"), path).toBeNull();
    }
  });

  it("answers unknown and malformed codes with a 404 page in German and English", async () => {
    for (const path of [
      "/s/Unknown123",
      "/s/ab",
      "/s/<script>alert(1)</script>",
      "/s/",
      `/s/${"x".repeat(40)}`,
    ]) {
      const res = await click(path);
      expect(res.status, path).toBe(404);
      const body = await res.text();
      expect(body).toContain("Link nicht gefunden");
      expect(body).toContain("Link not found");
    }
  });

  it("refuses other methods with 405", async () => {
    const link = await seedLink();
    const res = await click(`/s/${link.code}`, { method: "POST" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });
});

describe("click recording", () => {
  it("counts 3 clicks from 2 visitors as 3 events with 2 visitor hashes, and stores no IP", async () => {
    const link = await seedLink();
    await click(`/s/${link.code}`, {
      ip: "198.51.100.23",
      referer: "https://www.linkedin.com/feed/some/post",
    });
    await click(`/s/${link.code}`, { ip: "198.51.100.23" });
    await click(`/s/${link.code}`, { ip: "198.51.100.99" });
    await drain();
    const events = await clickEvents(link.shareId);
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.visitor_hash)).size).toBe(2);
    expect(events.map((e) => e.referrer_host)).toContain("www.linkedin.com");
    for (const event of events) {
      expect(event.visitor_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(event.tenant_id).toBe(tenantId);
      expect(JSON.stringify(event)).not.toMatch(/198\.51\.100/);
    }
  });

  it("counts every answer in chorus_redirects_total by outcome (read when /metrics is collected)", async () => {
    const link = await seedLink();
    const counts = async () => {
      const metric = client.register.getSingleMetric("chorus_redirects_total");
      const values = metric ? (await metric.get()).values : [];
      return Object.fromEntries(values.map((v) => [String(v.labels.outcome), v.value]));
    };
    const before = await counts();
    await click(`/s/${link.code}`);
    await click(`/s/${link.code}`);
    await click(`/s/${link.code}`, { method: "HEAD" });
    await click("/s/Unknown123");
    await click(`/s/${link.code}`, { method: "POST" });
    const after = await counts();
    const added = (outcome: string) => (after[outcome] ?? 0) - (before[outcome] ?? 0);
    expect(added("redirect")).toBe(2);
    expect(added("redirect-uncounted")).toBe(1);
    expect(added("not-found")).toBe(1);
    expect(added("method")).toBe(1);
    // collected once, counted once: a second read adds nothing
    expect(await counts()).toEqual(after);
  });

  it("gives HEAD requests and link-preview bots the redirect but records no click", async () => {
    const link = await seedLink();
    const head = await click(`/s/${link.code}`, { method: "HEAD" });
    expect(head.status).toBe(302);
    expect(head.headers.get("location")).toBe(link.destination);
    for (const bot of [
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
      "facebookexternalhit/1.1",
      "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
      "Twitterbot/1.0",
    ]) {
      const res = await click(`/s/${link.code}`, { userAgent: bot });
      expect(res.status, bot).toBe(302);
    }
    await click(`/s/${link.code}`); // one real click, so an empty table cannot pass by accident
    await drain();
    expect(await clickEvents(link.shareId)).toHaveLength(1);
  });

  it("does not count the sharer clicking their own link, but counts a signed-in colleague", async () => {
    const link = await seedLink();
    expect((await click(`/s/${link.code}`, { cookie: sharerCookie })).status).toBe(302);
    await click(`/s/${link.code}`, { cookie: colleagueCookie, ip: "192.0.2.44" });
    await drain();
    expect(await clickEvents(link.shareId)).toHaveLength(1);
  });

  it("counts a replayed stream batch once (Redis path)", async () => {
    const link = await seedLink();
    await click(`/s/${link.code}`, { ip: "192.0.2.1" });
    await click(`/s/${link.code}`, { ip: "192.0.2.2" });
    await flushClicks();
    const entries = await admin.xrange(clickConfig().streamKey, "-", "+");
    // an entry holds a batch of clicks (one XADD per few milliseconds)
    const ours = entries.filter(([, fields]) => fields[1]?.includes(link.code));
    expect(ours.flatMap(([, fields]) => JSON.parse(fields[1]!) as unknown[])).toHaveLength(2);
    expect(await inboxCount()).toBe(0);
    // through the registered job, as the scheduler runs it
    await runJobNow("drain-clicks", {});
    expect(await clickEvents(link.shareId)).toHaveLength(2);
    // a worker that crashed after committing but before XACK: the same entries come again
    for (const [, fields] of ours) await admin.xadd(clickConfig().streamKey, "*", ...fields);
    await drainClicks();
    expect(await clickEvents(link.shareId)).toHaveLength(2);
    expect(await admin.xlen(clickConfig().streamKey)).toBe(0);
  });

  it("picks up entries a crashed consumer read but never acknowledged", async () => {
    const link = await seedLink();
    await drainClicks(); // the consumer group exists from here on
    await click(`/s/${link.code}`, { ip: "192.0.2.77" });
    await flushClicks();
    // another consumer reads the entry and dies before storing it
    await admin.xreadgroup(
      "GROUP",
      "chorus-drain",
      "crashed-worker",
      "COUNT",
      100,
      "STREAMS",
      clickConfig().streamKey,
      ">",
    );
    await drainClicks();
    expect(await clickEvents(link.shareId)).toHaveLength(0);
    // pretend a minute passed: XCLAIM's IDLE resets the idle time the claim looks at
    const pending = (await admin.xpending(clickConfig().streamKey, "chorus-drain", "-", "+", 10)) as [
      string,
      string,
      number,
      number,
    ][];
    for (const [id] of pending)
      await admin.xclaim(clickConfig().streamKey, "chorus-drain", "crashed-worker", 0, id, "IDLE", 120_000);
    await drainClicks();
    expect(await clickEvents(link.shareId)).toHaveLength(1);
  });

  it("records clicks through the database when Redis is down mid-run, losing none", async () => {
    const link = await seedLink();
    await click(`/s/${link.code}`, { ip: "192.0.2.10" });
    await flushClicks();
    useRedis(deadRedisUrl); // Redis stops
    const during = [
      await click(`/s/${link.code}`, { ip: "192.0.2.11" }),
      await click(`/s/${link.code}`, { ip: "192.0.2.12" }),
    ];
    expect(during.map((r) => r.status)).toEqual([302, 302]);
    await flushClicks();
    expect(await inboxCount()).toBeGreaterThanOrEqual(2);
    await drainClicks(); // the stream cannot be read now; the inbox can
    expect(await clickEvents(link.shareId)).toHaveLength(2);
    useRedis(redisUrl); // Redis is back: the click that waited in the stream arrives too
    await drainClicks();
    expect(await clickEvents(link.shareId)).toHaveLength(3);
  });

  it("without Redis, batches clicks into the database and counts a replayed batch once", async () => {
    useRedis(undefined);
    const link = await seedLink();
    await click(`/s/${link.code}`, { ip: "192.0.2.20" });
    await click(`/s/${link.code}`, { ip: "192.0.2.21" });
    await flushClicks();
    const { db } = await database();
    const batch = await db.selectFrom("click_inbox").selectAll().where("code", "=", link.code).execute();
    expect(batch).toHaveLength(2);
    await drainClicks();
    expect(await clickEvents(link.shareId)).toHaveLength(2);
    expect(await inboxCount()).toBe(0);
    // the same batch again (a drain that died after committing, before deleting it)
    await db.insertInto("click_inbox").values(batch).execute();
    await drainClicks();
    expect(await clickEvents(link.shareId)).toHaveLength(2);
  });

  it("after tracking stopped: redirects, records nothing new, keeps clicks from before", async () => {
    const link = await seedLink();
    await click(`/s/${link.code}`, { ip: "192.0.2.30" });
    await flushClicks();
    const { db } = await database();
    await withTenant(db, tenantId, (tx) =>
      tx
        .updateTable("link_codes")
        .set({ tracking_stopped_at: new Date() })
        .where("code", "=", link.code)
        .execute(),
    );
    clearLinkCache(); // the 60 s cache would otherwise carry the old state for up to a minute
    const res = await click(`/s/${link.code}`, { ip: "192.0.2.31" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(link.destination);
    await drain();
    expect(await clickEvents(link.shareId)).toHaveLength(1);
  });

  it("stops recording beyond the per-IP rate limit while the redirect keeps answering", async () => {
    process.env.CLICK_RATE_LIMIT_PER_MINUTE = "3";
    resetClickConfig();
    try {
      const link = await seedLink();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await click(`/s/${link.code}`, { ip: "192.0.2.50" })).status);
      expect(statuses).toEqual([302, 302, 302, 302, 302, 302]);
      await click(`/s/${link.code}`, { ip: "192.0.2.51" }); // another address has its own allowance
      await drain();
      expect(await clickEvents(link.shareId)).toHaveLength(4);
    } finally {
      process.env.CLICK_RATE_LIMIT_PER_MINUTE = "1000";
      resetClickConfig();
    }
  });
});
