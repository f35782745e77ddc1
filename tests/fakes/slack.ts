/**
 * A local stand-in for Slack (issue 17): the Web API the official `@slack/web-api` client calls
 * (`new WebClient(token, { slackApiUrl: fake.apiUrl })`), a receiver for slash commands'
 * `response_url`, and a helper that signs requests the way Slack signs the ones it sends us.
 *
 * Wire format as Slack's: POST /api/<method> with a form-encoded body (what the client sends; a
 * non-string argument such as `blocks` arrives as its JSON text) or a JSON body, the token as
 * `Authorization: Bearer …`; every answer is HTTP 200 with `{ ok: true, … }` or
 * `{ ok: false, error: "<code>" }`, except rate limits: HTTP 429 with `Retry-After` (seconds).
 *
 * Methods: oauth.v2.access, auth.test, auth.revoke, chat.postMessage, users.info,
 * users.lookupByEmail. Also runnable on its own for e2e runs: npx tsx tests/fakes/slack.ts --port 4040
 */
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

export interface SlackWorkspace {
  teamId: string;
  teamName: string;
  botUserId: string;
  appId: string;
}

export interface FakeSlackUser {
  id: string;
  teamId: string;
  email: string | null;
  /** Slack's `is_email_confirmed`; undefined: the field is absent from users.info */
  emailConfirmed?: boolean;
  deleted?: boolean;
  isBot?: boolean;
  name?: string;
  locale?: string;
  /**
   * Slack Connect: other workspaces sharing a channel with this person. Their bots see the person in
   * users.info too, with the person's own team_id (an external member).
   */
  connectedTeams?: string[];
}

export interface SlackCall {
  method: string;
  /** the bearer token, or null */
  token: string | null;
  args: Record<string, unknown>;
  contentType: string;
}

export interface ResponseUrlPost {
  path: string;
  body: Record<string, unknown>;
}

type ScriptedError = { error: string } | { ratelimited: number };

export interface FakeSlack {
  /** the fake's origin, e.g. http://127.0.0.1:4040 */
  url: string;
  /** for the client's slackApiUrl option (ends with /api/) */
  apiUrl: string;
  /** Every Web API call, in order. */
  calls: SlackCall[];
  /** What was POSTed to a response_url. */
  responses: ResponseUrlPost[];
  /** A response_url on this fake (Slack's are https://hooks.slack.com/commands/…). */
  responseUrl(name?: string): string;
  /** A workspace the next OAuth code installs into; returns the code (valid once). */
  authorizationCode(
    workspace: SlackWorkspace,
    opts?: { clientId?: string; clientSecret?: string; redirectUri?: string; scope?: string },
  ): string;
  /** A bot token for a workspace without going through OAuth. */
  issueBotToken(workspace: SlackWorkspace, scope?: string): string;
  /** Whether Slack still honours the token (auth.revoke and revokeWorkspace end it). */
  tokenLive(token: string): boolean;
  /** Slack revokes every token of the workspace (what happens before app_uninstalled arrives). */
  revokeWorkspace(teamId: string): void;
  addUser(user: FakeSlackUser): void;
  /** A channel of a workspace; the bot is a member unless `member: false`. */
  addChannel(teamId: string, channelId: string, opts?: { member?: boolean; archived?: boolean }): void;
  /** The next `count` calls of `method` fail with `error` (or a 429 with Retry-After seconds). */
  failNext(method: string, failure: ScriptedError, count?: number): void;
  callsOf(method: string): SlackCall[];
  /** Resolves once `predicate` holds (polling), rejects after `timeoutMs`. */
  waitFor<T>(predicate: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  clear(): void;
  close(): Promise<void>;
}

interface TokenRecord {
  workspace: SlackWorkspace;
  scope: string;
  revoked: boolean;
}

interface CodeRecord {
  workspace: SlackWorkspace;
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
  scope: string;
}

const DEFAULT_SCOPE = "chat:write,commands,users:read,users:read.email";

export async function startFakeSlack(opts: { port?: number; host?: string } = {}): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const tokens = new Map<string, TokenRecord>();
  const codes = new Map<string, CodeRecord>();
  const users = new Map<string, FakeSlackUser>();
  const channels = new Map<string, { teamId: string; member: boolean; archived: boolean }>();
  const scripted = new Map<string, { failure: ScriptedError; remaining: number }[]>();
  let counter = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      send(res, 500, { ok: false, error: "fatal_error", detail: String(err) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const raw = await readBody(req);
    const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (path.startsWith("/response/")) {
      if (req.method !== "POST") return send(res, 405, { ok: false, error: "method_not_allowed" });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        res.writeHead(400, { "Content-Type": "text/plain" }).end("invalid_payload");
        return;
      }
      responses.push({ path, body });
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
      return;
    }
    const match = /^\/api\/([A-Za-z0-9.]+)$/.exec(path);
    if (!match) return send(res, 404, { ok: false, error: "unknown_method" });
    const method = match[1]!;
    const args = parseArgs(raw, contentType);
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1] ?? null;
    const token = bearer ?? (typeof args.token === "string" ? args.token : null);
    calls.push({ method, token, args, contentType });

