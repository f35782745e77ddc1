import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { todayIn } from "~/app/lib/days.ts";
import { awardPoints } from "~/app/modules/recognition/award.server.ts";
import { database } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { chorus, type CliRun } from "~/tests/support/cli.ts";
import { addMember, createTenant, createUser, uniqueId } from "~/tests/support/factories.ts";

// `npm run chorus -- credit show`: support's view of one person's figures, computed like the
// statement. A separate process against this file's database, as an operator runs it.
const CLI_TIMEOUT = 90_000;

function parseJson(run: CliRun): Record<string, unknown> {
  expect(run.code, `stdout: ${run.stdout}\nstderr: ${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;
}

/** The tenant-local quarter of today, e.g. 2026-Q4, with its first and last day. */
function currentQuarter(timeZone: string) {
  const today = todayIn(timeZone);
  const year = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const startMonth = (q - 1) * 3 + 1;
  const lastDay = new Date(Date.UTC(year, startMonth + 2, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, "0");
  return {
    label: `${year}-Q${q}`,
    startsOn: `${year}-${pad(startMonth)}-01`,
    endsOn: `${year}-${pad(startMonth + 2)}-${pad(lastDay)}`,
  };
}

async function seed() {
  const { db } = await database();
  const tenant = await createTenant(db);
  const email = `mia-${uniqueId()}@example.test`;
  const user = await createUser(db, { email, name: "Mia Muster" });
  const manager = await addMember(db, tenant.id, (await createUser(db)).id, ["employee", "manager"]);
  const mia = await addMember(db, tenant.id, user.id, ["employee"], { managerId: manager.id });
  const quarter = currentQuarter(tenant.time_zone);
  await withTenant(db, tenant.id, async (tx) => {
    const post = async (title: string) =>
      (
        await sql<{ id: string }>`insert into posts (tenant_id, slug, kind, title, url, status)
          values (${tenant.id}, ${`p-${uniqueId()}`}, 'link', ${title}, 'https://www.example.com/', 'published') returning id`.execute(
          tx,
        )
      ).rows[0]!.id;
    const first = await post("Ausbildung 2027");
    const second = await post("Messe");
    const share = (postId: string, channel: string, externalId: string | null, minutesAgo: number) =>
      sql`insert into shares (tenant_id, post_id, membership_id, network, text, channel, external_id, created_at)
          values (${tenant.id}, ${postId}, ${mia.id}, 'linkedin', 'Lesenswert', ${channel}, ${externalId}, now() - make_interval(mins => ${minutesAgo}))`.execute(
        tx,
      );
    // the same post copied twice (the second is a repeat), another posted through LinkedIn's API
    await share(first, "copy", null, 30);
    await share(first, "copy", null, 20);
    await share(second, "api", `urn:li:share:${uniqueId()}`, 10);
    const agreement = await tx
      .insertInto("goal_agreements")
      .values({
        tenant_id: tenant.id,
        employee_id: mia.id,
        manager_id: manager.id,
        period_kind: "quarter",
        period_label: quarter.label,
        starts_on: quarter.startsOn,
        ends_on: quarter.endsOn,
        status: "proposed",
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("goal_objectives")
      .values({
        tenant_id: tenant.id,
        agreement_id: agreement.id,
        position: 1,
        metric: "shares",
        title: "Beiträge teilen",
        target: 4,
        weight: 100,
      })
      .execute();
    // accepted once the objectives are in (they cannot change after acceptance)
    await tx
      .updateTable("goal_agreements")
      .set({ status: "accepted", accepted_at: new Date(), attainment_cap_percent: 150 })
      .where("id", "=", agreement.id)
      .execute();
  });
  await awardPoints(db, { tenantId: tenant.id });
  return { tenant, email, mia, quarter };
}

describe("chorus credit show", () => {
  it(
    "prints verified, self-reported and counted shares, points and objectives as the statement computes them, and audits the look",
    { timeout: CLI_TIMEOUT },
    async () => {
      const { tenant, email, mia, quarter } = await seed();
      const out = parseJson(
        await chorus(["credit", "show", "--tenant", tenant.slug, "--email", email.toUpperCase(), "--json"]),
      );
      expect(out).toMatchObject({
        member: { email, name: "Mia Muster" },
        period: { label: quarter.label, starts_on: quarter.startsOn, ends_on: quarter.endsOn },
        agreement: { status: "accepted" },
        // the repeat earns nothing: two shares count, 5 points each with the default rules
        points: 10,
        shares: { verified: 1, self_reported: 2, counted: 2 },
        unique_clicks: { counted: 0, held_back: 0 },
        objectives: [
          { position: 1, metric: "shares", target: 4, actual: 2, attainment_percent: 50, excluded: 1 },
        ],
        overall_percent: 50,
      });

      // the same with an explicit period, and as text for a person at a terminal
      const text = await chorus([
        "credit",
        "show",
        "--tenant",
        tenant.slug,
        "--email",
        email,
        "--period",
        quarter.label,
      ]);
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toContain("Shares:        2 counted (1 verified, 2 self-reported)");

      const { db } = await database();
      const audits = await withTenant(db, tenant.id, (tx) =>
        tx
          .selectFrom("audit_events")
          .select(["action", "subject", "actor_user_id"])
          .where("tenant_id", "=", tenant.id)
          .where("action", "=", "credit.shown_to_operator")
          .execute(),
      );
      expect(audits).toEqual([
        { action: "credit.shown_to_operator", subject: mia.id, actor_user_id: null },
        { action: "credit.shown_to_operator", subject: mia.id, actor_user_id: null },
      ]);
    },
  );

  it(
    "exits 2 for a malformed period and 1 for an email nobody in the tenant has",
    { timeout: CLI_TIMEOUT },
    async () => {
      const { db } = await database();
      const tenant = await createTenant(db);
      const badPeriod = await chorus([
        "credit",
        "show",
        "--tenant",
        tenant.slug,
        "--email",
        "a@example.test",
        "--period",
        "2026-Q5",
        "--json",
      ]);
      expect(badPeriod.code).toBe(2);
      expect(badPeriod.stderr).toContain('invalid --period "2026-Q5"');
      const nobody = await chorus([
        "credit",
        "show",
        "--tenant",
        tenant.slug,
        "--email",
        "nobody@example.test",
        "--json",
      ]);
      expect(nobody.code).toBe(1);
      expect(JSON.parse(nobody.stdout)).toEqual({
        error: {
          code: "unknown_member",
          message: `no member with the email "nobody@example.test" in ${tenant.slug}`,
        },
      });
    },
  );
});
