import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { logger } from "~/runtime/logger.server.ts";
import { setDigestPreference } from "~/app/modules/reach/digest.server.ts";
import { saveRecognitionPreferences } from "~/app/modules/recognition/preferences.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { closeQueue, drainInProcessJobs, enqueue } from "~/jobs/queue.ts";
import { startFakeResend, type FakeResend } from "~/tests/fakes/resend.ts";
import { createPerson, createTenant, uniqueId } from "~/tests/support/factories.ts";

// Kudos in the weekly advocate digest (emails/weekly-digest.tsx), for those who asked for them on
// their recognition page; sent through the real job and the fake Resend.

let db: DB;
let fake: FakeResend;
const savedRedis = process.env.REDIS_URL;

beforeAll(async () => {
  db = (await database()).db;
  fake = await startFakeResend();
  process.env.RESEND_API_KEY = "re_test";
  process.env.RESEND_BASE_URL = fake.url;
  process.env.MAIL_FROM = "Chorus <noreply@chorus.test>";
  delete process.env.REDIS_URL;
  logger.level = "silent";
});

afterAll(async () => {
  await closeQueue();
  await fake.close();
  if (savedRedis !== undefined) process.env.REDIS_URL = savedRedis;
});

describe("kudos in the weekly digest", () => {
  it("lists the week's kudos for members who want them, and a week with only kudos is not empty", async () => {
    const tenant = await createTenant(db, { name: `Acme ${uniqueId()}` });
    await db.updateTable("tenants").set({ default_locale: "de" }).where("id", "=", tenant.id).execute();
    const person = async (name: string, opts: { kudosInDigest: boolean }) => {
      const { membership: m, member } = await createPerson(db, tenant.id, { name });
      await withTenant(db, tenant.id, async (tx) => {
        await tx
          .insertInto("advocacy_consents")
          .values({ tenant_id: tenant.id, membership_id: m.id, consent_version: "1" })
          .execute();
        await setDigestPreference(tx, member, true);
        await saveRecognitionPreferences(tx, member, {
          leaderboardOptIn: false,
          kudosInDigest: opts.kudosInDigest,
          autoReleaseConsent: false,
        });
      });
      return member;
    };
    const wants = await person("Wiebke Will", { kudosInDigest: true });
    const doesNot = await person("Nils Nein", { kudosInDigest: false });
    const giver = await person("Gabi Geber", { kudosInDigest: false });
    const kudos = (to: Member, reason: string, createdAt: string) =>
      withTenant(db, tenant.id, (tx) =>
        tx
          .insertInto("kudos")
          .values({
            tenant_id: tenant.id,
            from_membership_id: giver.id,
            to_membership_id: to.id,
            reason,
            created_at: new Date(createdAt),
          })
          .execute(),
      );
    // the week of Monday 16 to Sunday 22 November 2026 (Berlin, UTC+1); no posts, no shares
    await kudos(wants, "Danke für die schnelle Hilfe!", "2026-11-18T10:00:00Z");
    await kudos(wants, "Schon letzte Woche", "2026-11-12T10:00:00Z");
    await kudos(doesNot, "Danke auch dir!", "2026-11-18T10:00:00Z");

    await enqueue("send-weekly-digests", { now: "2026-11-23T08:30:00Z" });
    await drainInProcessJobs();

    const to = (m: Member) => fake.received.filter((mail) => mail.to.includes(m.email));
    const mails = to(wants);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain("Dank von Kolleginnen und Kollegen");
    expect(mails[0]!.text).toContain("„Danke für die schnelle Hilfe!“ — Gabi Geber");
    expect(mails[0]!.text).not.toContain("Schon letzte Woche");
    // kudos alone do not make a digest for someone who did not ask for them in it
    expect(to(doesNot)).toEqual([]);
  });
});
