import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { DomainError, ValidationError } from "~/app/lib/errors.ts";
import { secretsKeyring } from "~/app/lib/secrets-keyring.server.ts";
import type { ChatMessage } from "~/app/modules/chat/chat-message.ts";
import { addTeamsChannel, openTeamsWebhookUrl } from "~/app/modules/chat/add-teams-channel.server.ts";
import * as teamsCard from "~/app/modules/chat/teams-card.ts";
import { postToTeams } from "~/app/modules/chat/teams-webhook.server.ts";
import { logger } from "~/runtime/logger.server.ts";
import {
  adaptiveCardProblems,
  startFakeTeamsWebhook,
  type FakeTeamsWebhook,
} from "~/tests/fakes/teams-webhook.ts";
import { createCompany, uniqueId } from "~/tests/support/factories.ts";

// teamsCardFor as it is, except where one test swaps in a card Teams cannot render
vi.mock("~/app/modules/chat/teams-card.ts", async (original) => {
  const actual = await original<typeof import("~/app/modules/chat/teams-card.ts")>();
  return { ...actual, teamsCardFor: vi.fn(actual.teamsCardFor) };
});

let db: DB;
let teams: FakeTeamsWebhook;
const savedKeys = { SECRETS_KEY: process.env.SECRETS_KEY, SECRETS_KEYS: process.env.SECRETS_KEYS };

beforeAll(async () => {
  db = (await database()).db;
  delete process.env.SECRETS_KEYS;
  process.env.SECRETS_KEY = randomBytes(32).toString("base64");
  teams = await startFakeTeamsWebhook();
});
afterAll(async () => {
  await teams.close();
  for (const [key, value] of Object.entries(savedKeys))
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
});
beforeEach(() => {
  process.env.SECRETS_KEY ??= randomBytes(32).toString("base64");
});

async function company(locale: "de" | "en" = "de") {
  const c = await createCompany(db, { name: `Acme ${uniqueId()}` });
  await db.updateTable("tenants").set({ default_locale: locale }).where("id", "=", c.tenantId).execute();
  const admin = await c.member({ roles: ["admin"] });
  const lead = await c.member({ roles: ["comms_lead"] });
  const employee = await c.member({ roles: ["employee"] });
  return { ...c, admin, lead, employee };
}

const channels = (tenantId: string) =>
  withTenant(db, tenantId, (tx) =>
    tx.selectFrom("chat_channels").selectAll().where("tenant_id", "=", tenantId).execute(),
  );
const deliveries = (tenantId: string) =>
  withTenant(db, tenantId, (tx) =>
    tx.selectFrom("chat_deliveries").selectAll().where("tenant_id", "=", tenantId).execute(),
  );
const audits = (tenantId: string) =>
  withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("audit_events")
      .select(["action", "subject", "data"])
      .where("tenant_id", "=", tenantId)
      .execute(),
  );

