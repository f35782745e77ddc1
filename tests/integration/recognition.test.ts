import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { runJobNow } from "~/jobs/queue.ts";
import type { Role } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { ForbiddenError, ValidationError } from "~/app/lib/errors.ts";
import { awardPoints } from "~/app/modules/recognition/award.server.ts";
import { giveKudos, kudosReceived } from "~/app/modules/recognition/kudos.server.ts";
import { leaderboard } from "~/app/modules/recognition/leaderboard.server.ts";
import { pointsEntries, pointsTotal, rulesInForce } from "~/app/modules/recognition/ledger.server.ts";
import { saveRecognitionPreferences } from "~/app/modules/recognition/preferences.server.ts";
import { DEFAULT_POINTS_RULES, type PointsRules } from "~/app/modules/recognition/rules.ts";
import { addRulesVersion } from "~/app/modules/recognition/rules-admin.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { createMember, createTeam, createTenant, uniqueId } from "~/tests/support/factories.ts";

// A scripted September 2026 in a tenant in Europe/Berlin (CEST, UTC+2), awarded by the real job
// function against this file's own PostgreSQL database, checked against points computed by hand.

let db: DB;
beforeAll(async () => {
  db = (await database()).db;
});

async function person(
  tenantId: string,
  name: string,
  roles: Role[] = ["employee"],
  teamId: string | null = null,
): Promise<Member> {
  return createMember(db, tenantId, { name, roles, teamId });
}

const at = (local: string) => new Date(`${local}+02:00`); // CEST
const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;

