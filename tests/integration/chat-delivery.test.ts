import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Tenant } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { Queue } from "bullmq";
import { closeQueue, drainInProcessJobs, QUEUE_NAME } from "~/jobs/queue.ts";
import { startWorker } from "~/jobs/worker.ts";
import { secretsKeyring } from "~/app/lib/secrets-keyring.server.ts";
import { seal } from "~/app/modules/profiles/secret-box.server.ts";
import { slackBotTokenContext, teamsWebhookContext } from "~/app/modules/chat/chat-secrets.server.ts";
import { announcePosts } from "~/app/modules/chat/announce-post.server.ts";
import { sendChatDigests } from "~/app/modules/chat/chat-digests.server.ts";
import {
  CHAT_PAUSE_AFTER_FAILURES,
  deliverChatMessage,
  sweepDueChatDeliveries,
} from "~/app/modules/chat/deliver-chat-message.server.ts";
import { loadPostMessage } from "~/app/modules/chat/post-message.server.ts";
import { approvePost } from "~/app/modules/content/approve-post.server.ts";
import { createPost as createPostUseCase } from "~/app/modules/content/create-post.server.ts";
import { publishDuePosts } from "~/app/modules/content/publish-due-posts.server.ts";
import { CreatePostInput } from "~/app/modules/content/schemas.ts";
import { submitPost } from "~/app/modules/content/submit-post.server.ts";
import { createTopic } from "~/app/modules/content/topics.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { startFakeTeamsWebhook, type FakeTeamsWebhook } from "~/tests/fakes/teams-webhook.ts";
import { startFakeSlack, type FakeSlack } from "~/tests/fakes/slack.ts";
import {
  createMember,
  createPerson,
  createPost,
  createTeam,
  createTenant,
  uniqueId,
} from "~/tests/support/factories.ts";

// env() is read once per process: the Slack fake's address and the keyring must be set before.
const slack: FakeSlack = await startFakeSlack();
process.env.SLACK_API_URL = slack.apiUrl;
process.env.SECRETS_KEY = randomBytes(32).toString("base64");
process.env.JOB_BACKOFF_MS = "10";
// Jobs run in this process (a trial install's way), even where the environment names a Redis (CI
// exports REDIS_URL): nothing would work off a BullMQ queue here. The Redis case sets its own below.
delete process.env.REDIS_URL;

let db: DB;
let teams: FakeTeamsWebhook;

beforeAll(async () => {
  ({ db } = await database());
  teams = await startFakeTeamsWebhook();
});
afterAll(async () => {
  await drainInProcessJobs();
  await teams.close();
  await slack.close();
});

interface Company {
  tenant: Tenant;
  author: Member;
  approver: Member;
}

async function company(timeZone = "UTC"): Promise<Company> {
  const tenant = await createTenant(db, { timeZone });
  const author = await createMember(db, tenant.id, { roles: ["comms_lead"] });
  const approver = await createMember(db, tenant.id, { roles: ["comms_lead", "admin"] });
  return { tenant, author, approver };
}

interface ChannelOptions {
  allTopics?: boolean;
  topicIds?: string[];
  quiet?: [number, number];
  dailyLimit?: number;
  weeklyDigest?: boolean;
  paused?: boolean;
}

/** A Teams channel whose webhook is a path of the fake (the URL sealed as add-teams-channel does). */
async function teamsChannel(tenantId: string, opts: ChannelOptions = {}) {
  const id = randomUUID();
  const url = teams.url();
  await withTenant(db, tenantId, async (tx) => {
    await tx
      .insertInto("chat_channels")
      .values({
        tenant_id: tenantId,
        id,
        provider: "teams",
        name: `Teams ${uniqueId()}`,
        webhook_url_encrypted: seal(secretsKeyring()!, url, teamsWebhookContext(tenantId, id)),
        webhook_host: new URL(url).host,
        all_topics: opts.allTopics ?? true,
        quiet_from: opts.quiet?.[0] ?? null,
        quiet_until: opts.quiet?.[1] ?? null,
        daily_limit: opts.dailyLimit ?? 3,
        weekly_digest: opts.weeklyDigest ?? false,
        status: opts.paused ? "paused" : "active",
        paused_at: opts.paused ? new Date() : null,
      })
      .execute();
    for (const topicId of opts.topicIds ?? [])
      await tx
        .insertInto("chat_channel_topics")
        .values({ tenant_id: tenantId, channel_id: id, topic_id: topicId })
        .execute();
  });
  return { id, url };
}

