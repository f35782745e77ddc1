import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { drainInProcessJobs } from "~/jobs/queue.ts";
import { DomainError } from "~/app/lib/errors.ts";
import { addSlackChannel } from "~/app/modules/chat/add-slack-channel.server.ts";
import { removeSlackInstallation } from "~/app/modules/chat/remove-slack-installation.server.ts";
import {
  getSlackInstallationSummary,
  openSlackBotToken,
} from "~/app/modules/chat/slack-installation.server.ts";
import { postSlackDirectMessage, postToSlack } from "~/app/modules/chat/slack-send.server.ts";
import { startFakeSlack, type FakeSlack, type SlackWorkspace } from "~/tests/fakes/slack.ts";
import { createCompany, sessionCookie, uniqueId, type TestCompany } from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";
import { useFileOutbox } from "~/tests/support/setup.ts";

// "Add to Slack" (OAuth v2) through the real edge and the production build, the browser's side played
// by fetch with cookies: the install form post, Slack's consent page (the fake's authorize URL, where
// the test takes the state), the callback with the fake's code. Then channels, removal and sends.

useFileOutbox("slack-install");

let app: AppServer;
let fake: FakeSlack;
let db: DB;

beforeAll(async () => {
  fake = await startFakeSlack();
  process.env.SLACK_CLIENT_ID = "111.222";
  process.env.SLACK_CLIENT_SECRET = "client-secret";
  process.env.SLACK_SIGNING_SECRET = "signing-" + randomBytes(8).toString("hex");
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

async function adminOf(company: TestCompany) {
  const admin = await company.person({ roles: ["admin"], name: "Ada Admin" });
  return { ...admin, cookie: await sessionCookie(db, admin.user.id) };
}

/** "Add to Slack" clicked: the answer's redirect to Slack and the flow's cookie. */
async function startInstall(slug: string, cookie: string) {
  const res = await fetch(`${app.base}/integrations/slack/install?tenant=${slug}`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: app.base, "Content-Type": "application/x-www-form-urlencoded" },
    body: "",
    redirect: "manual",
  });
  const location = res.headers.get("location");
  const flowCookie = res.headers.getSetCookie().find((c) => c.startsWith("chorus_slack_install="));
  return { res, location: location ? new URL(location) : undefined, flowCookie };
}

/** Slack sends the browser back to the callback. */
async function callback(query: Record<string, string>, cookies: string[]) {
  const res = await fetch(`${app.base}/integrations/slack/oauth?${new URLSearchParams(query)}`, {
    headers: { Cookie: cookies.join("; ") },
    redirect: "manual",
  });
  return { res, location: res.headers.get("location") ?? "" };
}

const cookiePair = (setCookie: string) => setCookie.split(";")[0]!;

async function installationOf(tenantId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx.selectFrom("slack_installations").selectAll().where("tenant_id", "=", tenantId).executeTakeFirst(),
  );
}

