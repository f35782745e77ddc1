/**
 * A local stand-in for the Resend API (POST /emails), close enough to its wire format that the
 * official SDK cannot tell the difference. Also runnable on its own for e2e runs:
 *   npx tsx tests/fakes/resend.ts --port 4010
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

export interface ReceivedEmail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string | undefined;
  text: string | undefined;
  headers: IncomingHttpHeaders;
}

export interface FakeResend {
  url: string;
  received: ReceivedEmail[];
  /** The next `count` POST /emails answer `status` (default 500) before anything is stored. */
  failNext(count: number, status?: number): void;
  clear(): void;
  close(): Promise<void>;
}

interface ErrorBody {
  statusCode: number;
  name: string;
  message: string;
}

export async function startFakeResend(opts: { port?: number; host?: string } = {}): Promise<FakeResend> {
  const received: ReceivedEmail[] = [];
  // Idempotency-Key → the request body it was first used with and the id that was answered.
  const idempotent = new Map<string, { body: string; id: string }>();
  let failures: { remaining: number; status: number } = { remaining: 0, status: 500 };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      sendJson(res, 500, { statusCode: 500, name: "internal_server_error", message: String(err) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    if (path === "/_test/emails") {
      if (req.method === "GET") return sendJson(res, 200, received);
      if (req.method === "DELETE") {
        clear();
        return sendJson(res, 200, { cleared: true });
      }
    }
    if (path !== "/emails")
      return sendError(res, {
        statusCode: 404,
        name: "not_found",
        message: "The requested endpoint does not exist.",
      });
    if (req.method !== "POST")
      return sendError(res, {
        statusCode: 405,
        name: "method_not_allowed",
        message: "Method is not allowed for the requested path.",
      });

    const auth = req.headers.authorization;
    if (!auth?.startsWith("Bearer ") || auth.length <= "Bearer ".length) {
      return sendError(res, {
        statusCode: 401,
        name: "missing_api_key",
        message:
          "Missing API key in the authorization header. Include the following header Authorization: Bearer YOUR_API_KEY in the request.",
      });
    }
    if (failures.remaining > 0) {
      failures.remaining--;
      return sendError(res, {
        statusCode: failures.status,
        name: "internal_server_error",
        message: "An unexpected error occurred.",
      });
    }

    const raw = await readBody(req);
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
        throw new Error("not an object");
      body = parsed as Record<string, unknown>;
    } catch {
      return sendError(res, { statusCode: 422, name: "validation_error", message: "Invalid JSON body." });
    }
    for (const field of ["from", "to", "subject"] as const) {
      if (body[field] === undefined || body[field] === "") {
        return sendError(res, {
          statusCode: 422,
          name: "missing_required_field",
          message: `Missing \`${field}\` field.`,
        });
      }
    }
    const to = Array.isArray(body.to) ? body.to : [body.to];
    if (
      !to.every((t): t is string => typeof t === "string" && /^[^@\s]+@[^@\s]+$|<[^@\s]+@[^@\s]+>$/.test(t))
    ) {
      return sendError(res, {
        statusCode: 422,
        name: "validation_error",
        message:
          "Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.",
      });
    }
    if (typeof body.html !== "string" && typeof body.text !== "string") {
      return sendError(res, {
        statusCode: 422,
        name: "validation_error",
        message: "Missing `html` or `text` field.",
      });
    }

    const key = header(req.headers["idempotency-key"]);
    if (key) {
      const seen = idempotent.get(key);
      if (seen && seen.body !== raw) {
        return sendError(res, {
          statusCode: 409,
          name: "invalid_idempotent_request",
          message:
            "Same idempotency key used with a different request payload. Change your idempotency key or payload.",
        });
      }
      if (seen) return sendJson(res, 200, { id: seen.id });
    }

    const id = randomUUID();
    if (key) idempotent.set(key, { body: raw, id });
    received.push({
      id,
      from: String(body.from),
      to,
      subject: String(body.subject),
      html: typeof body.html === "string" ? body.html : undefined,
      text: typeof body.text === "string" ? body.text : undefined,
      headers: req.headers,
    });
    sendJson(res, 200, { id });
  }

  function clear() {
    received.length = 0;
    idempotent.clear();
    failures = { remaining: 0, status: 500 };
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;

  return {
    url: `http://${address}:${port}`,
    received,
    failNext(count, status = 500) {
      failures = { remaining: count, status };
    },
    clear,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendError(res: ServerResponse, error: ErrorBody): void {
  sendJson(res, error.statusCode, error);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const portArg = process.argv.indexOf("--port");
  const port = portArg > -1 ? Number(process.argv[portArg + 1]) : 4010;
  const fake = await startFakeResend({ port });
  console.log(
    `fake Resend listening on ${fake.url} (set RESEND_BASE_URL=${fake.url}); inspect GET ${fake.url}/_test/emails`,
  );
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