    const queue = scripted.get(method);
    const next = queue?.[0];
    if (next) {
      if (--next.remaining <= 0) queue.shift();
      if ("ratelimited" in next.failure) {
        res
          .writeHead(429, {
            "Content-Type": "application/json",
            "Retry-After": String(next.failure.ratelimited),
          })
          .end(JSON.stringify({ ok: false, error: "ratelimited" }));
        return;
      }
      return send(res, 200, { ok: false, error: next.failure.error });
    }

    if (method === "oauth.v2.access") return oauthAccess(res, args, req.headers.authorization);
    const auth = authenticate(token);
    if ("error" in auth) return send(res, 200, { ok: false, error: auth.error });
    const { record } = auth;
    const ws = record.workspace;
    switch (method) {
      case "auth.test":
        return send(res, 200, {
          ok: true,
          url: `https://${ws.teamName.toLowerCase().replace(/\W+/g, "")}.slack.com/`,
          team: ws.teamName,
          user: "chorus",
          team_id: ws.teamId,
          user_id: ws.botUserId,
          bot_id: `B${ws.botUserId.slice(1)}`,
          is_enterprise_install: false,
        });
      case "auth.revoke":
        record.revoked = true;
        return send(res, 200, { ok: true, revoked: true });
      case "chat.postMessage":
        return postMessage(res, ws, args);
      case "users.info": {
        const user = users.get(String(args.user ?? ""));
        if (!user || (user.teamId !== ws.teamId && !user.connectedTeams?.includes(ws.teamId)))
          return send(res, 200, { ok: false, error: "user_not_found" });
        return send(res, 200, { ok: true, user: userJson(user) });
      }
      case "users.lookupByEmail": {
        const email = String(args.email ?? "").toLowerCase();
        const user = [...users.values()].find(
          // Slack Connect: external members sharing a channel are found too (with their own team_id)
          (u) =>
            (u.teamId === ws.teamId || u.connectedTeams?.includes(ws.teamId)) &&
            u.email?.toLowerCase() === email &&
            !u.deleted,
        );
        if (!user) return send(res, 200, { ok: false, error: "users_not_found" });
        return send(res, 200, { ok: true, user: userJson(user) });
      }
      default:
        return send(res, 200, { ok: false, error: "unknown_method" });
    }
  }

  function authenticate(token: string | null): { record: TokenRecord } | { error: string } {
    if (!token) return { error: "not_authed" };
    const record = tokens.get(token);
    if (!record) return { error: "invalid_auth" };
    if (record.revoked) return { error: "token_revoked" };
    return { record };
  }

  function oauthAccess(res: ServerResponse, args: Record<string, unknown>, authorization?: string): void {
    // client_id and client_secret in the body (what the client sends), or HTTP Basic
    let clientId = typeof args.client_id === "string" ? args.client_id : undefined;
    let clientSecret = typeof args.client_secret === "string" ? args.client_secret : undefined;
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "")?.[1];
    if (basic) [clientId, clientSecret] = Buffer.from(basic, "base64").toString().split(":");
    const code = String(args.code ?? "");
    const record = codes.get(code);
    if (!record) return send(res, 200, { ok: false, error: "invalid_code" });
    codes.delete(code); // once only, as Slack's
    if (record.clientId && record.clientId !== clientId)
      return send(res, 200, { ok: false, error: "invalid_client_id" });
    if (record.clientSecret && record.clientSecret !== clientSecret)
      return send(res, 200, { ok: false, error: "bad_client_secret" });
    if (record.redirectUri && record.redirectUri !== args.redirect_uri)
      return send(res, 200, { ok: false, error: "bad_redirect_uri" });
    const ws = record.workspace;
    const token = issue(ws, record.scope);
    send(res, 200, {
      ok: true,
      app_id: ws.appId,
      authed_user: { id: `U${(++counter).toString().padStart(8, "0")}` },
      scope: record.scope,
      token_type: "bot",
      access_token: token,
      bot_user_id: ws.botUserId,
      team: { id: ws.teamId, name: ws.teamName },
      enterprise: null,
      is_enterprise_install: false,
    });
  }

  function postMessage(res: ServerResponse, ws: SlackWorkspace, args: Record<string, unknown>): void {
    const channel = String(args.channel ?? "");
    if (!channel) return send(res, 200, { ok: false, error: "channel_not_found" });
    if (!args.text && !args.blocks) return send(res, 200, { ok: false, error: "no_text" });
    const user = users.get(channel);
    if (user) {
      if (user.teamId !== ws.teamId) return send(res, 200, { ok: false, error: "channel_not_found" });
      if (user.deleted) return send(res, 200, { ok: false, error: "user_disabled" });
    } else {
      const known = channels.get(channel);
      if (!known || known.teamId !== ws.teamId)
        return send(res, 200, { ok: false, error: "channel_not_found" });
      if (known.archived) return send(res, 200, { ok: false, error: "is_archived" });
      if (!known.member) return send(res, 200, { ok: false, error: "not_in_channel" });
    }
    const ts = `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, "0")}`;
    send(res, 200, {
      ok: true,
      channel: user ? `D${channel.slice(1)}` : channel,
      ts,
      message: { type: "message", text: args.text ?? "", bot_id: `B${ws.botUserId.slice(1)}`, ts },
    });
  }

  function issue(ws: SlackWorkspace, scope: string): string {
    const token = `xoxb-${ws.teamId}-${randomBytes(12).toString("hex")}`;
    tokens.set(token, { workspace: ws, scope, revoked: false });
    return token;
  }

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${opts.host ?? "127.0.0.1"}:${port}`;

  return {
    url,
    apiUrl: `${url}/api/`,
    calls,
    responses,
    responseUrl: (name = `r${++counter}`) => `${url}/response/${name}`,
    authorizationCode(workspace, o = {}) {
      const code = `code-${randomBytes(8).toString("hex")}`;
      codes.set(code, { workspace, ...o, scope: o.scope ?? DEFAULT_SCOPE });
      return code;
    },
    issueBotToken: (workspace, scope = DEFAULT_SCOPE) => issue(workspace, scope),
    tokenLive: (token) => tokens.get(token)?.revoked === false,
    revokeWorkspace(teamId) {
      for (const record of tokens.values()) if (record.workspace.teamId === teamId) record.revoked = true;
    },
    addUser: (user) => void users.set(user.id, user),
    addChannel(teamId, channelId, o = {}) {
      channels.set(channelId, { teamId, member: o.member ?? true, archived: o.archived ?? false });
    },
    failNext(method, failure, count = 1) {
      const queue = scripted.get(method) ?? [];
      queue.push({ failure, remaining: count });
      scripted.set(method, queue);
    },
    callsOf: (method) => calls.filter((c) => c.method === method),
    async waitFor(predicate, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const value = predicate();
        if (value) return value;
        if (Date.now() > until) throw new Error("fake Slack: timed out waiting");
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    clear() {
      calls.length = 0;
      responses.length = 0;
      scripted.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function userJson(user: FakeSlackUser) {
  return {
    id: user.id,
    team_id: user.teamId,
    name: user.name ?? user.id.toLowerCase(),
    deleted: user.deleted ?? false,
    is_bot: user.isBot ?? false,
    ...(user.locale ? { locale: user.locale } : {}),
    ...(user.emailConfirmed === undefined ? {} : { is_email_confirmed: user.emailConfirmed }),
    profile: {
      real_name: user.name ?? user.id,
      display_name: user.name ?? user.id,
      ...(user.email ? { email: user.email } : {}),
    },
  };
}

function parseArgs(raw: string, contentType: string): Record<string, unknown> {
  if (contentType === "application/json") {
    try {
      const parsed = JSON.parse(raw) as unknown;
      return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    // the client sends arrays and objects (blocks, attachments) as their JSON text
    if ((value.startsWith("[") || value.startsWith("{")) && key !== "text") {
      try {
        args[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON after all: keep the text
      }
    }
    args[key] = value;
  }
  return args;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" }).end(text);
}

/**
 * The headers Slack sends with a request to us: `X-Slack-Request-Timestamp` (seconds) and
 * `X-Slack-Signature` = "v0=" + hex HMAC-SHA256 of "v0:<timestamp>:<raw body>" under the app's
 * signing secret.
 */
export function signSlackRequest(
  secret: string,
  body: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): { "X-Slack-Request-Timestamp": string; "X-Slack-Signature": string } {
  const signature = createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
  return { "X-Slack-Request-Timestamp": String(timestamp), "X-Slack-Signature": `v0=${signature}` };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const i = process.argv.indexOf("--port");
  const port = i >= 0 ? Number(process.argv[i + 1]) : 4040;
  const fake = await startFakeSlack({ port });
  console.log(`fake Slack at ${fake.apiUrl}`);
}