async function topic(c: Company): Promise<string> {
  return (
    await withTenant(db, c.tenant.id, (tx) =>
      createTopic(tx, c.author, { name: `Topic ${uniqueId()}`, requiresSecondApproval: false }),
    )
  ).id;
}

/** A text post through the workflow (created, submitted, approved = published at `now`). */
async function publish(
  c: Company,
  over: Record<string, unknown> = {},
  now?: Date,
): Promise<{ id: string; title: string }> {
  const title = `Post ${uniqueId()}`;
  const input = CreatePostInput.parse({
    title,
    body: "Worth sharing",
    captions: [
      // the tenant's language (German by default): a channel gets the tenant's language
      { network: "x", language: "de", addressForm: "du", text: "Schau dir das an" },
      { network: "linkedin", language: "de", addressForm: "du", text: "Stolz auf dieses Team" },
      { network: "linkedin", language: "en", text: "Proud of this team" },
    ],
    ...over,
  });
  const { id } = await withTenant(db, c.tenant.id, (tx) => createPostUseCase(tx, c.author, input));
  await withTenant(db, c.tenant.id, (tx) => submitPost(tx, c.author, { postId: id }));
  await withTenant(db, c.tenant.id, (tx) => approvePost(tx, c.approver, { postId: id }, now ? { now } : {}));
  return { id, title };
}

async function deliveriesOf(tenantId: string, channelId?: string) {
  return withTenant(db, tenantId, (tx) => {
    let q = tx.selectFrom("chat_deliveries").selectAll().where("tenant_id", "=", tenantId);
    if (channelId) q = q.where("channel_id", "=", channelId);
    return q.orderBy("created_at").orderBy("id").execute();
  });
}

async function channelRow(tenantId: string, channelId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx.selectFrom("chat_channels").selectAll().where("id", "=", channelId).executeTakeFirstOrThrow(),
  );
}

const cardText = (path: string) => teams.received(path).map((r) => JSON.stringify(r.card));

describe("announcing a published post", () => {
  it("sends exactly one card per matching channel: not to another topic's channel, a paused one, nor for a team's post", async () => {
    const c = await company();
    const [news, jobs] = [await topic(c), await topic(c)];
    const all = await teamsChannel(c.tenant.id);
    const newsOnly = await teamsChannel(c.tenant.id, { allTopics: false, topicIds: [news] });
    const jobsOnly = await teamsChannel(c.tenant.id, { allTopics: false, topicIds: [jobs] });
    const paused = await teamsChannel(c.tenant.id, { paused: true });

    const post = await publish(c, { topicIds: [news] });
    await drainInProcessJobs();

    expect(teams.received(all.url)).toHaveLength(1);
    expect(teams.received(newsOnly.url)).toHaveLength(1);
    expect(teams.requestCount(jobsOnly.url)).toBe(0);
    expect(teams.requestCount(paused.url)).toBe(0);
    // the card is the post's, with LinkedIn and its caption preselected on the share link
    const captionId = await withTenant(db, c.tenant.id, (tx) =>
      tx
        .selectFrom("captions")
        .select("id")
        .where("post_id", "=", post.id)
        .where("network", "=", "linkedin")
        .where("language", "=", "de")
        .executeTakeFirstOrThrow(),
    );
    const card = cardText(all.url)[0]!;
    expect(card).toContain(post.title);
    // LinkedIn's caption in German, though X's comes first
    expect(card).toContain("Stolz auf dieses Team");
    expect(card).not.toContain("Proud of this team");
    expect(card).toContain(`/hub/${post.id}/share?network=linkedin&caption=${captionId.id}`);

    // announcing again (a second publish, a repeated run) sends nothing twice
    const again = await withTenant(db, c.tenant.id, (tx) =>
      announcePosts(tx, c.tenant.id, [post.id], new Date()),
    );
    await drainInProcessJobs();
    expect(again).toBe(0);
    expect(teams.received(all.url)).toHaveLength(1);
    expect(teams.received(newsOnly.url)).toHaveLength(1);

    // a post for one team is not announced in any channel (who reads a channel is unknown)
    const team = await createTeam(db, c.tenant.id);
    await publish(c, { teamIds: [team.id] });
    await drainInProcessJobs();
    expect(teams.received(all.url)).toHaveLength(1);
    expect((await deliveriesOf(c.tenant.id)).map((d) => d.post_id)).toEqual([post.id, post.id]);
  });

  it("announces posts the scheduler publishes too", async () => {
    const c = await company();
    const channel = await teamsChannel(c.tenant.id);
    // further ahead than a delivery job is queued for: the test runs the delivery itself
    const publishAt = new Date(Date.now() + 3_600_000);
    const post = await publish(c, { publishAt: publishAt.toISOString() });
    await drainInProcessJobs();
    expect(teams.requestCount(channel.url)).toBe(0);

    await publishDuePosts(db, new Date(publishAt.getTime() + 1));
    const [delivery] = await deliveriesOf(c.tenant.id);
    expect(delivery).toMatchObject({ post_id: post.id, status: "pending", kind: "post" });
    const result = await deliverChatMessage(
      db,
      { tenantId: c.tenant.id, deliveryId: delivery!.id },
      { clock: () => new Date(publishAt.getTime() + 2) },
    );
    expect(result.status).toBe("sent");
    expect(cardText(channel.url)).toHaveLength(1);
    expect(cardText(channel.url)[0]).toContain(post.title);
  });

  it("sends nothing twice when two runs deliver the same message at once", async () => {
    const c = await company();
    const channel = await teamsChannel(c.tenant.id);
    // far ahead: no job is queued for it, the test runs the delivery itself
    const later = new Date("2030-01-08T10:00:00Z");
    const post = await publish(c, {}, later);
    const [delivery] = await deliveriesOf(c.tenant.id);
    const run = () =>
      deliverChatMessage(db, { tenantId: c.tenant.id, deliveryId: delivery!.id }, { clock: () => later });
    const results = await Promise.all([run(), run(), run()]);
    expect(results.map((r) => r.status).sort()).toEqual(["nothing", "nothing", "sent"]);
    expect(teams.received(channel.url)).toHaveLength(1);
    expect(cardText(channel.url)[0]).toContain(post.title);
    expect((await run()).status).toBe("nothing");
  });
});

