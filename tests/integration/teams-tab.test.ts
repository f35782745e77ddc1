import { request as httpRequest } from "node:http";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "~/db/client.ts";
import { createSession } from "~/app/modules/auth/session.server.ts";
import { TEAMS_FRAME_ANCESTORS } from "~/app/lib/security-headers.server.ts";
import { addMember, createPost, createTenant, createUser } from "~/tests/support/factories.ts";
import { startProductionServer, type ProductionServer } from "~/tests/support/production-server.ts";

/*
 * The Teams app (issue 17) against the production build over HTTP: the package download (comms lead
 * yes, employee no) and the personal tab, the one page Teams may frame. Every other answer keeps
 * `frame-ancestors 'none'` and X-Frame-Options DENY, however its path is spelled.
 */

let server: ProductionServer;
let slug: string;
let tenantName: string;
let postId: string;
let leadCookie: string;
let employeeCookie: string;
let strangerCookie: string;

beforeAll(async () => {
  server = await startProductionServer();
  const { db } = await database();
  const tenant = await createTenant(db, { name: "Teams Tab GmbH" });
  slug = tenant.slug;
  tenantName = tenant.name;
  const cookieFor = async (userId: string) =>
    `__Host-chorus_session=${(await createSession(db, userId)).token}`;
  const lead = await createUser(db);
  await addMember(db, tenant.id, lead.id, ["comms_lead"]);
  leadCookie = await cookieFor(lead.id);
  const employee = await createUser(db);
  await addMember(db, tenant.id, employee.id, ["employee"]);
  employeeCookie = await cookieFor(employee.id);
  // signed in, but a member of another tenant only
  const other = await createTenant(db);
  const stranger = await createUser(db);
  await addMember(db, other.id, stranger.id, ["admin"]);
  strangerCookie = await cookieFor(stranger.id);
  postId = (await createPost(db, tenant.id, { title: "Our new plant opens" })).id;
});

