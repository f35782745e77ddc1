/**
 * A local stand-in for a Microsoft Teams Workflows webhook ("Post to a channel when a webhook request
 * is received"): POST JSON to any path, answered 202 Accepted as Workflows answers. It checks what
 * Teams would render: the envelope ({ type: "message", attachments: [{ contentType:
 * "application/vnd.microsoft.card.adaptive", content }] }) and every card with Microsoft's official
 * Adaptive Cards SDK (`adaptivecards`: unknown element and action types, invalid property values,
 * missing required properties) plus what the SDK lets pass but Teams does not render (no version or
 * one above 1.5, a TextBlock without text, an Image or Action.OpenUrl without an absolute URL, a
 * message over Teams' 28 KB). Stricter than the real trigger on purpose: Workflows accepts any JSON
 * with 202 and a bad card fails later in the flow's run history, where nobody looks; here it is a
 * 400 with the reason, so a test sees it.
 *
 * Cards are recorded per path; answers can be scripted per path (the next N requests 429 with
 * Retry-After, or always 404). Also runnable on its own for e2e runs:
 *   npx tsx tests/fakes/teams-webhook.ts --port 4030
 * then GET http://127.0.0.1:4030/_test/received lists what arrived (DELETE clears it).
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

/** Teams refuses messages above this size (learn.microsoft.com: "Limits and specifications for Teams"). */
export const TEAMS_MESSAGE_MAX_BYTES = 28 * 1024;
/** The highest Adaptive Card version Teams renders on every client. */
const TEAMS_MAX_CARD_VERSION = 1.5;

interface SdkEvent {
  event: number;
  message: string;
}
interface AdaptiveCardsSdk {
  AdaptiveCard: new () => {
    parse(json: unknown, context: unknown): void;
    validateProperties(): { validationEvents: SdkEvent[] };
  };
  SerializationContext: new () => { eventCount: number; getEventAt(index: number): SdkEvent };
  ValidationEvent: Record<number, string>;
}
// The SDK ships a UMD bundle for browsers; in Node it loads through require and renders nothing.
const AC = createRequire(import.meta.url)("adaptivecards/dist/adaptivecards.js") as AdaptiveCardsSdk;