describe("quiet hours", () => {
  it("holds a post published at 23:00 until 07:00 tenant-local (quiet 22:00–07:00)", async () => {
    const c = await company("Europe/Berlin");
    const channel = await teamsChannel(c.tenant.id, { quiet: [22 * 60, 7 * 60] });
    const loud = await teamsChannel(c.tenant.id);
    // 2030-01-08 23:00 in Berlin (UTC+1)
    const at2300 = new Date("2030-01-08T22:00:00Z");
    const post = await publish(c, {}, at2300);
    const quietOne = (await deliveriesOf(c.tenant.id, channel.id))[0]!;
    const loudOne = (await deliveriesOf(c.tenant.id, loud.id))[0]!;
    expect(quietOne.due_at.toISOString()).toBe("2030-01-09T06:00:00.000Z");
    expect(loudOne.due_at.toISOString()).toBe(at2300.toISOString());

    const deliver = (iso: string) =>
      deliverChatMessage(
        db,
        { tenantId: c.tenant.id, deliveryId: quietOne.id },
        { clock: () => new Date(iso) },
      );
    // 06:59 local: not yet
    expect((await deliver("2030-01-09T05:59:00Z")).status).toBe("nothing");
    expect(teams.requestCount(channel.url)).toBe(0);
    // 07:00 local: out it goes
    expect((await deliver("2030-01-09T06:00:00Z")).status).toBe("sent");
    expect(cardText(channel.url)).toHaveLength(1);
    expect(cardText(channel.url)[0]).toContain(post.title);
    const sent = (await deliveriesOf(c.tenant.id, channel.id))[0]!;
    expect(sent).toMatchObject({ status: "sent", sent_day: "2030-01-09", attempts: 1 });
  });
});

describe("daily limit", () => {
  it("sends at most the limit a day; the post beyond it is skipped (daily_limit), not queued for tomorrow", async () => {
    const c = await company();
    const channel = await teamsChannel(c.tenant.id, { dailyLimit: 2 });
    const posts = [await publish(c), await publish(c), await publish(c)];
    await drainInProcessJobs();

    expect(teams.received(channel.url)).toHaveLength(2);
    const rows = await deliveriesOf(c.tenant.id, channel.id);
    expect(rows.map((r) => r.status).sort()).toEqual(["sent", "sent", "skipped"]);
    expect(rows.find((r) => r.status === "skipped")?.skip_reason).toBe("daily_limit");
    expect(new Set(rows.map((r) => r.post_id))).toEqual(new Set(posts.map((p) => p.id)));
    // the sweep has nothing left for it
    await sweepDueChatDeliveries(db);
    await drainInProcessJobs();
    expect(teams.received(channel.url)).toHaveLength(2);
  });
});

