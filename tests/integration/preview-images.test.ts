import { createHash } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { logger } from "~/runtime/logger.server.ts";
import { fetchPreviewImage } from "~/app/modules/content/fetch-preview.server.ts";
import { fetchError } from "~/tests/support/preview-fetch.ts";
import { database, type DB } from "~/db/client.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { runJobNow } from "~/jobs/queue.ts";
import { createPerson, createTenant, sessionCookie, uniqueId } from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";

/**
 * Preview images are fetched once by the preview job, stored per tenant and served from our own
 * origin; pages never name the image's host. The "third-party" site is a local server (the SSRF
 * rule lets loopback through only with PREVIEW_ALLOW_PRIVATE=1 outside production, see
 * fetch-preview.server.ts); pages and the media route are requested from the production build.
 */

// A 1×1 PNG and a 1×1 GIF: real images, as small as they come.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const GIF = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");
const SVG = `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>`;
const HTML = `<!doctype html><html><body><script>alert(document.cookie)</script></body></html>`;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let site: Server;
let siteBase: string;
let app: AppServer;
let appBase: string;
let db: DB;

const pageWithImage = (image: string) =>
  `<!doctype html><html><head><meta property="og:title" content="Neues Werk"><meta property="og:image" content="${image}"></head></html>`;

function send(res: ServerResponse, type: string, body: string | Buffer): void {
  res.writeHead(200, { "content-type": type });
  res.end(body);
}

