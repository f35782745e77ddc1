import { spawn } from "node:child_process";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { createApiToken } from "~/app/modules/api/api-tokens.server.ts";
import { generateToken, hashToken } from "~/app/modules/auth/tokens.server.ts";
import { createTenant, createUser } from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";
import { LOOPBACK_SPOOFS } from "~/tests/support/forwarding-spoofs.ts";
import {
  productionDatabaseEnv,
  startProductionServer,
  type ProductionServer,
} from "~/tests/support/production-server.ts";

// The production server (`NODE_ENV=production node --import tsx server.ts`) in a child process: a
// request that threw past the handler would end that process, which this file would notice.
let server: ProductionServer;
let apiToken: string;

beforeAll(async () => {
  server = await startProductionServer();
  const { db } = await database();
  const tenant = await createTenant(db);
  apiToken = (
    await withTenant(db, tenant.id, (tx) =>
      createApiToken(tx, { name: "hostile", tenantId: tenant.id, tenantSlug: tenant.slug, createdBy: null }),
    )
  ).token;
});

afterAll(async () => {
  await server?.stop();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes bytes to the server as they are (fetch would normalise the path) and reads until it closes. */
function raw(request: string | Buffer): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(15_000, () => {
      socket.destroy();
      reject(new Error(`no answer within 15 s to ${String(request).slice(0, 80)}`));
    });
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    // The server may close while we are still writing a body it refused (413): what it sent counts.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const [head = "", ...rest] = text.split("\r\n\r\n");
      const [statusLine = "", ...headerLines] = head.split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0),
        headers,
        body: rest.join("\r\n\r\n"),
      });
    });
    socket.write(request);
  });
}

function req(method: string, target: string, headers: Record<string, string> = {}, body = ""): string {
  const all: Record<string, string> = { Host: `127.0.0.1:${server.port}`, Connection: "close", ...headers };
  if (body && !("Content-Length" in all) && !("Transfer-Encoding" in all))
    all["Content-Length"] = String(Buffer.byteLength(body));
  return `${method} ${target} HTTP/1.1\r\n${Object.entries(all)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join("")}\r\n${body}`;
}

const multipart = (boundary: string, body: string) => ({
  "Content-Type": `multipart/form-data; boundary=${boundary}`,
  body,
});