describe("retries", () => {
  it("retries a 429 after the Retry-After it names and delivers on the third attempt", async () => {
    const c = await company();
    const channel = await teamsChannel(c.tenant.id);
    teams.script(channel.url, { status: 429, retryAfter: "1", times: 2 });
    const started = Date.now();
    const post = await publish(c);
    await drainInProcessJobs();
    const elapsed = Date.now() - started;

    expect(teams.requestCount(channel.url)).toBe(3);
    expect(cardText(channel.url)).toHaveLength(1);
    expect(cardText(channel.url)[0]).toContain(post.title);
    // two waits of one second each: Retry-After honoured, not the 10 ms backoff of this test run
    expect(elapsed).toBeGreaterThanOrEqual(2_000);
    const [row] = await deliveriesOf(c.tenant.id, channel.id);
    expect(row).toMatchObject({ status: "sent", attempts: 3, last_error: null });
    expect((await channelRow(c.tenant.id, channel.id)).consecutive_failures).toBe(0);
  });

  it("after a 429 the delivery waits for its due time; a run before it sends nothing", async () => {
    const c = await company();
    const channel = await teamsChannel(c.tenant.id);
    teams.script(channel.url, { status: 429, retryAfter: "30", times: 1 });
    const t0 = new Date("2030-01-08T10:00:00Z");
    await publish(c, {}, t0);
    const [delivery] = await deliveriesOf(c.tenant.id);
    const deliver = (ms: number) =>
      deliverChatMessage(
        db,
        { tenantId: c.tenant.id, deliveryId: delivery!.id },
        { clock: () => new Date(t0.getTime() + ms) },
      );
    const first = await deliver(0);
    expect(first).toEqual({ status: "retry", dueAt: new Date(t0.getTime() + 30_000) });
    expect((await deliver(29_000)).status).toBe("nothing");
    expect(teams.requestCount(channel.url)).toBe(1);
    expect((await deliver(30_000)).status).toBe("sent");
    expect(teams.requestCount(channel.url)).toBe(2);
  });

  it(`pauses a channel whose webhook is gone (404) after ${CHAT_PAUSE_AFTER_FAILURES} failures; later posts are not sent`, async () => {
    const c = await company();
    const dead = await teamsChannel(c.tenant.id, { dailyLimit: 20 });
    const healthy = await teamsChannel(c.tenant.id, { dailyLimit: 20 });
    teams.script(dead.url, { status: 404 });

    for (let i = 1; i < CHAT_PAUSE_AFTER_FAILURES; i++) await publish(c);
    await drainInProcessJobs();
    let row = await channelRow(c.tenant.id, dead.id);
    expect(row).toMatchObject({ status: "active", consecutive_failures: CHAT_PAUSE_AFTER_FAILURES - 1 });
    expect(row.last_error).toMatch(/404/);
    // a 404 is not retried: one request per post
    expect(teams.requestCount(dead.url)).toBe(CHAT_PAUSE_AFTER_FAILURES - 1);

    // a message waiting for this channel (quiet hours, say) when it is paused
    const waiting = await createPost(db, c.tenant.id, { target_all: true });
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .insertInto("chat_deliveries")
        .values({
          tenant_id: c.tenant.id,
          channel_id: dead.id,
          kind: "post",
          post_id: waiting.id,
          due_at: new Date(Date.now() + 3_600_000),
        })
        .execute(),
    );

    await publish(c);
    await drainInProcessJobs();
    row = await channelRow(c.tenant.id, dead.id);
    expect(row.status).toBe("paused");
    expect(row.paused_at).not.toBeNull();
    expect(row.consecutive_failures).toBe(CHAT_PAUSE_AFTER_FAILURES);
    const audit = await withTenant(db, c.tenant.id, (tx) =>
      tx
        .selectFrom("audit_events")
        .select(["action", "subject", "data"])
        .where("action", "=", "chat.channel_paused")
        .execute(),
    );
    expect(audit).toEqual([
      {
        action: "chat.channel_paused",
        subject: dead.id,
        data: expect.objectContaining({ failures: CHAT_PAUSE_AFTER_FAILURES, skipped: 1 }),
      },
    ]);
    const rows = await deliveriesOf(c.tenant.id, dead.id);
    expect(rows.find((d) => d.post_id === waiting.id)).toMatchObject({
      status: "skipped",
      skip_reason: "channel_paused",
    });
    expect(rows.filter((d) => d.status === "failed")).toHaveLength(CHAT_PAUSE_AFTER_FAILURES);

    // later posts: not for the paused channel, still for the healthy one; publishing is unaffected
    const later = await publish(c);
    await drainInProcessJobs();
    expect(teams.requestCount(dead.url)).toBe(CHAT_PAUSE_AFTER_FAILURES);
    expect((await deliveriesOf(c.tenant.id, dead.id)).some((d) => d.post_id === later.id)).toBe(false);
    expect(teams.received(healthy.url)).toHaveLength(CHAT_PAUSE_AFTER_FAILURES + 1);
    const status = await withTenant(db, c.tenant.id, (tx) =>
      tx.selectFrom("posts").select("status").where("id", "=", later.id).executeTakeFirstOrThrow(),
    );
    expect(status.status).toBe("published");
  });

  it("a message that gets through ends a run of failures", async () => {
    const c = await company();
    const channel = await teamsChannel(c.tenant.id, { dailyLimit: 10 });
    teams.script(channel.url, { status: 404, times: 2 });
    await publish(c);
    await publish(c);
    await drainInProcessJobs();
    expect(await channelRow(c.tenant.id, channel.id)).toMatchObject({
      status: "active",
      consecutive_failures: 2,
      last_error: expect.stringMatching(/404/),
    });
    await publish(c);
    await drainInProcessJobs();
    const row = await channelRow(c.tenant.id, channel.id);
    expect(row).toMatchObject({ status: "active", consecutive_failures: 0, last_error: null });
    expect(row.last_success_at).not.toBeNull();
    expect(teams.received(channel.url)).toHaveLength(1);
  });

  it("the sweep sends a due delivery whose job was lost", async () => {
    const c = await company();
    const channel = await teamsChannel(c.tenant.id);
    const post = await createPost(db, c.tenant.id, { target_all: true });
    // written without a job, due three minutes ago (a restart lost its job)
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .insertInto("chat_deliveries")
        .values({
          tenant_id: c.tenant.id,
          channel_id: channel.id,
          kind: "post",
          post_id: post.id,
          due_at: new Date(Date.now() - 180_000),
        })
        .execute(),
    );
    expect(await sweepDueChatDeliveries(db)).toBeGreaterThanOrEqual(1);
    await drainInProcessJobs();
    expect(cardText(channel.url)).toHaveLength(1);
    expect(cardText(channel.url)[0]).toContain(post.title);
  });
});

