import dnsPromises from "node:dns/promises";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { logger } from "~/runtime/logger.server.ts";
import { addressRange, fetchOpenGraph, isPublicAddress } from "~/app/modules/content/fetch-preview.server.ts";
import { fetchError } from "~/tests/support/preview-fetch.ts";
import { database } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { PermanentJobError } from "~/jobs/define.ts";
import { runJobNow } from "~/jobs/queue.ts";
import { addMember, createTenant, createUser, uniqueId } from "~/tests/support/factories.ts";

// ── A local site ────────────────────────────────────────────────────────────

const PAGE = `<!doctype html>
<html lang="de"><head>
  <meta charset="utf-8">
  <title>Fallback title, not used</title>
  <!-- <meta property="og:title" content="commented out"> -->
  <meta property="og:title" content="Caf&eacute; &amp; Co. &#8211; &quot;Neuer Standort&quot;">
  <meta content='Wir er&ouml;ffnen   in
     Leipzig &#x1F389;' property=og:description>
  <meta property="og:image" content="/img/cover.png?w=1200&amp;h=630">
  <script>document.write('<meta property="og:title" content="from a script">')</script>
</head><body><p>Hallo</p></body></html>`;

const FALLBACK_PAGE = `<html><head><title>  Nur ein &lt;Titel&gt; </title>
<meta name="description" content="Beschreibung aus dem Meta-Tag">
<meta property="og:image" content="javascript:alert(1)"></head></html>`;

let server: Server;
let base: string;

function html(res: ServerResponse, body: string): void {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(body);
}

beforeAll(async () => {
  logger.level = "silent";
  server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const hop = /^\/hop\/(\d+)$/.exec(path);
    if (path === "/page") return html(res, PAGE);
    if (path === "/fallback") return html(res, FALLBACK_PAGE);
    if (path === "/long")
      return html(
        res,
        `<title>${"Ä".repeat(400)}</title><meta name="description" content="${"x".repeat(2000)}">`,
      );
    if (hop) {
      const left = Number(hop[1]);
      // Relative Locations, as real sites send them: resolved against the current hop.
      res.writeHead(302, { location: left > 1 ? `/hop/${left - 1}` : "/page" });
      return res.end();
    }
    if (path === "/to-metadata") {
      res.writeHead(301, { location: "http://169.254.169.254/latest/meta-data/" });
      return res.end();
    }
    if (path === "/to-private") {
      res.writeHead(307, { location: "http://10.0.0.1/admin" });
      return res.end();
    }
    if (path === "/big") {
      // No content-length: the cap must hold while streaming, not only on the header.
      res.writeHead(200, { "content-type": "text/html" });
      const chunk = `<p>${"a".repeat(64 * 1024)}</p>`;
      for (let i = 0; i < 32; i++) res.write(chunk);
      return res.end();
    }
    if (path === "/big-declared") {
      const body = "a".repeat(2_000_000);
      res.writeHead(200, { "content-type": "text/html", "content-length": String(body.length) });
      return res.end(body);
    }
    if (path === "/hang") return; // never answers
    if (path === "/json") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end('{"title":"no"}');
    }
    if (path === "/gone") {
      res.writeHead(404, { "content-type": "text/html" });
      return res.end("<title>Not found</title>");
    }
    res.writeHead(500);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  delete process.env.PREVIEW_ALLOW_PRIVATE;
});

afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.PREVIEW_ALLOW_PRIVATE;
});

function allowLoopback(): void {
  process.env.PREVIEW_ALLOW_PRIVATE = "1";
}

// ── Address classification ──────────────────────────────────────────────────