describe("Add to Slack", () => {
  it("installs: state cookie, Slack's consent page, the code exchanged, the token sealed, a notice", async () => {
    const company = await createCompany(db, { name: `Install ${uniqueId()}` });
    const admin = await adminOf(company);
    const ws = workspace();
    const started = await startInstall(company.tenant.slug, admin.cookie);
    expect(started.res.status).toBe(302);
    expect(`${started.location?.origin}${started.location?.pathname}`).toBe(`${fake.url}/oauth/v2/authorize`);
    const q = started.location!.searchParams;
    expect(q.get("client_id")).toBe("111.222");
    expect(q.get("scope")).toBe("chat:write,commands,users:read,users:read.email");
    expect(q.get("redirect_uri")).toBe(`${app.base}/integrations/slack/oauth`);
    expect(q.get("state")!.length).toBeGreaterThanOrEqual(32);
    expect(started.flowCookie).toMatch(/HttpOnly/);
    expect(started.flowCookie).toMatch(/Path=\/integrations\/slack\/oauth/);
    expect(started.flowCookie).toMatch(/SameSite=Lax/);
    // the state is sealed, not readable in the cookie
    expect(started.flowCookie).not.toContain(q.get("state")!);

    const code = fake.authorizationCode(ws, {
      clientId: "111.222",
      clientSecret: "client-secret",
      redirectUri: `${app.base}/integrations/slack/oauth`,
    });
    const back = await callback({ code, state: q.get("state")! }, [
      admin.cookie,
      cookiePair(started.flowCookie!),
    ]);
    expect(back.res.status).toBe(302);
    expect(back.location).toBe(
      `/t/${company.tenant.slug}/admin/chat?slack=installed&team=${encodeURIComponent(ws.teamName)}`,
    );
    // the flow cookie is spent
    expect(back.res.headers.getSetCookie().some((c) => /^chorus_slack_install=;.*Max-Age=0/.test(c))).toBe(
      true,
    );

    const row = await installationOf(company.tenantId);
    expect(row).toMatchObject({
      team_id: ws.teamId,
      team_name: ws.teamName,
      bot_user_id: ws.botUserId,
      app_id: ws.appId,
      installed_by: admin.membership.id,
      revoked_at: null,
    });
    expect(row!.bot_token_encrypted).not.toContain("xoxb-");
    const opened = await withTenant(db, company.tenantId, (tx) => openSlackBotToken(tx, company.tenantId));
    expect(fake.tokenLive(opened!.botToken)).toBe(true);
    const summary = await withTenant(db, company.tenantId, (tx) =>
      getSlackInstallationSummary(tx, company.tenantId),
    );
    expect(summary).toMatchObject({ available: true, installation: { teamName: ws.teamName, live: true } });
    const audit = await withTenant(db, company.tenantId, (tx) =>
      tx
        .selectFrom("audit_events")
        .select("data")
        .where("tenant_id", "=", company.tenantId)
        .where("action", "=", "chat.slack_installed")
        .execute(),
    );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0]!.data)).not.toContain("xoxb-");
  });

  it("refuses an answer whose state does not match, and one without the flow's cookie", async () => {
    const company = await createCompany(db, { name: `State ${uniqueId()}` });
    const admin = await adminOf(company);
    const started = await startInstall(company.tenant.slug, admin.cookie);
    const code = fake.authorizationCode(workspace());
    const forged = await callback({ code, state: "x".repeat(43) }, [
      admin.cookie,
      cookiePair(started.flowCookie!),
    ]);
    expect(forged.location).toBe(`/t/${company.tenant.slug}/admin/chat?slack_error=slack_state_mismatch`);
    const noCookie = await callback({ code, state: started.location!.searchParams.get("state")! }, [
      admin.cookie,
    ]);
    expect(noCookie.res.status).toBe(400);
    // another admin's session with the first admin's flow cookie
    const other = await adminOf(company);
    const stolen = await callback({ code, state: started.location!.searchParams.get("state")! }, [
      other.cookie,
      cookiePair(started.flowCookie!),
    ]);
    expect(stolen.location).toContain("slack_error=slack_state_mismatch");
    expect(fake.callsOf("oauth.v2.access")).toEqual([]);
    expect(await installationOf(company.tenantId)).toBeUndefined();
  });

  it("says so when the admin cancelled at Slack", async () => {
    const company = await createCompany(db, { name: `Denied ${uniqueId()}` });
    const admin = await adminOf(company);
    const started = await startInstall(company.tenant.slug, admin.cookie);
    const denied = await callback(
      { error: "access_denied", state: started.location!.searchParams.get("state")! },
      [admin.cookie, cookiePair(started.flowCookie!)],
    );
    expect(denied.location).toContain("slack_error=slack_denied");
  });

  it("is for admins only", async () => {
    const company = await createCompany(db, { name: `Lead ${uniqueId()}` });
    const lead = await company.person({ roles: ["comms_lead"] });
    const started = await startInstall(company.tenant.slug, await sessionCookie(db, lead.user.id));
    expect(started.res.status).toBe(403);
    expect(started.flowCookie).toBeUndefined();
  });

  it("refuses a workspace another company holds, and leaves that company's token alone", async () => {
    const ws = workspace();
    const first = await createCompany(db, { name: `First ${uniqueId()}` });
    const firstAdmin = await adminOf(first);
    const a = await startInstall(first.tenant.slug, firstAdmin.cookie);
    await callback({ code: fake.authorizationCode(ws), state: a.location!.searchParams.get("state")! }, [
      firstAdmin.cookie,
      cookiePair(a.flowCookie!),
    ]);
    const second = await createCompany(db, { name: `Second ${uniqueId()}` });
    const secondAdmin = await adminOf(second);
    const b = await startInstall(second.tenant.slug, secondAdmin.cookie);
    const taken = await callback(
      { code: fake.authorizationCode(ws), state: b.location!.searchParams.get("state")! },
      [secondAdmin.cookie, cookiePair(b.flowCookie!)],
    );
    expect(taken.location).toBe(`/t/${second.tenant.slug}/admin/chat?slack_error=slack_team_taken`);
    expect(await installationOf(second.tenantId)).toBeUndefined();
    const held = await withTenant(db, first.tenantId, (tx) => openSlackBotToken(tx, first.tenantId));
    expect(fake.tokenLive(held!.botToken)).toBe(true);
    expect(fake.callsOf("auth.revoke")).toEqual([]);
  });

  it("reports Slack's refusal of the code without storing anything", async () => {
    const company = await createCompany(db, { name: `Bad code ${uniqueId()}` });
    const admin = await adminOf(company);
    const started = await startInstall(company.tenant.slug, admin.cookie);
    const back = await callback({ code: "not-a-code", state: started.location!.searchParams.get("state")! }, [
      admin.cookie,
      cookiePair(started.flowCookie!),
    ]);
    expect(back.location).toContain("slack_error=slack_oauth_failed");
    expect(await installationOf(company.tenantId)).toBeUndefined();
  });
});