describe("skips", () => {
  it("skips a post withdrawn while its message waited (post_gone)", async () => {
    const c = await company();
    const channel = await teamsChannel(c.tenant.id);
    const later = new Date("2030-01-08T10:00:00Z");
    const post = await publish(c, {}, later);
    await withTenant(db, c.tenant.id, (tx) =>
      tx.updateTable("posts").set({ status: "archived" }).where("id", "=", post.id).execute(),
    );
    const [delivery] = await deliveriesOf(c.tenant.id);
    const result = await deliverChatMessage(
      db,
      { tenantId: c.tenant.id, deliveryId: delivery!.id },
      { clock: () => later },
    );
    expect(result).toEqual({ status: "skipped", reason: "post_gone" });
    expect(teams.requestCount(channel.url)).toBe(0);
  });
});

describe("the weekly digest in channels", () => {
  it("posts last week's posts for everyone once, on Monday from 08:00 tenant-local", async () => {
    const c = await company("Europe/Berlin");
    const channel = await teamsChannel(c.tenant.id, { weeklyDigest: true, dailyLimit: 1 });
    const noDigest = await teamsChannel(c.tenant.id, { weeklyDigest: false });
    const team = await createTeam(db, c.tenant.id);
    // the week Monday 2026-11-23 to Sunday 2026-11-29 (Berlin)
    const inWeek = await createPost(db, c.tenant.id, {
      title: `In the week ${uniqueId()}`,
      published_at: new Date("2026-11-25T09:00:00Z"),
    });
    const forTeam = await createPost(db, c.tenant.id, {
      title: `For a team ${uniqueId()}`,
      target_all: false,
      published_at: new Date("2026-11-26T09:00:00Z"),
    });
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .insertInto("post_teams")
        .values({ tenant_id: c.tenant.id, post_id: forTeam.id, team_id: team.id })
        .execute(),
    );
    const before = await createPost(db, c.tenant.id, {
      title: `The week before ${uniqueId()}`,
      published_at: new Date("2026-11-22T21:00:00Z"), // Sunday 22:00 Berlin
    });

    // Monday 07:59 Berlin: not yet; 08:30: the digest
    expect(
      await sendChatDigests(db, { now: new Date("2026-11-30T06:59:00Z"), tenantId: c.tenant.id }),
    ).toEqual({ channels: 0, directMessages: 0 });
    expect(
      await sendChatDigests(db, { now: new Date("2026-11-30T07:30:00Z"), tenantId: c.tenant.id }),
    ).toEqual({ channels: 1, directMessages: 0 });
    await drainInProcessJobs();
    const digest = cardText(channel.url);
    expect(digest).toHaveLength(1);
    expect(digest[0]).toContain(inWeek.title);
    expect(digest[0]).not.toContain(forTeam.title);
    expect(digest[0]).not.toContain(before.title);
    expect(teams.requestCount(noDigest.url)).toBe(0);

    // later that Monday, and next Tuesday: nothing more
    for (const iso of ["2026-11-30T08:30:00Z", "2026-11-30T15:00:00Z", "2026-12-01T07:30:00Z"])
      expect((await sendChatDigests(db, { now: new Date(iso), tenantId: c.tenant.id })).channels).toBe(0);
    await drainInProcessJobs();
    expect(teams.received(channel.url)).toHaveLength(1);
    const rows = await deliveriesOf(c.tenant.id, channel.id);
    expect(rows).toEqual([
      expect.objectContaining({ kind: "digest", digest_week: "2026-11-23", status: "sent" }),
    ]);
  });

  it("sends no digest for a week without posts", async () => {
    const c = await company("Europe/Berlin");
    const channel = await teamsChannel(c.tenant.id, { weeklyDigest: true });
    expect(
      await sendChatDigests(db, { now: new Date("2026-11-16T07:30:00Z"), tenantId: c.tenant.id }),
    ).toEqual({ channels: 0, directMessages: 0 });
    expect(teams.requestCount(channel.url)).toBe(0);
  });
});

