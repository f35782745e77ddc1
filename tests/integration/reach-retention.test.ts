import { beforeAll, describe, expect, it } from "vitest";
import { logger } from "~/runtime/logger.server.ts";
import { purgeOldClicks, purgeRolledUpClicks } from "~/app/modules/reach/retention.server.ts";
import { rollupAll, rollupDays } from "~/app/modules/reach/rollup.server.ts";
import { getReachSettings, markDirtyDays } from "~/app/modules/reach/settings.server.ts";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { runJobNow } from "~/jobs/queue.ts";
import { addMember, createTeam, createTenant, createUser, uniqueId } from "~/tests/support/factories.ts";

let db: DB;
beforeAll(async () => {
  logger.level = "silent";
  db = (await database()).db;
});

// Europe/Berlin, summer time (UTC+2). "Now" is 2026-06-15 12:00 Berlin; with a 30-day retention
// the cutoff is 2026-05-16: clicks of 2026-05-15 and before go.
const NOW = new Date("2026-06-15T10:00:00Z");
const OLD = "2026-05-01";
const OLD2 = "2026-05-10";
const RECENT = "2026-06-01";
const CUTOFF = "2026-05-16";
const v = (n: number) => n.toString(16).padStart(64, "0");

/** A tenant with a 30-day retention, CPM 10 and CPC 1; one LinkedIn share (1,000 followers) on each day. */
async function tenantWithClicks() {
  const tenantId = (await createTenant(db)).id;
  const team = await createTeam(db, tenantId);
  const user = await createUser(db);
  const member = await addMember(db, tenantId, user.id, ["employee"], { teamId: team.id });
  return withTenant(db, tenantId, async (tx) => {
    await tx
      .insertInto("reach_settings")
      .values({ tenant_id: tenantId, impression_factors: "{}", cpm: 10, cpc: 1, click_retention_days: 30 })
      .execute();
    const post = await tx
      .insertInto("posts")
      .values({
        tenant_id: tenantId,
        slug: `p-${uniqueId()}`,
        kind: "link",
        title: "Post",
        url: "https://firma.example/",
        status: "published",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const shares: Record<string, string> = {};
    for (const day of [OLD, OLD2, RECENT]) {
      const share = await tx
        .insertInto("shares")
        .values({
          tenant_id: tenantId,
          post_id: post.id,
          membership_id: member.id,
          network: "linkedin",
          text: "Lesenswert",
          channel: "intent",
          followers_at_share: 1000,
          team_id: team.id,
          created_at: new Date(`${day}T07:00:00Z`),
        })
        .returning(["id", "created_at"])
        .executeTakeFirstOrThrow();
      shares[day] = share.id;
      await markDirtyDays(tx, tenantId, [share.created_at]);
    }
    // OLD: 3 clicks by 2 visitors; OLD2: 2 clicks by 2 visitors; RECENT: 2 clicks by 1 visitor
    const clicks: [string, string][] = [
      [OLD, v(1)],
      [OLD, v(2)],
      [OLD, v(1)],
      [OLD2, v(3)],
      [OLD2, v(4)],
      [RECENT, v(5)],
      [RECENT, v(5)],
    ];
    let hour = 8;
    for (const [day, visitor] of clicks) {
      const at = new Date(`${day}T${String(hour++).padStart(2, "0")}:00:00Z`);
      await tx
        .insertInto("click_events")
        .values({
          tenant_id: tenantId,
          share_id: shares[day]!,
          event_key: `k-${uniqueId()}`,
          clicked_at: at,
          visitor_hash: visitor,
          is_bot: false,
          referrer_host: null,
        })
        .execute();
      await markDirtyDays(tx, tenantId, [at]);
    }
    return { tenantId, shares };
  });
}

async function clickDays(tenantId: string): Promise<string[]> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("click_events")
      .innerJoin("tenants", "tenants.id", "click_events.tenant_id")
      .select((eb) =>
        eb
          .fn<string>("to_char", [
            eb.fn("timezone", ["tenants.time_zone", "click_events.clicked_at"]),
            eb.val("YYYY-MM-DD"),
          ])
          .as("day"),
      )
      .where("click_events.tenant_id", "=", tenantId)
      .orderBy("click_events.clicked_at")
      .execute(),
  );
  return rows.map((r) => r.day);
}

async function tenantRow(tenantId: string, day: string) {
  return withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("reach_daily")
      .select(["shares", "clicks", "unique_visitors", "impressions_estimated", "earned_media"])
      .where("tenant_id", "=", tenantId)
      .where("dimension", "=", "tenant")
      .where("day", "=", day)
      .executeTakeFirst(),
  );
}

async function rowCount(tenantId: string, day: string): Promise<number> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .selectFrom("reach_daily")
      .select("key")
      .where("tenant_id", "=", tenantId)
      .where("day", "=", day)
      .execute(),
  );
  return rows.length;
}

