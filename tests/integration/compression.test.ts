import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { request, type IncomingHttpHeaders, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "~/db/client.ts";
import { createAppServer, loadProductionBuild } from "~/server.ts";
import { precompress } from "~/scripts/precompress.ts";
import { addMember, createTenant, createUser, sessionCookie } from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";
import { freePort } from "~/tests/support/production-server.ts";

// The real server with the production build (`npm test` builds first, which precompresses
// build/client), plus a second one serving a client directory made here by the build step's own
// function, to know exactly which variants exist.
let app: AppServer;
let fixtures: { base: string; server: Server; dir: string };
let cookie: string;
let slug: string;

const SCRIPT = `export function greet(name) { return "Hello, " + name + "!"; }\n`.repeat(200);
const NOISE = randomBytes(4096).toString("base64"); // text that does not compress below itself… much
const RANDOM = randomBytes(4096); // bytes that do not compress at all

beforeAll(async () => {
  app = await startAppServer();
  const dir = mkdtempSync(join(tmpdir(), "chorus-compression-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "assets", "app-abc123.js"), SCRIPT);
  writeFileSync(join(dir, "assets", "tiny-abc123.css"), "body{margin:0}");
  writeFileSync(join(dir, "random.txt"), RANDOM);
  writeFileSync(join(dir, "noise.txt"), NOISE);
  writeFileSync(join(dir, "picture.png"), RANDOM);
  precompress(dir);
  const server = createAppServer({ build: await loadProductionBuild(), clientDir: dir });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  fixtures = { base: `http://127.0.0.1:${port}`, server, dir };

  const { db } = await database();
  const tenant = await createTenant(db);
  slug = tenant.slug;
  const user = await createUser(db);
  await addMember(db, tenant.id, user.id, ["admin", "employee"]);
  cookie = await sessionCookie(db, user.id);
});

afterAll(async () => {
  await app?.close();
  if (fixtures) {
    fixtures.server.closeAllConnections();
    await new Promise((resolve) => fixtures.server.close(resolve));
    rmSync(fixtures.dir, { recursive: true, force: true });
  }
});

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  /** the bytes as sent */
  body: Buffer;
  /** the bytes after undoing Content-Encoding */
  decoded: Buffer;
}

/** A request with exactly these headers (fetch would add its own Accept-Encoding and decompress). */
function raw(base: string, path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        const encoding = res.headers["content-encoding"];
        const decoded =
          body.length === 0
            ? body
            : encoding === "br"
              ? brotliDecompressSync(body)
              : encoding === "gzip"
                ? gunzipSync(body)
                : body;
        resolve({ status: res.statusCode!, headers: res.headers, body, decoded });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const varies = (r: Raw) =>
  (r.headers.vary ?? "")
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .includes("accept-encoding");

describe("the build step", () => {
  it("writes .br and .gz only for compressible files it makes smaller", () => {
    const assets = join(fixtures.dir, "assets");
    expect(existsSync(join(assets, "app-abc123.js.br"))).toBe(true);
    expect(existsSync(join(assets, "app-abc123.js.gz"))).toBe(true);
    expect(statSync(join(assets, "app-abc123.js.br")).size).toBeLessThan(SCRIPT.length / 10);
    // too small to bother
    expect(existsSync(join(assets, "tiny-abc123.css.br"))).toBe(false);
    // text, but not smaller compressed
    expect(existsSync(join(fixtures.dir, "random.txt.br"))).toBe(false);
    expect(existsSync(join(fixtures.dir, "random.txt.gz"))).toBe(false);
    // not text at all
    expect(existsSync(join(fixtures.dir, "picture.png.br"))).toBe(false);
  });

  it("npm run build precompressed the real client build", () => {
    const scripts = readdirSync("build/client/assets").filter((f) => f.endsWith(".js"));
    const large = scripts.filter((f) => statSync(join("build/client/assets", f)).size > 4096);
    expect(large.length).toBeGreaterThan(0);
    for (const f of large) {
      expect(existsSync(join("build/client/assets", `${f}.br`)), f).toBe(true);
      expect(existsSync(join("build/client/assets", `${f}.gz`)), f).toBe(true);
    }
  });
});

describe("static files, precompressed", () => {
  const script = "/assets/app-abc123.js";

  it.each([
    ["gzip, deflate, br, zstd", "br"],
    ["br", "br"],
    ["gzip", "gzip"],
    ["br;q=0, gzip", "gzip"],
    ["br;q=0.5, gzip;q=1", "gzip"],
    ["br;q=0, gzip;q=0", undefined],
    ["identity", undefined],
    ["", undefined],
  ])("Accept-Encoding %j → %s", async (accept, expected) => {
    const res = await raw(fixtures.base, script, accept ? { "Accept-Encoding": accept } : {});
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe(expected);
    expect(varies(res)).toBe(true);
    expect(res.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    // the length of what is sent: the chosen file's
    const sent = expected
      ? readFileSync(join(fixtures.dir, `${script}.${expected === "br" ? "br" : "gz"}`))
      : Buffer.from(SCRIPT);
    expect(Number(res.headers["content-length"])).toBe(sent.length);
    expect(res.body.equals(sent)).toBe(true);
    expect(res.decoded.toString()).toBe(SCRIPT);
    // every security header and the request id, as before
    expect(res.headers["x-request-id"]).toBeTruthy();
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["content-security-policy"]).toBeTruthy();
  });

  it("HEAD: the same headers as GET, no body", async () => {
    const get = await raw(fixtures.base, script, { "Accept-Encoding": "br" });
    const head = await raw(fixtures.base, script, { "Accept-Encoding": "br" }, "HEAD");
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ["content-encoding", "content-length", "content-type", "vary", "cache-control"])
      expect(head.headers[name], name).toBe(get.headers[name]);
  });

  it("files without smaller variants go as they are, without Vary", async () => {
    for (const path of ["/assets/tiny-abc123.css", "/random.txt", "/picture.png"]) {
      const res = await raw(fixtures.base, path, { "Accept-Encoding": "br, gzip" });
      expect(res.status, path).toBe(200);
      expect(res.headers["content-encoding"], path).toBeUndefined();
      expect(varies(res), path).toBe(false);
    }
    const noise = await raw(fixtures.base, "/noise.txt", { "Accept-Encoding": "gzip" });
    expect(noise.decoded.toString()).toBe(NOISE);
  });

  it("the variants are not served by their own names", async () => {
    const res = await raw(fixtures.base, "/assets/app-abc123.js.br", { "Accept-Encoding": "br" });
    expect(res.status).toBe(404);
  });

  it("the real build: a script and the favicon", async () => {
    const file = readdirSync("build/client/assets").find(
      (f) => f.endsWith(".js") && existsSync(join("build/client/assets", `${f}.br`)),
    )!;
    const res = await raw(app.base, `/assets/${file}`, { "Accept-Encoding": "gzip, deflate, br" });
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.decoded.equals(readFileSync(join("build/client/assets", file)))).toBe(true);
    // browsers ask for /favicon.ico whatever the page says
    const icon = await raw(app.base, "/favicon.ico");
    expect(icon.status).toBe(200);
    expect(icon.headers["content-type"]).toBe("image/x-icon");
    const svg = await raw(app.base, "/favicon.svg", { "Accept-Encoding": "br" });
    expect(svg.status).toBe(200);
    expect(svg.headers["content-type"]).toBe("image/svg+xml");
  });
});

/** The same page twice differs only in its nonce and request id. */
const stable = (html: string) =>
  html
    .replace(/nonce="[^"]*"/g, 'nonce=""')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>");

