import { beforeAll, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { eraseMember } from "~/app/modules/privacy/erase-member.server.ts";
import { collectMemberExport } from "~/app/modules/privacy/export-member-data.server.ts";
import { renderExportSummary } from "~/app/modules/privacy/export-summary.ts";
import { deactivateMember } from "~/app/modules/tenancy/deactivate-member.server.ts";
import { deprovisionMember, reprovisionMember } from "~/app/modules/tenancy/deprovision-member.server.ts";
import { createCompany, uniqueId, type TestPerson } from "~/tests/support/factories.ts";
import { useFileOutbox } from "~/tests/support/setup.ts";

/**
 * Issue 17's tables and a person's rights: the weekly digest as a personal Slack message is the
 * person's own choice, so it is in their data export and goes with an erasure and with
 * deprovisioning; who added a channel or the Slack workspace stays as the (now pseudonymous)
 * membership, like every author reference.
 */

let db: DB;
useFileOutbox("chat-privacy");

beforeAll(async () => {
  db = (await database()).db;
});

interface Scenario {
  tenantId: string;
  admin: TestPerson;
  pia: TestPerson;
  colleague: TestPerson;
  channelId: string;
}

/** A company with a Slack workspace and a channel Pia added, where Pia and a colleague asked for the personal digest. */
async function scenario(): Promise<Scenario> {
  const c = await createCompany(db, { name: `Chat ${uniqueId()}` });
  const admin = await c.person({ roles: ["admin", "employee"], name: "Ada Admin" });
  const pia = await c.person({
    roles: ["admin", "comms_lead", "employee"],
    name: "Pia Pohlmann",
    email: `pia.pohlmann-${uniqueId()}@example.test`,
  });
  const colleague = await c.person({ name: "Cem Kollege" });
  const t = c.tenantId;
  const channelId = await withTenant(db, t, async (tx) => {
    await tx
      .insertInto("slack_installations")
      .values({
        tenant_id: t,
        team_id: `T${uniqueId().toUpperCase()}`,
        team_name: "Chat GmbH",
        bot_token_encrypted: "sealed-for-the-test",
        scopes: "chat:write,commands,users:read,users:read.email",
        installed_by: pia.member.id,
      })
      .execute();
    const channel = await tx
      .insertInto("chat_channels")
      .values({
        tenant_id: t,
        provider: "slack",
        name: "Pia Pohlmann · Marketing",
        slack_channel_id: "C0PIA01",
        created_by: pia.member.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("chat_digest_subscriptions")
      .values([
        { tenant_id: t, membership_id: pia.member.id, provider: "slack", last_sent_week: "2026-11-30" },
        { tenant_id: t, membership_id: colleague.member.id, provider: "slack" },
      ])
      .execute();
    return channel.id;
  });
  return { tenantId: t, admin, pia, colleague, channelId };
}

async function subscribers(s: Scenario): Promise<string[]> {
  return withTenant(db, s.tenantId, async (tx) =>
    (
      await tx
        .selectFrom("chat_digest_subscriptions")
        .select("membership_id")
        .where("tenant_id", "=", s.tenantId)
        .orderBy("membership_id")
        .execute()
    ).map((r) => r.membership_id),
  );
}

describe("the personal Slack digest in the member's data export", () => {
  it("lists the person's own subscription (since when, last week sent), not a colleague's, in the JSON and the summary", async () => {
    const s = await scenario();
    const doc = await withTenant(db, s.tenantId, (tx) =>
      collectMemberExport(tx, { tenantId: s.tenantId, membershipId: s.pia.member.id }),
    );
    expect(doc.preferences.chatDigests).toEqual([
      { provider: "slack", subscribedAt: expect.any(String), lastSentWeek: "2026-11-30" },
    ]);
    const summary = renderExportSummary(doc, "en");
    expect(summary).toContain("<dt>Weekly digest as a Slack message</dt><dd>yes, since ");
    expect(renderExportSummary(doc, "de")).toContain(
      "<dt>Wöchentliche Zusammenfassung als Slack-Nachricht</dt><dd>ja, seit ",
    );

    const admins = await withTenant(db, s.tenantId, (tx) =>
      collectMemberExport(tx, { tenantId: s.tenantId, membershipId: s.admin.member.id }),
    );
    expect(admins.preferences.chatDigests).toEqual([]);
    expect(renderExportSummary(admins, "en")).toContain(
      "<dt>Weekly digest as a Slack message</dt><dd>no</dd>",
    );
  });
});

describe("erasure", () => {
  it("deletes the person's subscription; the channel and workspace they added keep the pseudonymous membership; their name leaves the channel's label", async () => {
    const s = await scenario();
    const result = await eraseMember(db, s.tenantId, s.admin.member, {
      email: s.pia.user.email,
      memberId: s.pia.member.id,
    });
    expect(result.counts.chat_digest_subscriptions).toBe(1);
    // the colleague still gets theirs
    expect(await subscribers(s)).toEqual([s.colleague.member.id]);

    const { channel, installation, holder } = await withTenant(db, s.tenantId, async (tx) => ({
      channel: await tx
        .selectFrom("chat_channels")
        .select(["name", "created_by"])
        .where("id", "=", s.channelId)
        .executeTakeFirstOrThrow(),
      installation: await tx
        .selectFrom("slack_installations")
        .select(["installed_by", "team_name"])
        .where("tenant_id", "=", s.tenantId)
        .executeTakeFirstOrThrow(),
      holder: await tx
        .selectFrom("memberships")
        .innerJoin("users", "users.id", "memberships.user_id")
        .select(["users.name", "users.email"])
        .where("memberships.id", "=", s.pia.member.id)
        .executeTakeFirstOrThrow(),
    }));
    // the membership survives under the pseudonym: "added by" points at it, naming nobody
    expect(channel.created_by).toBe(s.pia.member.id);
    expect(installation.installed_by).toBe(s.pia.member.id);
    expect(holder.name).toBe(result.pseudonym);
    expect(holder.email).not.toContain("pohlmann");
    // the admin's label named her: rewritten like the company's other content
    expect(channel.name).toBe(`${result.pseudonym} · Marketing`);
    expect(installation.team_name).toBe("Chat GmbH");
  });
});

describe("deprovisioning", () => {
  it("ends the leaver's personal digest (recorded in the audit event); a repeat finds nothing; reactivation does not bring it back", async () => {
    const s = await scenario();
    const scim = { tenantId: s.tenantId, actorUserId: null, via: "scim" as const };
    const outcome = await withTenant(db, s.tenantId, (tx) =>
      deprovisionMember(tx, scim, s.colleague.member.id),
    );
    expect(outcome).toMatchObject({ deactivated: true, chatDigestsDeleted: 1 });
    expect(await subscribers(s)).toEqual([s.pia.member.id]);
    const events = await withTenant(db, s.tenantId, (tx) =>
      tx
        .selectFrom("audit_events")
        .select("data")
        .where("action", "=", "member.deprovisioned")
        .where("subject", "=", s.colleague.member.id)
        .execute(),
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ chatDigestsDeleted: 1 });

    const again = await withTenant(db, s.tenantId, (tx) =>
      deprovisionMember(tx, scim, s.colleague.member.id),
    );
    expect(again).toMatchObject({ deactivated: false, chatDigestsDeleted: 0 });

    // a subscription left on a membership deactivated before (an older version) is cleaned up too
    await withTenant(db, s.tenantId, (tx) =>
      tx
        .insertInto("chat_digest_subscriptions")
        .values({ tenant_id: s.tenantId, membership_id: s.colleague.member.id, provider: "slack" })
        .execute(),
    );
    const leftover = await withTenant(db, s.tenantId, (tx) =>
      deprovisionMember(tx, scim, s.colleague.member.id),
    );
    expect(leftover).toMatchObject({ deactivated: false, chatDigestsDeleted: 1 });
    expect(await subscribers(s)).toEqual([s.pia.member.id]);

    // back in the company: they ask for it again if they want it
    await withTenant(db, s.tenantId, (tx) => reprovisionMember(tx, scim, s.colleague.member.id));
    expect(await subscribers(s)).toEqual([s.pia.member.id]);
  });

  it("an admin's deactivation takes the same step", async () => {
    const s = await scenario();
    const outcome = await withTenant(db, s.tenantId, (tx) =>
      deactivateMember(tx, s.admin.member, s.pia.member.id),
    );
    expect(outcome.chatDigestsDeleted).toBe(1);
    expect(await subscribers(s)).toEqual([s.colleague.member.id]);
  });
});
