import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB, type Tx } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { DomainError, ValidationError } from "~/app/lib/errors.ts";
import { listChatChannels } from "~/app/modules/chat/list-chat-channels.server.ts";
import { removeChatChannel } from "~/app/modules/chat/remove-chat-channel.server.ts";
import { resumeChatChannel } from "~/app/modules/chat/resume-chat-channel.server.ts";
import { updateChatChannel } from "~/app/modules/chat/update-chat-channel.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import * as adminChatRoute from "~/app/routes/admin.chat.tsx";
import { createCompany, sessionCookie, uniqueId } from "~/tests/support/factories.ts";

let db: DB;
const savedEnv = { ...process.env };
// a Teams webhook URL as an admin would paste it: the credential the page must never show
const SECRET_PATH = `/workflows/${randomBytes(8).toString("hex")}/triggers/manual/paths/invoke?sig=s3cr3t`;

beforeAll(async () => {
  db = (await database()).db;
  process.env.SECRETS_KEY = randomBytes(32).toString("base64");
  process.env.APP_URL = "http://chorus.test";
});
afterAll(() => {
  process.env = savedEnv;
});

/** A company with an admin, a comms lead, an employee and two topics. */
async function company() {
  const c = await createCompany(db, { name: `Acme ${uniqueId()}` });
  const admin = await c.member({ roles: ["admin"] });
  const lead = await c.member({ roles: ["comms_lead"] });
  const employee = await c.member({ roles: ["employee"] });
  const [news, jobs] = await withTenant(db, c.tenantId, (tx) =>
    tx
      .insertInto("topics")
      .values([
        { tenant_id: c.tenantId, name: "News" },
        { tenant_id: c.tenantId, name: "Jobs" },
      ])
      .returning(["id", "name"])
      .execute(),
  );
  return { ...c, admin, lead, employee, news: news!, jobs: jobs! };
}
type Company = Awaited<ReturnType<typeof company>>;

const as = <T>(member: Member, fn: Parameters<typeof withTenant<T>>[2]) =>
  withTenant(db, member.tenantId, fn);

/**
 * A channel as H1's addTeamsChannel or H3's addSlackChannel leave it (the sealed URL's value does
 * not matter here: nothing is sent).
 */
async function channel(c: Company, over: { provider?: "teams" | "slack"; name?: string } = {}) {
  const id = randomUUID();
  const provider = over.provider ?? "teams";
  await withTenant(db, c.tenantId, (tx) =>
    tx
      .insertInto("chat_channels")
      .values({
        tenant_id: c.tenantId,
        id,
        provider,
        name: over.name ?? `Marketing ${uniqueId()}`,
        webhook_url_encrypted:
          provider === "teams" ? `sealed:https://acme.logic.azure.com${SECRET_PATH}` : null,
        webhook_host: provider === "teams" ? "acme.logic.azure.com" : null,
        slack_channel_id:
          provider === "slack"
            ? `C${uniqueId()
                .toUpperCase()
                .replace(/[^A-Z0-9]/g, "")}`.slice(0, 12)
            : null,
        created_by: c.admin.id,
      })
      .execute(),
  );
  return id;
}

const settings = (channelId: string, over: Record<string, unknown> = {}) => ({
  channelId,
  name: "Marketing · General",
  topics: "all" as const,
  topicIds: [] as string[],
  dailyLimit: 3,
  weeklyDigest: "on",
  ...over,
});

async function audits(c: Company, action: string) {
  return withTenant(db, c.tenantId, (tx) =>
    tx
      .selectFrom("audit_events")
      .select(["subject", "data", "actor_user_id"])
      .where("tenant_id", "=", c.tenantId)
      .where("action", "=", action)
      .execute(),
  );
}

/** The page's action as the browser posts it; returns the status and the answer's data. */
async function post(c: Company, member: Member, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  try {
    const answer = (await adminChatRoute.action({
      request: new Request(`http://chorus.test/t/${c.tenant.slug}/admin/chat`, {
        method: "POST",
        headers: { Cookie: await sessionCookie(db, member.userId), Origin: "http://chorus.test" },
        body,
      }),
      params: { tenant: c.tenant.slug },
    } as never)) as unknown;
    const d = answer as { data?: unknown; init?: { status?: number } | null };
    return { status: d.init?.status ?? 200, data: JSON.stringify(d.data ?? answer) };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, data: "" };
    throw thrown;
  }
}