describe("Slack", () => {
  async function slackWorkspace(tenantId: string) {
    const workspace = {
      teamId: `T${uniqueId().toUpperCase()}`,
      teamName: "Acme",
      botUserId: "UBOT",
      appId: "AAPP",
    };
    const token = slack.issueBotToken(workspace, "chat:write,commands,users:read.email");
    const id = randomUUID();
    await withTenant(db, tenantId, (tx) =>
      tx
        .insertInto("slack_installations")
        .values({
          tenant_id: tenantId,
          id,
          team_id: workspace.teamId,
          team_name: workspace.teamName,
          bot_user_id: workspace.botUserId,
          app_id: workspace.appId,
          bot_token_encrypted: seal(secretsKeyring()!, token, slackBotTokenContext(tenantId, id)),
          scopes: "chat:write,commands,users:read.email",
        })
        .execute(),
    );
    return { workspace, token };
  }

  it("announces a post in a Slack channel through chat.postMessage", async () => {
    const c = await company();
    const { workspace, token } = await slackWorkspace(c.tenant.id);
    const channelId = `C${uniqueId().toUpperCase()}`;
    slack.addChannel(workspace.teamId, channelId);
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .insertInto("chat_channels")
        .values({ tenant_id: c.tenant.id, provider: "slack", name: "#general", slack_channel_id: channelId })
        .execute(),
    );
    const post = await publish(c);
    await drainInProcessJobs();
    const calls = slack.callsOf("chat.postMessage").filter((call) => call.args.channel === channelId);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.token).toBe(token);
    expect(JSON.stringify(calls[0]!.args)).toContain(post.title);
  });

  it("sends the personal digest once a week to active members who asked, in their language", async () => {
    const c = await company("Europe/Berlin");
    const { workspace } = await slackWorkspace(c.tenant.id);
    const post = await createPost(db, c.tenant.id, {
      title: `Digest post ${uniqueId()}`,
      published_at: new Date("2026-11-25T09:00:00Z"),
    });
    // the tenant speaks German (default); one member reads English, one has no language set
    const en = await createPerson(db, c.tenant.id, { locale: "en" });
    const de = await createPerson(db, c.tenant.id, { locale: null });
    const gone = await createPerson(db, c.tenant.id, { locale: "en" });
    const notAsked = await createPerson(db, c.tenant.id, { locale: "en" });
    const slackIds = new Map<string, string>();
    for (const p of [en, de, gone, notAsked]) {
      const id = `U${uniqueId().toUpperCase()}`;
      slackIds.set(p.user.email, id);
      slack.addUser({ id, teamId: workspace.teamId, email: p.user.email });
    }
    await withTenant(db, c.tenant.id, async (tx) => {
      for (const p of [en, de, gone])
        await tx
          .insertInto("chat_digest_subscriptions")
          .values({ tenant_id: c.tenant.id, membership_id: p.membership.id, provider: "slack" })
          .execute();
      await tx
        .updateTable("memberships")
        .set({ status: "deactivated" })
        .where("id", "=", gone.membership.id)
        .execute();
    });

    const messageTo = (email: string) =>
      slack
        .callsOf("chat.postMessage")
        .filter((call) => call.args.channel === slackIds.get(email))
        .map((call) => JSON.stringify(call.args));
    const monday = new Date("2026-11-30T07:30:00Z");
    expect(await sendChatDigests(db, { now: monday, tenantId: c.tenant.id })).toEqual({
      channels: 0,
      directMessages: 2,
    });
    expect(messageTo(en.user.email)).toHaveLength(1);
    expect(messageTo(en.user.email)[0]).toContain("posts to share");
    expect(messageTo(en.user.email)[0]).toContain(post.title);
    expect(messageTo(de.user.email)).toHaveLength(1);
    expect(messageTo(de.user.email)[0]).toContain("Beiträge");
    expect(messageTo(gone.user.email)).toHaveLength(0);
    expect(messageTo(notAsked.user.email)).toHaveLength(0);
    // once a week however often the hourly job runs
    expect(
      await sendChatDigests(db, { now: new Date("2026-11-30T09:30:00Z"), tenantId: c.tenant.id }),
    ).toEqual({ channels: 0, directMessages: 0 });
    expect(messageTo(en.user.email)).toHaveLength(1);
    const sub = await withTenant(db, c.tenant.id, (tx) =>
      tx
        .selectFrom("chat_digest_subscriptions")
        .select("last_sent_week")
        .where("membership_id", "=", en.membership.id)
        .executeTakeFirstOrThrow(),
    );
    expect(sub.last_sent_week).toBe("2026-11-23");
  });

  it("sends no personal digest to an external Slack Connect user who has a member's address", async () => {
    const c = await company("Europe/Berlin");
    const { workspace } = await slackWorkspace(c.tenant.id);
    await createPost(db, c.tenant.id, {
      title: `Internal digest post ${uniqueId()}`,
      published_at: new Date("2026-11-25T09:00:00Z"),
    });
    const victim = await createPerson(db, c.tenant.id, { locale: "en" });
    const own = await createPerson(db, c.tenant.id, { locale: "en" });
    // another company's Slack admin gave one of their people the member's address; that person shares
    // a channel with this workspace (Slack Connect), so users.lookupByEmail finds them here
    const external = `UEXT${uniqueId().toUpperCase()}`;
    slack.addUser({
      id: external,
      teamId: `T${uniqueId().toUpperCase()}`,
      email: victim.user.email,
      connectedTeams: [workspace.teamId],
    });
    const ownId = `U${uniqueId().toUpperCase()}`;
    slack.addUser({ id: ownId, teamId: workspace.teamId, email: own.user.email });
    await withTenant(db, c.tenant.id, async (tx) => {
      for (const p of [victim, own])
        await tx
          .insertInto("chat_digest_subscriptions")
          .values({ tenant_id: c.tenant.id, membership_id: p.membership.id, provider: "slack" })
          .execute();
    });
    expect(
      await sendChatDigests(db, { now: new Date("2026-11-30T07:30:00Z"), tenantId: c.tenant.id }),
    ).toEqual({
      channels: 0,
      directMessages: 1,
    });
    const to = (id: string) => slack.callsOf("chat.postMessage").filter((call) => call.args.channel === id);
    expect(to(external)).toEqual([]);
    expect(to(ownId)).toHaveLength(1);
    // the installation is untouched: nothing revoked or paused
    const installation = await withTenant(db, c.tenant.id, (tx) =>
      tx
        .selectFrom("slack_installations")
        .select(["revoked_at"])
        .where("tenant_id", "=", c.tenant.id)
        .executeTakeFirstOrThrow(),
    );
    expect(installation.revoked_at).toBeNull();
  });
});

