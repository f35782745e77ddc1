import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logger } from "~/runtime/logger.server.ts";
import { closeClickRedis } from "~/app/modules/tracking/click-redis.server.ts";
import { resetClickConfig } from "~/app/modules/tracking/config.server.ts";
import { drainClicks } from "~/app/modules/tracking/drain-clicks.server.ts";
import { database, type DB } from "~/db/client.ts";
import { productionDatabaseEnv } from "~/tests/support/production-server.ts";
import {
  clickEventCount,
  clickLoad,
  freePort,
  REPO,
  seedLink,
  serverUp,
  spawnNode,
  type Child,
} from "~/tests/integration/support/click-load.ts";

// The links process (`node --import tsx links.ts`, what `npm run links` and fly.toml's links group
// run) as a child process against this file's database and the real Redis under a prefix of its own.
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const prefix = `chorus-test-${randomUUID()}`;
const savedRedis = process.env.REDIS_URL;
const savedPrefix = process.env.QUEUE_PREFIX;
const BROWSER =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
let db: DB;
let admin: Redis;

async function startLinks(env: Record<string, string> = {}): Promise<{ base: string; server: Child }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawnNode("links.ts", {
    ...(await productionDatabaseEnv()),
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: base,
    TRUST_PROXY: "true",
    CLICK_RATE_LIMIT_PER_MINUTE: "1000000",
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: "warn",
    ...env,
  });
  await serverUp(base, server);
  return { base, server };
}

function kill(server: Child): void {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
}

/** A raw request line (fetch would normalise the target). */
function rawGet(base: string, path: string): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path, method: "GET" }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end();
  });
}

const streamKey = `${prefix}:chorus-clicks`;

async function drainHere(): Promise<void> {
  process.env.REDIS_URL = redisUrl;
  process.env.QUEUE_PREFIX = prefix;
  resetClickConfig();
  await drainClicks();
}

beforeAll(async () => {
  logger.level = "silent";
  db = (await database()).db;
  admin = new Redis(redisUrl);
});

afterAll(async () => {
  const keys = await admin.keys(`${prefix}:*`);
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
  await closeClickRedis();
  if (savedRedis === undefined) delete process.env.REDIS_URL;
  else process.env.REDIS_URL = savedRedis;
  if (savedPrefix === undefined) delete process.env.QUEUE_PREFIX;
  else process.env.QUEUE_PREFIX = savedPrefix;
  resetClickConfig();
});

