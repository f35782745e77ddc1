import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { logger } from "~/runtime/logger.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { completeLinkedInAuthorization } from "~/app/modules/profiles/complete-linkedin-authorization.server.ts";
import { linkedInAuthorizationUrl } from "~/app/modules/profiles/linkedin-authorization-url.server.ts";
import { saveLinkedInApp } from "~/app/modules/profiles/save-linkedin-app.server.ts";
import { entityParam } from "~/app/modules/reach/linkedin-metrics.server.ts";
import { refreshProviderMetrics } from "~/app/modules/reach/provider-metrics.server.ts";
import { startFakeLinkedIn, type FakeLinkedIn } from "~/tests/fakes/linkedin.ts";
import { createMember, createTenant, uniqueId } from "~/tests/support/factories.ts";
import type { Role } from "~/db/schema.ts";

let db: DB;
let fake: FakeLinkedIn;
const savedEnv = { ...process.env };
const DAY = 24 * 3600_000;
let urnCounter = 7_200_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e9)) * 1000n;
const nextUrn = () => `urn:li:share:${(urnCounter += 1n)}`;

beforeAll(async () => {
  db = (await database()).db;
  fake = await startFakeLinkedIn();
  process.env.LINKEDIN_AUTH_BASE_URL = fake.url;
  process.env.LINKEDIN_API_BASE_URL = fake.url;
  process.env.SECRETS_KEY = randomBytes(32).toString("base64");
  process.env.APP_URL = "http://chorus.test";
  // the failure cases log on purpose
  logger.level = "silent";
});

afterAll(async () => {
  await fake.close();
  process.env = savedEnv;
});

beforeEach(() => fake.clear());

