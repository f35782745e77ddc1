import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { drainInProcessJobs } from "~/jobs/queue.ts";
import { secretsKeyring } from "~/app/lib/secrets-keyring.server.ts";
import { slackBotTokenContext } from "~/app/modules/chat/chat-secrets.server.ts";
import { sharePageUrl } from "~/app/modules/chat/share-links.ts";
import { seal } from "~/app/modules/profiles/secret-box.server.ts";
import {
  startFakeSlack,
  signSlackRequest,
  type FakeSlack,
  type SlackWorkspace,
} from "~/tests/fakes/slack.ts";
import { createCompany, createPost, uniqueId, type TestCompany } from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";
import { useFileOutbox } from "~/tests/support/setup.ts";

// Slack's three endpoints through the real edge (server.ts) and the production build, over HTTP,
// signed as Slack signs them; the bot's Web API calls go to the local fake (tests/fakes/slack.ts)
// through the official client's slackApiUrl, answers to /chorus to the fake's response_url receiver.

useFileOutbox("slack-http");

const SIGNING_SECRET = "test-signing-secret-" + randomBytes(8).toString("hex");
let app: AppServer;
let fake: FakeSlack;
let db: DB;

beforeAll(async () => {
  fake = await startFakeSlack();
  process.env.SLACK_CLIENT_ID = "111.222";
  process.env.SLACK_CLIENT_SECRET = "client-secret";
  process.env.SLACK_SIGNING_SECRET = SIGNING_SECRET;
  process.env.SLACK_API_URL = fake.apiUrl;
  process.env.SLACK_AUTHORIZE_URL = `${fake.url}/oauth/v2/authorize`;
  process.env.SECRETS_KEY ??= randomBytes(32).toString("base64");
  app = await startAppServer();
  ({ db } = await database());
}, 60_000);

afterAll(async () => {
  await drainInProcessJobs();
  await app?.close();
  await fake?.close();
});

beforeEach(() => fake.clear());

const workspace = (): SlackWorkspace => {
  const id = uniqueId().toUpperCase();
  return { teamId: `T${id}`, teamName: `Acme ${id}`, botUserId: `UB${id}`, appId: `A${id}` };
};

/** A company with Chorus installed in a fresh workspace (the row the OAuth callback writes). */
async function installedCompany(): Promise<{ company: TestCompany; ws: SlackWorkspace; token: string }> {
  const company = await createCompany(db, { name: `Müller ${uniqueId()} GmbH` });
  const ws = workspace();
  const token = fake.issueBotToken(ws);
  const id = randomUUID();
  await withTenant(db, company.tenantId, (tx) =>
    tx
      .insertInto("slack_installations")
      .values({
        tenant_id: company.tenantId,
        id,
        team_id: ws.teamId,
        team_name: ws.teamName,
        app_id: ws.appId,
        bot_user_id: ws.botUserId,
        bot_token_encrypted: seal(secretsKeyring()!, token, slackBotTokenContext(company.tenantId, id)),
        scopes: "chat:write,commands,users:read,users:read.email",
      })
      .execute(),
  );
  return { company, ws, token };
}

interface Sent {
  status: number;
  text: string;
  headers: Headers;
}