describe("the post message", () => {
  it("takes the caption of the language (LinkedIn's first), https images only, and the caption ids for the links", async () => {
    const c = await company();
    const post = await createPost(db, c.tenant.id, {
      title: "Herbstfest",
      preview_image_url: "http://insecure.example/a.png",
    });
    const ids = await withTenant(db, c.tenant.id, async (tx) => {
      const add = async (network: "linkedin" | "x", language: "de" | "en", text: string, position: number) =>
        (
          await tx
            .insertInto("captions")
            .values({ tenant_id: c.tenant.id, post_id: post.id, network, language, text, position })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id;
      return {
        xDe: await add("x", "de", "Schau mal", 0),
        liDe: await add("linkedin", "de", "Wir feiern", 1),
        liEn: await add("linkedin", "en", "We celebrate", 2),
      };
    });
    const de = await withTenant(db, c.tenant.id, (tx) => loadPostMessage(tx, c.tenant.id, post.id, "de"));
    expect(de?.post).toMatchObject({ title: "Herbstfest", caption: "Wir feiern", imageUrl: null });
    expect(de?.links.linkedin).toContain(`network=linkedin&caption=${ids.liDe}`);
    expect(de?.links.x).toContain(`network=x&caption=${ids.xDe}`);
    expect(de?.links.more).not.toContain("caption=");
    const en = await withTenant(db, c.tenant.id, (tx) => loadPostMessage(tx, c.tenant.id, post.id, "en"));
    expect(en?.post.caption).toBe("We celebrate");
    expect(en?.links.x).not.toContain("caption=");
  });
});

describe("on Redis, with a BullMQ worker", () => {
  const redisUrl = process.env.REDIS_URL_FOR_TESTS ?? "redis://127.0.0.1:6379";
  const prefix = `chat-delivery-${uniqueId()}`;
  beforeAll(() => {
    process.env.REDIS_URL = redisUrl;
    // a queue of its own: other files' workers must not take these jobs (nor obliterate them)
    process.env.QUEUE_PREFIX = prefix;
  });
  afterAll(async () => {
    await closeQueue();
    const queue = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix });
    await queue.obliterate({ force: true });
    await queue.close();
    delete process.env.REDIS_URL;
    delete process.env.QUEUE_PREFIX;
  });

  async function waitFor(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error("timed out");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it("a 429 is retried as a new delayed job after its Retry-After; the sweep's copy of a job is dropped", async () => {
    const worker = startWorker(redisUrl);
    try {
      const c = await company();
      const channel = await teamsChannel(c.tenant.id);
      teams.script(channel.url, { status: 429, retryAfter: "1", times: 1 });
      const started = Date.now();
      const post = await publish(c);
      await waitFor(() => teams.received(channel.url).length > 0);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      expect(teams.requestCount(channel.url)).toBe(2);
      expect(cardText(channel.url)[0]).toContain(post.title);
      // the fake records the card before it answers, and the worker records "sent" after the answer
      await waitFor(async () => (await deliveriesOf(c.tenant.id, channel.id))[0]?.status === "sent");
      const [row] = await deliveriesOf(c.tenant.id, channel.id);
      expect(row).toMatchObject({ status: "sent", attempts: 2 });

      // a delivery due now whose job is waiting: the sweep's enqueue of the same attempt adds nothing
      const other = await createPost(db, c.tenant.id, { target_all: true });
      const second = await teamsChannel(c.tenant.id);
      await withTenant(db, c.tenant.id, (tx) =>
        announcePosts(tx, c.tenant.id, [other.id], new Date(Date.now() + 2_000)),
      );
      await sweepDueChatDeliveries(db, new Date(Date.now() + 2_500));
      await waitFor(() => teams.received(second.url).length > 0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(teams.requestCount(second.url)).toBe(1);
    } finally {
      await worker.close();
    }
  });
});