const as = <T>(m: Member, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(db, m.tenantId, fn);

async function person(tenant: { id: string }, roles: Role[] = ["employee"]): Promise<Member> {
  return createMember(db, tenant.id, { roles });
}

/** A tenant (Berlin time) with a LinkedIn app; member post analytics on unless told otherwise. */
async function company({ analytics = true }: { analytics?: boolean } = {}) {
  const tenant = await createTenant(db);
  await db.updateTable("tenants").set({ time_zone: "Europe/Berlin" }).where("id", "=", tenant.id).execute();
  const admin = await person(tenant, ["admin"]);
  await as(admin, (tx) =>
    saveLinkedInApp(tx, admin, {
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      enabled: true,
      postAnalyticsEnabled: analytics,
    }),
  );
  const post = await as(admin, (tx) =>
    tx
      .insertInto("posts")
      .values({
        tenant_id: tenant.id,
        slug: `p-${uniqueId()}`,
        kind: "text",
        title: "Neuigkeiten",
        url: null,
        status: "published",
        target_all: true,
        published_at: new Date(),
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  return { tenant, admin, postId: post.id };
}

/** The member connects LinkedIn through the fake's OAuth round trip. */
async function connect(member: Member, slug: string): Promise<void> {
  const { url, setCookie } = await as(member, (tx) =>
    linkedInAuthorizationUrl(tx, member, { tenantSlug: slug }),
  );
  const res = await fetch(url, { redirect: "manual" });
  const request = new Request(res.headers.get("location")!, {
    headers: { Cookie: setCookie.split(";")[0]! },
  });
  await as(member, (tx) => completeLinkedInAuthorization(tx, member, { request, tenantSlug: slug }));
}

async function apiShare(
  member: Member,
  postId: string,
  opts: { createdAt: Date; urn?: string; network?: "linkedin" | "x"; channel?: "api" | "intent" },
) {
  const urn = opts.urn ?? nextUrn();
  const row = await as(member, (tx) =>
    tx
      .insertInto("shares")
      .values({
        tenant_id: member.tenantId,
        post_id: postId,
        membership_id: member.id,
        network: opts.network ?? "linkedin",
        text: "Lesenswert",
        channel: opts.channel ?? "api",
        code: null,
        followers_at_share: 500,
        external_id: urn,
        created_at: opts.createdAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow(),
  );
  return { id: row.id, urn };
}

const metricsOf = (m: Member) =>
  as(m, (tx) =>
    tx
      .selectFrom("share_metrics")
      .selectAll()
      .where("tenant_id", "=", m.tenantId)
      .orderBy("impressions")
      .execute(),
  );
const dirtyDays = (m: Member) =>
  as(m, (tx) =>
    tx
      .selectFrom("reach_dirty_days")
      .select("day")
      .where("tenant_id", "=", m.tenantId)
      .orderBy("day")
      .execute(),
  ).then((r) => r.map((d) => d.day));

describe("provider metrics: LinkedIn member post analytics", () => {
  it("stores LinkedIn's figures for recent API shares and marks their tenant-local day for the rollup", async () => {
    const { tenant, admin, postId } = await company();
    const erika = await person(tenant);
    await connect(erika, tenant.slug);
    const now = new Date();
    // 23:30 UTC is already the next day in Berlin
    const late = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 3, 23, 30));
    const a = await apiShare(erika, postId, { createdAt: late });
    const b = await apiShare(erika, postId, {
      createdAt: new Date(now.getTime() - DAY),
      urn: `urn:li:ugcPost:${(urnCounter += 1n)}`,
    });
    // not considered: a copied share, an X share, and one older than 30 days
    await apiShare(erika, postId, { createdAt: new Date(now.getTime() - DAY), channel: "intent" });
    await apiShare(erika, postId, { createdAt: new Date(now.getTime() - DAY), network: "x" });
    const old = await apiShare(erika, postId, { createdAt: new Date(now.getTime() - 31 * DAY) });
    fake.setPostAnalytics(a.urn, { IMPRESSION: 1234, REACTION: 56, COMMENT: 7, RESHARE: 3 });
    fake.setPostAnalytics(b.urn, { IMPRESSION: 88, REACTION: 4, COMMENT: 0, RESHARE: 1 });
    fake.setPostAnalytics(old.urn, { IMPRESSION: 9, REACTION: 9, COMMENT: 9, RESHARE: 9 });

    const result = await refreshProviderMetrics(db, { tenantId: tenant.id, now });
    expect(result).toEqual({ fetched: 2, changed: 2, failed: 0, skipped: 0 });

    const rows = await metricsOf(admin);
    expect(
      rows.map((r) => [r.share_id, r.provider, r.impressions, r.reactions, r.comments, r.reshares]),
    ).toEqual([
      [b.id, "linkedin", "88", "4", "0", "1"],
      [a.id, "linkedin", "1234", "56", "7", "3"],
    ]);
    const berlinDay = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(d);
    expect(await dirtyDays(admin)).toEqual(
      [berlinDay(late), berlinDay(new Date(now.getTime() - DAY))].sort(),
    );
    expect(berlinDay(late)).not.toBe(late.toISOString().slice(0, 10));

    // LinkedIn's wire format: the entity as a Rest.li tuple with the URN encoded, one metric per request
    const first = fake.analyticsRequests.find(
      (r) => r.query.entity === entityParam(a.urn) && r.query.queryType === "IMPRESSION",
    );
    expect(first?.query).toMatchObject({
      q: "entity",
      aggregation: "TOTAL",
      entity: `(share:${encodeURIComponent(a.urn)})`,
    });
    expect(first?.headers["linkedin-version"]).toMatch(/^\d{6}$/);
    expect(first?.headers["x-restli-protocol-version"]).toBe("2.0.0");
    expect(first?.headers.authorization).toMatch(/^Bearer AQ/);
    expect(fake.analyticsRequests.some((r) => r.query.entity === `(ugc:${encodeURIComponent(b.urn)})`)).toBe(
      true,
    );
    expect(fake.analyticsRequests.some((r) => r.query.entity === entityParam(old.urn))).toBe(false);
  });

  it("marks a day again only when the figures changed", async () => {
    const { tenant, admin, postId } = await company();
    const erika = await person(tenant);
    await connect(erika, tenant.slug);
    const a = await apiShare(erika, postId, { createdAt: new Date(Date.now() - 2 * DAY) });
    fake.setPostAnalytics(a.urn, { IMPRESSION: 100, REACTION: 1, COMMENT: 0, RESHARE: 0 });
    await refreshProviderMetrics(db, { tenantId: tenant.id });
    await as(admin, (tx) => tx.deleteFrom("reach_dirty_days").where("tenant_id", "=", tenant.id).execute());

    expect(await refreshProviderMetrics(db, { tenantId: tenant.id })).toMatchObject({
      fetched: 1,
      changed: 0,
    });
    expect(await dirtyDays(admin)).toEqual([]);

    fake.setPostAnalytics(a.urn, { IMPRESSION: 250, REACTION: 3, COMMENT: 1, RESHARE: 0 });
    expect(await refreshProviderMetrics(db, { tenantId: tenant.id })).toMatchObject({
      fetched: 1,
      changed: 1,
    });
    expect((await metricsOf(admin)).map((r) => r.impressions)).toEqual(["250"]);
    expect(await dirtyDays(admin)).toHaveLength(1);
  });

  it("fetches nothing while the tenant has not turned member post analytics on", async () => {
    const { tenant, admin, postId } = await company({ analytics: false });
    const erika = await person(tenant);
    await connect(erika, tenant.slug);
    const a = await apiShare(erika, postId, { createdAt: new Date(Date.now() - DAY) });
    fake.setPostAnalytics(a.urn, { IMPRESSION: 100, REACTION: 1, COMMENT: 0, RESHARE: 0 });

    expect(await refreshProviderMetrics(db, { tenantId: tenant.id })).toEqual({
      fetched: 0,
      changed: 0,
      failed: 0,
      skipped: 0,
    });
    expect(fake.analyticsRequests).toHaveLength(0);
    expect(await metricsOf(admin)).toEqual([]);
    expect(await dirtyDays(admin)).toEqual([]);
    // and the connect flow does not ask members for the analytics scope
    const { url } = await as(erika, (tx) => linkedInAuthorizationUrl(tx, erika, { tenantSlug: tenant.slug }));
    expect(url.searchParams.get("scope")).toBe("openid profile w_member_social");
  });

  it("asks members for the analytics scope once it is on, and skips members connected without it", async () => {
    const { tenant, admin, postId } = await company({ analytics: false });
    const early = await person(tenant);
    await connect(early, tenant.slug);
    await as(admin, (tx) =>
      saveLinkedInApp(tx, admin, {
        clientId: fake.clientId,
        clientSecret: "",
        enabled: true,
        postAnalyticsEnabled: true,
      }),
    );
    const { url } = await as(early, (tx) => linkedInAuthorizationUrl(tx, early, { tenantSlug: tenant.slug }));
    expect(url.searchParams.get("scope")).toBe("openid profile w_member_social r_member_postAnalytics");
    const a = await apiShare(early, postId, { createdAt: new Date(Date.now() - DAY) });
    fake.setPostAnalytics(a.urn, { IMPRESSION: 100, REACTION: 1, COMMENT: 0, RESHARE: 0 });

    expect(await refreshProviderMetrics(db, { tenantId: tenant.id })).toMatchObject({
      fetched: 0,
      skipped: 1,
    });
    expect(fake.analyticsRequests).toHaveLength(0);
    // saving the form without the field keeps the choice
    await as(admin, (tx) =>
      saveLinkedInApp(tx, admin, { clientId: fake.clientId, clientSecret: "", enabled: true }),
    );
    expect(
      (
        await as(admin, (tx) =>
          tx.selectFrom("linkedin_apps").select("post_analytics_enabled").executeTakeFirstOrThrow(),
        )
      ).post_analytics_enabled,
    ).toBe(true);
  });

  it("keeps going when LinkedIn fails for one share", async () => {
    const { tenant, admin, postId } = await company();
    const erika = await person(tenant);
    await connect(erika, tenant.slug);
    const broken = await apiShare(erika, postId, { createdAt: new Date(Date.now() - 3 * DAY) });
    const fine = await apiShare(erika, postId, { createdAt: new Date(Date.now() - 2 * DAY) });
    fake.failPostAnalytics(broken.urn, 500);
    fake.setPostAnalytics(fine.urn, { IMPRESSION: 321, REACTION: 2, COMMENT: 1, RESHARE: 0 });

    expect(await refreshProviderMetrics(db, { tenantId: tenant.id })).toEqual({
      fetched: 1,
      changed: 1,
      failed: 1,
      skipped: 0,
    });
    expect((await metricsOf(admin)).map((r) => [r.share_id, r.impressions])).toEqual([[fine.id, "321"]]);
  });

  it("skips the shares of a member whose grant expired or was revoked, and still fetches the others'", async () => {
    const { tenant, admin, postId } = await company();
    const expired = await person(tenant);
    const revoked = await person(tenant);
    const fine = await person(tenant);
    for (const m of [expired, revoked, fine]) await connect(m, tenant.slug);
    await as(admin, (tx) =>
      tx
        .updateTable("linkedin_connections")
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where("membership_id", "=", expired.id)
        .execute(),
    );
    const shares = {
      expired: [
        await apiShare(expired, postId, { createdAt: new Date(Date.now() - 2 * DAY) }),
        await apiShare(expired, postId, { createdAt: new Date(Date.now() - DAY) }),
      ],
      revoked: [
        await apiShare(revoked, postId, { createdAt: new Date(Date.now() - 2 * DAY) }),
        await apiShare(revoked, postId, { createdAt: new Date(Date.now() - DAY) }),
      ],
      fine: [await apiShare(fine, postId, { createdAt: new Date(Date.now() - DAY) })],
    };
    for (const s of Object.values(shares).flat())
      fake.setPostAnalytics(s.urn, { IMPRESSION: 10, REACTION: 1, COMMENT: 0, RESHARE: 0 });
    // revoke only one member's token at LinkedIn: the fake forgets every token, so reconnect the others after
    fake.revokeAll();
    await connect(fine, tenant.slug);

    const result = await refreshProviderMetrics(db, { tenantId: tenant.id });
    expect(result).toEqual({ fetched: 1, changed: 1, failed: 0, skipped: 4 });
    expect((await metricsOf(admin)).map((r) => r.share_id)).toEqual([shares.fine[0]!.id]);
    // the revoked member's second share was not even asked for
    const asked = new Set(fake.analyticsRequests.map((r) => r.query.entity));
    expect(asked.has(entityParam(shares.revoked[0]!.urn)!)).toBe(true);
    expect(asked.has(entityParam(shares.revoked[1]!.urn)!)).toBe(false);
    expect(asked.has(entityParam(shares.expired[0]!.urn)!)).toBe(false);
  });
});