/** A request as Slack sends it: signed (unless `sign: false`), from Slack's servers (no Origin). */
async function fromSlack(
  path: string,
  body: string,
  opts: {
    contentType?: string;
    sign?: boolean;
    timestamp?: number;
    secret?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Sent> {
  const headers: Record<string, string> = {
    "Content-Type": opts.contentType ?? "application/json",
    "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    ...(opts.sign === false ? {} : signSlackRequest(opts.secret ?? SIGNING_SECRET, body, opts.timestamp)),
    ...opts.headers,
  };
  const res = await fetch(`${app.base}${path}`, { method: "POST", headers, body, redirect: "manual" });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const now = () => Math.floor(Date.now() / 1000);

describe("signature verification", () => {
  const challenge = JSON.stringify({
    token: "legacy",
    challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    type: "url_verification",
  });

  it("answers url_verification with the challenge when the signature is right", async () => {
    const res = await fromSlack("/integrations/slack/events", challenge);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses a missing, wrong or stale signature with 401, on all three endpoints", async () => {
    // ±310 s, not 301: the timestamp is whole seconds and the server's clock reads a moment later
    // (the exact boundary is in tests/unit/slack-signature.test.ts)
    for (const path of [
      "/integrations/slack/events",
      "/integrations/slack/commands",
      "/integrations/slack/interactions",
    ]) {
      expect((await fromSlack(path, challenge, { sign: false })).status, `${path} unsigned`).toBe(401);
      expect(
        (await fromSlack(path, challenge, { secret: "another app's secret" })).status,
        `${path} wrong`,
      ).toBe(401);
      expect((await fromSlack(path, challenge, { timestamp: now() - 310 })).status, `${path} stale`).toBe(
        401,
      );
      expect((await fromSlack(path, challenge, { timestamp: now() + 310 })).status, `${path} ahead`).toBe(
        401,
      );
    }
    // signed, then changed on the way: the raw bytes are what counts
    const headers = signSlackRequest(SIGNING_SECRET, challenge);
    const res = await fromSlack("/integrations/slack/events", challenge.replace("legacy", "legacY"), {
      sign: false,
      headers,
    });
    expect(res.status).toBe(401);
    // whitespace a JSON parser would not mind
    const spaced = await fromSlack("/integrations/slack/events", ` ${challenge}`, { sign: false, headers });
    expect(spaced.status).toBe(401);
  });

  it("accepts a signature within five minutes", async () => {
    expect(
      (await fromSlack("/integrations/slack/events", challenge, { timestamp: now() - 280 })).status,
    ).toBe(200);
  });

  it("is a webhook at the edge: no Origin check, no .data twin, the API's body limit; the rest of /integrations/ is not", async () => {
    // a signed request carrying a foreign Origin still reaches the signature check
    const crossSite = await fromSlack("/integrations/slack/events", challenge, {
      headers: { Origin: "https://evil.example" },
    });
    expect(crossSite.status).toBe(200);
    expect((await fromSlack("/integrations/slack/events.data", challenge)).status).toBe(404);
    const big = JSON.stringify({ type: "url_verification", challenge: "x".repeat(1024 * 1024) });
    expect((await fromSlack("/integrations/slack/events", big)).status).toBe(413);
    // "Add to Slack" is a cookie form post: a foreign Origin is refused there
    const install = await fetch(`${app.base}/integrations/slack/install?tenant=acme`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "",
      redirect: "manual",
    });
    expect(install.status).toBe(403);
  });
});

describe("interactions", () => {
  it("acknowledges a URL button's block_actions and ignores other kinds", async () => {
    const payload = JSON.stringify({
      type: "block_actions",
      team: { id: "T123" },
      user: { id: "U123" },
      actions: [
        { type: "button", action_id: "share_linkedin", url: "https://chorus.example/t/a/hub/1/share" },
      ],
    });
    const res = await fromSlack("/integrations/slack/interactions", form({ payload }), {
      contentType: "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    const other = await fromSlack(
      "/integrations/slack/interactions",
      form({ payload: '{"type":"view_closed"}' }),
      {
        contentType: "application/x-www-form-urlencoded",
      },
    );
    expect(other.status).toBe(200);
  });

  it("refuses a malformed payload with 400", async () => {
    for (const body of [form({}), form({ payload: "{not json" }), form({ payload: '{"kind":"x"}' })]) {
      const res = await fromSlack("/integrations/slack/interactions", body, {
        contentType: "application/x-www-form-urlencoded",
      });
      expect(res.status, body).toBe(400);
    }
  });
});

describe("/chorus", () => {
  let company: TestCompany;
  let ws: SlackWorkspace;
  let posts: { id: string; title: string }[];
  let linkedinCaption: string;
  let anna: Awaited<ReturnType<TestCompany["person"]>>;

  beforeAll(async () => {
    ({ company, ws } = await installedCompany());
    anna = await company.person({
      name: "Anna Advocate",
      email: `anna-${uniqueId()}@mueller.example`,
      locale: "en",
    });
    // a comms lead hears of suggestions (by mail, in the file outbox)
    await company.person({
      name: "Lea Lead",
      roles: ["comms_lead"],
      email: `lea-${uniqueId()}@mueller.example`,
    });
    const gone = await company.person({ name: "Gerd Gone", email: `gerd-${uniqueId()}@mueller.example` });
    await withTenant(db, company.tenantId, (tx) =>
      tx
        .updateTable("memberships")
        .set({ status: "deactivated" })
        .where("id", "=", gone.membership.id)
        .execute(),
    );
    fake.addUser({
      id: `UANNA${ws.teamId}`,
      teamId: ws.teamId,
      email: anna.user.email.toUpperCase(),
      emailConfirmed: true,
    });
    fake.addUser({ id: `UGERD${ws.teamId}`, teamId: ws.teamId, email: gone.user.email });
    fake.addUser({
      id: `UNOBODY${ws.teamId}`,
      teamId: ws.teamId,
      email: `stranger-${uniqueId()}@else.example`,
    });
    fake.addUser({
      id: `UUNCONF${ws.teamId}`,
      teamId: ws.teamId,
      email: anna.user.email,
      emailConfirmed: false,
    });
    posts = [];
    for (let i = 0; i < 7; i++) {
      const post = await createPost(db, company.tenantId, {
        title: `Post number ${i} <b>`,
        published_at: new Date(Date.now() - (10 - i) * 60_000),
      });
      posts.push({ id: post.id, title: post.title });
    }
    // a draft is never listed
    await createPost(db, company.tenantId, { title: "Draft", status: "draft", published_at: null });
    const newest = posts.at(-1)!;
    linkedinCaption = await withTenant(db, company.tenantId, async (tx) => {
      const row = await tx
        .insertInto("captions")
        .values({
          tenant_id: company.tenantId,
          post_id: newest.id,
          network: "linkedin",
          language: "en",
          text: "Proud of this!",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    });
  });

  async function command(userId: string, text: string, responseUrl = fake.responseUrl()) {
    const started = Date.now();
    const res = await fromSlack(
      "/integrations/slack/commands",
      form({
        token: "legacy",
        team_id: ws.teamId,
        team_domain: "acme",
        channel_id: "C0123",
        channel_name: "general",
        user_id: userId,
        user_name: "someone",
        command: "/chorus",
        text,
        api_app_id: ws.appId,
        response_url: responseUrl,
        trigger_id: `${Date.now()}.${Math.floor(Math.random() * 1e9)}.abc${uniqueId()}`,
      }),
      { contentType: "application/x-www-form-urlencoded" },
    );
    return { ...res, ms: Date.now() - started, responseUrl };
  }

  const answerAt = (url: string) =>
    fake.waitFor(() => fake.responses.find((r) => url.endsWith(r.path)), 10_000);

  it("lists the 5 newest published posts, ephemeral, with share links that preselect network and caption", async () => {
    const res = await command(`UANNA${ws.teamId}`, "");
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    expect(res.ms).toBeLessThan(3_000);
    const answer = await answerAt(res.responseUrl);
    expect(answer.body.response_type).toBe("ephemeral");
    const json = JSON.stringify(answer.body.blocks);
    const newestFive = posts.slice(-5).reverse();
    for (const p of newestFive) expect(json).toContain("Post number " + p.title.split(" ")[2]);
    expect(json).not.toContain("Post number 0");
    expect(json).not.toContain("Post number 1 ");
    expect(json).not.toContain("Draft");
    // mrkdwn: the title's < and > are escaped, not markup
    expect(json).toContain("&lt;b&gt;");
    const buttons = (
      answer.body.blocks as { type: string; elements?: { url?: string; action_id?: string }[] }[]
    )
      .filter((b) => b.type === "actions")
      .flatMap((b) => b.elements ?? []);
    const slug = company.tenant.slug;
    const newest = newestFive[0]!;
    expect(buttons.map((b) => b.url)).toContain(
      sharePageUrl(app.base, slug, newest.id, { network: "linkedin", captionId: linkedinCaption }),
    );
    expect(buttons.map((b) => b.url)).toContain(sharePageUrl(app.base, slug, newest.id, { network: "x" }));
    expect(buttons.map((b) => b.url)).toContain(sharePageUrl(app.base, slug, newest.id));
    // the member was matched by Slack's e-mail through users.info with the bot token
    expect(fake.callsOf("users.info")[0]?.args.user).toBe(`UANNA${ws.teamId}`);
    expect(answer.body.text).toContain("Newest posts to share");
  });

  it("files a suggestion as the matched member", async () => {
    const url = `https://blog.example/${uniqueId()}`;
    const res = await command(`UANNA${ws.teamId}`, `suggest <${url}> worth a read`);
    expect(res.status).toBe(200);
    const answer = await answerAt(res.responseUrl);
    expect(answer.body.text).toContain("Thank you");
    const rows = await withTenant(db, company.tenantId, (tx) =>
      tx.selectFrom("suggestions").select(["suggester_id", "reason"]).where("url", "=", url).execute(),
    );
    expect(rows).toEqual([{ suggester_id: anna.membership.id, reason: "worth a read" }]);
  });

  it("refuses politely when no active member has the Slack address, and files nothing", async () => {
    for (const user of [`UNOBODY${ws.teamId}`, `UGERD${ws.teamId}`, `UUNCONF${ws.teamId}`]) {
      const url = `https://blog.example/${uniqueId()}`;
      const res = await command(user, `suggest ${url}`);
      expect(res.status).toBe(200);
      const answer = await answerAt(res.responseUrl);
      expect(answer.body.response_type).toBe("ephemeral");
      expect(String(answer.body.text), user).toMatch(/Chorus kennt dich noch nicht|Chorus does not know you/);
      const filed = await withTenant(db, company.tenantId, (tx) =>
        tx.selectFrom("suggestions").select("id").where("url", "=", url).execute(),
      );
      expect(filed, user).toEqual([]);
    }
  });

  it("answers a bad link with how to write it, and files nothing", async () => {
    const res = await command(`UANNA${ws.teamId}`, "suggest javascript:alert(1)");
    const answer = await answerAt(res.responseUrl);
    expect(answer.body.text).toContain("does not look like a link");
  });

  it("explains itself on /chorus help", async () => {
    const res = await command(`UNOBODY${ws.teamId}`, "help");
    const answer = await answerAt(res.responseUrl);
    expect(answer.body.text).toContain("/chorus suggest");
  });

  it("answers Slack's ssl_check with 200 and does nothing", async () => {
    const res = await fromSlack("/integrations/slack/commands", form({ ssl_check: "1", token: "legacy" }), {
      contentType: "application/x-www-form-urlencoded",
    });
    expect(res.status).toBe(200);
    await drainInProcessJobs();
    expect(fake.calls).toEqual([]);
  });

  it("never posts to a response_url that is not Slack's", async () => {
    const res = await command(`UANNA${ws.teamId}`, "", "http://169.254.169.254/latest/meta-data");
    expect(res.status).toBe(400);
    await drainInProcessJobs();
    expect(fake.callsOf("users.info")).toEqual([]);
  });
});

describe("uninstall", () => {
  const event = (
    ws: SlackWorkspace,
    eventId: string,
    inner: Record<string, unknown>,
    eventTime = Math.floor(Date.now() / 1000),
  ) =>
    JSON.stringify({
      token: "legacy",
      team_id: ws.teamId,
      api_app_id: ws.appId,
      event: { ...inner, event_ts: `${eventTime}.000100` },
      type: "event_callback",
      event_id: eventId,
      event_time: eventTime,
    });

  async function installation(tenantId: string) {
    return withTenant(db, tenantId, (tx) =>
      tx
        .selectFrom("slack_installations")
        .select(["bot_token_encrypted", "revoked_at"])
        .where("tenant_id", "=", tenantId)
        .executeTakeFirstOrThrow(),
    );
  }
  async function audits(tenantId: string) {
    return withTenant(db, tenantId, (tx) =>
      tx
        .selectFrom("audit_events")
        .select(["action", "data"])
        .where("tenant_id", "=", tenantId)
        .where("action", "=", "chat.slack_uninstalled")
        .execute(),
    );
  }

  it("app_uninstalled removes the token and pauses the Slack channels, once however often Slack retries", async () => {
    const { company, ws } = await installedCompany();
    await withTenant(db, company.tenantId, (tx) =>
      tx
        .insertInto("chat_channels")
        .values({
          tenant_id: company.tenantId,
          provider: "slack",
          name: "#general",
          slack_channel_id: "C0GENERAL",
        })
        .execute(),
    );
    const eventId = `Ev${uniqueId().toUpperCase()}`;
    const body = event(ws, eventId, { type: "app_uninstalled" });
    const first = await fromSlack("/integrations/slack/events", body);
    const retry = await fromSlack("/integrations/slack/events", body, {
      headers: { "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout" },
    });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await drainInProcessJobs();
    const row = await installation(company.tenantId);
    expect(row.bot_token_encrypted).toBeNull();
    expect(row.revoked_at).toBeInstanceOf(Date);
    expect(await audits(company.tenantId)).toHaveLength(1);
    const channel = await withTenant(db, company.tenantId, (tx) =>
      tx
        .selectFrom("chat_channels")
        .select(["status"])
        .where("tenant_id", "=", company.tenantId)
        .executeTakeFirstOrThrow(),
    );
    expect(channel.status).toBe("paused");
    // the same uninstall under another event id (Slack sends both app_uninstalled and tokens_revoked)
    await fromSlack(
      "/integrations/slack/events",
      event(ws, `Ev${uniqueId().toUpperCase()}`, { type: "app_uninstalled" }),
    );
    await drainInProcessJobs();
    expect(await audits(company.tenantId)).toHaveLength(1);
    // and the workspace names no company any more: /chorus says so
    await fromSlack(
      "/integrations/slack/commands",
      form({
        team_id: ws.teamId,
        user_id: "U1",
        command: "/chorus",
        text: "",
        response_url: fake.responseUrl("gone"),
        trigger_id: "1.2.gone",
      }),
      { contentType: "application/x-www-form-urlencoded" },
    );
    const answer = await fake.waitFor(() => fake.responses.find((r) => r.path === "/response/gone"));
    expect(String(answer.body.text)).toContain("nicht mehr mit diesem Slack-Workspace verbunden");
  });

  it("a retried uninstall from before a re-install leaves the new installation alone", async () => {
    const { company, ws } = await installedCompany();
    await withTenant(db, company.tenantId, (tx) =>
      tx
        .insertInto("chat_channels")
        .values({
          tenant_id: company.tenantId,
          provider: "slack",
          name: "#general",
          slack_channel_id: "C0GENERAL",
        })
        .execute(),
    );
    const { installed_at } = await withTenant(db, company.tenantId, (tx) =>
      tx
        .selectFrom("slack_installations")
        .select(["installed_at"])
        .where("tenant_id", "=", company.tenantId)
        .executeTakeFirstOrThrow(),
    );
    const installedSecond = Math.floor(installed_at.getTime() / 1000);
    const channelStatus = async () =>
      (
        await withTenant(db, company.tenantId, (tx) =>
          tx
            .selectFrom("chat_channels")
            .select(["status"])
            .where("tenant_id", "=", company.tenantId)
            .executeTakeFirstOrThrow(),
        )
      ).status;
    // Slack's retry (new event id) of the uninstall of the previous installation, 2 minutes before this one
    for (const type of ["app_uninstalled", "tokens_revoked"])
      expect(
        (
          await fromSlack(
            "/integrations/slack/events",
            event(
              ws,
              `Ev${uniqueId().toUpperCase()}`,
              { type, tokens: { bot: [ws.botUserId] } },
              installedSecond - 120,
            ),
            { headers: { "X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_timeout" } },
          )
        ).status,
      ).toBe(200);
    await drainInProcessJobs();
    expect((await installation(company.tenantId)).bot_token_encrypted).not.toBeNull();
    expect(await channelStatus()).toBe("active");
    expect(await audits(company.tenantId)).toHaveLength(0);
    // an uninstall of this installation: removed
    await fromSlack(
      "/integrations/slack/events",
      event(ws, `Ev${uniqueId().toUpperCase()}`, { type: "app_uninstalled" }, installedSecond + 1),
    );
    await drainInProcessJobs();
    expect((await installation(company.tenantId)).bot_token_encrypted).toBeNull();
    expect(await channelStatus()).toBe("paused");
  });

  it("tokens_revoked for the bot removes the token; for a user's token only, nothing", async () => {
    const { company, ws } = await installedCompany();
    await fromSlack(
      "/integrations/slack/events",
      event(ws, `Ev${uniqueId().toUpperCase()}`, { type: "tokens_revoked", tokens: { oauth: ["U0USER"] } }),
    );
    await drainInProcessJobs();
    expect((await installation(company.tenantId)).bot_token_encrypted).not.toBeNull();
    await fromSlack(
      "/integrations/slack/events",
      event(ws, `Ev${uniqueId().toUpperCase()}`, { type: "tokens_revoked", tokens: { bot: [ws.botUserId] } }),
    );
    await drainInProcessJobs();
    const row = await installation(company.tenantId);
    expect(row.bot_token_encrypted).toBeNull();
    expect(row.revoked_at).toBeInstanceOf(Date);
  });

  it("acknowledges events it does not act on", async () => {
    const { ws } = await installedCompany();
    const res = await fromSlack(
      "/integrations/slack/events",
      event(ws, "EvOTHER1", { type: "message", text: "hi" }),
    );
    expect(res.status).toBe(200);
  });
});
