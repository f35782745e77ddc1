import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Tenant } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { drainInProcessJobs } from "~/jobs/queue.ts";
import { secretsKeyring } from "~/app/lib/secrets-keyring.server.ts";
import { seal } from "~/app/modules/profiles/secret-box.server.ts";
import { teamsWebhookContext } from "~/app/modules/chat/chat-secrets.server.ts";
import { sendChatDigests } from "~/app/modules/chat/chat-digests.server.ts";
import { deliverChatMessage } from "~/app/modules/chat/deliver-chat-message.server.ts";
import { approvePost } from "~/app/modules/content/approve-post.server.ts";
import { createPost as createPostUseCase } from "~/app/modules/content/create-post.server.ts";
import { CreatePostInput, UpdatePostInput } from "~/app/modules/content/schemas.ts";
import { submitPost } from "~/app/modules/content/submit-post.server.ts";
import { updatePost } from "~/app/modules/content/update-post.server.ts";
import { createTopic, deleteTopic } from "~/app/modules/content/topics.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { startFakeTeamsWebhook, type FakeTeamsWebhook } from "~/tests/fakes/teams-webhook.ts";
import { createMember, createPost, createTeam, createTenant, uniqueId } from "~/tests/support/factories.ts";

/*
 * Adversary tests of issue 17's delivery engine (A2): what a channel gets must be what the post and
 * the channel's settings say at the moment it is sent, not at the moment it was announced.
 */

process.env.SECRETS_KEY ??= randomBytes(32).toString("base64");
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

async function teamsChannel(
  tenantId: string,
  opts: { topicIds?: string[]; quiet?: [number, number]; weeklyDigest?: boolean } = {},
) {
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
        all_topics: !opts.topicIds,
        quiet_from: opts.quiet?.[0] ?? null,
        quiet_until: opts.quiet?.[1] ?? null,
        daily_limit: 5,
        weekly_digest: opts.weeklyDigest ?? false,
        status: "active",
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

const content = (title: string, over: Record<string, unknown> = {}) => ({
  title,
  body: "Worth sharing",
  captions: [{ network: "linkedin", language: "de", addressForm: "du", text: "Stolz auf dieses Team" }],
  ...over,
});

/** Created, submitted, approved at `now` (far ahead: no job is queued, the test delivers itself). */
async function publish(c: Company, over: Record<string, unknown>, now: Date) {
  const title = `Post ${uniqueId()}`;
  const { id } = await withTenant(db, c.tenant.id, (tx) =>
    createPostUseCase(tx, c.author, CreatePostInput.parse(content(title, over))),
  );
  await withTenant(db, c.tenant.id, (tx) => submitPost(tx, c.author, { postId: id }));
  await withTenant(db, c.tenant.id, (tx) => approvePost(tx, c.approver, { postId: id }, { now }));
  return { id, title };
}

/** The published post edited (back to review) and approved again at `now`. */
async function editAndRepublish(
  c: Company,
  post: { id: string; title: string },
  over: Record<string, unknown>,
  now: Date,
) {
  const outcome = await withTenant(db, c.tenant.id, (tx) =>
    updatePost(tx, c.author, UpdatePostInput.parse({ ...content(post.title, over), postId: post.id })),
  );
  expect(outcome.status).toBe("in_review");
  expect(
    await withTenant(db, c.tenant.id, (tx) => approvePost(tx, c.approver, { postId: post.id }, { now })),
  ).toMatchObject({ status: "published" });
}

async function deliveriesOf(tenantId: string, channelId: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("chat_deliveries")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where("channel_id", "=", channelId)
      .orderBy("created_at")
      .execute(),
  );
}

const cardText = (url: string) => teams.received(url).map((r) => JSON.stringify(r.card));