describe("the hostile-request corpus", () => {
  // [what, request, expected status]; every one must get an answer below 500.
  const corpus = (): [string, string | Buffer, number][] => {
    const origin = { Origin: server.base };
    const bearer = { Authorization: `Bearer ${apiToken}` };
    const garbage = multipart(
      "xyz",
      '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\nno closing boundary',
    );
    return [
      ["malformed escape in the path", req("GET", "/%ZZ"), 400],
      ["malformed escape under /assets", req("GET", "/assets/%E0%A4%A"), 400],
      ["malformed escape in the query", req("GET", "/login?redirectTo=%ZZ"), 400],
      ["an empty path segment sent raw", req("GET", "//"), 400],
      ["a protocol-relative path", req("GET", "//evil.example/login"), 400],
      ["a dot-dot segment", req("GET", "/t/../login"), 400],
      ["an encoded dot-dot segment", req("GET", "/%2e%2e/%2e%2e/etc/passwd"), 400],
      ["an encoded slash", req("GET", "/assets/..%2f..%2fpackage.json"), 400],
      ["a backslash", req("GET", "/assets\\..\\package.json"), 400],
      ["a bare dot-dot", req("GET", "/.."), 400],
      ["absolute-form target", req("GET", "http://evil.example/"), 400],
      ["asterisk-form target", req("OPTIONS", "*"), 400],
      ["NUL in the path", req("GET", "/login%00"), 400],
      ["NUL in the query", req("GET", "/login?redirectTo=%00"), 400],
      ["NUL in an API query", req("GET", "/api/v1/posts?status=%00", bearer), 400],
      ["an encoded lone surrogate (CESU) in the path", req("GET", "/t/%ED%A0%80"), 400],
      ["an encoded lone surrogate in the query", req("GET", "/login?redirectTo=%ED%A0%80"), 400],
      ["a %u escape in the path", req("GET", "/%uD800"), 400],
      ["a %u escape in an API query", req("GET", "/api/v1/credit?period=%uD800", bearer), 400],
      ["an overlong UTF-8 escape", req("GET", "/%C0%AF"), 400],
      [
        "a raw NUL byte in the request line",
        Buffer.from(`GET /\0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, "latin1"),
        400,
      ],
      ["NUL in a tracked-link code", req("GET", "/s/%00"), 404],
      ["a surrogate in a tracked-link code", req("GET", "/s/%ED%A0%80"), 404],
      ["a 10 KiB path", req("GET", `/${"a".repeat(10 * 1024)}`), 414],
      ["a 10 KiB query", req("GET", `/login?q=${"a".repeat(10 * 1024)}`), 414],
      ["a 20 KiB header", req("GET", "/", { "X-Filler": "a".repeat(20 * 1024) }), 431],
      ["a Host header with a path in it", req("GET", "/login", { Host: "evil.example/x?" }), 400],
      [
        "conflicting Content-Length headers",
        `POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab`,
        400,
      ],
      ["TRACE", req("TRACE", "/"), 405],
      ["TRACE on the API", req("TRACE", "/api/v1/posts"), 405],
      ["CONNECT in authority form", req("CONNECT", "127.0.0.1:443"), 405],
      ["PROPFIND", req("PROPFIND", "/t/x"), 405],
      ["MKCOL", req("MKCOL", "/x"), 405],
      ["SEARCH", req("SEARCH", "/"), 405],
      ["a made-up method", req("BREW", "/"), 400],
      ["/metrics in production with neither METRICS_PORT nor METRICS_TOKEN", req("GET", "/metrics"), 404],
      ["OPTIONS on a page", req("OPTIONS", "/login"), 204],
      ["OPTIONS on the API", req("OPTIONS", "/api/v1/posts"), 204],
      ["HEAD on a page", req("HEAD", "/login"), 200],
      [
        "PUT on the API",
        req("PUT", "/api/v1/posts", { ...bearer, "Content-Type": "application/json" }, "{}"),
        405,
      ],
      ["DELETE on a page without Origin", req("DELETE", "/login"), 403],
      ["PATCH on a page from our origin, no body", req("PATCH", "/login", origin), 415],
      ["the single-fetch suffix on the API", req("GET", "/api/v1/posts.data", bearer), 404],
      [
        "the single-fetch suffix on a webhook",
        req("POST", "/webhooks/stripe.data", { "Content-Type": "application/json" }, "{}"),
        404,
      ],
      [
        "a WebSocket upgrade",
        req("GET", "/", {
          Upgrade: "websocket",
          Connection: "Upgrade",
          "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
          "Sec-WebSocket-Version": "13",
        }),
        200,
      ],
      [
        "malformed JSON to the API",
        req(
          "POST",
          "/api/v1/posts",
          { ...bearer, "Content-Type": "application/json" },
          '{"title": "unterminated',
        ),
        400,
      ],
      // latin1: the two bytes 0xFF 0xFE on the wire, which no UTF-8 decoder accepts
      [
        "JSON that is not UTF-8",
        Buffer.from(
          req(
            "POST",
            "/api/v1/posts",
            { ...bearer, "Content-Type": "application/json", "Content-Length": "15" },
            '{"title": "\xff\xfe"}',
          ),
          "latin1",
        ),
        400,
      ],
      [
        "an API body declared over 1 MiB",
        req("POST", "/api/v1/posts", {
          ...bearer,
          "Content-Type": "application/json",
          "Content-Length": String(1024 * 1024 + 1),
        }),
        413,
      ],
      [
        "garbage multipart to a form",
        req("POST", "/login", { ...origin, "Content-Type": garbage["Content-Type"] }, garbage.body),
        400,
      ],
      [
        "multipart without a boundary",
        req("POST", "/login", { ...origin, "Content-Type": "multipart/form-data" }, "x"),
        400,
      ],
      [
        "text/plain to a form",
        req("POST", "/login", { ...origin, "Content-Type": "text/plain" }, "email=a@b.c"),
        415,
      ],
      ["a form body over 2 MiB, chunked", chunked("/login", 2 * 1024 * 1024 + 1024, origin), 413],
      [
        "a form post with a foreign Origin through /api/..",
        req(
          "POST",
          "/api/../language",
          { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
          "locale=en",
        ),
        400,
      ],
      // Host headers of the right shape that WHATWG URL still refuses
      ...[
        "127.0.0.1:99999",
        "1.2.3.256",
        "[:::::]",
        "[1:2]",
        "[1.2.3.4]",
        "0x100000000",
        "999999999999",
        "xn--a",
        "08.1.1.1",
        "1.2.3.09",
        "[::1]:65536",
        "[::ffff:1.2.3.4.5]",
      ].map((host): [string, string, number] => [`Host: ${host}`, req("GET", "/login", { Host: host }), 400]),
      // a Compose service name behind a proxy (nginx sends $proxy_host): a page, not a 400
      ["Host: a service name with an underscore", req("GET", "/login", { Host: "chorus_web:3000" }), 200],
      [
        "a session cookie with a broken escape",
        req("GET", "/", { Cookie: "__Host-chorus_session=%ZZ" }),
        200,
      ],
      ["a language cookie with a broken escape", req("GET", "/login", { Cookie: "chorus_lang=%ZZ" }), 200],
      [
        "a broken escape in a cookie of a sign-in form post",
        req(
          "POST",
          "/login",
          {
            ...origin,
            Cookie: "chorus_lang=%E0%A4%A; __Host-chorus_session=%",
            "Content-Type": "application/x-www-form-urlencoded",
          },
          "email=",
        ),
        400,
      ],
      ["the single-fetch suffix on the API in upper case", req("GET", "/API/v1/posts.data", bearer), 404],
      ["the single-fetch suffix on the API in mixed case", req("GET", "/Api/v1/posts.DATA", bearer), 404],
      [
        "the single-fetch suffix on a webhook in upper case",
        req("POST", "/WEBHOOKS/stripe.data", { "Content-Type": "application/json" }, "{}"),
        404,
      ],
      [
        "an API body over 1 MiB in upper case",
        req("POST", "/API/v1/posts", {
          ...bearer,
          "Content-Type": "application/json",
          "Content-Length": String(1024 * 1024 + 1),
        }),
        413,
      ],
    ];
  };

  it("answers every request with a 4xx (or the right 2xx), and the process keeps serving", async () => {
    const failures: string[] = [];
    for (const [what, request, expected] of corpus()) {
      const answer = await raw(request);
      if (answer.status !== expected)
        failures.push(`${what}: expected ${expected}, got ${answer.status || "no answer"}`);
      expect(server.alive(), `the server process died on: ${what}`).toBe(true);
    }
    expect(failures).toEqual([]);
    expect(server.alive()).toBe(true);
    const health = await fetch(`${server.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("ok");
  });

  it("logs refused requests with the request id the response carries, and without the query", async () => {
    const answer = await raw(req("GET", "/%ZZ?secret=should-not-be-logged"));
    expect(answer.status).toBe(400);
    const id = answer.headers["x-request-id"];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await expect
      .poll(() => server.logs().find((l) => l.requestId === id && l.msg === "request"))
      .toMatchObject({ status: 400, method: "GET", path: "/%ZZ" });
    expect(server.output()).not.toContain("should-not-be-logged");
    const connect = await raw(req("CONNECT", "127.0.0.1:443"));
    expect(connect.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
    await expect
      .poll(() => server.logs().find((l) => l.requestId === connect.headers["x-request-id"]))
      .toMatchObject({ status: 405 });
  });

  it("answers the single-fetch suffix on the API in any case with the API's JSON 404, uncached", async () => {
    for (const path of ["/API/v1/posts.data", "/Api/v1/posts.data"]) {
      const res = await fetch(`${server.base}${path}`, { headers: { Authorization: `Bearer ${apiToken}` } });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/^application\/json/);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
      expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
    }
  });

  it("refuses a broken API request target in the API's JSON error shape, uncached", async () => {
    const answer = await raw(
      req("GET", "/api/v1/suggestions?status=%00", { Authorization: `Bearer ${apiToken}` }),
    );
    expect(answer.status).toBe(400);
    expect(answer.headers["content-type"]).toMatch(/^application\/json/);
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "invalid_input" } });
  });

  it("a form post the edge accepts on fetch metadata (Origin: null or none) reaches the action", async () => {
    const language = (headers: Record<string, string>) =>
      raw(
        req(
          "POST",
          "/language",
          { "Content-Type": "application/x-www-form-urlencoded", ...headers },
          "locale=en&redirectTo=%2Flogin",
        ),
      );
    for (const headers of [
      { Origin: "null", "Sec-Fetch-Site": "same-origin" },
      { "Sec-Fetch-Site": "same-origin" },
    ] as Record<string, string>[]) {
      const answer = await language(headers);
      expect(answer.status, JSON.stringify(headers)).toBe(302);
      expect(answer.headers.location).toBe("/login");
      expect(answer.headers["set-cookie"]).toMatch(/^chorus_lang=en;/);
    }
    // the sign-in form too: a 400 for the empty address is the action's own answer, with its form errors
    const login = await raw(
      req(
        "POST",
        "/login",
        {
          Origin: "null",
          "Sec-Fetch-Site": "same-origin",
          "Content-Type": "application/x-www-form-urlencoded",
        },
        "email=&locale=en",
      ),
    );
    expect(login.status).toBe(400);
    expect(login.headers["content-type"]).toMatch(/^text\/html/);
    // and never without the browser's word for it
    for (const headers of [
      { Origin: "null", "Sec-Fetch-Site": "cross-site" },
      { Origin: "null" },
      { Origin: "null", "Sec-Fetch-Site": "same-site" },
    ] as Record<string, string>[]) {
      expect((await language(headers)).status, JSON.stringify(headers)).toBe(403);
    }
  });

  it("answers written before routing carry the security headers and a CSP that allows nothing", async () => {
    for (const request of [
      req("GET", "/", { "X-Filler": "a".repeat(20 * 1024) }),
      req("CONNECT", "127.0.0.1:443"),
      Buffer.from(`GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n`, "latin1"),
    ]) {
      const answer = await raw(request);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.headers["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(answer.headers["x-content-type-options"]).toBe("nosniff");
      expect(answer.headers["strict-transport-security"]).toBeTruthy();
    }
  });

  it("logs React Router's own 4xx answers as warnings, not errors", async () => {
    const refused = [
      await raw(
        req("DELETE", "/", { Origin: server.base, "Content-Type": "application/x-www-form-urlencoded" }),
      ),
      await raw(
        req(
          "POST",
          "/nonexistent",
          { Origin: server.base, "Content-Type": "application/x-www-form-urlencoded" },
          "a=b",
        ),
      ),
    ];
    for (const answer of refused) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      const id = answer.headers["x-request-id"];
      await expect
        .poll(() => server.logs().find((l) => l.requestId === id && l.msg === "request"))
        .toBeTruthy();
      const lines = server.logs().filter((l) => l.requestId === id && l.msg !== "request");
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.filter((l) => Number(l.level) >= 50)).toEqual([]);
    }
  });

  it("answers OPTIONS with Allow and no body, never like GET", async () => {
    const options = await raw(req("OPTIONS", "/api/v1/posts", { Authorization: `Bearer ${apiToken}` }));
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
    expect(options.body).toBe("");
  });

  it("answers the API's single-fetch suffix with the API's JSON 404, not React Router's stream", async () => {
    const res = await fetch(`${server.base}/api/v1/posts.data`, {
      headers: { Authorization: `Bearer ${apiToken}` },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await res.json()).toMatchObject({ error: { code: "not_found" } });
  });

  it("answers an API body over the limit with the API's JSON 413 even when it is chunked", async () => {
    const answer = await raw(
      chunked("/api/v1/posts", 1024 * 1024 + 1024, {
        Authorization: `Bearer ${apiToken}`,
        "Content-Type": "application/json",
      }),
    );
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("redeems a sign-in link (an ordinary form post) and writes its token to no log line", async () => {
    const { db } = await database();
    const user = await createUser(db);
    const token = generateToken();
    await db
      .insertInto("sign_in_tokens")
      .values({
        token_hash: hashToken(token),
        email: user.email,
        tenant_slug: null,
        expires_at: new Date(Date.now() + 60_000),
      })
      .execute();
    const page = await fetch(`${server.base}/login/verify?token=${token}`);
    expect(page.status).toBe(200);
    const res = await fetch(`${server.base}/login/verify?token=${token}`, {
      method: "POST",
      headers: { Origin: server.base, "Content-Type": "application/x-www-form-urlencoded" },
      body: `token=${token}`,
      redirect: "manual",
    });
    // The limits must not catch the real thing.
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toMatch(/^__Host-chorus_session=/);
    await expect.poll(() => server.logs().filter((l) => l.path === "/login/verify").length).toBe(2);
    expect(server.output()).not.toContain(token);
  });
});

function chunked(path: string, bytes: number, headers: Record<string, string>): string {
  const chunk = "a".repeat(64 * 1024);
  let body = "";
  for (let sent = 0; sent < bytes; sent += chunk.length)
    body += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
  body += "0\r\n\r\n";
  return req(
    "POST",
    path,
    { "Content-Type": "application/x-www-form-urlencoded", ...headers, "Transfer-Encoding": "chunked" },
    body,
  );
}

describe("behind TLS termination (APP_URL https://, the server itself spoken to over http)", () => {
  it("a form post from the public https origin reaches the action: React Router sees the public scheme", async () => {
    const behindTls = await startProductionServer({ APP_URL: "https://chorus.example" });
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(behindTls.port, "127.0.0.1");
        let text = "";
        socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
        socket.on("error", reject);
        socket.on("close", () => resolve(text));
        const body = "locale=en&redirectTo=%2Flogin";
        socket.write(
          `POST /language HTTP/1.1\r\nHost: chorus.example\r\nOrigin: https://chorus.example\r\nX-Forwarded-Proto: https\r\n` +
            `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
        );
      });
      expect(answer).toMatch(/^HTTP\/1\.1 302 /);
      expect(answer).toMatch(/\r\nlocation: \/login\r\n/i);
    } finally {
      await behindTls.stop();
    }
  });
});

describe("the development mail outbox over HTTP (a development server in this process)", () => {
  let dev: AppServer;
  beforeAll(async () => {
    dev = await startAppServer();
  });
  afterAll(async () => {
    await dev?.close();
  });

  it("answers the machine itself, and nobody a forwarding header speaks for, whatever address it names", async () => {
    expect((await fetch(`${dev.base}/dev/mail`)).status).toBe(200);
    for (const headers of LOOPBACK_SPOOFS) {
      expect((await fetch(`${dev.base}/dev/mail`, { headers })).status, JSON.stringify(headers)).toBe(404);
      expect((await fetch(`${dev.base}/dev/mail/x`, { headers })).status, JSON.stringify(headers)).toBe(404);
    }
  });
});

describe("a crash outside any request", () => {
  /** server.ts's own shutdown path in a child process whose timer throws (or rejects) after listening. */
  async function crash(kind: "throw" | "reject"): Promise<{ code: number | null; output: string }> {
    const fault =
      kind === "throw"
        ? 'throw new Error("boom from a timer")'
        : 'void Promise.reject(new Error("boom from a promise"))';
    const script = `
      const { createAppServer, installGracefulShutdown } = await import("~/server.ts");
      const server = createAppServer({ build: {} });
      installGracefulShutdown(server);
      server.listen(0, "127.0.0.1", () => setTimeout(() => { ${fault}; }, 50));`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...(await productionDatabaseEnv()),
      NODE_ENV: "production",
      APP_URL: "http://127.0.0.1:9",
      LOG_LEVEL: "info",
    };
    delete env.REDIS_URL;
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    return new Promise((resolve) => child.on("exit", (code) => resolve({ code, output })));
  }

  it.each([
    ["throw", "uncaught exception", "uncaughtException"],
    ["reject", "unhandled promise rejection", "unhandledRejection"],
  ] as const)(
    "on a %s: logged, then the graceful shutdown (click flush), then a non-zero exit",
    async (kind, message, reason) => {
      const { code, output } = await crash(kind);
      expect(code).toBe(1);
      const lines = output
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.find((l) => l.msg === message)).toMatchObject({
        level: 60,
        err: { message: expect.stringContaining("boom") },
      });
      expect(lines.find((l) => l.msg === "shutting down")).toMatchObject({ reason });
    },
  );
});