describe("the links process", () => {
  let base: string;
  let server: Child;

  beforeAll(async () => {
    ({ base, server } = await startLinks());
  }, 120_000);

  afterAll(() => kill(server));

  it("redirects a known code with the security headers and records the click in the Redis stream", async () => {
    const link = await seedLink(db);
    const before = await admin.xlen(streamKey);
    const res = await fetch(`${base}/s/${link.code}`, {
      redirect: "manual",
      headers: { "User-Agent": BROWSER, "X-Forwarded-For": "203.0.113.7" },
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://firma.example/");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("strict-transport-security")).toContain("max-age=");
    // recorded after the answer, batched for a few ms, then one XADD
    await expect.poll(() => admin.xlen(streamKey), { timeout: 5_000 }).toBeGreaterThan(before);
    await drainHere();
    expect(await clickEventCount(db, link)).toEqual({ rows: 1, keys: 1 });
  });

  it("does not count bots or HEAD requests", async () => {
    const link = await seedLink(db);
    const bot = await fetch(`${base}/s/${link.code}`, {
      redirect: "manual",
      headers: {
        "User-Agent": "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
      },
    });
    expect(bot.status).toBe(302);
    const head = await fetch(`${base}/s/${link.code}`, {
      method: "HEAD",
      redirect: "manual",
      headers: { "User-Agent": BROWSER },
    });
    expect(head.status).toBe(302);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await drainHere();
    expect(await clickEventCount(db, link)).toEqual({ rows: 0, keys: 0 });
  });

  it("answers unknown codes with the not-found page, other paths with 404, malformed targets with 400", async () => {
    const unknown = await fetch(`${base}/s/NoSuchCode42`, { headers: { "User-Agent": BROWSER } });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("Link not found");
    expect(unknown.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect((await fetch(`${base}/login`)).status).toBe(404);
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/s/`, { method: "POST" })).status).toBe(405);
    expect(await rawGet(base, "//evil.example/s/x")).toBe(400);
    expect(await rawGet(base, "/%ZZ")).toBe(400);
    expect(await rawGet(base, "/t/../s/x")).toBe(400);
    // as in the web server: a code that is not one is simply unknown
    expect(await rawGet(base, "/s/%00")).toBe(404);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});

describe("the links process without its database", () => {
  it("answers 503 on a cache miss", { timeout: 120_000 }, async () => {
    // nothing listens on that port: every lookup fails
    const dead = new URL((await productionDatabaseEnv()).DATABASE_URL);
    dead.port = String(await freePort());
    const { base, server } = await startLinks({ DATABASE_URL: dead.toString() });
    try {
      const res = await fetch(`${base}/s/SomeCode123`, { redirect: "manual" });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
    } finally {
      kill(server);
    }
  });
});

describe("SIGTERM to the links process under click load", () => {
  it("loses no answered click", { timeout: 180_000 }, async () => {
    const link = await seedLink(db);
    const { base, server } = await startLinks();
    try {
      const exitCode = new Promise<number | null>((resolve) => {
        setTimeout(() => {
          server.child.kill("SIGTERM");
          resolve(server.exited);
        }, 3_000);
      });
      const load = await clickLoad(base, link.code, { concurrency: 24, maxMs: 20_000, stopOnFailure: true });
      expect(await exitCode, server.output()).toBe(0);
      expect(load.answered).toBeGreaterThan(100);
      expect(load.failed).toBeGreaterThan(0);
      expect(load.other).toBe(0);
      await drainHere();
      expect(await clickEventCount(db, link)).toEqual({ rows: load.answered, keys: load.answered });
    } finally {
      kill(server);
    }
  });
});

describe("SIGTERM to a links cluster (LINKS_WORKERS=2) under click load", () => {
  it(
    "every worker flushes, the primary exits 0 once both have gone, and no answered click is lost",
    { timeout: 180_000 },
    async () => {
      const link = await seedLink(db);
      const { base, server } = await startLinks({ LINKS_WORKERS: "2" });
      try {
        const stopped = new Promise<{ code: number | null; ms: number }>((resolve) => {
          setTimeout(() => {
            const at = Date.now();
            server.child.kill("SIGTERM");
            void server.exited.then((code) => resolve({ code, ms: Date.now() - at }));
          }, 3_000);
        });
        const load = await clickLoad(base, link.code, {
          concurrency: 24,
          maxMs: 20_000,
          stopOnFailure: true,
        });
        const { code, ms } = await stopped;
        expect(code, server.output()).toBe(0);
        // the primary's own deadline is 12 s (exit 1): it left because it saw both workers go
        expect(ms).toBeLessThan(11_000);
        expect(load.answered).toBeGreaterThan(100);
        expect(load.other).toBe(0);
        await drainHere();
        expect(await clickEventCount(db, link)).toEqual({ rows: load.answered, keys: load.answered });
      } finally {
        kill(server);
      }
    },
  );
});

describe("what links.ts loads", () => {
  it("keeps to the links-entry-stays-small rule: no React Router, no build, no other module", () => {
    const cruise = spawnSync(
      "npx",
      ["depcruise", "links.ts", "--config", ".dependency-cruiser.cjs", "--output-type", "json"],
      { cwd: REPO, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    const result = JSON.parse(cruise.stdout) as {
      summary: { violations: { rule: { name: string } }[] };
      modules: { source: string }[];
    };
    expect(result.summary.violations).toEqual([]);
    const loaded = result.modules.map((m) => m.source);
    expect(loaded).toContain("app/modules/tracking/redirect.server.ts");
    expect(loaded.filter((s) => /react-router|^build\/|^app\/routes\/|^jobs\//.test(s))).toEqual([]);
    const modules = loaded.filter((s) => s.startsWith("app/modules/"));
    expect(modules.filter((s) => !/^app\/modules\/(tracking|auth\/(cookie|tokens))/.test(s))).toEqual([]);
  });
});