describe("a waiting announcement follows the post as it is when sent", () => {
  it("a post narrowed to one team while its card waited is not sent to the channel", async () => {
    const c = await company();
    const channel = await teamsChannel(c.tenant.id, { quiet: [22 * 60, 7 * 60] });
    // published at 23:00: the card waits for 07:00
    const at2300 = new Date("2030-01-08T23:00:00Z");
    const post = await publish(c, {}, at2300);
    const [delivery] = await deliveriesOf(c.tenant.id, channel.id);
    expect(delivery!.due_at.toISOString()).toBe("2030-01-09T07:00:00.000Z");

    // at 06:00 the lead sees it was meant for the sales team only, edits and approves it again
    const team = await createTeam(db, c.tenant.id);
    await editAndRepublish(c, post, { teamIds: [team.id] }, new Date("2030-01-09T06:00:00Z"));

    const result = await deliverChatMessage(
      db,
      { tenantId: c.tenant.id, deliveryId: delivery!.id },
      { clock: () => new Date("2030-01-09T07:00:00Z") },
    );
    // without the check: "sent", the sales team's post in a channel of the whole company
    expect(result).toEqual({ status: "skipped", reason: "post_gone" });
    expect(teams.requestCount(channel.url)).toBe(0);
  });

  it("a post moved to a topic the channel does not take is not sent to it", async () => {
    const c = await company();
    const [news, jobs] = [await topic(c), await topic(c)];
    const channel = await teamsChannel(c.tenant.id, { topicIds: [news], quiet: [22 * 60, 7 * 60] });
    const post = await publish(c, { topicIds: [news] }, new Date("2030-01-08T23:00:00Z"));
    const [delivery] = await deliveriesOf(c.tenant.id, channel.id);
    await editAndRepublish(c, post, { topicIds: [jobs] }, new Date("2030-01-09T06:00:00Z"));

    const result = await deliverChatMessage(
      db,
      { tenantId: c.tenant.id, deliveryId: delivery!.id },
      { clock: () => new Date("2030-01-09T07:00:00Z") },
    );
    expect(result).toEqual({ status: "skipped", reason: "post_gone" });
    expect(teams.requestCount(channel.url)).toBe(0);
  });
});

describe("quiet hours hold every send, retries included", () => {
  it("a 429 at 21:59 with Retry-After of an hour waits until the quiet hours end", async () => {
    const c = await company();
    const channel = await teamsChannel(c.tenant.id, { quiet: [22 * 60, 7 * 60] });
    teams.script(channel.url, { status: 429, retryAfter: "3600", times: 1 });
    const t0 = new Date("2030-01-08T21:59:00Z");
    await publish(c, {}, t0);
    const [delivery] = await deliveriesOf(c.tenant.id, channel.id);
    const deliver = (iso: string) =>
      deliverChatMessage(
        db,
        { tenantId: c.tenant.id, deliveryId: delivery!.id },
        { clock: () => new Date(iso) },
      );
    expect((await deliver("2030-01-08T21:59:00Z")).status).toBe("retry");
    expect(teams.requestCount(channel.url)).toBe(1);
    // 22:59, in the quiet hours: nothing goes out (without the check: the card, at night)
    await deliver("2030-01-08T22:59:00Z");
    expect(teams.requestCount(channel.url)).toBe(1);
    expect((await deliveriesOf(c.tenant.id, channel.id))[0]).toMatchObject({
      status: "pending",
      due_at: new Date("2030-01-09T07:00:00Z"),
    });
    expect((await deliver("2030-01-09T07:00:00Z")).status).toBe("sent");
    expect(teams.requestCount(channel.url)).toBe(2);
  });
});