describe("channels, removal and sends", () => {
  let company: TestCompany;
  let ws: SlackWorkspace;
  let admin: Awaited<ReturnType<typeof adminOf>>;

  beforeAll(async () => {
    company = await createCompany(db, { name: `Channels ${uniqueId()}` });
    admin = await adminOf(company);
    ws = workspace();
    const started = await startInstall(company.tenant.slug, admin.cookie);
    await callback(
      { code: fake.authorizationCode(ws), state: started.location!.searchParams.get("state")! },
      [admin.cookie, cookiePair(started.flowCookie!)],
    );
    fake.addChannel(ws.teamId, "C0MEMBER");
    fake.addChannel(ws.teamId, "C0OUTSIDE", { member: false });
  });

  const codeOf = (error: unknown) => (error instanceof DomainError ? error.code : String(error));

  it("adds a channel only after its test message arrived; tells to /invite @Chorus otherwise", async () => {
    const refused = await addSlackChannel(db, admin.member, {
      name: "#outside",
      channelId: "C0OUTSIDE",
    }).catch(codeOf);
    expect(refused).toBe("slack_not_in_channel");
    expect(
      await addSlackChannel(db, admin.member, { name: "#nope", channelId: "C0UNKNOWN" }).catch(codeOf),
    ).toBe("slack_channel_not_found");
    expect(
      await addSlackChannel(db, admin.member, { name: "#bad", channelId: "general" }).catch(codeOf),
    ).toBe("slack_channel_invalid");
    const { id } = await addSlackChannel(db, admin.member, { name: "#member", channelId: " C0MEMBER " });
    const posted = fake.callsOf("chat.postMessage").filter((c) => c.args.channel === "C0MEMBER");
    expect(posted).toHaveLength(1);
    expect(String(posted[0]!.args.text)).toContain("#member");
    const channels = await withTenant(db, company.tenantId, (tx) =>
      tx
        .selectFrom("chat_channels")
        .select(["id", "slack_channel_id", "status"])
        .where("tenant_id", "=", company.tenantId)
        .execute(),
    );
    expect(channels).toEqual([{ id, slack_channel_id: "C0MEMBER", status: "active" }]);
    expect(
      await addSlackChannel(db, admin.member, { name: "#again", channelId: "C0MEMBER" }).catch(codeOf),
    ).toBe("slack_channel_exists");
  });

  it("postToSlack: a 429 is transient with Retry-After, a lost channel permanent", async () => {
    const { botToken } = (await withTenant(db, company.tenantId, (tx) =>
      openSlackBotToken(tx, company.tenantId),
    ))!;
    const message = { kind: "test", locale: "en", tenantName: "Acme", channelName: "#member" } as const;
    fake.failNext("chat.postMessage", { ratelimited: 30 });
    expect(await postToSlack(botToken, "C0MEMBER", message)).toEqual({
      ok: false,
      permanent: false,
      retryAfterMs: 30_000,
      error: "ratelimited",
    });
    fake.failNext("chat.postMessage", { error: "is_archived" });
    expect(await postToSlack(botToken, "C0MEMBER", message)).toMatchObject({ ok: false, permanent: true });
    fake.failNext("chat.postMessage", { error: "internal_error" });
    expect(await postToSlack(botToken, "C0MEMBER", message)).toMatchObject({ ok: false, permanent: false });
    expect(await postToSlack(botToken, "C0MEMBER", message)).toEqual({ ok: true });
    // a personal message: found by e-mail, sent to the user id
    fake.addUser({ id: "U0DIGEST", teamId: ws.teamId, email: "dora@acme.example" });
    expect(
      await postSlackDirectMessage(botToken, "dora@acme.example", message, { teamId: ws.teamId }),
    ).toEqual({ ok: true });
    expect(fake.callsOf("chat.postMessage").at(-1)!.args.channel).toBe("U0DIGEST");
    expect(
      await postSlackDirectMessage(botToken, "nobody@acme.example", message, { teamId: ws.teamId }),
    ).toMatchObject({
      ok: false,
      permanent: true,
      error: "users_not_found",
    });
  });

  it("removal deletes the token, pauses the Slack channels and revokes the token at Slack", async () => {
    const { botToken } = (await withTenant(db, company.tenantId, (tx) =>
      openSlackBotToken(tx, company.tenantId),
    ))!;
    const employee = await company.member({ roles: ["employee"] });
    await expect(
      withTenant(db, company.tenantId, (tx) => removeSlackInstallation(tx, employee)),
    ).rejects.toMatchObject({ code: "forbidden" });
    const { pausedChannels } = await withTenant(db, company.tenantId, (tx) =>
      removeSlackInstallation(tx, admin.member),
    );
    expect(pausedChannels).toBe(1);
    await fake.waitFor(() => fake.callsOf("auth.revoke").length === 1);
    expect(fake.tokenLive(botToken)).toBe(false);
    const row = await installationOf(company.tenantId);
    expect(row!.bot_token_encrypted).toBeNull();
    expect(row!.revoked_at).toBeInstanceOf(Date);
    const summary = await withTenant(db, company.tenantId, (tx) =>
      getSlackInstallationSummary(tx, company.tenantId),
    );
    expect(summary.installation).toMatchObject({ live: false });
    const channel = await withTenant(db, company.tenantId, (tx) =>
      tx
        .selectFrom("chat_channels")
        .select(["status", "paused_at"])
        .where("tenant_id", "=", company.tenantId)
        .executeTakeFirstOrThrow(),
    );
    expect(channel.status).toBe("paused");
    expect(
      await addSlackChannel(db, admin.member, { name: "#x", channelId: "C0MEMBER2" }).catch(codeOf),
    ).toBe("slack_not_installed");
    // removing twice: nothing to remove
    await expect(
      withTenant(db, company.tenantId, (tx) => removeSlackInstallation(tx, admin.member)),
    ).rejects.toMatchObject({ code: "slack_not_installed" });
  });
});