describe("address classification (the SSRF rule)", () => {
  it.each([
    ["10.0.0.1", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"], // cloud metadata
    ["100.64.0.1", "carrierGradeNat"],
    ["127.0.0.1", "loopback"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["224.0.0.1", "multicast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fe80::1", "linkLocal"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["::ffff:127.0.0.1", "loopback"], // IPv4-mapped: judged as the IPv4 address it reaches
    ["::ffff:169.254.169.254", "linkLocal"],
    ["::127.0.0.1", "loopback"], // ipaddr.js reads this as IPv4-mapped
    ["::a00:1", "ipv4Compatible"], // ::10.0.0.1, deprecated IPv4-compatible form
    ["64:ff9b::a00:1", "rfc6052"], // NAT64 of 10.0.0.1
    ["not an address", "invalid"],
  ])("refuses %s (%s)", (address, range) => {
    expect(addressRange(address)).toBe(range);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["93.184.216.34", "2606:4700::1", "8.8.8.8", "2a00:1450:4001:82b::200e"])(
    "allows the public address %s",
    (address) => {
      expect(addressRange(address)).toBe("unicast");
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

// ── Fetching ────────────────────────────────────────────────────────────────

describe("fetchOpenGraph", () => {
  it("refuses the local page without the test allowance: 127.0.0.1 is loopback", async () => {
    const err = await fetchError(fetchOpenGraph(`${base}/page`));
    expect(err.code).toBe("blocked_address");
    expect(err.transient).toBe(false);
  });

  it("refuses a name that resolves to loopback (localhost)", async () => {
    const err = await fetchError(fetchOpenGraph(`${base.replace("127.0.0.1", "localhost")}/page`));
    expect(err.code).toBe("blocked_address");
  });

  it("refuses the page when the caller insists, even with the allowance on", async () => {
    allowLoopback();
    const err = await fetchError(fetchOpenGraph(`${base}/page`, { allowPrivate: false }));
    expect(err.code).toBe("blocked_address");
  });

  it("ignores the allowance in production", async () => {
    allowLoopback();
    vi.stubEnv("NODE_ENV", "production");
    try {
      const err = await fetchError(fetchOpenGraph(`${base}/page`, { allowPrivate: true }));
      expect(err.code).toBe("blocked_address");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("reads title, description and an absolute image URL, with entities decoded", async () => {
    allowLoopback();
    const preview = await fetchOpenGraph(`${base}/page`);
    expect(preview).toEqual({
      title: 'Café & Co. – "Neuer Standort"',
      description: "Wir eröffnen in Leipzig 🎉",
      imageUrl: `${base}/img/cover.png?w=1200&h=630`,
    });
  });

  it("falls back to <title> and meta description, and drops a non-http image", async () => {
    allowLoopback();
    const preview = await fetchOpenGraph(`${base}/fallback`);
    expect(preview).toEqual({ title: "Nur ein <Titel>", description: "Beschreibung aus dem Meta-Tag" });
  });

  it("caps title at 300 and description at 1000 characters", async () => {
    allowLoopback();
    const preview = await fetchOpenGraph(`${base}/long`);
    expect(Array.from(preview.title ?? "")).toHaveLength(300);
    expect(preview.title?.endsWith("…")).toBe(true);
    expect(preview.description).toHaveLength(1000);
  });

  it("follows 3 redirects and resolves the image against the final URL", async () => {
    allowLoopback();
    const preview = await fetchOpenGraph(`${base}/hop/3`);
    expect(preview.title).toBe('Café & Co. – "Neuer Standort"');
    expect(preview.imageUrl).toBe(`${base}/img/cover.png?w=1200&h=630`);
  });

  it("gives up on a 4th redirect", async () => {
    allowLoopback();
    const err = await fetchError(fetchOpenGraph(`${base}/hop/4`));
    expect(err.code).toBe("too_many_redirects");
  });

  it("re-checks every hop: a redirect to cloud metadata or a private network is refused", async () => {
    // The allowance opens loopback only, so the first hop passes and the second must be checked.
    allowLoopback();
    expect((await fetchError(fetchOpenGraph(`${base}/to-metadata`))).code).toBe("blocked_address");
    expect((await fetchError(fetchOpenGraph(`${base}/to-private`))).code).toBe("blocked_address");
  });

  it("refuses a host if any of its addresses is private", async () => {
    vi.spyOn(dnsPromises, "lookup").mockResolvedValue([
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ] as never);
    const err = await fetchError(fetchOpenGraph("http://mixed.example/"));
    expect(err.code).toBe("blocked_address");
  });

  it("connects to the address it checked, not to whatever DNS answers later (rebinding)", async () => {
    allowLoopback();
    const port = (server.address() as AddressInfo).port;
    // Only our check sees this name resolve (to the local page); any later, independent lookup
    // of "rebind.test" would fail (ENOTFOUND), so success proves the vetted address was used.
    const lookup = vi
      .spyOn(dnsPromises, "lookup")
      .mockResolvedValueOnce([{ address: "127.0.0.1", family: 4 }] as never);
    const preview = await fetchOpenGraph(`http://rebind.test:${port}/page`);
    expect(preview.title).toBe('Café & Co. – "Neuer Standort"');
    expect(preview.imageUrl).toBe(`http://rebind.test:${port}/img/cover.png?w=1200&h=630`);
    expect(lookup).toHaveBeenCalledTimes(1);
  });

  it("stops reading a 2 MB page, with or without a content-length", async () => {
    allowLoopback();
    expect((await fetchError(fetchOpenGraph(`${base}/big`))).code).toBe("too_large");
    expect((await fetchError(fetchOpenGraph(`${base}/big-declared`))).code).toBe("too_large");
  });

  it("times out on a server that never answers", async () => {
    allowLoopback();
    const started = Date.now();
    const err = await fetchError(fetchOpenGraph(`${base}/hang`, { timeoutMs: 500 }));
    expect(err.code).toBe("timeout");
    expect(err.transient).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses a response that is not HTML", async () => {
    allowLoopback();
    const err = await fetchError(fetchOpenGraph(`${base}/json`));
    expect(err.code).toBe("not_html");
    expect(err.transient).toBe(false);
  });

  it("reports the HTTP status of an error page", async () => {
    allowLoopback();
    const err = await fetchError(fetchOpenGraph(`${base}/gone`));
    expect(err.code).toBe("http_status");
    expect(err.status).toBe(404);
    expect(err.transient).toBe(false);
  });

  it.each([
    "ftp://example.com/x",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "http://user:pw@example.com/",
    "not a url",
  ])("refuses %s without a request", async (url) => {
    const lookup = vi.spyOn(dnsPromises, "lookup");
    const err = await fetchError(fetchOpenGraph(url));
    expect(err.code).toBe("invalid_url");
    expect(lookup).not.toHaveBeenCalled();
  });
});

// ── The job ─────────────────────────────────────────────────────────────────

describe("fetch-post-preview job", () => {
  async function linkPost(url: string, previewStatus: "pending" | "none" = "pending") {
    const { db } = await database();
    const tenant = await createTenant(db);
    const user = await createUser(db);
    const author = await addMember(db, tenant.id, user.id, ["comms_lead"]);
    const post = await withTenant(db, tenant.id, (tx) =>
      tx
        .insertInto("posts")
        .values({
          tenant_id: tenant.id,
          slug: `post-${uniqueId()}`,
          kind: "link",
          title: "Unser neuer Standort",
          body: "Teilt das gern!",
          url,
          preview_status: previewStatus,
          author_id: author.id,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    const reload = () =>
      withTenant(db, tenant.id, (tx) =>
        tx
          .selectFrom("posts")
          .selectAll()
          .where("tenant_id", "=", tenant.id)
          .where("id", "=", post.id)
          .executeTakeFirstOrThrow(),
      );
    return { tenantId: tenant.id, post, reload };
  }

  it("saves the preview of a local page and marks it ok", async () => {
    allowLoopback();
    const { tenantId, post, reload } = await linkPost(`${base}/page`);
    await runJobNow("fetch-post-preview", { tenantId, postId: post.id });
    const saved = await reload();
    expect(saved.preview_status).toBe("ok");
    expect(saved.preview_title).toBe('Café & Co. – "Neuer Standort"');
    expect(saved.preview_description).toBe("Wir eröffnen in Leipzig 🎉");
    expect(saved.preview_image_url).toBe(`${base}/img/cover.png?w=1200&h=630`);
    expect(saved.preview_error).toBeNull();
  });

  it("refuses a private address: failed with blocked_address, no retries, the post otherwise unchanged", async () => {
    const { tenantId, post, reload } = await linkPost(`${base}/page`);
    await expect(runJobNow("fetch-post-preview", { tenantId, postId: post.id })).rejects.toBeInstanceOf(
      PermanentJobError,
    );
    const saved = await reload();
    expect(saved.preview_status).toBe("failed");
    expect(saved.preview_error).toBe("blocked_address");
    expect(saved.preview_title).toBeNull();
    const { preview_status: _s, preview_error: _e, ...rest } = saved;
    const { preview_status: _s0, preview_error: _e0, ...before } = post;
    expect(rest).toEqual(before);
  });

  it("does nothing when no preview is pending (a second run, or a post without one)", async () => {
    allowLoopback();
    const { tenantId, post, reload } = await linkPost(`${base}/page`, "none");
    await runJobNow("fetch-post-preview", { tenantId, postId: post.id });
    expect(await reload()).toEqual(post);
  });

  it("does not touch a post of another tenant", async () => {
    allowLoopback();
    const mine = await linkPost(`${base}/page`);
    const other = await linkPost(`${base}/page`);
    await runJobNow("fetch-post-preview", { tenantId: other.tenantId, postId: mine.post.id });
    expect((await mine.reload()).preview_status).toBe("pending");
  });
});
