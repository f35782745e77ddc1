import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "~/db/client.ts";
import { addMember, createTeam, createTenant, createUser, sessionCookie } from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";

// The real server (CSRF check, health endpoints, React Router build) on a random port, against this
// file's own database. `npm test` builds the app before the integration tests.
let server: AppServer;
let base: string;
let cookieA: string;
let cookieEmployee: string;
let slugA: string;
let slugB: string;
let memberOfB: string;

beforeAll(async () => {
  server = await startAppServer();
  base = server.base;

  const { db } = await database();
  const a = await createTenant(db);
  const b = await createTenant(db);
  slugA = a.slug;
  slugB = b.slug;
  const adminA = await createUser(db);
  await addMember(db, a.id, adminA.id, ["admin", "employee"]);
  const employeeA = await createUser(db);
  await addMember(db, a.id, employeeA.id, ["employee"]);
  const adminB = await createUser(db);
  memberOfB = (await addMember(db, b.id, adminB.id, ["admin"])).id;
  await createTeam(db, b.id, { name: "B-Team" });
  cookieA = await sessionCookie(db, adminA.id);
  cookieEmployee = await sessionCookie(db, employeeA.id);
});

afterAll(async () => {
  await server?.close();
});

const get = (path: string, cookie?: string) =>
  fetch(base + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });

describe("health", () => {
  it("answers /healthz, /readyz with the database checked, and /metrics", async () => {
    expect(await (await get("/healthz")).text()).toBe("ok");
    const ready = await get("/readyz");
    expect(ready.status).toBe(200);
    // Publicly only the verdict: which check failed, and the driver's words, go to the log.
    expect(await ready.json()).toEqual({ ok: true });
    expect(await (await get("/metrics")).text()).toContain("http_request_duration_seconds");
  });
});

describe("CSRF", () => {
  const post = (origin: string | undefined) =>
    fetch(`${base}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...(origin ? { Origin: origin } : {}) },
      body: "email=someone%40example.test&locale=de",
      redirect: "manual",
    });

  it("refuses a form post from another origin, or without an Origin", async () => {
    const foreign = await post("https://evil.example");
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toMatch(/Origin check/);
    expect((await post(undefined)).status).toBe(403);
  });

  it("accepts the same post from our own origin", async () => {
    const same = await post(base);
    expect(same.status).toBe(200);
  });
});

describe("tenant boundaries over HTTP", () => {
  it("sends signed-out visitors to the sign-in page", async () => {
    const res = await get(`/t/${slugA}`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/t/${slugA}`)}`);
  });

  it("shows a member their own tenant", async () => {
    const res = await get(`/t/${slugA}/admin/members`, cookieA);
    expect(res.status).toBe(200);
  });

  it("answers 404 on every page of another tenant, and for tenants that do not exist", async () => {
    const pages = [
      "",
      "/profile",
      "/admin/members",
      `/admin/members/${memberOfB}`,
      "/admin/teams",
      "/admin/settings",
    ];
    for (const page of pages) {
      const res = await get(`/t/${slugB}${page}`, cookieA);
      expect(res.status, `/t/${slugB}${page}`).toBe(404);
      expect(await res.text()).not.toContain("B-Team");
    }
    expect((await get(`/t/no-such-tenant`, cookieA)).status).toBe(404);
  });

  it("answers 404 to form posts into another tenant", async () => {
    const res = await fetch(`${base}/t/${slugB}/admin/teams`, {
      method: "POST",
      headers: { Cookie: cookieA, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: "intent=create&name=Injected",
      redirect: "manual",
    });
    expect(res.status).toBe(404);
    // the owner connection sees every tenant's rows: nothing was written anywhere
    const { owner } = await database();
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from teams where name = 'Injected'`.execute(owner);
    expect(rows[0]!.n).toBe(0);
  });

  it("answers 403 when the role lacks the permission", async () => {
    expect((await get(`/t/${slugA}/admin/members`, cookieEmployee)).status).toBe(403);
    expect((await get(`/t/${slugA}`, cookieEmployee)).status).toBe(200);
  });
});