async function refusedWith(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

/** A fresh webhook path on the fake (every test its own, so received() and scripts do not mix). */
const webhook = () => teams.url(`/workflows/${uniqueId()}/triggers/manual/paths/invoke`);

describe("adding a Teams channel", () => {
  it("sends a test card first, then keeps the channel with its URL sealed (admin and comms lead)", async () => {
    const c = await company("de");
    const url = webhook();
    const added = await addTeamsChannel(db, c.admin, { name: "Marketing · Allgemein", webhookUrl: url });

    // the card arrived, valid for Teams, in the company's language
    const [arrived, ...more] = teams.received(url);
    expect(more).toEqual([]);
    expect(adaptiveCardProblems(arrived!.card)).toEqual([]);
    expect(JSON.stringify(arrived!.card)).toContain("Chorus ist mit Marketing · Allgemein verbunden");

    const [row, ...others] = await channels(c.tenantId);
    expect(others).toEqual([]);
    expect(row).toMatchObject({
      id: added.id,
      provider: "teams",
      name: "Marketing · Allgemein",
      webhook_host: new URL(url).host,
      created_by: c.admin.id,
      status: "active",
      slack_channel_id: null,
    });
    expect(row!.last_success_at).toBeInstanceOf(Date);
    // sealed: the column holds neither the URL nor its signature, and opens only for this tenant and channel
    expect(row!.webhook_url_encrypted).not.toContain(new URL(url).host);
    expect(row!.webhook_url_encrypted).not.toContain("sig=");
    expect(row!.webhook_url_encrypted).not.toContain(new URL(url).searchParams.get("sig")!);
    const keys = secretsKeyring()!;
    expect(openTeamsWebhookUrl(keys, c.tenantId, row!.id, row!.webhook_url_encrypted!)).toBe(url);
    expect(() =>
      openTeamsWebhookUrl(keys, c.tenantId, crypto.randomUUID(), row!.webhook_url_encrypted!),
    ).toThrow();

    expect(await deliveries(c.tenantId)).toEqual([
      expect.objectContaining({
        channel_id: row!.id,
        kind: "test",
        status: "sent",
        attempts: 1,
        post_id: null,
      }),
    ]);
    const events = await audits(c.tenantId);
    expect(events).toEqual([
      {
        action: "chat.channel_added",
        subject: row!.id,
        data: { provider: "teams", name: "Marketing · Allgemein", webhookHost: new URL(url).host },
      },
    ]);
    expect(JSON.stringify(events)).not.toContain("sig=");

    // a comms lead may add one too, and the card follows the language asked for
    const second = webhook();
    await addTeamsChannel(db, c.lead, { name: "Vertrieb", webhookUrl: second, locale: "en" });
    expect(JSON.stringify(teams.received(second)[0]!.card)).toContain("Chorus is connected to Vertrieb");
    expect(await channels(c.tenantId)).toHaveLength(2);
  });

  it("refuses and saves nothing when the test card does not arrive, saying why (never the URL)", async () => {
    const c = await company();
    const gone = webhook();
    teams.script(gone, {
      status: 404,
      body: JSON.stringify({ error: { code: "WorkflowNotFound", message: "x" } }),
    });
    const notFound = await refusedWith(addTeamsChannel(db, c.admin, { name: "Gone", webhookUrl: gone }));
    expect(notFound.code).toBe("teams_webhook_not_found");
    expect(notFound.status).toBe(400);
    expect(notFound.message).toContain("HTTP 404 WorkflowNotFound");
    expect(notFound.message).not.toContain(new URL(gone).searchParams.get("sig")!);

    const unsigned = webhook();
    teams.script(unsigned, { status: 401 });
    expect((await refusedWith(addTeamsChannel(db, c.admin, { name: "x", webhookUrl: unsigned }))).code).toBe(
      "teams_webhook_refused",
    );
    const busy = webhook();
    teams.script(busy, { status: 503, retryAfter: "30", times: 1 });
    const unreachable = await refusedWith(addTeamsChannel(db, c.admin, { name: "x", webhookUrl: busy }));
    expect(unreachable.code).toBe("teams_webhook_unreachable");
    expect(unreachable.status).toBe(502);

    expect(await channels(c.tenantId)).toEqual([]);
    expect(await deliveries(c.tenantId)).toEqual([]);
    expect(await audits(c.tenantId)).toEqual([]);
  });

  it("refuses a host that is not Workflows', and http that is not loopback, before sending anything", async () => {
    const c = await company();
    const before = teams.requestCount();
    for (const webhookUrl of [
      "https://example.com/workflows/1/triggers/manual/paths/invoke?sig=x",
      "https://prod-1.westeurope.logic.azure.com.example.com/workflows/1/triggers/manual/paths/invoke?sig=x",
      "http://prod-1.westeurope.logic.azure.com/workflows/1/triggers/manual/paths/invoke?sig=x",
      "http://10.0.0.7/workflows/1/triggers/manual/paths/invoke?sig=x",
      "http://169.254.169.254/latest/meta-data/",
    ]) {
      const error = await refusedWith(addTeamsChannel(db, c.admin, { name: "x", webhookUrl }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors).toEqual({ webhookUrl: ["teams_webhook_invalid"] });
    }
    expect(teams.requestCount()).toBe(before);
    expect(await channels(c.tenantId)).toEqual([]);
  });

  it("an employee may not add a channel: 403, and no card is sent", async () => {
    const c = await company();
    const url = webhook();
    const error = await refusedWith(addTeamsChannel(db, c.employee, { name: "Mine", webhookUrl: url }));
    expect(error.status).toBe(403);
    expect(teams.requestCount(url)).toBe(0);
    expect(await channels(c.tenantId)).toEqual([]);
  });

  it("without a secrets key the server says so and sends nothing", async () => {
    const c = await company();
    const url = webhook();
    const key = process.env.SECRETS_KEY;
    delete process.env.SECRETS_KEY;
    try {
      expect((await refusedWith(addTeamsChannel(db, c.admin, { name: "x", webhookUrl: url }))).code).toBe(
        "chat_server_not_configured",
      );
    } finally {
      process.env.SECRETS_KEY = key;
    }
    expect(teams.requestCount(url)).toBe(0);
    expect(await channels(c.tenantId)).toEqual([]);
  });

  it("refuses a missing name or URL as field errors", async () => {
    const c = await company();
    const error = await refusedWith(addTeamsChannel(db, c.admin, { name: " ", webhookUrl: "" }));
    expect((error as ValidationError).fieldErrors).toMatchObject({
      name: ["required"],
      webhookUrl: ["required"],
    });
  });
});

describe("postToTeams", () => {
  const message: ChatMessage = {
    kind: "post",
    locale: "en",
    tenantName: "Acme",
    post: {
      id: "p1",
      title: "We are hiring",
      body: "",
      topics: ["Careers"],
      imageUrl: null,
      caption: "Join us!",
    },
    links: {
      linkedin: "https://chorus.test/t/acme/hub/p1/share?network=linkedin",
      x: "https://chorus.test/t/acme/hub/p1/share?network=x",
      more: "https://chorus.test/t/acme/hub/p1/share",
      suggest: "https://chorus.test/t/acme/suggest",
    },
  };

  it("202 from Workflows is a sent card", async () => {
    const url = webhook();
    expect(await postToTeams(url, message)).toEqual({ ok: true, status: 202 });
    expect(teams.received(url)).toHaveLength(1);
  });

  it("429 with Retry-After is worth a retry, after that long (seconds or an HTTP date)", async () => {
    const url = webhook();
    teams.script(url, { status: 429, retryAfter: "120", times: 1 });
    teams.script(url, { status: 429, retryAfter: new Date(Date.now() + 60_000).toUTCString(), times: 1 });
    expect(await postToTeams(url, message)).toMatchObject({
      ok: false,
      permanent: false,
      retryAfterMs: 120_000,
      error: expect.stringMatching(/^HTTP 429/),
    });
    const second = await postToTeams(url, message);
    expect(second).toMatchObject({ ok: false, permanent: false });
    expect(!second.ok && second.retryAfterMs).toBeGreaterThan(55_000);
    expect(!second.ok && second.retryAfterMs).toBeLessThanOrEqual(60_000);
    // the third goes through
    expect(await postToTeams(url, message)).toMatchObject({ ok: true });
  });

  it("404 (the workflow is gone) is permanent; 500 and a dead port are transient", async () => {
    const url = webhook();
    teams.script(url, { status: 404 });
    const warn = vi.spyOn(logger, "warn");
    expect(await postToTeams(url, message)).toMatchObject({ ok: false, permanent: true, retryAfterMs: null });
    // the log names the host, never the URL: its path and signature are the credential
    const logged = JSON.stringify(warn.mock.calls);
    warn.mockRestore();
    expect(logged).toContain(new URL(url).host);
    expect(logged).not.toContain(new URL(url).pathname);
    expect(logged).not.toContain(new URL(url).searchParams.get("sig")!);
    const broken = webhook();
    teams.script(broken, { status: 500 });
    expect(await postToTeams(broken, message)).toMatchObject({ ok: false, permanent: false });
    // nothing listens on port 9 of loopback here: a network error, retried later
    const down = await postToTeams("http://127.0.0.1:9/workflows/x", message);
    expect(down).toMatchObject({ ok: false, permanent: false });
    expect(!down.ok && down.error).toMatch(/^network error/);
  });

  it("a redirect is a failure (Workflows never redirects), and nothing follows it", async () => {
    const url = webhook();
    const target = webhook();
    // a redirect to another webhook of the fake: followed, the card would arrive there
    teams.script(url, { status: 307, body: "", headers: { location: target } });
    const outcome = await postToTeams(url, message);
    expect(outcome).toMatchObject({ ok: false, permanent: true });
    expect(!outcome.ok && outcome.error).toMatch(/redirect/);
    expect(teams.requestCount(target)).toBe(0);
  });

  it("a card Teams cannot render is refused with 400: permanent, never retried", async () => {
    const url = webhook();
    const real = teamsCard.teamsCardFor(message);
    vi.mocked(teamsCard.teamsCardFor).mockReturnValueOnce({
      ...real,
      attachments: [
        {
          ...real.attachments[0],
          content: { ...real.attachments[0].content, body: [{ type: "Sparkline" } as never] },
        },
      ],
    });
    const outcome = await postToTeams(url, message);
    expect(outcome).toMatchObject({ ok: false, permanent: true, status: 400 });
    expect(!outcome.ok && outcome.error).toBe("HTTP 400 InvalidTemplate");
    expect(teams.received(url)).toEqual([]);
  });
});