afterAll(async () => {
  await server?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(server.base + path, { headers, redirect: "manual" });

/** The request target sent as written: fetch() would resolve `..` and fix the case of nothing. */
function rawGet(
  path: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  const url = new URL(server.base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: "GET" }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

const frameAncestors = (csp: string | null | undefined) => /frame-ancestors ([^;]*)/.exec(csp ?? "")?.[1];

describe("the Teams personal tab", () => {
  it("may be framed by Teams' hosts and nobody else", async () => {
    const res = await get(`/teams/tab/${slug}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy");
    expect(frameAncestors(csp)).toBe(TEAMS_FRAME_ANCESTORS.join(" "));
    expect(frameAncestors(csp)).toContain("https://teams.microsoft.com");
    expect(frameAncestors(csp)).toContain("https://*.cloud.microsoft");
    expect(frameAncestors(csp)).not.toContain("'none'");
    expect(frameAncestors(csp)).not.toMatch(/\*(?!\.)|http:/); // no bare wildcard, HTTPS only
    expect(res.headers.get("x-frame-options")).toBeNull();
    // the rest of the policy is the pages' policy: scripts by nonce only
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("object-src 'none'");
  });

  it("signed out (the Lax session cookie does not reach a third-party frame): sign in in a new window", async () => {
    const res = await get(`/teams/tab/${slug}`, { "Accept-Language": "en" });
    const html = await res.text();
    expect(html).toContain("Open Chorus to sign in");
    const link = /<a[^>]*href="([^"]*)"[^>]*>Open Chorus to sign in/.exec(html);
    expect(link?.[0]).toContain('target="_blank"');
    expect(link?.[0]).toContain('rel="noopener"');
    // the hub: open at once where the browser is signed in, else the sign-in and back to the hub
    expect(link?.[1]).toBe(`/t/${slug}/hub`);
    // nothing of the tenant: no name, no posts (anyone can ask for any slug)
    expect(html).not.toContain(tenantName);
    expect(html).not.toContain("Our new plant opens");
    const hub = await get(link![1]!);
    expect(hub.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(`/t/${slug}/hub`)}`);
    // neither the hub nor the sign-in page is ever framable
    for (const res of [hub, await get(hub.headers.get("location")!)]) {
      expect(frameAncestors(res.headers.get("content-security-policy"))).toBe("'none'");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it("signed in: the posts to share, each Share opening the share page in a new window", async () => {
    const res = await get(`/teams/tab/${slug}`, { Cookie: employeeCookie, "Accept-Language": "en" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(frameAncestors(res.headers.get("content-security-policy"))).toBe(TEAMS_FRAME_ANCESTORS.join(" "));
    const html = await res.text();
    expect(html).toContain("Our new plant opens");
    const share = new RegExp(`<a[^>]*href="/t/${slug}/hub/${postId}/share"[^>]*>`).exec(html)?.[0];
    expect(share).toContain('target="_blank"');
    expect(share).toContain('rel="noopener"');
    const suggest = new RegExp(`<a[^>]*href="/t/${slug}/suggest"[^>]*>`).exec(html)?.[0];
    expect(suggest).toContain('target="_blank"');
    // no link of the tab navigates the frame itself
    const anchors = [...html.matchAll(/<a\b[^>]*>/g)]
      .map((m) => m[0])
      .filter((a) => !a.includes("skip-link"));
    expect(anchors.length).toBeGreaterThanOrEqual(3);
    for (const a of anchors) expect(a).toContain('target="_blank"');
  });

  it("signed in elsewhere: 404, as for any page of a tenant one is not in", async () => {
    const res = await get(`/teams/tab/${slug}`, { Cookie: strangerCookie });
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("Our new plant opens");
  });
});

describe("everything else stays unframable", () => {
  it("the hub, the share page, the sign-in and a 404 keep frame-ancestors 'none' and X-Frame-Options DENY", async () => {
    for (const [path, cookie] of [
      [`/t/${slug}/hub`, employeeCookie],
      [`/t/${slug}/hub/${postId}/share`, employeeCookie],
      ["/login", ""],
      [`/teams/tab/${slug}/more`, ""],
      ["/teams/tab", ""],
    ] as const) {
      const res = await get(path, cookie ? { Cookie: cookie } : {});
      expect(res.status, path).toBeLessThan(500);
      expect(frameAncestors(res.headers.get("content-security-policy")), path).toBe("'none'");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
    }
  });

  it("spellings of another path through the tab's prefix are refused or unframable", async () => {
    for (const path of [
      `/teams/tab/../t/${slug}/hub`,
      `/teams/tab/%2e%2e/t/${slug}/hub`,
      `/teams/tab/${slug}%2f..%2f..%2ft%2f${slug}%2fhub`,
      `/Teams/Tab/..`,
      `/Teams/Tab/${slug}`,
      `/TEAMS/TAB/${slug}`,
      `/teams/tab/${slug}.data`,
      `/teams/tab/${slug}/`.replace(/\/$/, "//"),
      `/x/../teams/tab/${slug}`,
    ]) {
      const res = await rawGet(path);
      expect(res.status, path).toBeLessThan(500);
      expect(frameAncestors(res.headers["content-security-policy"] as string), path).toBe("'none'");
      expect(res.headers["x-frame-options"], path).toBe("DENY");
    }
  });
});

describe("the Teams app package download", () => {
  const path = () => `/t/${slug}/admin/chat/teams-app.zip`;

  it("a comms lead downloads the tenant's package, not stored anywhere", async () => {
    const res = await get(path(), { Cookie: leadCookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="chorus-${slug}-teams.zip"`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(strFromU8(files["manifest.json"]!));
    expect(manifest.staticTabs[0].contentUrl).toBe(`${server.base}/teams/tab/${slug}`);
    expect(manifest.validDomains).toEqual([new URL(server.base).host]);
    expect(manifest.name.full).toContain(tenantName);
    // the same app id on the next download
    const again = await get(path(), { Cookie: leadCookie });
    const second = JSON.parse(
      strFromU8(unzipSync(new Uint8Array(await again.arrayBuffer()))["manifest.json"]!),
    );
    expect(second.id).toBe(manifest.id);
  });

  it("an employee gets 403, a stranger 404, and signed out goes to the sign-in", async () => {
    const employee = await get(path(), { Cookie: employeeCookie });
    expect(employee.status).toBe(403);
    expect(employee.headers.get("content-type")).not.toBe("application/zip");
    expect((await get(path(), { Cookie: strangerCookie })).status).toBe(404);
    const anonymous = await get(path());
    expect([302, 303]).toContain(anonymous.status);
    expect(anonymous.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
  });
});
