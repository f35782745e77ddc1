import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "~/db/client.ts";
import { createCompany, sessionCookie } from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";

// The route error boundaries over real HTTP (the production build, this file's own database): an
// error in a tenant page renders inside the tenant layout, so the navigation stays, with the status
// explained in the reader's language, what to do next and the request id; never a stack trace.
let server: AppServer;
let slug: string;
let lead: string;
let leadDe: string;
let employee: string;

beforeAll(async () => {
  server = await startAppServer();
  const { db } = await database();
  const company = await createCompany(db, { name: "Fehlerseiten GmbH" });
  slug = company.tenant.slug;
  lead = await sessionCookie(db, (await company.person({ roles: ["comms_lead"], locale: "en" })).user.id);
  leadDe = await sessionCookie(db, (await company.person({ roles: ["comms_lead"], locale: "de" })).user.id);
  employee = await sessionCookie(db, (await company.person({ roles: ["employee"], locale: "en" })).user.id);
});

afterAll(async () => {
  await server?.close();
});

const get = (path: string, cookie: string) =>
  fetch(server.base + path, { headers: { Cookie: cookie }, redirect: "manual" });

/** The page's text content, roughly: tags out, entities as they are. */
const textOf = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ");

describe("the tenant error boundary", () => {
  it("a post that does not exist is a 404 page inside the layout: navigation, what happened, what to do, the request id", async () => {
    const res = await get(`/t/${slug}/content/${randomUUID()}`, lead);
    expect(res.status).toBe(404);
    const html = await res.text();
    // the layout stayed: its navigation and the company's name
    expect(html).toContain('aria-label="Main navigation"');
    expect(html).toContain("Fehlerseiten GmbH");
    expect(html).toContain(`href="/t/${slug}/content"`);
    // what happened, in English, and what to do
    expect(html).toContain('data-status="404"');
    expect(textOf(html)).toContain("Page not found");
    expect(textOf(html)).toContain("Go back");
    expect(html).toContain(`href="/t/${slug}"`);
    // the request id the access log carries, to quote to support
    const requestId = res.headers.get("X-Request-Id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(html).toContain(requestId!);
  });

  it("says it in the reader's language", async () => {
    const res = await get(`/t/${slug}/content/${randomUUID()}`, leadDe);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('aria-label="Hauptnavigation"');
    expect(textOf(html)).toContain("Seite nicht gefunden");
    expect(textOf(html)).toContain("Zurück");
  });

  it("a post id that is no uuid is a 404 the same way", async () => {
    const res = await get(`/t/${slug}/content/not-a-post`, lead);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('aria-label="Main navigation"');
  });

  it("a page the role may not open is a 403 inside the layout, without 'try again'", async () => {
    const res = await get(`/t/${slug}/content/${randomUUID()}`, employee);
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('aria-label="Main navigation"');
    expect(html).toContain('data-status="403"');
    expect(textOf(html)).toContain("Not allowed");
    expect(textOf(html)).not.toContain("Try again");
  });

  it("a company the user does not belong to has no layout to show: the root boundary's 404", async () => {
    const res = await get(`/t/no-such-company-${randomUUID().slice(0, 8)}/content`, lead);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).not.toContain('aria-label="Main navigation"');
    expect(html).toContain('data-status="404"');
    expect(html).not.toMatch(/at [\w.]+ \(.*:\d+:\d+\)/);
  });
});
