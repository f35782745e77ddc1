import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { env } from "~/app/lib/env.server.ts";
import { secretsKeyring } from "~/app/lib/secrets-keyring.server.ts";
import { slackBotTokenContext } from "~/app/modules/chat/chat-secrets.server.ts";
import { completeSlackInstall } from "~/app/modules/chat/complete-slack-install.server.ts";
import { handleSlackCommand } from "~/app/modules/chat/handle-slack-command.server.ts";
import { isAllowedResponseUrl } from "~/app/modules/chat/slack-config.server.ts";
import { postToSlack } from "~/app/modules/chat/slack-send.server.ts";
import { seal } from "~/app/modules/profiles/secret-box.server.ts";
import { drainInProcessJobs } from "~/jobs/queue.ts";
import {
  signSlackRequest,
  startFakeSlack,
  type FakeSlack,
  type SlackWorkspace,
} from "~/tests/fakes/slack.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";
import { createCompany, createPost, uniqueId, type TestCompany } from "~/tests/support/factories.ts";
import { useFileOutbox } from "~/tests/support/setup.ts";

// Adversary's view of the Slack integration (issue 17): acting as someone else through /chorus,
// mrkdwn smuggled into messages, response_url look-alikes, two companies racing for one workspace.
// The use cases are called as the jobs call them, against real PostgreSQL and the fake Slack
// (tests/fakes/slack.ts) through the official client; the HTTP edge is covered by slack-http.test.ts.

useFileOutbox("slack-adversary");

let fake: FakeSlack;
let db: DB;

beforeAll(async () => {
  fake = await startFakeSlack();
  process.env.SLACK_CLIENT_ID = "111.222";
  process.env.SLACK_CLIENT_SECRET = "client-secret";
  process.env.SLACK_SIGNING_SECRET = "signing-" + randomBytes(8).toString("hex");
  process.env.SLACK_API_URL = fake.apiUrl;
  process.env.SECRETS_KEY ??= randomBytes(32).toString("base64");
  ({ db } = await database());
}, 60_000);

afterAll(async () => {
  await fake?.close();
});

beforeEach(() => fake.clear());

const workspace = (): SlackWorkspace => {
  const id = uniqueId().toUpperCase();
  return { teamId: `T${id}`, teamName: `Acme ${id}`, botUserId: `UB${id}`, appId: `A${id}` };
};

