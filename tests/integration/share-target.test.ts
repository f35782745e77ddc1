import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { logger } from "~/runtime/logger.server.ts";
import { addMember, createTenant, createUser, sessionCookie } from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";

/*
 * The installed app's share target (GET /share-target, app/routes/share-target.tsx): another app's
 * link becomes a suggestion's prefill in the person's own company. Its targets come from the
 * person's memberships only: no query parameter can send anyone to another site.
 */

let db: DB;
let server: AppServer;
let one: { slug: string; cookie: string };
let several: { slugs: string[]; names: string[]; cookie: string };
let none: string;

async function person(tenantSlugs: { id: string }[]): Promise<string> {
  const user = await createUser(db, { locale: "en" });
  for (const t of tenantSlugs) await addMember(db, t.id, user.id, ["employee"]);
  return sessionCookie(db, user.id);
}

const get = (path: string, cookie?: string) =>
  fetch(server.base + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });

beforeAll(async () => {
  delete process.env.REDIS_URL;
  logger.level = "silent";
  db = (await database()).db;
  const a = await createTenant(db, { name: "Alpha GmbH" });
  const b = await createTenant(db, { name: "Beta AG" });
  one = { slug: a.slug, cookie: await person([a]) };
  several = { slugs: [a.slug, b.slug], names: [a.name, b.name], cookie: await person([a, b]) };
  none = await person([]);
  server = await startAppServer();
});

afterAll(async () => {
  await server?.close();
});

describe("GET /share-target", () => {
  it("signed out: to the sign-in page, keeping the share as redirectTo (a same-site path)", async () => {
    const res = await get("/share-target?url=https%3A%2F%2Fexample.com%2Fa");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(
      `/login?redirectTo=${encodeURIComponent("/share-target?url=https%3A%2F%2Fexample.com%2Fa")}`,
    );
  });

  it("in one company: straight to its suggestion form with the link and the note", async () => {
    const query = new URLSearchParams({ title: "Hiring", text: "Look https://example.com/jobs?x=1" });
    const res = await get(`/share-target?${query}`, one.cookie);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!, server.base);
    expect(location.origin).toBe(server.base);
    expect(location.pathname).toBe(`/t/${one.slug}/suggest`);
    expect(location.searchParams.get("url")).toBe("https://example.com/jobs?x=1");
    expect(location.searchParams.get("note")).toBe("Hiring\nLook");
  });

  it.each([
    ["a javascript: url", "url=javascript%3Aalert(1)"],
    ["a protocol-relative url", "url=%2F%2Fevil.example%2F"],
    ["a next parameter", "next=%2F%2Fevil.example&redirectTo=https%3A%2F%2Fevil.example"],
    ["a backslash path", "url=%2F%5Cevil.example"],
    ["a data: url in text", "text=data%3Atext%2Fhtml%2C%3Cscript%3E"],
    ["credentials in the url", "url=https%3A%2F%2Fu%3Ap%40evil.example%2F"],
  ])("%s never leaves the person's own suggestion form, and is not taken as the link", async (_, q) => {
    const res = await get(`/share-target?${q}`, one.cookie);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!, server.base);
    expect(location.origin).toBe(server.base);
    expect(location.pathname).toBe(`/t/${one.slug}/suggest`);
    expect(location.searchParams.get("url")).toBeNull();
  });

  it("in several companies: a choice of the person's own companies, each link onward to its form", async () => {
    const res = await get("/share-target?url=https%3A%2F%2Fexample.com%2Fb", several.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Which company should the link go to?");
    for (const [i, slug] of several.slugs.entries()) {
      expect(html).toContain(`href="/t/${slug}/suggest?url=https%3A%2F%2Fexample.com%2Fb"`);
      expect(html).toContain(several.names[i]);
    }
    expect(html.match(/href="\/t\/[^"]*\/suggest/g)).toHaveLength(2);
  });

  it("in no company: says so, links nowhere", async () => {
    const res = await get("/share-target?url=https%3A%2F%2Fexample.com%2Fc", none);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("You are not a member of any company yet.");
    expect(html).not.toMatch(/href="\/t\//);
  });
});

describe("the suggestion form's prefill (?url=…&note=…)", () => {
  it("fills the link and the note in on the server", async () => {
    const res = await get(
      `/t/${one.slug}/suggest?url=https%3A%2F%2Fexample.com%2Fd&note=Worth%20it`,
      one.cookie,
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<input[^>]*value="https:\/\/example.com\/d"/);
    expect(html).toMatch(/<textarea[^>]*>Worth it<\/textarea>/);
  });

  it("refuses to fill in a hostile link", async () => {
    const res = await get(`/t/${one.slug}/suggest?url=javascript%3Aalert(1)`, one.cookie);
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain("javascript:alert");
  });
});