describe("click retention", () => {
  it("rolls up first, deletes only clicks before the cutoff, and records the boundary", async () => {
    const { tenantId } = await tenantWithClicks();
    // nothing rolled up yet: purging must roll the old days up before deleting their clicks
    expect(await purgeOldClicks(db, { tenantId, now: NOW })).toEqual({ deleted: 5 });
    expect(await clickDays(tenantId)).toEqual([RECENT, RECENT]);
    expect((await withTenant(db, tenantId, (tx) => getReachSettings(tx, tenantId))).clicksPurgedBefore).toBe(
      CUTOFF,
    );
    // OLD: 1 share, 3 clicks, 2 visitors, 1000 × 0.1 (default) = 100 estimated; 100 × 10 / 1000 + 3 × 1 = 4.00
    expect(await tenantRow(tenantId, OLD)).toEqual({
      shares: 1,
      clicks: 3,
      unique_visitors: 2,
      impressions_estimated: "100",
      earned_media: "4.00",
    });
    // a second run has nothing left to delete
    expect(await purgeOldClicks(db, { tenantId, now: NOW })).toEqual({ deleted: 0 });
  });

  it("keeps old days' clicks when everything is rolled up again after new settings", async () => {
    const { tenantId, shares } = await tenantWithClicks();
    await purgeOldClicks(db, { tenantId, now: NOW });
    const oldRows = await rowCount(tenantId, OLD);
    expect(oldRows).toBeGreaterThan(0);

    // new settings: LinkedIn 0.3, CPM 20, CPC 2; and LinkedIn reported OLD2's share meanwhile
    await withTenant(db, tenantId, async (tx) => {
      await tx
        .updateTable("reach_settings")
        .set({ impression_factors: JSON.stringify({ linkedin: 0.3 }), cpm: 20, cpc: 2 })
        .where("tenant_id", "=", tenantId)
        .execute();
      await tx
        .insertInto("share_metrics")
        .values({
          share_id: shares[OLD2]!,
          tenant_id: tenantId,
          provider: "linkedin",
          impressions: 500,
          reactions: 7,
        })
        .execute();
    });
    await rollupAll(db, tenantId);

    // OLD (no raw clicks left): clicks and visitors kept; 1000 × 0.3 = 300 estimated;
    // 300 × 20 / 1000 + 3 × 2 = 12.00
    expect(await tenantRow(tenantId, OLD)).toEqual({
      shares: 1,
      clicks: 3,
      unique_visitors: 2,
      impressions_estimated: "300",
      earned_media: "12.00",
    });
    expect(await rowCount(tenantId, OLD)).toBe(oldRows);
    // OLD2: measured 500 replaces the estimate; 500 × 20 / 1000 + 2 × 2 = 14.00
    expect(await tenantRow(tenantId, OLD2)).toMatchObject({
      shares: 1,
      clicks: 2,
      unique_visitors: 2,
      impressions_estimated: "0",
      earned_media: "14.00",
    });
    // RECENT (raw clicks): 2 clicks by 1 visitor; 300 × 20 / 1000 + 2 × 2 = 10.00
    expect(await tenantRow(tenantId, RECENT)).toEqual({
      shares: 1,
      clicks: 2,
      unique_visitors: 1,
      impressions_estimated: "300",
      earned_media: "10.00",
    });

    // and again: still the same (idempotent on purged days too)
    await rollupDays(db, tenantId, [OLD, OLD2]);
    expect(await tenantRow(tenantId, OLD)).toEqual({
      shares: 1,
      clicks: 3,
      unique_visitors: 2,
      impressions_estimated: "300",
      earned_media: "12.00",
    });
    expect(await rowCount(tenantId, OLD)).toBe(oldRows);

    // a purged day whose share is gone keeps its clicks (and loses the share's figures)
    await withTenant(db, tenantId, (tx) =>
      tx.deleteFrom("shares").where("tenant_id", "=", tenantId).where("id", "=", shares[OLD]!).execute(),
    );
    await rollupAll(db, tenantId);
    // 0 impressions; 3 × 2 = 6.00
    expect(await tenantRow(tenantId, OLD)).toEqual({
      shares: 0,
      clicks: 3,
      unique_visitors: 2,
      impressions_estimated: "0",
      earned_media: "6.00",
    });
  });

  it("keeps the clicks of a day marked dirty again, and of every later day, until it is rolled up", async () => {
    const { tenantId, shares } = await tenantWithClicks();
    await rollupDays(db, tenantId, [OLD, OLD2, RECENT]);
    // a late click for OLD2 arrives (the drain marks its day) between the purge's rollup and its delete
    await withTenant(db, tenantId, async (tx) => {
      const at = new Date(`${OLD2}T20:00:00Z`);
      await tx
        .insertInto("click_events")
        .values({
          tenant_id: tenantId,
          share_id: shares[OLD2]!,
          event_key: `late-${uniqueId()}`,
          clicked_at: at,
          visitor_hash: v(6),
          is_bot: false,
          referrer_host: null,
        })
        .execute();
      await markDirtyDays(tx, tenantId, [at]);
    });
    expect(await purgeRolledUpClicks(db, tenantId, NOW)).toBe(3);
    expect(await clickDays(tenantId)).toEqual([OLD2, OLD2, OLD2, RECENT, RECENT]);
    expect((await withTenant(db, tenantId, (tx) => getReachSettings(tx, tenantId))).clicksPurgedBefore).toBe(
      OLD2,
    );

    // the next run rolls OLD2 up (with the late click) and then deletes it
    expect(await purgeOldClicks(db, { tenantId, now: NOW })).toEqual({ deleted: 3 });
    expect(await clickDays(tenantId)).toEqual([RECENT, RECENT]);
    expect(await tenantRow(tenantId, OLD2)).toMatchObject({ clicks: 3, unique_visitors: 3 });
    expect((await withTenant(db, tenantId, (tx) => getReachSettings(tx, tenantId))).clicksPurgedBefore).toBe(
      CUTOFF,
    );
  });

  it("never moves the boundary back when the retention grows", async () => {
    const { tenantId } = await tenantWithClicks();
    await purgeOldClicks(db, { tenantId, now: NOW });
    await withTenant(db, tenantId, (tx) =>
      tx
        .updateTable("reach_settings")
        .set({ click_retention_days: 60 })
        .where("tenant_id", "=", tenantId)
        .execute(),
    );
    expect(await purgeOldClicks(db, { tenantId, now: NOW })).toEqual({ deleted: 0 });
    expect((await withTenant(db, tenantId, (tx) => getReachSettings(tx, tenantId))).clicksPurgedBefore).toBe(
      CUTOFF,
    );
    // and a re-run of the days between the new cutoff (April 16) and the boundary keeps their clicks
    await rollupAll(db, tenantId);
    expect(await tenantRow(tenantId, OLD)).toMatchObject({ clicks: 3, unique_visitors: 2 });
  });

  it("runs as the scheduled job for every tenant, with the real clock", async () => {
    const tenantId = (await createTenant(db)).id;
    const user = await createUser(db);
    const member = await addMember(db, tenantId, user.id, ["employee"]);
    const DAY = 86_400_000;
    const old = new Date(Date.now() - 40 * DAY);
    const recent = new Date(Date.now() - DAY);
    await withTenant(db, tenantId, async (tx) => {
      await tx
        .insertInto("reach_settings")
        .values({ tenant_id: tenantId, impression_factors: "{}", click_retention_days: 30 })
        .execute();
      const post = await tx
        .insertInto("posts")
        .values({
          tenant_id: tenantId,
          slug: `p-${uniqueId()}`,
          kind: "link",
          title: "Post",
          url: "https://firma.example/",
          status: "published",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const share = await tx
        .insertInto("shares")
        .values({
          tenant_id: tenantId,
          post_id: post.id,
          membership_id: member.id,
          network: "x",
          text: "Lesenswert",
          channel: "intent",
          created_at: old,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      for (const at of [old, recent]) {
        await tx
          .insertInto("click_events")
          .values({
            tenant_id: tenantId,
            share_id: share.id,
            event_key: `k-${uniqueId()}`,
            clicked_at: at,
            visitor_hash: v(1),
            is_bot: false,
            referrer_host: null,
          })
          .execute();
      }
      await markDirtyDays(tx, tenantId, [old, recent]);
    });
    await runJobNow("purge-clicks", {});
    const left = await withTenant(db, tenantId, (tx) =>
      tx.selectFrom("click_events").select("clicked_at").where("tenant_id", "=", tenantId).execute(),
    );
    expect(left.map((r) => r.clicked_at.getTime())).toEqual([recent.getTime()]);
    // the old click was rolled up before it went
    const rolled = await withTenant(db, tenantId, (tx) =>
      tx
        .selectFrom("reach_daily")
        .select((eb) => eb.fn.sum<string>("clicks").as("n"))
        .where("tenant_id", "=", tenantId)
        .where("dimension", "=", "tenant")
        .executeTakeFirstOrThrow(),
    );
    expect(Number(rolled.n)).toBe(2);
  });

  it("creates the settings row with every default when a tenant has none", async () => {
    const tenantId = (await createTenant(db)).id;
    expect(await purgeOldClicks(db, { tenantId, now: NOW })).toEqual({ deleted: 0 });
    const settings = await withTenant(db, tenantId, (tx) => getReachSettings(tx, tenantId));
    // default retention 90 days: 2026-06-15 − 90 = 2026-03-17
    expect(settings).toMatchObject({
      clicksPurgedBefore: "2026-03-17",
      clickRetentionDays: 90,
      cpm: 8,
      cpc: 1.2,
      currency: "EUR",
    });
  });
});