describe("app responses, compressed on the fly", () => {
  it("a page in br, gzip or as it is, each the same HTML, with every security header", async () => {
    const plain = await raw(app.base, "/login");
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(varies(plain)).toBe(true);
    const page = stable(plain.body.toString());
    expect(page).toContain("<!DOCTYPE html>");

    for (const [accept, expected] of [
      ["gzip, deflate, br", "br"],
      ["gzip", "gzip"],
      ["br;q=0, gzip", "gzip"],
      ["br;q=0, gzip;q=0", undefined],
    ] as const) {
      const res = await raw(app.base, "/login", { "Accept-Encoding": accept });
      expect(res.status, accept).toBe(200);
      expect(res.headers["content-encoding"], accept).toBe(expected);
      expect(varies(res), accept).toBe(true);
      if (expected) {
        expect(res.headers["content-length"], accept).toBeUndefined();
        expect(res.body.length, accept).toBeLessThan(res.decoded.length / 2);
      }
      expect(stable(res.decoded.toString()), accept).toBe(page);
      expect(res.headers["x-request-id"], accept).toMatch(/^[0-9a-f-]{36}$/);
      for (const name of Object.keys(plain.headers).filter(
        (n) => !/^(date|x-request-id|content-|transfer-)/.test(n),
      ))
        expect(res.headers[name] === undefined, `${accept}: ${name}`).toBe(false);
      // the CSP still names the nonce the page uses
      const nonce = /nonce-([^']+)'/.exec(String(res.headers["content-security-policy"]))![1];
      expect(res.decoded.toString()).toContain(`nonce="${nonce}"`);
    }
  });

  it("a signed-in page and its single-fetch data", async () => {
    const page = await raw(app.base, `/t/${slug}`, { "Accept-Encoding": "br", Cookie: cookie });
    expect(page.status).toBe(200);
    expect(page.headers["content-encoding"]).toBe("br");
    expect(page.headers["cache-control"]).toBe("no-store");
    expect(page.decoded.toString()).toContain("</html>");
    const data = await raw(app.base, `/t/${slug}.data`, { "Accept-Encoding": "gzip", Cookie: cookie });
    expect(data.status).toBe(200);
    expect(data.headers["content-type"]).toMatch(/^text\/x-script/);
    expect(varies(data)).toBe(true);
    const identity = await raw(app.base, `/t/${slug}.data`, { Cookie: cookie });
    if (identity.body.length >= 1024) expect(data.headers["content-encoding"]).toBe("gzip");
    else expect(data.headers["content-encoding"]).toBeUndefined();
    expect(stable(data.decoded.toString())).toBe(stable(identity.body.toString()));
  });

  it("a large JSON answer from the API", async () => {
    const plain = await raw(app.base, "/api/v1/openapi.json");
    const res = await raw(app.base, "/api/v1/openapi.json", { "Accept-Encoding": "br" });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.decoded.equals(plain.body)).toBe(true);
  });

  it("small answers go as they are, with their length", async () => {
    const res = await raw(app.base, "/api/v1/posts", { "Accept-Encoding": "br, gzip" });
    expect(res.status).toBe(401);
    expect(res.body.length).toBeLessThan(1024);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(Number(res.headers["content-length"])).toBe(res.body.length);
    expect(JSON.parse(res.body.toString())).toHaveProperty("error");
  });

  it("HEAD: no body and no Content-Encoding (as before: the app answers HEAD without rendering)", async () => {
    const res = await raw(app.base, "/login", { "Accept-Encoding": "br" }, "HEAD");
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.headers["x-request-id"]).toBeTruthy();
  });

  it("redirects, the /s/ hot path and the edge's own answers are untouched", async () => {
    const redirect = await raw(app.base, `/t/${slug}`, { "Accept-Encoding": "br" });
    expect(redirect.status).toBe(302);
    expect(redirect.headers["content-encoding"]).toBeUndefined();
    expect(varies(redirect)).toBe(false);

    const short = await raw(app.base, "/s/doesnotexist", { "Accept-Encoding": "br, gzip" });
    expect(short.status).toBe(404);
    expect(short.headers["content-encoding"]).toBeUndefined();
    expect(varies(short)).toBe(false);
    expect(short.headers["x-request-id"]).toBeUndefined();

    const health = await raw(app.base, "/healthz", { "Accept-Encoding": "br" });
    expect(health.body.toString()).toBe("ok");
    expect(health.headers["content-encoding"]).toBeUndefined();
  });

  it("a client that goes away mid-page leaves the server serving", async () => {
    await new Promise<void>((resolve) => {
      const req = request(`${app.base}/login`, { headers: { "Accept-Encoding": "br" } }, (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.on("error", () => undefined);
      req.end();
    });
    const after = await raw(app.base, "/login", { "Accept-Encoding": "gzip" });
    expect(after.status).toBe(200);
    expect(after.decoded.toString()).toContain("</html>");
  });
});