async function installedCompany(name = `Müller ${uniqueId()} GmbH`) {
  const company = await createCompany(db, { name });
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

/** /chorus as the job runs it; the ephemeral answer Slack would show the person. */
async function chorus(ws: SlackWorkspace, userId: string, text: string) {
  const responseUrl = fake.responseUrl();
  const outcome = await handleSlackCommand(db, { teamId: ws.teamId, userId, text, responseUrl });
  const answer = fake.responses.find((r) => responseUrl.endsWith(r.path));
  return { outcome, text: String(answer?.body.text ?? ""), body: answer?.body };
}

const suggestionsOf = (company: TestCompany, urlPrefix: string) =>
  withTenant(db, company.tenantId, (tx) =>
    tx
      .selectFrom("suggestions")
      .select(["suggester_id", "url"])
      .where("tenant_id", "=", company.tenantId)
      .where("url", "like", `${urlPrefix}%`)
      .execute(),
  );

describe("/chorus as someone else", () => {
  it("an address that only lower-cases into a member's (Kelvin sign K) matches nobody", async () => {
    const { company, ws } = await installedCompany();
    const local = `karl-${uniqueId()}`;
    const karl = await company.person({ name: "Karl", email: `${local}@kanzlei.example` });
    // U+212A KELVIN SIGN: another address (another mailbox), which String#toLowerCase folds into "k"
    const lookalike = `\u212A${local.slice(1)}@kanzlei.example`;
    expect(lookalike.toLowerCase()).toBe(karl.user.email);
    fake.addUser({ id: `UKELVIN${ws.teamId}`, teamId: ws.teamId, email: lookalike, emailConfirmed: true });
    const prefix = `https://blog.example/kelvin-${uniqueId()}`;
    const res = await chorus(ws, `UKELVIN${ws.teamId}`, `suggest ${prefix}/1`);
    expect(res.outcome).toBe("no_member");
    expect(await suggestionsOf(company, prefix)).toEqual([]);
    // Karl's own Slack address, in capitals as Slack may show it, still matches him
    fake.addUser({
      id: `UKARL${ws.teamId}`,
      teamId: ws.teamId,
      email: karl.user.email.toUpperCase(),
      emailConfirmed: true,
    });
    expect((await chorus(ws, `UKARL${ws.teamId}`, `suggest ${prefix}/2`)).outcome).toBe("suggested");
    expect(await suggestionsOf(company, prefix)).toEqual([
      { suggester_id: karl.membership.id, url: `${prefix}/2` },
    ]);
  });

  it("an external member (Slack Connect) is nobody here, whatever address their own company gave them", async () => {
    const { company, ws } = await installedCompany();
    const victim = await company.person({ name: "Vera", email: `vera-${uniqueId()}@mueller.example` });
    // company A's Slack admin set one of their people's address to Vera's; the person shares a
    // channel with this workspace and runs /chorus there
    const theirs = workspace();
    fake.addUser({
      id: `UEXT${theirs.teamId}`,
      teamId: theirs.teamId,
      email: victim.user.email,
      emailConfirmed: true,
      connectedTeams: [ws.teamId],
    });
    const prefix = `https://blog.example/connect-${uniqueId()}`;
    const res = await chorus(ws, `UEXT${theirs.teamId}`, `suggest ${prefix}`);
    expect(res.outcome).toBe("no_member");
    expect(await suggestionsOf(company, prefix)).toEqual([]);
    // nor do they get the company's posts
    await createPost(db, company.tenantId, { title: `Internal ${uniqueId()}`, published_at: new Date() });
    const list = await chorus(ws, `UEXT${theirs.teamId}`, "");
    expect(list.outcome).toBe("no_member");
    expect(JSON.stringify(list.body)).not.toContain("Internal");
  });

  it("another company's member is nobody in this workspace", async () => {
    const { company, ws } = await installedCompany();
    const other = await createCompany(db, { name: `Other ${uniqueId()}` });
    const stranger = await other.person({ email: `olga-${uniqueId()}@other.example` });
    fake.addUser({ id: `UOLGA${ws.teamId}`, teamId: ws.teamId, email: stranger.user.email });
    const prefix = `https://blog.example/cross-${uniqueId()}`;
    const res = await chorus(ws, `UOLGA${ws.teamId}`, `suggest ${prefix}`);
    expect(res.outcome).toBe("no_member");
    expect(await suggestionsOf(company, prefix)).toEqual([]);
    expect(await suggestionsOf(other, prefix)).toEqual([]);
  });

  it("suggest counts against the member's suggestion limit, as the form does (no flood of suggestions and comms-lead mail)", async () => {
    const { company, ws } = await installedCompany();
    const anna = await company.person({ name: "Anna", email: `anna-${uniqueId()}@mueller.example` });
    fake.addUser({ id: `UANNA${ws.teamId}`, teamId: ws.teamId, email: anna.user.email });
    const limit = env().MEMBER_ACTION_LIMIT;
    const prefix = `https://blog.example/flood-${uniqueId()}`;
    for (let i = 0; i < limit; i++)
      expect((await chorus(ws, `UANNA${ws.teamId}`, `suggest ${prefix}/${i}`)).outcome).toBe("suggested");
    const over = await chorus(ws, `UANNA${ws.teamId}`, `suggest ${prefix}/over`);
    expect(over.outcome).toBe("rate_limited");
    expect(over.body?.response_type).toBe("ephemeral");
    expect(over.text).toMatch(/Versuch es in ein paar Minuten|try again in a few minutes/);
    expect(await suggestionsOf(company, prefix)).toHaveLength(limit);
  });
});

describe("mrkdwn from Chorus's data never becomes markup in Slack", () => {
  const hostile = "<!channel> <https://evil.example|Click> &amp;";

  /** every string of a message that Slack reads as mrkdwn (the fallback text, section and context texts) */
  function mrkdwnOf(args: Record<string, unknown>): string[] {
    const blocks = (args.blocks ?? []) as {
      type: string;
      text?: { type: string; text: string };
      elements?: { type: string; text?: string }[];
    }[];
    const texts = [String(args.text ?? "")];
    for (const b of blocks) {
      if (b.text?.type === "mrkdwn") texts.push(b.text.text);
      if (b.type === "context")
        for (const e of b.elements ?? []) if (e.type === "mrkdwn") texts.push(e.text!);
    }
    return texts;
  }
  const markup = /<[!@#]|<https?:|<mailto:/;

  it("a post's title, note, caption, topic and the company's name, in the channel message and its notification text", async () => {
    const ws = workspace();
    const token = fake.issueBotToken(ws);
    fake.addChannel(ws.teamId, "C0HOSTILE");
    const outcome = await postToSlack(token, "C0HOSTILE", {
      kind: "post",
      locale: "en",
      tenantName: `Evil ${hostile}`,
      post: {
        id: randomUUID(),
        title: `Title ${hostile}`,
        body: `Note ${hostile}`,
        topics: [`Topic ${hostile}`],
        imageUrl: null,
        caption: `Caption ${hostile}`,
      },
      links: {
        linkedin: "https://chorus.example/a",
        x: "https://chorus.example/b",
        more: "https://chorus.example/c",
        suggest: "https://chorus.example/d",
      },
    });
    expect(outcome).toEqual({ ok: true });
    const sent = fake.callsOf("chat.postMessage")[0]!.args;
    for (const text of mrkdwnOf(sent)) expect(text).not.toMatch(markup);
    expect(String(sent.text)).toContain("&lt;!channel&gt;");
  });

  it("the /chorus answers: the list's notification text, the company's name, the help", async () => {
    const { company, ws } = await installedCompany(`Evil ${hostile}`);
    const anna = await company.person({ email: `anna-${uniqueId()}@mueller.example`, locale: "en" });
    fake.addUser({ id: `UANNA${ws.teamId}`, teamId: ws.teamId, email: anna.user.email });
    fake.addUser({ id: `UNOBODY${ws.teamId}`, teamId: ws.teamId, email: `x-${uniqueId()}@else.example` });
    await createPost(db, company.tenantId, { title: `Post ${hostile}`, published_at: new Date() });

    const list = await chorus(ws, `UANNA${ws.teamId}`, "");
    expect(list.outcome).toBe("listed");
    for (const text of mrkdwnOf(list.body!)) expect(text).not.toMatch(markup);
    expect(list.text).toContain("Post &lt;!channel&gt;");

    const nobody = await chorus(ws, `UNOBODY${ws.teamId}`, "suggest https://blog.example/x");
    expect(nobody.outcome).toBe("no_member");
    expect(nobody.text).not.toMatch(markup);
    expect(nobody.text).toContain("Evil &lt;!channel&gt;");

    // the help's "<link>" is shown as written, not read as a link to nowhere
    const help = await chorus(ws, `UANNA${ws.teamId}`, "help");
    expect(help.text).toContain("/chorus suggest &lt;link&gt;");
  });
});

describe("response_url", () => {
  it("only Slack's hooks host over https (and the local fake outside production): look-alikes are refused", () => {
    for (const bad of [
      "https://hooks.slack.com@evil.example/commands/1",
      "https://hooks.slack.com:x@evil.example/commands/1",
      "https://user@hooks.slack.com/commands/1",
      "http://hooks.slack.com/commands/1",
      "https://hooks.slack.com:8443/commands/1",
      "https://hooks.slack.com.evil.example/commands/1",
      "https://hooks.slack.com./commands/1",
      "https://evil.example/?https://hooks.slack.com/",
      "https://evil.example/#@hooks.slack.com",
      "https://127.0.0.1/commands/1",
      "https://[::1]/commands/1",
      "https://2130706433/commands/1",
      "https://hooks%2eslack%2ecom.evil.example/",
      "ftp://hooks.slack.com/commands/1",
      "javascript:alert(1)",
      "hooks.slack.com/commands/1",
      `${fake.url.replace("127.0.0.1", "localhost")}/response/x`,
    ])
      expect(isAllowedResponseUrl(bad), bad).toBe(false);
    for (const good of [
      "https://hooks.slack.com/commands/T0001/1234/abcd",
      "https://HOOKS.SLACK.COM/commands/T0001/1234/abcd",
      "https://hooks.slack.com:443/commands/T0001/1234/abcd",
      fake.responseUrl(),
    ])
      expect(isAllowedResponseUrl(good), good).toBe(true);
  });

  it("the job looks again: a foreign response_url in a queued command calls neither Slack nor the address", async () => {
    const { ws } = await installedCompany();
    await expect(
      handleSlackCommand(db, {
        teamId: ws.teamId,
        userId: "U1",
        text: "",
        responseUrl: "https://hooks.slack.com@127.0.0.1/x",
      }),
    ).rejects.toThrow(/not Slack's/);
    expect(fake.calls).toEqual([]);
  });
});

describe("two companies and one workspace", () => {
  it("installing the same workspace at the same moment: exactly one company gets it", async () => {
    const ws = workspace();
    const a = await createCompany(db, { name: `Race A ${uniqueId()}` });
    const b = await createCompany(db, { name: `Race B ${uniqueId()}` });
    const adminA = await a.member({ roles: ["admin"] });
    const adminB = await b.member({ roles: ["admin"] });
    const flow = (company: TestCompany, userId: string) => ({
      state: randomBytes(32).toString("base64url"),
      tenantId: company.tenantId,
      tenantSlug: company.tenant.slug,
      userId,
      expires: Date.now() + 600_000,
    });
    const results = await Promise.allSettled([
      completeSlackInstall(db, adminA, { flow: flow(a, adminA.userId), code: fake.authorizationCode(ws) }),
      completeSlackInstall(db, adminB, { flow: flow(b, adminB.userId), code: fake.authorizationCode(ws) }),
    ]);
    const refused = results.filter((r) => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: "slack_team_taken" });
    // the SECURITY DEFINER door every request from Slack goes through names one company only
    const { rows } = await sql<{
      tenant_id: string;
    }>`select tenant_id from resolve_slack_team(${ws.teamId})`.execute(db);
    expect(rows).toHaveLength(1);
  });
});

describe("over HTTP (production build): a captured /chorus request replayed", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer();
  }, 60_000);
  afterAll(async () => {
    await drainInProcessJobs();
    await app?.close();
  });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${app.base}/integrations/slack/commands`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body,
      redirect: "manual",
    });

  it("the same signed bytes again within five minutes file one suggestion; changed bytes under the old signature are 401", async () => {
    const { company, ws } = await installedCompany();
    const anna = await company.person({ email: `anna-${uniqueId()}@mueller.example` });
    fake.addUser({ id: `UANNA${ws.teamId}`, teamId: ws.teamId, email: anna.user.email });
    const url = `https://blog.example/replay-${uniqueId()}`;
    const body = new URLSearchParams({
      team_id: ws.teamId,
      user_id: `UANNA${ws.teamId}`,
      command: "/chorus",
      text: `suggest ${url}`,
      response_url: fake.responseUrl(),
      trigger_id: `${Date.now()}.42.${uniqueId()}`,
    }).toString();
    const signed = signSlackRequest(process.env.SLACK_SIGNING_SECRET!, body);
    expect((await post(body, signed)).status).toBe(200);
    await drainInProcessJobs();
    expect((await post(body, signed)).status).toBe(200);
    await drainInProcessJobs();
    expect(await suggestionsOf(company, url)).toHaveLength(1);
    // another link, another trigger: the signature covers every byte
    const changed = body.replace("replay-", "replay2-").replace(".42.", ".43.");
    expect((await post(changed, signed)).status).toBe(401);
    await drainInProcessJobs();
    expect(await suggestionsOf(company, url.replace("replay-", "replay2-"))).toEqual([]);
  });
});