/** What is wrong with an Adaptive Card for Teams; empty: Teams renders it. */
export function adaptiveCardProblems(card: unknown): string[] {
  if (typeof card !== "object" || card === null || Array.isArray(card)) return ["the card is not an object"];
  const problems: string[] = [];
  const record = card as Record<string, unknown>;
  if (record.type !== "AdaptiveCard")
    problems.push(`card type is ${JSON.stringify(record.type)}, not "AdaptiveCard"`);
  const version = typeof record.version === "string" ? Number(record.version) : NaN;
  if (!(version > 0)) problems.push("the card has no version");
  else if (version > TEAMS_MAX_CARD_VERSION)
    problems.push(
      `card version ${String(record.version)} is above what Teams renders (${TEAMS_MAX_CARD_VERSION})`,
    );

  const context = new AC.SerializationContext();
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  for (let i = 0; i < context.eventCount; i++) {
    const e = context.getEventAt(i);
    problems.push(`${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
  }
  for (const e of parsed.validateProperties().validationEvents)
    problems.push(`${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`);

  // what the SDK lets pass but Teams does not show
  walk(record, (node, where) => {
    const url = (value: unknown) => typeof value === "string" && /^https?:\/\/[^\s]+$/.test(value);
    if (node.type === "TextBlock" && !(typeof node.text === "string" && node.text.trim()))
      problems.push(`${where}: TextBlock without text`);
    if (node.type === "Image" && !url(node.url)) problems.push(`${where}: Image without an absolute url`);
    if (node.type === "Action.OpenUrl") {
      if (!url(node.url)) problems.push(`${where}: Action.OpenUrl without an absolute url`);
      if (!(typeof node.title === "string" && node.title.trim()))
        problems.push(`${where}: Action.OpenUrl without a title`);
    }
  });
  return problems;
}

/** What is wrong with a Workflows request body for Teams; empty: the card is posted. */
export function teamsEnvelopeProblems(body: unknown): string[] {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return ["the body is not a JSON object"];
  const envelope = body as Record<string, unknown>;
  if (envelope.type !== "message") return [`type is ${JSON.stringify(envelope.type)}, not "message"`];
  if (!Array.isArray(envelope.attachments) || envelope.attachments.length === 0)
    return ["attachments must hold at least one card"];
  return envelope.attachments.flatMap((attachment: unknown, i) => {
    const a = (attachment ?? {}) as Record<string, unknown>;
    if (a.contentType !== "application/vnd.microsoft.card.adaptive")
      return [`attachments[${i}].contentType is ${JSON.stringify(a.contentType)}`];
    if (a.content === undefined || a.content === null) return [`attachments[${i}].content is missing`];
    return adaptiveCardProblems(a.content).map((p) => `attachments[${i}]: ${p}`);
  });
}

function walk(
  node: unknown,
  visit: (node: Record<string, unknown>, where: string) => void,
  where = "card",
): void {
  if (Array.isArray(node)) node.forEach((child, i) => walk(child, visit, `${where}[${i}]`));
  else if (typeof node === "object" && node !== null) {
    visit(node as Record<string, unknown>, where);
    for (const [key, child] of Object.entries(node)) walk(child, visit, `${where}.${key}`);
  }
}

export interface ReceivedTeamsMessage {
  path: string;
  /** the request's whole body (the envelope) */
  body: { type: "message"; attachments: { contentType: string; content: Record<string, unknown> }[] };
  /** the first attachment's Adaptive Card */
  card: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

export interface TeamsScriptedAnswer {
  status: number;
  /** how many requests get this answer; default: every one from now on */
  times?: number;
  /** the Retry-After header to send (seconds or an HTTP date) */
  retryAfter?: string;
  /** the response body; default Workflows' error shape */
  body?: string;
  /** more response headers (a Location for a redirect) */
  headers?: Record<string, string>;
}

export interface FakeTeamsWebhook {
  origin: string;
  /** the webhook URL of `path` (default: a Workflows-like path of its own) */
  url(path?: string): string;
  /** the cards that arrived (202) at `path`, or everywhere */
  received(path?: string): ReceivedTeamsMessage[];
  /** answers for the next requests to `path`, before any check (they record nothing) */
  script(path: string, answer: TeamsScriptedAnswer): void;
  /** requests of any outcome, for asserting that nothing was sent */
  requestCount(path?: string): number;
  clear(): void;
  close(): Promise<void>;
}

let pathCounter = 0;

export async function startFakeTeamsWebhook(
  opts: { port?: number; host?: string } = {},
): Promise<FakeTeamsWebhook> {
  const received: ReceivedTeamsMessage[] = [];
  const scripts = new Map<string, (TeamsScriptedAnswer & { remaining: number })[]>();
  const requests: string[] = [];

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => workflowError(res, 500, "InternalServerError", String(error)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    if (path === "/_test/received") {
      if (req.method === "GET")
        return sendJson(
          res,
          200,
          received.map(({ path: p, card }) => ({ path: p, card })),
        );
      if (req.method === "DELETE") {
        clear();
        return sendJson(res, 200, { cleared: true });
      }
    }
    requests.push(path);
    const scripted = scripts.get(path)?.[0];
    if (scripted) {
      scripted.remaining--;
      if (scripted.remaining <= 0) scripts.get(path)!.shift();
      await drain(req);
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (scripted.retryAfter) headers["retry-after"] = scripted.retryAfter;
      Object.assign(headers, scripted.headers);
      res.writeHead(scripted.status, headers);
      res.end(
        scripted.body ??
          JSON.stringify({ error: { code: `Scripted${scripted.status}`, message: "scripted" } }),
      );
      return;
    }
    if (req.method !== "POST") return workflowError(res, 405, "MethodNotAllowed", "Use POST.");
    const raw = await readBody(req, TEAMS_MESSAGE_MAX_BYTES + 1);
    if (raw === null)
      return workflowError(
        res,
        413,
        "MessageSizeExceeded",
        `the message is over ${TEAMS_MESSAGE_MAX_BYTES} bytes`,
      );
    if (!/^application\/json\b/i.test(req.headers["content-type"] ?? ""))
      return workflowError(res, 400, "InvalidContentType", "send application/json");
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return workflowError(res, 400, "InvalidRequestContent", "the body is not JSON");
    }
    const problems = teamsEnvelopeProblems(body);
    if (problems.length > 0) return workflowError(res, 400, "InvalidTemplate", problems.join("; "));
    const envelope = body as ReceivedTeamsMessage["body"];
    received.push({ path, body: envelope, card: envelope.attachments[0]!.content, headers: req.headers });
    res.writeHead(202, { "content-length": "0" });
    res.end();
  }

  function clear() {
    received.length = 0;
    requests.length = 0;
    scripts.clear();
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const origin = `http://${address}:${port}`;

  return {
    origin,
    url: (path) =>
      `${origin}${path ?? `/workflows/fake${++pathCounter}/triggers/manual/paths/invoke`}?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=fake-signature-${pathCounter}`,
    received: (path) =>
      path === undefined ? [...received] : received.filter((r) => r.path === pathOf(path)),
    script(path, answer) {
      const list = scripts.get(pathOf(path)) ?? [];
      list.push({ ...answer, remaining: answer.times ?? Infinity });
      scripts.set(pathOf(path), list);
    },
    requestCount: (path) =>
      path === undefined ? requests.length : requests.filter((p) => p === pathOf(path)).length,
    clear,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A path, or the path of a whole webhook URL (tests pass either). */
function pathOf(pathOrUrl: string): string {
  return /^https?:/.test(pathOrUrl) ? new URL(pathOrUrl).pathname : pathOrUrl;
}

/** The body up to `max` bytes, or null when it is longer. */
function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > max) over = true;
      else chunks.push(c);
    });
    req.on("end", () => resolve(over ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.resume();
    req.on("end", () => resolve());
    req.on("error", () => resolve());
  });
}

/** Logic Apps' / Power Automate's error shape. */
function workflowError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const portArg = process.argv.indexOf("--port");
  const port = portArg > -1 ? Number(process.argv[portArg + 1]) : 4030;
  const fake = await startFakeTeamsWebhook({ port });
  console.log(
    `fake Teams Workflows webhook listening on ${fake.origin} (any path takes POST; a webhook URL: ${fake.url()}); inspect GET ${fake.origin}/_test/received`,
  );
  const stop = () => void fake.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