describe("the weekly digest of a channel", () => {
  it("lists only the topics the channel takes", async () => {
    const c = await company("Europe/Berlin");
    const [press, internal] = [await topic(c), await topic(c)];
    // e.g. a channel shared with a partner (Slack Connect, Teams guests) that takes press releases only
    const channel = await teamsChannel(c.tenant.id, { topicIds: [press], weeklyDigest: true });
    const all = await teamsChannel(c.tenant.id, { weeklyDigest: true });
    const pressPost = await createPost(db, c.tenant.id, {
      title: `Press ${uniqueId()}`,
      published_at: new Date("2026-11-25T09:00:00Z"),
    });
    const internalPost = await createPost(db, c.tenant.id, {
      title: `Internal ${uniqueId()}`,
      published_at: new Date("2026-11-26T09:00:00Z"),
    });
    const untagged = await createPost(db, c.tenant.id, {
      title: `Untagged ${uniqueId()}`,
      published_at: new Date("2026-11-26T10:00:00Z"),
    });
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .insertInto("post_topics")
        .values([
          { tenant_id: c.tenant.id, post_id: pressPost.id, topic_id: press },
          { tenant_id: c.tenant.id, post_id: internalPost.id, topic_id: internal },
        ])
        .execute(),
    );
    await sendChatDigests(db, { now: new Date("2026-11-30T07:30:00Z"), tenantId: c.tenant.id });
    await drainInProcessJobs();

    const [digest] = cardText(channel.url);
    expect(digest).toContain(pressPost.title);
    // without the filter: every post for everyone, whatever the channel takes
    expect(digest).not.toContain(internalPost.title);
    expect(digest).not.toContain(untagged.title);
    const [full] = cardText(all.url);
    for (const p of [pressPost, internalPost, untagged]) expect(full).toContain(p.title);
  });

  it("a channel none of whose topics had a post that week gets no digest", async () => {
    const c = await company("Europe/Berlin");
    const [press, internal] = [await topic(c), await topic(c)];
    const channel = await teamsChannel(c.tenant.id, { topicIds: [press], weeklyDigest: true });
    const post = await createPost(db, c.tenant.id, {
      title: `Internal ${uniqueId()}`,
      published_at: new Date("2026-11-25T09:00:00Z"),
    });
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .insertInto("post_topics")
        .values({ tenant_id: c.tenant.id, post_id: post.id, topic_id: internal })
        .execute(),
    );
    await sendChatDigests(db, { now: new Date("2026-11-30T07:30:00Z"), tenantId: c.tenant.id });
    await drainInProcessJobs();
    expect(teams.requestCount(channel.url)).toBe(0);
  });
});

describe("texts in a Teams card are shown as written", () => {
  it("a markdown link in a title, note, caption or topic is no link in the card", async () => {
    // Teams renders TextBlock text as markdown: [text](url) is a link whose target the text hides.
    // A title can come from an employee's suggestion (accept-suggestion: the reason's first line).
    const c = await company();
    const phishing = "[Passwort erneuern](https://evil.example/login)";
    const topicId = (
      await withTenant(db, c.tenant.id, (tx) =>
        createTopic(tx, c.author, {
          name: `[IT](https://evil.example/it) ${uniqueId()}`,
          requiresSecondApproval: false,
        }),
      )
    ).id;
    const channel = await teamsChannel(c.tenant.id);
    const at = new Date("2030-01-08T10:00:00Z");
    const title = `Bitte ${phishing}`;
    const { id } = await withTenant(db, c.tenant.id, (tx) =>
      createPostUseCase(
        tx,
        c.author,
        CreatePostInput.parse(
          content(title, {
            body: `Wichtig: ${phishing} und [Anmelden][1]\n\n[1]: https://evil.example/ref`,
            topicIds: [topicId],
            captions: [
              { network: "linkedin", language: "de", addressForm: "du", text: `Teil das ${phishing}` },
            ],
          }),
        ),
      ),
    );
    await withTenant(db, c.tenant.id, (tx) => submitPost(tx, c.author, { postId: id }));
    await withTenant(db, c.tenant.id, (tx) => approvePost(tx, c.approver, { postId: id }, { now: at }));
    const [delivery] = await deliveriesOf(c.tenant.id, channel.id);
    expect(
      (await deliverChatMessage(db, { tenantId: c.tenant.id, deliveryId: delivery!.id }, { clock: () => at }))
        .status,
    ).toBe("sent");

    const texts: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        const n = node as Record<string, unknown>;
        if (n.type === "TextBlock") texts.push(String(n.text));
        Object.values(n).forEach(walk);
      }
    };
    walk(teams.received(channel.url)[0]!.card);
    const shown = texts.join("\n");
    // what the comms lead wrote is all there, to be read (invisible characters aside)…
    expect(shown.replaceAll("\u200B", "")).toContain(title);
    // …but nothing a markdown renderer turns into a link (inline or by reference)
    expect(shown).not.toMatch(/\]\(/);
    expect(shown).not.toMatch(/\]\[/);
    expect(shown).not.toMatch(/^\s*\[[^\]]+\]:/m);
  });
});

