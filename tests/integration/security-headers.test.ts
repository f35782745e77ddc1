import { readdirSync } from "node:fs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { createApiToken } from "~/app/modules/api/api-tokens.server.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import { addMember, createTenant, createUser, uniqueId } from "~/tests/support/factories.ts";
import { freePort, startProductionServer, type ProductionServer } from "~/tests/support/production-server.ts";

// Both servers are `NODE_ENV=production node --import tsx server.ts` in a child process (the build
// must exist: `npm test` builds first). One guards /metrics with METRICS_TOKEN, the other moves it to
// METRICS_PORT.
const METRICS_TOKEN = "metrics-token-for-the-security-header-tests";
let server: ProductionServer;
let slug: string;
let sessionCookie: string;
let apiToken: string;
let linkCode: string;

beforeAll(async () => {
  // MEMBER_ACTION_LIMIT low for the 429 test below; every other test here only reads.
  server = await startProductionServer({ METRICS_TOKEN, MEMBER_ACTION_LIMIT: "2" });
  const { db } = await database();
  const tenant = await createTenant(db);
  slug = tenant.slug;
  const user = await createUser(db);
  const membership = await addMember(db, tenant.id, user.id, ["admin", "employee"]);
  // production: the session cookie is __Host- prefixed (app/modules/auth/cookie.server.ts)
  sessionCookie = `__Host-chorus_session=${(await createSession(db, user.id)).token}`;
  apiToken = (
    await withTenant(db, tenant.id, (tx) =>
      createApiToken(tx, { name: "headers", tenantId: tenant.id, tenantSlug: tenant.slug, createdBy: null }),
    )
  ).token;

  linkCode = `h${uniqueId()}`;
  const shareId = await withTenant(db, tenant.id, async (tx) => {
    const { rows: posts } = await sql<{ id: string }>`
      insert into posts (tenant_id, slug, kind, title, url, status)
      values (${tenant.id}, ${`post-${uniqueId()}`}, 'link', 'A post', 'https://www.example.com/a', 'published') returning id`.execute(
      tx,
    );
    const { rows: shares } = await sql<{ id: string }>`
      insert into shares (tenant_id, post_id, membership_id, network, text, channel, code)
      values (${tenant.id}, ${posts[0]!.id}, ${membership.id}, 'linkedin', 'Worth a read', 'intent', ${linkCode}) returning id`.execute(
      tx,
    );
    return shares[0]!.id;
  });
  // inside the tenant: link_codes is row-level secured like every tenant table
  await withTenant(db, tenant.id, (tx) =>
    tx
      .insertInto("link_codes")
      .values({
        code: linkCode,
        tenant_id: tenant.id,
        share_id: shareId,
        sharer_user_id: user.id,
        destination: "https://www.example.com/a",
      })
      .execute(),
  );
});