beforeAll(async () => {
  logger.level = "silent";
  site = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/page") return send(res, "text/html", pageWithImage("/img/cover.png"));
    if (path === "/page-gif") return send(res, "text/html", pageWithImage("/img/anim.gif"));
    if (path === "/page-svg") return send(res, "text/html", pageWithImage("/img/evil.png"));
    if (path === "/img/cover.png") return send(res, "image/png", PNG);
    if (path === "/img/anim.gif") return send(res, "image/gif", GIF);
    if (path === "/img/octet") return send(res, "application/octet-stream", PNG);
    if (path === "/img/evil.png") return send(res, "image/png", SVG);
    if (path === "/img/page.png") return send(res, "image/png", HTML);
    if (path === "/img/logo.svg") return send(res, "image/svg+xml", SVG);
    if (path === "/img/huge.png") {
      // no content-length: the 5 MB cap must hold while streaming
      res.writeHead(200, { "content-type": "image/png" });
      res.write(PNG.subarray(0, 16));
      const chunk = Buffer.alloc(256 * 1024);
      for (let i = 0; i < 24; i++) res.write(chunk);
      return res.end();
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteBase = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  app = await startAppServer();
  appBase = app.base;
  db = (await database()).db;
});

afterAll(async () => {
  site.closeAllConnections();
  await new Promise((resolve) => site.close(resolve));
  await app.close();
});

beforeEach(() => {
  process.env.PREVIEW_ALLOW_PRIVATE = "1";
});
afterEach(() => {
  delete process.env.PREVIEW_ALLOW_PRIVATE;
});

async function person(tenantId: string, roles: Role[]) {
  const { user } = await createPerson(db, tenantId, { roles });
  return sessionCookie(db, user.id);
}

/** A published link post for everyone, its preview pending (as createPost leaves it). */
async function linkPost(
  tenantId: string,
  url: string,
  values: {
    preview_status?: "pending" | "ok";
    preview_image_url?: string;
    status?: "draft" | "published";
  } = {},
) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .insertInto("posts")
      .values({
        tenant_id: tenantId,
        slug: `p-${uniqueId()}`,
        kind: "link",
        title: "Unser neues Werk",
        url,
        preview_status: values.preview_status ?? "pending",
        preview_image_url: values.preview_image_url ?? null,
        status: values.status ?? "published",
        target_all: true,
        published_at: values.status === "draft" ? null : new Date(),
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
}

const storedImages = (tenantId: string, postId: string) =>
  withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("post_images")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("post_id", "=", postId)
      .execute(),
  );

describe("fetchPreviewImage", () => {
  it("takes a PNG, and a PNG sent as application/octet-stream, typing it from its bytes", async () => {
    expect(await fetchPreviewImage(`${siteBase}/img/cover.png`)).toEqual({
      bytes: PNG,
      contentType: "image/png",
      sha256: sha256(PNG),
    });
    expect((await fetchPreviewImage(`${siteBase}/img/octet`)).contentType).toBe("image/png");
    expect((await fetchPreviewImage(`${siteBase}/img/anim.gif`)).contentType).toBe("image/gif");
  });

  it.each([
    ["an SVG disguised as image/png", "/img/evil.png"],
    ["an HTML page disguised as image/png", "/img/page.png"],
    ["an SVG that says so", "/img/logo.svg"],
    ["an HTML page", "/page"],
  ])("refuses %s", async (_label, path) => {
    const err = await fetchError(fetchPreviewImage(`${siteBase}${path}`));
    expect(err.code).toBe("not_image");
    expect(err.transient).toBe(false);
  });

  it("stops reading at 5 MB", async () => {
    expect((await fetchError(fetchPreviewImage(`${siteBase}/img/huge.png`))).code).toBe("too_large");
  });

  it("keeps the SSRF rule: loopback is refused without the test allowance", async () => {
    delete process.env.PREVIEW_ALLOW_PRIVATE;
    expect((await fetchError(fetchPreviewImage(`${siteBase}/img/cover.png`))).code).toBe("blocked_address");
  });
});

describe("the preview job stores the image", () => {
  it("stores the og:image's bytes with the sniffed type, once: a second run changes nothing", async () => {
    const tenant = await createTenant(db);
    const post = await linkPost(tenant.id, `${siteBase}/page`);
    await runJobNow("fetch-post-preview", { tenantId: tenant.id, postId: post.id });

    const [image, ...more] = await storedImages(tenant.id, post.id);
    expect(more).toEqual([]);
    expect(image).toMatchObject({
      content_type: "image/png",
      sha256: sha256(PNG),
      source_url: `${siteBase}/img/cover.png`,
    });
    expect(Buffer.from(image!.bytes).equals(PNG)).toBe(true);

    await runJobNow("fetch-post-preview", { tenantId: tenant.id, postId: post.id });
    expect(await storedImages(tenant.id, post.id)).toEqual([image]);
  });

  it("saves the preview without an image when the image is an SVG disguised as a PNG", async () => {
    const tenant = await createTenant(db);
    const post = await linkPost(tenant.id, `${siteBase}/page-svg`);
    await runJobNow("fetch-post-preview", { tenantId: tenant.id, postId: post.id });
    const saved = await withTenant(db, tenant.id, (tx) =>
      tx
        .selectFrom("posts")
        .select(["preview_status", "preview_title"])
        .where("id", "=", post.id)
        .executeTakeFirstOrThrow(),
    );
    expect(saved).toEqual({ preview_status: "ok", preview_title: "Neues Werk" });
    expect(await storedImages(tenant.id, post.id)).toEqual([]);
  });

  it("replaces the image under a new id when the link changes", async () => {
    const tenant = await createTenant(db);
    const post = await linkPost(tenant.id, `${siteBase}/page`);
    await runJobNow("fetch-post-preview", { tenantId: tenant.id, postId: post.id });
    const [before] = await storedImages(tenant.id, post.id);
    // what update-post does when the URL changes
    await withTenant(db, tenant.id, (tx) =>
      tx
        .updateTable("posts")
        .set({ url: `${siteBase}/page-gif`, preview_status: "pending", preview_image_url: null })
        .where("id", "=", post.id)
        .execute(),
    );
    await runJobNow("fetch-post-preview", { tenantId: tenant.id, postId: post.id });
    const after = await storedImages(tenant.id, post.id);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ content_type: "image/gif", sha256: sha256(GIF) });
    expect(after[0]!.id).not.toBe(before!.id);
  });

  it("fetches the image of a preview saved before images were stored", async () => {
    const tenant = await createTenant(db);
    const post = await linkPost(tenant.id, `${siteBase}/page`, {
      preview_status: "ok",
      preview_image_url: `${siteBase}/img/cover.png`,
    });
    await runJobNow("fetch-post-preview", { tenantId: tenant.id, postId: post.id });
    expect(await storedImages(tenant.id, post.id)).toEqual([
      expect.objectContaining({ sha256: sha256(PNG), source_url: `${siteBase}/img/cover.png` }),
    ]);
  });
});