describe("the daily limit and the topic filter", () => {
  it("counts the tenant's day, not UTC's (Auckland, UTC+13)", async () => {
    const c = await company("Pacific/Auckland");
    const channel = await teamsChannel(c.tenant.id);
    await withTenant(db, c.tenant.id, (tx) =>
      tx.updateTable("chat_channels").set({ daily_limit: 1 }).where("id", "=", channel.id).execute(),
    );
    const sendAt = async (iso: string) => {
      const at = new Date(iso);
      await publish(c, {}, at);
      const rows = await deliveriesOf(c.tenant.id, channel.id);
      return deliverChatMessage(
        db,
        { tenantId: c.tenant.id, deliveryId: rows.at(-1)!.id },
        { clock: () => at },
      );
    };
    // 9 January 00:30 and 23:00 in Auckland are one local day but two UTC days
    expect(await sendAt("2030-01-08T11:30:00Z")).toEqual({ status: "sent" });
    expect(await sendAt("2030-01-09T10:00:00Z")).toEqual({ status: "skipped", reason: "daily_limit" });
    // 10 January 00:30 in Auckland, still 9 January in UTC: a new day
    expect(await sendAt("2030-01-09T11:30:00Z")).toEqual({ status: "sent" });
    expect(teams.received(channel.url)).toHaveLength(2);
  });

  it("overlapping runs of a channel's deliveries (job, sweep, retry at once) keep the limit and send each once", async () => {
    const c = await company();
    const channel = await teamsChannel(c.tenant.id);
    await withTenant(db, c.tenant.id, (tx) =>
      tx.updateTable("chat_channels").set({ daily_limit: 2 }).where("id", "=", channel.id).execute(),
    );
    const at = new Date("2030-01-08T10:00:00Z");
    for (let i = 0; i < 4; i++) await publish(c, {}, at);
    const rows = await deliveriesOf(c.tenant.id, channel.id);
    expect(rows).toHaveLength(4);
    const run = (id: string) =>
      deliverChatMessage(db, { tenantId: c.tenant.id, deliveryId: id }, { clock: () => at });
    // every delivery three times at once
    await Promise.all(rows.flatMap((r) => [run(r.id), run(r.id), run(r.id)]));
    expect(teams.received(channel.url)).toHaveLength(2);
    const after = await deliveriesOf(c.tenant.id, channel.id);
    expect(after.map((r) => r.status).sort()).toEqual(["sent", "sent", "skipped", "skipped"]);
    expect(new Set(teams.received(channel.url).map((r) => JSON.stringify(r.card))).size).toBe(2);
  });

  it("a channel whose only topic was deleted gets nothing, not everything", async () => {
    const c = await company();
    const [gone, other] = [await topic(c), await topic(c)];
    const channel = await teamsChannel(c.tenant.id, { topicIds: [gone], weeklyDigest: true });
    await withTenant(db, c.tenant.id, (tx) => deleteTopic(tx, c.approver, { topicId: gone }));
    const at = new Date("2030-01-08T10:00:00Z");
    await publish(c, { topicIds: [other] }, at);
    await publish(c, {}, at);
    expect(await deliveriesOf(c.tenant.id, channel.id)).toEqual([]);
    const row = await withTenant(db, c.tenant.id, (tx) =>
      tx
        .selectFrom("chat_channels")
        .select("all_topics")
        .where("id", "=", channel.id)
        .executeTakeFirstOrThrow(),
    );
    expect(row.all_topics).toBe(false);
  });
});

describe("a delivery whose runs never came back", () => {
  it("is not sent again after the last attempt (runs that died after claiming it, each lease run out)", async () => {
    const c = await company();
    const channel = await teamsChannel(c.tenant.id);
    const at = new Date("2030-01-08T10:00:00Z");
    await publish(c, {}, at);
    const [delivery] = await deliveriesOf(c.tenant.id, channel.id);
    // five runs claimed it and died while sending (a crash loop, a host killed mid-send): each left
    // it pending with attempts + 1 and a lease the sweep waits out, then hands it to the next run
    await withTenant(db, c.tenant.id, (tx) =>
      tx
        .updateTable("chat_deliveries")
        .set({ attempts: 5, due_at: at })
        .where("id", "=", delivery!.id)
        .execute(),
    );
    const result = await deliverChatMessage(
      db,
      { tenantId: c.tenant.id, deliveryId: delivery!.id },
      { clock: () => at },
    );
    // without the bound: a sixth card, and a seventh after the next crash, every lease for ever
    expect(result.status).toBe("failed");
    expect(teams.requestCount(channel.url)).toBe(0);
    expect((await deliveriesOf(c.tenant.id, channel.id))[0]).toMatchObject({ status: "failed", attempts: 5 });
  });
});