async function page(c: Company, member: Member, query = "") {
  try {
    return await adminChatRoute.loader({
      request: new Request(`http://chorus.test/t/${c.tenant.slug}/admin/chat${query}`, {
        headers: { Cookie: await sessionCookie(db, member.userId) },
      }),
      params: { tenant: c.tenant.slug },
    } as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("listing channels", () => {
  it("shows the tenant's channels with their settings and last week, never the webhook URL or another tenant's", async () => {
    const c = await company();
    const other = await company();
    const teams = await channel(c, { name: "Teams · General" });
    const slack = await channel(c, { provider: "slack", name: "#marketing" });
    await channel(other, { name: "Not yours" });
    const now = new Date();
    const old = new Date(now.getTime() - 9 * 86_400_000);
    await withTenant(db, c.tenantId, (tx) =>
      tx
        .insertInto("chat_deliveries")
        .values([
          {
            tenant_id: c.tenantId,
            channel_id: teams,
            kind: "test",
            status: "sent",
            due_at: now,
            sent_at: now,
            sent_day: "2026-12-07",
          },
          { tenant_id: c.tenantId, channel_id: teams, kind: "test", status: "failed", due_at: now },
          { tenant_id: c.tenantId, channel_id: teams, kind: "test", status: "failed", due_at: now },
          { tenant_id: c.tenantId, channel_id: teams, kind: "test", status: "pending", due_at: now },
          // older than 7 days: not counted
          {
            tenant_id: c.tenantId,
            channel_id: teams,
            kind: "test",
            status: "sent",
            due_at: old,
            sent_at: old,
            sent_day: "2026-11-28",
            created_at: old,
          },
          {
            tenant_id: c.tenantId,
            channel_id: slack,
            kind: "test",
            status: "skipped",
            skip_reason: "daily_limit",
            due_at: now,
          },
        ])
        .execute(),
    );
    const list = await as(c.lead, (tx) => listChatChannels(tx, c.lead, { now }));
    expect(list.channels.map((ch) => ch.name)).toEqual(["Teams · General", "#marketing"]);
    expect(list.topics.map((t) => t.name)).toEqual(["Jobs", "News"]);
    const [t, s] = list.channels;
    expect(t).toMatchObject({
      provider: "teams",
      teamsHost: "acme.logic.azure.com",
      slackChannelId: null,
      allTopics: true,
      quietFrom: null,
      dailyLimit: 3,
      weeklyDigest: true,
      status: "active",
      recent: { sent: 1, failed: 2, skipped: 0 },
    });
    expect(s).toMatchObject({
      provider: "slack",
      teamsHost: null,
      recent: { sent: 0, failed: 0, skipped: 1 },
    });
    expect(s!.slackChannelId).toMatch(/^C/);

    const loaded = await page(c, c.admin);
    expect(JSON.stringify(loaded)).toContain("acme.logic.azure.com");
    expect(JSON.stringify(loaded)).not.toContain(SECRET_PATH);
    expect(JSON.stringify(loaded)).not.toContain("sealed:");
    expect(JSON.stringify(loaded)).not.toContain("Not yours");
  });

  it("is for admins and comms leads: an employee gets 403 from the page and the use cases", async () => {
    const c = await company();
    const id = await channel(c);
    expect(await page(c, c.employee)).toBe(403);
    expect((await post(c, c.employee, { intent: "resume", channelId: id })).status).toBe(403);
    await expect(as(c.employee, (tx) => listChatChannels(tx, c.employee))).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      as(c.employee, (tx) => updateChatChannel(tx, c.employee, settings(id))),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      as(c.employee, (tx) => removeChatChannel(tx, c.employee, { channelId: id })),
    ).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      as(c.employee, (tx) => resumeChatChannel(tx, c.employee, { channelId: id })),
    ).rejects.toMatchObject({
      status: 403,
    });
    expect(typeof (await page(c, c.lead))).toBe("object");
  });
});

describe("changing a channel", () => {
  it("saves name, chosen topics, quiet hours, daily limit and digest, and audits it", async () => {
    const c = await company();
    const id = await channel(c);
    await as(c.lead, (tx) =>
      updateChatChannel(
        tx,
        c.lead,
        settings(id, {
          name: "  Vertrieb  ",
          topics: "chosen",
          topicIds: [c.news.id],
          quietFrom: "22:00",
          quietUntil: "07:30",
          dailyLimit: 5,
          weeklyDigest: false,
        }),
      ),
    );
    const [saved] = (await as(c.lead, (tx) => listChatChannels(tx, c.lead))).channels;
    expect(saved).toMatchObject({
      name: "Vertrieb",
      allTopics: false,
      topics: [{ id: c.news.id, name: "News" }],
      quietFrom: "22:00",
      quietUntil: "07:30",
      dailyLimit: 5,
      weeklyDigest: false,
    });
    const row = await withTenant(db, c.tenantId, (tx) =>
      tx
        .selectFrom("chat_channels")
        .select(["quiet_from", "quiet_until"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow(),
    );
    // minutes after local midnight, as the delivery engine reads them
    expect(row).toEqual({ quiet_from: 22 * 60, quiet_until: 7 * 60 + 30 });
    const [audit] = await audits(c, "chat.channel_updated");
    expect(audit).toMatchObject({ subject: id, actor_user_id: c.lead.userId });

    // back to all topics and no quiet hours through the page's form
    const answer = await post(c, c.admin, {
      intent: "update",
      channelId: id,
      name: "Vertrieb",
      topics: "all",
      topicIds: [c.jobs.id],
      quietFrom: "",
      quietUntil: "",
      dailyLimit: "50",
    });
    expect(answer.status).toBe(200);
    expect(answer.data).toContain("chat.channels.saved");
    const [again] = (await as(c.admin, (tx) => listChatChannels(tx, c.admin))).channels;
    expect(again).toMatchObject({
      allTopics: true,
      topics: [],
      quietFrom: null,
      quietUntil: null,
      dailyLimit: 50,
      weeklyDigest: false,
    });
    const topicRows = await withTenant(db, c.tenantId, (tx) =>
      tx.selectFrom("chat_channel_topics").select("topic_id").where("channel_id", "=", id).execute(),
    );
    expect(topicRows).toEqual([]);
  });

  it("refuses bad quiet hours, a bad daily limit and no chosen topic with errors on their fields, saving nothing", async () => {
    const c = await company();
    const id = await channel(c);
    const base = { intent: "update", channelId: id, name: "X", topics: "all", dailyLimit: "3" };
    const cases: [Record<string, string>, string, string][] = [
      [{ quietFrom: "25:00", quietUntil: "07:00" }, "quietFrom", "quietTime"],
      [{ quietFrom: "22:00" }, "quietUntil", "quietBoth"],
      [{ quietUntil: "07:00" }, "quietFrom", "quietBoth"],
      [{ quietFrom: "08:00", quietUntil: "08:00" }, "quietUntil", "quietSame"],
      [{ dailyLimit: "0" }, "dailyLimit", "dailyLimit"],
      [{ dailyLimit: "51" }, "dailyLimit", "dailyLimit"],
      [{ topics: "chosen" }, "topicIds", "topicsRequired"],
    ];
    for (const [fields, field, message] of cases) {
      const answer = await post(c, c.admin, { ...base, ...fields });
      expect(answer.status, JSON.stringify(fields)).toBe(400);
      expect(JSON.parse(answer.data).result.error[field], JSON.stringify(fields)).toEqual([message]);
    }
    // the use case refuses the same without a form (API, CLI)
    const refused = await as(c.admin, (tx) =>
      updateChatChannel(tx, c.admin, settings(id, { quietFrom: "7:00", quietUntil: "23:00" })),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fieldErrors).toEqual({ quietFrom: ["quietTime"] });
    const [unchanged] = (await as(c.admin, (tx) => listChatChannels(tx, c.admin))).channels;
    expect(unchanged).toMatchObject({ quietFrom: null, quietUntil: null, dailyLimit: 3, allTopics: true });
  });

  it("refuses a topic of another tenant on the topics field and changes nothing", async () => {
    const c = await company();
    const other = await company();
    const id = await channel(c);
    const answer = await post(c, c.admin, {
      intent: "update",
      channelId: id,
      name: "Marketing",
      topics: "chosen",
      topicIds: [c.news.id, other.news.id],
      dailyLimit: "3",
    });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.data).result.error.topicIds).toEqual(["topicUnknown"]);
    const [unchanged] = (await as(c.admin, (tx) => listChatChannels(tx, c.admin))).channels;
    expect(unchanged).toMatchObject({ allTopics: true, topics: [] });
  });

  it("treats another tenant's channel as not there (404) for update, remove and resume", async () => {
    const c = await company();
    const other = await company();
    const theirs = await channel(other, { name: "Theirs" });
    const attempts: ((tx: Tx) => Promise<unknown>)[] = [
      (tx) => updateChatChannel(tx, c.admin, settings(theirs)),
      (tx) => removeChatChannel(tx, c.admin, { channelId: theirs }),
      (tx) => resumeChatChannel(tx, c.admin, { channelId: theirs }),
    ];
    for (const fn of attempts) {
      const error = await as(c.admin, fn).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ status: 404, code: "not_found" });
    }
    const answer = await post(c, c.admin, { intent: "remove", channelId: theirs });
    expect(answer.status).toBe(404);
    const still = await withTenant(db, other.tenantId, (tx) =>
      tx.selectFrom("chat_channels").select(["name"]).where("id", "=", theirs).executeTakeFirst(),
    );
    expect(still).toEqual({ name: "Theirs" });
  });
});

