import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { drainInProcessJobs } from "~/jobs/queue.ts";
import { logger } from "~/runtime/logger.server.ts";
import { acknowledgeGuidelines, publishGuidelines } from "~/app/modules/advocacy/guidelines.server.ts";
import { optIn } from "~/app/modules/advocacy/opt-in.server.ts";
import { getBillingAccount } from "~/app/modules/billing/account.server.ts";
import { createShare } from "~/app/modules/sharing/create-share.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { resetClickConfig } from "~/app/modules/tracking/config.server.ts";
import { drainClicks } from "~/app/modules/tracking/drain-clicks.server.ts";
import { flushClicks } from "~/app/modules/tracking/record-click.server.ts";
import { addMember, createTenant, createUser, uniqueId, sessionCookie } from "~/tests/support/factories.ts";
import { startAppServer, type AppServer } from "~/tests/support/app-server.ts";
import { signWebhook, startFakeStripe, type FakeStripe } from "~/tests/fakes/stripe.ts";

// POST /webhooks/stripe and the pause rules through the real server and build: the raw body must
// reach the signature check untouched, and a paused tenant's existing links must still redirect.
const SECRET = "whsec_test_chorus_http";
const PRICE_TEAM = "price_team_http";
const BROWSER =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const DAY = 86_400_000;

let server: AppServer;
let base: string;
let db: DB;
let fake: FakeStripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  Object.assign(process.env, {
    STRIPE_SECRET_KEY: "sk_test_http",
    STRIPE_WEBHOOK_SECRET: SECRET,
    STRIPE_PRICE_TEAM: PRICE_TEAM,
    STRIPE_PRICE_BUSINESS: "price_business_http",
    STRIPE_API_BASE: fake.url,
    STRIPE_SUPPRESS_NOTICES: "true",
  });
  delete process.env.REDIS_URL;
  resetClickConfig();
  logger.level = "silent";
  server = await startAppServer();
  base = server.base;
  db = (await database()).db;
});

afterAll(async () => {
  await server?.close();
  await flushClicks();
  await fake.close();
  for (const key of [
    "STRIPE_SECRET_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_PRICE_TEAM",
    "STRIPE_PRICE_BUSINESS",
    "STRIPE_API_BASE",
  ])
    delete process.env[key];
});

function post(body: string, signature: string | null): Promise<Response> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json; charset=utf-8",
    "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
  };
  if (signature !== null) headers["Stripe-Signature"] = signature;
  return fetch(`${base}/webhooks/stripe`, { method: "POST", headers, body });
}

async function deliver(event: Record<string, unknown>): Promise<Response> {
  // pretty-printed, as Stripe sends it: re-serialising the body would break the signature
  const payload = JSON.stringify(event, null, 2);
  const res = await post(payload, signWebhook(payload, SECRET));
  await drainInProcessJobs();
  return res;
}

async function tenantWithSubscription() {
  const tenant = await createTenant(db);
  const sub = fake.createSubscription({ price: PRICE_TEAM, quantity: 1, tenantId: tenant.id });
  return { tenant, sub };
}

const status = (tenantId: string) =>
  withTenant(db, tenantId, async (tx) => (await getBillingAccount(tx, tenantId)).subscription_status);

describe("POST /webhooks/stripe", () => {
  it("refuses a bad signature with a 400 JSON error and stores nothing", async () => {
    const { tenant, sub } = await tenantWithSubscription();
    const event = fake.event("customer.subscription.created", sub);
    const payload = JSON.stringify(event);
    const bad = await post(payload, signWebhook(payload, "whsec_not_ours"));
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/json");
    expect(((await bad.json()) as { error: string }).error).toMatch(/signature/i);
    const missing = await post(payload, null);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: "missing Stripe-Signature header" });
    await drainInProcessJobs();
    expect(
      await db.selectFrom("stripe_events").select("id").where("id", "=", String(event.id)).execute(),
    ).toEqual([]);
    expect(await status(tenant.id)).toBeNull();
  });

  it("accepts a signed event with 200, applies it in the job, and answers a replay 200 without new work", async () => {
    const { tenant, sub } = await tenantWithSubscription();
    const event = fake.event("customer.subscription.created", sub);
    const res = await deliver(event);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: true, id: event.id, duplicate: false });
    expect(await status(tenant.id)).toBe("active");

    const before = fake.requests.length;
    const replay = await deliver(event);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({ received: true, id: event.id, duplicate: true });
    expect(fake.requests.length).toBe(before);
  });

  it("answers GET with 405", async () => {
    expect((await fetch(`${base}/webhooks/stripe`)).status).toBe(405);
  });
});