describe("served from our origin", () => {
  let slug: string;
  let imageId: string;
  let postId: string;
  let employee: string;
  let commsLead: string;

  beforeAll(async () => {
    process.env.PREVIEW_ALLOW_PRIVATE = "1";
    const tenant = await createTenant(db);
    slug = tenant.slug;
    employee = await person(tenant.id, ["employee"]);
    commsLead = await person(tenant.id, ["comms_lead"]);
    postId = (await linkPost(tenant.id, `${siteBase}/page`)).id;
    await runJobNow("fetch-post-preview", { tenantId: tenant.id, postId });
    imageId = (await storedImages(tenant.id, postId))[0]!.id;
  });

  const media = (tenantSlug = slug, id = imageId) => `${appBase}/t/${tenantSlug}/media/${id}`;

  it("answers a member with the bytes, the stored type, nosniff, a locked-down CSP and a private cache", async () => {
    const res = await fetch(media(), { headers: { Cookie: employee }, redirect: "manual" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(res.headers.get("cache-control")).toBe("private, max-age=86400, immutable");
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("answers a revalidation with the image's ETag with 304 and no bytes, another ETag with the image", async () => {
    const first = await fetch(media(), { headers: { Cookie: employee } });
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);
    const again = await fetch(media(), {
      headers: { Cookie: employee, "If-None-Match": `"stale", ${etag}` },
      redirect: "manual",
    });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    const changed = await fetch(media(), { headers: { Cookie: employee, "If-None-Match": '"stale"' } });
    expect(changed.status).toBe(200);
    expect(Buffer.from(await changed.arrayBuffer()).equals(PNG)).toBe(true);
    // another tenant's member learns nothing from a matching ETag
    const other = await createTenant(db);
    const outsider = await person(other.id, ["employee"]);
    expect(
      (await fetch(media(), { headers: { Cookie: outsider, "If-None-Match": etag }, redirect: "manual" }))
        .status,
    ).toBe(404);
  });

  it("answers 404 to another tenant's member, under either tenant's address, and to unknown ids", async () => {
    const other = await createTenant(db);
    const outsider = await person(other.id, ["admin", "comms_lead"]);
    for (const [url, cookie] of [
      [media(), outsider],
      [media(other.slug), outsider],
      [media(slug, "00000000-0000-4000-8000-000000000000"), employee],
      [media(slug, "not-an-id"), employee],
    ] as const) {
      const res = await fetch(url, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(res.status, url).toBe(404);
      expect(res.headers.get("content-type") ?? "", url).not.toMatch(/^image\//);
    }
    // the same id works for a member of its tenant: the 404s above are about who asks
    expect((await fetch(media(), { headers: { Cookie: employee } })).status).toBe(200);
  });

  it("shows an unpublished post's image to its curators only, as the pages do", async () => {
    const tenantId = (
      await db.selectFrom("tenants").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()
    ).id;
    const draft = await linkPost(tenantId, `${siteBase}/page-gif`, { status: "draft" });
    await runJobNow("fetch-post-preview", { tenantId, postId: draft.id });
    const draftImage = (await storedImages(tenantId, draft.id))[0]!.id;
    expect(
      (await fetch(media(slug, draftImage), { headers: { Cookie: employee }, redirect: "manual" })).status,
    ).toBe(404);
    expect(
      (await fetch(media(slug, draftImage), { headers: { Cookie: commsLead }, redirect: "manual" })).status,
    ).toBe(200);
  });

  it("sends a signed-out visitor to sign in, without the image", async () => {
    const res = await fetch(media(), { redirect: "manual" });
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get("location")).toContain("/login");
  });

  it("shows the hub and the post page with our image URL and never the image's host", async () => {
    for (const [path, cookie] of [
      [`/t/${slug}/hub`, employee],
      [`/t/${slug}/content/${postId}`, commsLead],
    ] as const) {
      const res = await fetch(`${appBase}${path}`, { headers: { Cookie: cookie } });
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).toContain(`src="/t/${slug}/media/${imageId}"`);
      expect(html, path).not.toContain("/img/cover.png");
      // the link itself is shown (it is the post), but no <img> points anywhere but our origin
      for (const [, src] of html.matchAll(/<img[^>]*\ssrc="([^"]*)"/g))
        expect(src, path).toMatch(/^\/(?!\/)/);
    }
  });

  it("gives the hub card's image a size (no layout shift), alt text, and loads the first card's at once", async () => {
    const res = await fetch(`${appBase}/t/${slug}/hub`, { headers: { Cookie: employee } });
    const html = await res.text();
    const img = html.match(new RegExp(`<img[^>]*src="/t/${slug}/media/${imageId}"[^>]*>`))?.[0] ?? "";
    expect(img).toContain('width="1200"');
    expect(img).toContain('height="630"');
    expect(img).toMatch(/\salt="[^"]+"/); // the preview's title, worded as an image
    expect(img).not.toContain('loading="lazy"'); // the first row: the phone's largest paint
  });
});