describe("removing and resuming", () => {
  it("removes a channel with its topics and deliveries, and audits it", async () => {
    const c = await company();
    const id = await channel(c, { name: "Gone soon" });
    const keep = await channel(c, { name: "Stays" });
    await as(c.admin, (tx) =>
      updateChatChannel(tx, c.admin, settings(id, { topics: "chosen", topicIds: [c.jobs.id] })),
    );
    await withTenant(db, c.tenantId, (tx) =>
      tx
        .insertInto("chat_deliveries")
        .values({ tenant_id: c.tenantId, channel_id: id, kind: "test", due_at: new Date() })
        .execute(),
    );
    const answer = await post(c, c.admin, { intent: "remove", channelId: id });
    expect(answer.status).toBe(200);
    expect(answer.data).toContain("chat.channels.removed");
    const left = await withTenant(db, c.tenantId, async (tx) => ({
      channels: await tx
        .selectFrom("chat_channels")
        .select("id")
        .where("tenant_id", "=", c.tenantId)
        .execute(),
      deliveries: await tx.selectFrom("chat_deliveries").select("id").where("channel_id", "=", id).execute(),
      topics: await tx
        .selectFrom("chat_channel_topics")
        .select("topic_id")
        .where("channel_id", "=", id)
        .execute(),
    }));
    expect(left).toEqual({ channels: [{ id: keep }], deliveries: [], topics: [] });
    const [audit] = await audits(c, "chat.channel_removed");
    expect(audit).toMatchObject({ subject: id, data: { provider: "teams", name: "Marketing · General" } });
  });

  it("resumes a paused channel: active, failures reset, audited; an active one is left alone", async () => {
    const c = await company();
    const id = await channel(c);
    const pausedAt = new Date(Date.now() - 3_600_000);
    await withTenant(db, c.tenantId, (tx) =>
      tx
        .updateTable("chat_channels")
        .set({
          status: "paused",
          paused_at: pausedAt,
          consecutive_failures: 5,
          last_error: "HTTP 404",
          last_failure_at: pausedAt,
        })
        .where("id", "=", id)
        .execute(),
    );
    const before = await page(c, c.admin);
    const shown = typeof before === "object" ? before.channels[0] : undefined;
    expect(shown).toMatchObject({ status: "paused", consecutiveFailures: 5, lastError: "HTTP 404" });
    expect(shown?.pausedAgo).toMatch(/1 (hour|Stunde)/);

    const answer = await post(c, c.lead, { intent: "resume", channelId: id });
    expect(answer.data).toContain("chat.channels.resumed");
    const row = await withTenant(db, c.tenantId, (tx) =>
      tx
        .selectFrom("chat_channels")
        .select(["status", "paused_at", "consecutive_failures", "last_error"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow(),
    );
    // the last error stays visible until a message gets through
    expect(row).toEqual({
      status: "active",
      paused_at: null,
      consecutive_failures: 0,
      last_error: "HTTP 404",
    });
    const [audit] = await audits(c, "chat.channel_resumed");
    expect(audit).toMatchObject({ subject: id, actor_user_id: c.lead.userId, data: { failures: 5 } });

    expect(await as(c.lead, (tx) => resumeChatChannel(tx, c.lead, { channelId: id }))).toEqual({
      resumed: false,
    });
    expect(await audits(c, "chat.channel_resumed")).toHaveLength(1);
  });
});

describe("the Slack part of the page", () => {
  it("says what came back from Slack's install flow by known codes only; installing is for admins", async () => {
    const c = await company();
    const denied = await page(c, c.admin, "?slack_error=slack_denied");
    expect(typeof denied === "object" && denied.slack).toMatchObject({
      error: "slack_denied",
      installed: false,
      live: false,
      installUrl: `/integrations/slack/install?tenant=${c.tenant.slug}`,
    });
    const madeUp = await page(c, c.admin, "?slack_error=%3Cb%3Ehi%3C%2Fb%3E&slack=installed");
    // no installation: "installed" in the URL alone does not say so
    expect(typeof madeUp === "object" && madeUp.slack).toMatchObject({ error: null, installed: false });
    expect(typeof denied === "object" && denied.canInstall).toBe(true);
    const lead = await page(c, c.lead);
    expect(typeof lead === "object" && lead.canInstall).toBe(false);
  });
});