describe("a paused tenant", () => {
  it("keeps redirecting existing links and recording their clicks; the share page says why sharing is refused", async () => {
    const { tenant, sub } = await tenantWithSubscription();
    await deliver(fake.event("customer.subscription.created", sub));
    const adminUser = await createUser(db);
    const m = await addMember(db, tenant.id, adminUser.id, ["admin", "employee"]);
    const member: Member = {
      id: m.id,
      tenantId: tenant.id,
      userId: adminUser.id,
      name: adminUser.name,
      email: adminUser.email,
      roles: m.roles,
      teamId: null,
      managerId: null,
    };
    const postId = await withTenant(db, tenant.id, async (tx) => {
      const { version } = await publishGuidelines(tx, member, { bodyDe: "Sei fair.", bodyEn: "Be fair." });
      await optIn(tx, member);
      await acknowledgeGuidelines(tx, member, version);
      const p = await tx
        .insertInto("posts")
        .values({
          tenant_id: tenant.id,
          slug: `p-${uniqueId()}`,
          kind: "link",
          title: "Sommerfest",
          url: "https://firma.example/fest",
          status: "published",
          target_all: true,
          published_at: new Date(Date.now() - DAY),
          updated_at: new Date(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx
        .insertInto("captions")
        .values({
          tenant_id: tenant.id,
          post_id: p.id,
          network: "x",
          language: "de",
          text: "Kommt alle!",
          position: 0,
        })
        .execute();
      return p.id;
    });
    const shared = await withTenant(db, tenant.id, (tx) =>
      createShare(tx, member, { postId, network: "x", text: "Kommt alle!", channel: "intent" }),
    );

    // the first payment failure was 8 days ago: past the grace period
    fake.setSubscription(sub.id, { status: "past_due" });
    const invoice = fake.addInvoice(sub.customer, { total: 900, status: "open", subscription: sub.id });
    expect(
      (
        await deliver(
          fake.event("invoice.payment_failed", invoice, {
            created: Math.floor((Date.now() - 8 * DAY) / 1000),
          }),
        )
      ).status,
    ).toBe(200);

    const redirect = await fetch(`${base}/s/${shared.code}`, {
      redirect: "manual",
      headers: { "User-Agent": BROWSER },
    });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("location")).toMatch(/^https:\/\/firma\.example\/fest\?/);
    await flushClicks();
    await drainClicks();
    const clicks = await withTenant(db, tenant.id, (tx) =>
      tx.selectFrom("click_events").select("share_id").where("share_id", "=", shared.shareId).execute(),
    );
    expect(clicks).toHaveLength(1);

    // the share page, as a form post without JavaScript: refused with the reason, nothing recorded
    const cookie = await sessionCookie(db, adminUser.id);
    const page = await fetch(`${base}/t/${tenant.slug}/hub/${postId}/share`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: base },
      body: new URLSearchParams({ network: "x", text: "Nochmal!", channel: "intent" }).toString(),
    });
    expect(page.status).toBe(400);
    const html = await page.text();
    // the tenant speaks German: the form's error and the admin's banner
    expect(html).toContain(
      "Teilen ist pausiert, weil das Abo deines Unternehmens unbezahlt oder beendet ist.",
    );
    expect(html).toContain("Teilen ist pausiert: Das Abo ist unbezahlt oder beendet.");
    const shares = await withTenant(db, tenant.id, (tx) =>
      tx.selectFrom("shares").select("id").where("tenant_id", "=", tenant.id).execute(),
    );
    expect(shares).toHaveLength(1);
  });
});