describe("points for a scripted month", () => {
  let tenantId: string;
  let teamId: string;
  let admin: Member;
  let anna: Member; // 100 followers: factor log10(1000)/log10(100) = 3/2 = 1.5
  let ben: Member; // 10,000 followers: factor 3/4 = 0.75
  let dora: Member; // follower count unknown: factor 1
  const shareIds: Record<string, string> = {};

  // v1 from 2026-09-01; v2 from 2026-09-15 (clicks and shares cheaper, smaller cap, escalations 3)
  const v1: PointsRules = {
    ...DEFAULT_POINTS_RULES,
    perShare: 5,
    perUniqueClick: 2,
    uniqueClickCapPerShareDay: 10,
    perApprovedSuggestion: 20,
    perGuidelinesTraining: 15,
    perHandledEscalation: 8,
    normalisation: { referenceFollowers: 1000, followerFloor: 10, minFactor: 0.5, maxFactor: 2 },
  };
  const v2: PointsRules = {
    ...v1,
    perShare: 1,
    perUniqueClick: 1,
    uniqueClickCapPerShareDay: 5,
    perHandledEscalation: 3,
  };
  let v1Id: string;
  let v2Id: string;

  // each share is of its own post: only a member's first share of a post and network earns points
  // (repeats are covered in share-credit.test.ts)
  async function share(key: string, m: Member | null, createdAt: string, followers: number | null) {
    const row = await withTenant(db, tenantId, async (tx) => {
      const post = await tx
        .insertInto("posts")
        .values({
          tenant_id: tenantId,
          slug: `p-${uniqueId()}`,
          kind: "link",
          title: `Beitrag ${key}`,
          url: "https://firma.example/news",
          status: "published",
          updated_at: new Date(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return tx
        .insertInto("shares")
        .values({
          tenant_id: tenantId,
          post_id: post.id,
          membership_id: m?.id ?? null,
          network: "linkedin",
          text: "Lesenswert",
          channel: "intent",
          followers_at_share: followers,
          created_at: at(createdAt),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    });
    shareIds[key] = row.id;
  }

  // Credit counts distinct visitor keys of the raw clicks (click-credit.server.ts), the rollup's row
  // only finds the day: each visitor here has an address (IP and network key) of their own, and
  // clicks late in the day, well after the share was made (nothing is held back).
  async function uniqueClicks(key: string, day: string, uniqueVisitors: number) {
    await withTenant(db, tenantId, async (tx) => {
      await tx
        .insertInto("reach_daily")
        .values({
          tenant_id: tenantId,
          day,
          dimension: "share",
          key: shareIds[key]!,
          clicks: uniqueVisitors + 3,
          unique_visitors: uniqueVisitors,
        })
        .execute();
      const start = at(`${day}T23:40:00`).getTime();
      await tx
        .insertInto("click_events")
        .values(
          Array.from({ length: uniqueVisitors }, (_, i) => {
            const visitor = uniqueId();
            return {
              tenant_id: tenantId,
              share_id: shareIds[key]!,
              event_key: uniqueId(),
              clicked_at: new Date(start + i * 5_000),
              visitor_hash: visitor,
              ip_key: `ip-${visitor}`,
              net_key: `net-${visitor}`,
              is_bot: false,
              referrer_host: null,
            };
          }),
        )
        .execute();
    });
  }

  beforeAll(async () => {
    const tenant = await createTenant(db);
    tenantId = tenant.id;
    teamId = (await createTeam(db, tenantId)).id;
    admin = await person(tenantId, "Admin", ["admin"]);
    anna = await person(tenantId, "Anna Ähnlich", ["employee"], teamId);
    ben = await person(tenantId, "Ben Bauer", ["employee"], teamId);
    dora = await person(tenantId, "Dora Dorn");

    // the versions were added before their days came (the past cannot be given rules)
    v1Id = (
      await withTenant(db, tenantId, (tx) =>
        addRulesVersion(tx, admin, { effectiveFrom: "2026-09-01", rules: v1 }, at("2026-08-20T09:00:00")),
      )
    ).id;
    v2Id = (
      await withTenant(db, tenantId, (tx) =>
        addRulesVersion(tx, admin, { effectiveFrom: "2026-09-15", rules: v2 }, at("2026-09-10T09:00:00")),
      )
    ).id;

    await withTenant(db, tenantId, async (tx) => {
      const post = await tx
        .insertInto("posts")
        .values({
          tenant_id: tenantId,
          slug: `p-${uniqueId()}`,
          kind: "link",
          title: "Neuer Standort",
          url: "https://firma.example/news",
          status: "published",
          updated_at: new Date(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx
        .insertInto("guidelines")
        .values({
          tenant_id: tenantId,
          version: 1,
          body_de: "Sei fair.",
          body_en: "Be fair.",
          published_by: admin.id,
        })
        .execute();
      // Ben: guidelines (09-02) and two onboarding paths (the onboarding counts once)
      await tx
        .insertInto("guideline_acknowledgements")
        .values({
          tenant_id: tenantId,
          membership_id: ben.id,
          version: 1,
          acknowledged_at: at("2026-09-02T09:00:00"),
        })
        .execute();
      await tx
        .insertInto("onboarding_completions")
        .values({
          tenant_id: tenantId,
          membership_id: ben.id,
          path: "beginner",
          completed_at: at("2026-09-02T10:00:00"),
        })
        .execute();
      await tx
        .insertInto("onboarding_completions")
        .values({
          tenant_id: tenantId,
          membership_id: ben.id,
          path: "experienced",
          completed_at: at("2026-09-05T10:00:00"),
        })
        .execute();
      // Anna: one suggestion accepted (09-10), one declined; one escalation handled (09-20), one open
      const suggestion = (status: "accepted" | "declined", decided: string) =>
        tx
          .insertInto("suggestions")
          .values({
            tenant_id: tenantId,
            suggester_id: anna.id,
            url: "https://example.com/a",
            reason: "passt",
            status,
            decided_by: admin.id,
            decided_at: at(decided),
          })
          .execute();
      await suggestion("accepted", "2026-09-10T11:00:00");
      await suggestion("declined", "2026-09-11T11:00:00");
      await tx
        .insertInto("escalations")
        .values({
          tenant_id: tenantId,
          reporter_id: anna.id,
          url: "https://example.com/t",
          note: "heiß",
          status: "handled",
          handled_by: admin.id,
          handled_at: at("2026-09-20T15:00:00"),
        })
        .execute();
      await tx
        .insertInto("escalations")
        .values({ tenant_id: tenantId, reporter_id: anna.id, url: "https://example.com/u", note: "offen" })
        .execute();
      return post.id;
    });

    await share("S4", ben, "2026-08-31T12:00:00", 10_000); // before v1: the defaults
    await share("S1", anna, "2026-09-03T10:00:00", 100);
    await share("S2", ben, "2026-09-03T23:30:00", 10_000); // 23:30 CEST is 21:30 UTC: still 09-03 locally
    await share("SD", dora, "2026-09-03T12:00:00", null);
    await share("SX", null, "2026-09-04T12:00:00", 50); // anonymised: no member, no points
    await share("S3", ben, "2026-09-16T09:00:00", 10_000);
    await uniqueClicks("S4", "2026-08-31", 30);
    await uniqueClicks("S1", "2026-09-03", 4);
    await uniqueClicks("S1", "2026-09-04", 15);
    await uniqueClicks("S1", "2026-09-16", 7);
    await uniqueClicks("S1", "2026-09-30", 3); // not settled on 10-01
    await uniqueClicks("S2", "2026-09-03", 40);
    await uniqueClicks("SD", "2026-09-03", 10);
    await uniqueClicks("SX", "2026-09-04", 12);
    await uniqueClicks("S3", "2026-09-16", 8);
  });

  const firstRun = at("2026-10-01T12:00:00"); // today 10-01: click days through 09-29 are settled

  it("awards the hand-computed points, with caps, normalisation and the rules of each day", async () => {
    const result = await awardPoints(db, { tenantId, now: firstRun });
    // Anna: share S1 (09-03, v1) 5
    //       + clicks S1 09-03: min(4, 10) × 2 × 1.5 = 12
    //       + clicks S1 09-04: min(15, 10) × 2 × 1.5 = 30 (capped)
    //       + clicks S1 09-16 (v2): min(7, 5) × 1 × 1.5 = 7.5
    //       + suggestion accepted 09-10 (v1) 20 + escalation handled 09-20 (v2) 3
    //       (declined suggestion, open escalation, unsettled 09-30 clicks: nothing)
    //       = 77.5
    // Ben:  share S4 (08-31, defaults: 5) 5 + clicks S4 08-31 (defaults: cap 20, 1 per click):
    //       min(30, 20) × 1 × 0.75 = 15
    //       + guidelines v1 (09-02) 15 + onboarding (once) 15
    //       + share S2 (09-03) 5 + clicks S2: min(40, 10) × 2 × 0.75 = 15
    //       + share S3 (09-16, v2) 1 + clicks S3: min(8, 5) × 1 × 0.75 = 3.75
    //       = 74.75
    // Dora: share SD 5 + clicks: min(10, 10) × 2 × 1 (followers unknown) = 20 → 25
    const total = (m: Member) =>
      withTenant(db, tenantId, (tx) => pointsTotal(tx, tenantId, m.id, "2026-08-01", "2026-10-31"));
    expect(await total(anna)).toBe(77.5);
    expect(await total(ben)).toBe(74.75);
    expect(await total(dora)).toBe(25);
    // 6 (Anna) + 8 (Ben) + 2 (Dora) entries
    expect(result.entries).toBe(16);

    const annaEntries = await withTenant(db, tenantId, (tx) =>
      pointsEntries(tx, tenantId, anna.id, "2026-09-01", "2026-09-30"),
    );
    expect(sum(annaEntries.map((e) => e.points))).toBe(77.5);
    expect(annaEntries.map((e) => e.date)).toEqual([...annaEntries.map((e) => e.date)].sort().reverse()); // newest first
    const capped = annaEntries.find((e) => e.sourceId === `${shareIds.S1}:2026-09-04`);
    expect(capped).toMatchObject({
      sourceType: "unique_clicks",
      date: "2026-09-04",
      points: 30,
      detail: {
        uniqueClicks: 15,
        counted: 10,
        cap: 10,
        perUniqueClick: 2,
        followers: 100,
        factor: 1.5,
        rulesVersion: v1Id,
        rulesEffectiveFrom: "2026-09-01",
      },
    });
    expect(annaEntries.find((e) => e.sourceId === `${shareIds.S1}:2026-09-16`)?.detail).toMatchObject({
      counted: 5,
      cap: 5,
      rulesVersion: v2Id,
    });
    const benEntries = await withTenant(db, tenantId, (tx) =>
      pointsEntries(tx, tenantId, ben.id, "2026-08-01", "2026-09-30"),
    );
    expect(benEntries.find((e) => e.sourceId === shareIds.S4)?.detail).toMatchObject({
      rulesVersion: "default",
      rulesEffectiveFrom: null,
    });
    expect(benEntries.find((e) => e.sourceId === shareIds.S2)?.date).toBe("2026-09-03");
    expect(
      benEntries
        .filter((e) => e.sourceType === "guidelines_training")
        .map((e) => e.sourceId)
        .sort(),
    ).toEqual([`${ben.id}:guidelines:v1`, `${ben.id}:onboarding`]);

    // the anonymised share earned nothing for anyone
    const anonymous = await withTenant(db, tenantId, (tx) =>
      tx
        .selectFrom("points_ledger")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where("source_id", "like", `${shareIds.SX}%`)
        .execute(),
    );
    expect(anonymous).toEqual([]);

    // milestones
    const badges = await withTenant(db, tenantId, (tx) =>
      tx
        .selectFrom("badges")
        .select(["membership_id", "badge"])
        .where("tenant_id", "=", tenantId)
        .orderBy("badge")
        .execute(),
    );
    expect(badges.filter((b) => b.membership_id === anna.id).map((b) => b.badge)).toEqual([
      "first_approved_suggestion",
      "first_share",
    ]);
    expect(badges.filter((b) => b.membership_id === ben.id).map((b) => b.badge)).toEqual([
      "first_share",
      "guidelines_completed",
    ]);
  });

  it("adds nothing when the job runs again", async () => {
    const count = () =>
      withTenant(db, tenantId, (tx) =>
        tx
          .selectFrom("points_ledger")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .where("tenant_id", "=", tenantId)
          .executeTakeFirstOrThrow(),
      );
    const before = Number((await count()).n);
    expect(await awardPoints(db, { tenantId, now: firstRun })).toEqual({ entries: 0, badges: 0 });
    // and through the job definition, as the schedule and the CLI run it
    await runJobNow("award-points", { tenantId, now: firstRun.toISOString() });
    await expect(runJobNow("award-points", { tenantId: "not-a-uuid" })).rejects.toThrow(
      /Invalid payload for job "award-points": tenantId/,
    );
    expect(Number((await count()).n)).toBe(before);
  });

  it("awards a click day once it has settled (two tenant-local days)", async () => {
    // 10-02: 09-30 is still within two days; 10-02 after midnight → 09-30 is settled
    expect((await awardPoints(db, { tenantId, now: at("2026-10-01T23:59:00") })).entries).toBe(0);
    expect((await awardPoints(db, { tenantId, now: at("2026-10-02T00:30:00") })).entries).toBe(1);
    // S1 09-30 (v2): min(3, 5) × 1 × 1.5 = 4.5 → Anna 77.5 + 4.5 = 82
    expect(
      await withTenant(db, tenantId, (tx) => pointsTotal(tx, tenantId, anna.id, "2026-09-01", "2026-09-30")),
    ).toBe(82);
  });

  it("a rules change applies from its day on and never alters past points", async () => {
    const now = at("2026-10-02T09:00:00");
    // the past is refused
    await expect(
      withTenant(db, tenantId, (tx) =>
        addRulesVersion(tx, admin, { effectiveFrom: "2026-10-01", rules: v1 }, now),
      ),
    ).rejects.toMatchObject({
      fieldErrors: { effectiveFrom: ["in_past"] },
    });
    const expensive: PointsRules = { ...v1, perShare: 100, perUniqueClick: 50, perApprovedSuggestion: 100 };
    const v3 = await withTenant(db, tenantId, (tx) =>
      addRulesVersion(tx, admin, { effectiveFrom: "2026-10-05", rules: expensive }, now),
    );
    // a second version for the same day is refused
    await expect(
      withTenant(db, tenantId, (tx) =>
        addRulesVersion(tx, admin, { effectiveFrom: "2026-10-05", rules: v1 }, now),
      ),
    ).rejects.toBeInstanceOf(ValidationError);

    const before = await withTenant(db, tenantId, (tx) =>
      pointsEntries(tx, tenantId, anna.id, "2026-01-01", "2026-12-31"),
    );
    expect((await awardPoints(db, { tenantId, now: at("2026-10-06T12:00:00") })).entries).toBe(0);
    expect(
      await withTenant(db, tenantId, (tx) =>
        pointsEntries(tx, tenantId, anna.id, "2026-01-01", "2026-12-31"),
      ),
    ).toEqual(before);
    expect(
      await withTenant(db, tenantId, (tx) => pointsTotal(tx, tenantId, anna.id, "2026-09-01", "2026-09-30")),
    ).toBe(82);
    expect(
      await withTenant(db, tenantId, (tx) => pointsTotal(tx, tenantId, ben.id, "2026-08-01", "2026-09-30")),
    ).toBe(74.75);

    // a share on 10-05 is worth 100 under v3; one on 10-04 still 1 under v2
    await share("S5", anna, "2026-10-04T10:00:00", 100);
    await share("S6", anna, "2026-10-05T10:00:00", 100);
    await awardPoints(db, { tenantId, now: at("2026-10-06T12:00:00") });
    const october = await withTenant(db, tenantId, (tx) =>
      pointsEntries(tx, tenantId, anna.id, "2026-10-01", "2026-10-31"),
    );
    expect(october.map((e) => [e.sourceId, e.points, e.detail.rulesVersion])).toEqual([
      [shareIds.S6, 100, v3.id],
      [shareIds.S5, 1, v2Id],
    ]);

    // the versions of a period: the one in force at its start and every later one
    const versions = await withTenant(db, tenantId, (tx) =>
      rulesInForce(tx, tenantId, "2026-09-10", "2026-12-31"),
    );
    expect(versions.map((v) => [v.id, v.effectiveFrom])).toEqual([
      [v1Id, "2026-09-01"],
      [v2Id, "2026-09-15"],
      [v3.id, "2026-10-05"],
    ]);
    const early = await withTenant(db, tenantId, (tx) =>
      rulesInForce(tx, tenantId, "2026-08-01", "2026-08-31"),
    );
    expect(early).toEqual([{ id: "default", effectiveFrom: "2026-08-01", rules: DEFAULT_POINTS_RULES }]);
  });

  it("an employee cannot add rules", async () => {
    await expect(
      withTenant(db, tenantId, (tx) => addRulesVersion(tx, anna, { effectiveFrom: "2027-01-01", rules: v1 })),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("the app role can neither UPDATE nor DELETE ledger entries", async () => {
    await expect(
      withTenant(db, tenantId, (tx) =>
        tx.updateTable("points_ledger").set({ points: 1000 }).where("tenant_id", "=", tenantId).execute(),
      ),
    ).rejects.toThrow(/permission denied for table points_ledger/);
    await expect(
      withTenant(db, tenantId, (tx) =>
        tx.deleteFrom("points_ledger").where("tenant_id", "=", tenantId).execute(),
      ),
    ).rejects.toThrow(/permission denied for table points_ledger/);
    expect(
      await withTenant(db, tenantId, (tx) => pointsTotal(tx, tenantId, anna.id, "2026-09-01", "2026-09-30")),
    ).toBe(82);
  });

  it("the leaderboard ranks and names only people who opted in", async () => {
    const range = { fromDay: "2026-09-01", toDay: "2026-09-30" };
    await withTenant(db, tenantId, (tx) =>
      saveRecognitionPreferences(tx, anna, {
        leaderboardOptIn: true,
        kudosInDigest: false,
        autoReleaseConsent: false,
      }),
    );
    await withTenant(db, tenantId, (tx) =>
      saveRecognitionPreferences(tx, dora, {
        leaderboardOptIn: true,
        kudosInDigest: false,
        autoReleaseConsent: false,
      }),
    );
    // Ben chose the opposite of every default once, then opted out again: still not shown
    await withTenant(db, tenantId, (tx) =>
      saveRecognitionPreferences(tx, ben, {
        leaderboardOptIn: true,
        kudosInDigest: true,
        autoReleaseConsent: true,
      }),
    );
    await withTenant(db, tenantId, (tx) =>
      saveRecognitionPreferences(tx, ben, {
        leaderboardOptIn: false,
        kudosInDigest: true,
        autoReleaseConsent: true,
      }),
    );

    const board = await withTenant(db, tenantId, (tx) => leaderboard(tx, ben, range));
    expect(board.viewerOptedIn).toBe(false);
    expect(board.result).toEqual({
      kind: "ranked",
      rows: [
        // Anna 82 in September; Dora 25; Ben (74.75) is not there at all
        {
          rank: 1,
          membershipId: anna.id,
          name: "Anna Ähnlich",
          teamName: expect.any(String),
          points: 82,
          isMe: false,
        },
        { rank: 2, membershipId: dora.id, name: "Dora Dorn", teamName: null, points: 25, isMe: false },
      ],
    });
    expect(JSON.stringify(board)).not.toContain("Ben Bauer");
    expect(JSON.stringify(board)).not.toContain(ben.id);

    // Anna's team: only Anna opted in, below the minimum group size of 5 → nothing shown
    const team = await withTenant(db, tenantId, (tx) => leaderboard(tx, anna, { ...range, teamId }));
    expect(team.viewerOptedIn).toBe(true);
    expect(team.result).toEqual({ kind: "too_few", minGroupSize: 5 });
    // four more colleagues in the team opt in: five people, ranked (Ben still absent)
    for (const name of ["Emil", "Frida", "Gero", "Hanna"]) {
      const m = await person(tenantId, name, ["employee"], teamId);
      await withTenant(db, tenantId, (tx) =>
        saveRecognitionPreferences(tx, m, {
          leaderboardOptIn: true,
          kudosInDigest: false,
          autoReleaseConsent: false,
        }),
      );
    }
    const five = await withTenant(db, tenantId, (tx) => leaderboard(tx, anna, { ...range, teamId }));
    if (five.result.kind !== "ranked") throw new Error("expected a ranking");
    expect(five.result.rows.map((r) => [r.rank, r.name, r.points, r.isMe])).toEqual([
      [1, "Anna Ähnlich", 82, true],
      [2, "Emil", 0, false],
      [2, "Frida", 0, false],
      [2, "Gero", 0, false],
      [2, "Hanna", 0, false],
    ]);
  });

  it("kudos: to a colleague with a reason, never to oneself", async () => {
    await expect(
      withTenant(db, tenantId, (tx) =>
        giveKudos(tx, anna, { toMembershipId: anna.id, reason: "Ich war super" }),
      ),
    ).rejects.toMatchObject({
      fieldErrors: { toMembershipId: ["self"] },
    });
    // the table refuses it too, whatever the code does
    await expect(
      withTenant(db, tenantId, (tx) =>
        tx
          .insertInto("kudos")
          .values({
            tenant_id: tenantId,
            from_membership_id: anna.id,
            to_membership_id: anna.id,
            reason: "x",
          })
          .execute(),
      ),
    ).rejects.toThrow(/kudos_not_self/);
    await expect(
      withTenant(db, tenantId, (tx) => giveKudos(tx, anna, { toMembershipId: ben.id, reason: "   " })),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      withTenant(db, tenantId, (tx) =>
        giveKudos(tx, anna, { toMembershipId: ben.id, reason: "x".repeat(281) }),
      ),
    ).rejects.toBeInstanceOf(ValidationError);
    // a member of another tenant is "unknown"
    const other = await createTenant(db);
    const stranger = await person(other.id, "Fremd");
    await expect(
      withTenant(db, tenantId, (tx) => giveKudos(tx, anna, { toMembershipId: stranger.id, reason: "Danke" })),
    ).rejects.toMatchObject({
      fieldErrors: { toMembershipId: ["recipient"] },
    });

    await withTenant(db, tenantId, (tx) =>
      giveKudos(tx, anna, {
        toMembershipId: ben.id,
        reason: "Danke für die schnelle Hilfe bei der Eskalation!",
      }),
    );
    const received = await withTenant(db, tenantId, (tx) => kudosReceived(tx, ben));
    expect(received.map((k) => [k.name, k.reason])).toEqual([
      ["Anna Ähnlich", "Danke für die schnelle Hilfe bei der Eskalation!"],
    ]);
  });
});