afterAll(async () => {
  await server?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(server.base + path, { headers, redirect: "manual" });

/** The headers every response must carry, wherever it came from. */
function expectBaseline(res: Response, what: string) {
  const h = res.headers;
  expect(h.get("x-content-type-options"), what).toBe("nosniff");
  expect(h.get("strict-transport-security"), what).toBe("max-age=31536000; includeSubDomains");
  expect(h.get("cross-origin-opener-policy"), what).toBe("same-origin");
  expect(h.get("permissions-policy"), what).toContain("camera=()");
  expect(h.get("referrer-policy"), what).toBeTruthy();
  const csp = h.get("content-security-policy") ?? "";
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(csp, what).toContain("base-uri 'none'");
  expect(csp, what).toContain("form-action 'self'");
  expect(/script-src[^;]*'unsafe-inline'/.test(csp), `${what}: no 'unsafe-inline' for scripts`).toBe(false);
}

describe("security headers on every kind of response", () => {
  it("a page: a nonce in the CSP that every inline script carries, and no other", async () => {
    const res = await get("/login");
    expect(res.status).toBe(200);
    expectBaseline(res, "page");
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(
      res.headers.get("content-security-policy") ?? "",
    )?.[1];
    expect(nonce).toBeTruthy();
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // a new nonce for every response
    const again = await get("/login");
    expect(again.headers.get("content-security-policy")).not.toContain(nonce);
  });

  it("a signed-in page is not stored; a route's own Referrer-Policy wins", async () => {
    const res = await get(`/t/${slug}`, { Cookie: sessionCookie });
    expect(res.status).toBe(200);
    expectBaseline(res, "signed-in page");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const verify = await get("/login/verify?token=x");
    expect(verify.headers.get("referrer-policy")).toBe("strict-origin");
  });

  it("a page with a token in its URL (and HTML) is never stored, signed in or not", async () => {
    for (const path of [
      "/login/verify?token=abcdefghijklmnop",
      `/t/${slug}/join?token=abcdefghijklmnop`,
      "/login?token=x",
    ]) {
      const res = await get(path);
      expect(res.status, path).toBeLessThan(500);
      expectBaseline(res, path);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
    }
  });

  it("the API, answered or refused, is never stored", async () => {
    const ok = await get("/api/v1/posts", { Authorization: `Bearer ${apiToken}` });
    expect(ok.status).toBe(200);
    expectBaseline(ok, "API 200");
    expect(ok.headers.get("cache-control")).toBe("no-store");
    const refused = await get("/api/v1/posts");
    expect(refused.status).toBe(401);
    expectBaseline(refused, "API 401");
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });

  it("tracked links: the redirect and the unknown code", async () => {
    const redirect = await get(`/s/${linkCode}`);
    expect(redirect.status).toBe(302);
    expectBaseline(redirect, "/s/ redirect");
    expect(redirect.headers.get("referrer-policy")).toBe("no-referrer");
    const unknown = await get("/s/doesnotexist");
    expect(unknown.status).toBe(404);
    expectBaseline(unknown, "/s/ 404");
    expect(unknown.headers.get("content-security-policy")).toContain("script-src 'none'");
  });

  it("404s, static assets and the health endpoints", async () => {
    const missing = await get("/no/such/page");
    expect(missing.status).toBe(404);
    expectBaseline(missing, "404 page");
    expect(missing.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    // a signed-out page is not personal: no blanket no-store
    expect(missing.headers.get("cache-control")).toBeNull();
    const apiMissing = await get("/api/v1/nothing");
    expect(apiMissing.status).toBe(404);
    expectBaseline(apiMissing, "API 404");

    const asset = readdirSync("build/client/assets").find((f) => f.endsWith(".js"));
    const res = await get(`/assets/${asset}`, { Cookie: sessionCookie });
    expect(res.status).toBe(200);
    expectBaseline(res, "asset");
    // hashed assets keep their long cache even for a signed-in browser
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");

    const health = await get("/healthz");
    expectBaseline(health, "healthz");
    const refused = await get("/%ZZ");
    expect(refused.status).toBe(400);
    expectBaseline(refused, "400 from the edge");
  });
});

describe("/readyz and /metrics", () => {
  it("/readyz says ok and nothing else", async () => {
    const res = await get("/readyz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("/metrics on the main port only with METRICS_TOKEN as a bearer token", async () => {
    const anonymous = await get("/metrics");
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain("http_request_duration_seconds");
    expect(
      (await get("/metrics", { Authorization: "Bearer wrong-token-of-some-length-xxxxxxxx" })).status,
    ).toBe(401);
    const allowed = await get("/metrics", { Authorization: `Bearer ${METRICS_TOKEN}` });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain("http_request_duration_seconds");
  });

  it("METRICS_PORT: /metrics on its own listener, 404 on the public port", async () => {
    const metricsPort = await freePort();
    const separate = await startProductionServer({ METRICS_PORT: String(metricsPort) });
    try {
      expect((await fetch(`${separate.base}/metrics`)).status).toBe(404);
      const internal = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(internal.status).toBe(200);
      expect(internal.headers.get("content-security-policy")).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(internal.headers.get("x-content-type-options")).toBe("nosniff");
      expect(await internal.text()).toContain("http_request_duration_seconds");
      // the internal listener serves nothing but /metrics
      expect((await fetch(`http://127.0.0.1:${metricsPort}/login`)).status).toBe(404);
    } finally {
      await separate.stop();
    }
  });
});

describe("rate limits over HTTP", () => {
  it("a member's form post beyond MEMBER_ACTION_LIMIT is a 429 page that keeps Retry-After; the data request is a 429 too", async () => {
    const post = (path: string) =>
      fetch(`${server.base}${path}`, {
        method: "POST",
        headers: {
          Cookie: sessionCookie,
          Origin: server.base,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: "",
        redirect: "manual",
      });
    // invalid (empty) forms count: the limit is on attempts
    for (let i = 0; i < 2; i++) expect((await post(`/t/${slug}/kudos`)).status).toBeLessThan(429);
    const page = await post(`/t/${slug}/kudos`);
    expect(page.status).toBe(429);
    expect(Number(page.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(page.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    // React Router's data request (what a hydrated form posts) keeps the status; its Retry-After is
    // lost, because the action's own route renders the error there and has no headers function.
    expect((await post(`/t/${slug}/kudos.data`)).status).toBe(429);
  });
});
