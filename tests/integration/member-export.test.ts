import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { database, type DB } from "~/db/client.ts";
import type { Tenant, User } from "~/db/schema.ts";
import type { Membership } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import {
  closeQueue,
  drainInProcessJobs,
  holdInProcessJobsForTests,
  listFailedInProcessJobs,
} from "~/jobs/queue.ts";
import {
  buildMemberExport,
  dropExportsMentioning,
  purgeExpiredExports,
} from "~/app/modules/privacy/export-requests.server.ts";
import { collectMemberExport, type MemberExport } from "~/app/modules/privacy/export-member-data.server.ts";
import { renderExportSummary } from "~/app/modules/privacy/export-summary.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import * as downloadRoute from "~/app/routes/privacy.my-data.download.ts";
import * as pageRoute from "~/app/routes/privacy.my-data.tsx";
import { startFakeResend, type FakeResend } from "~/tests/fakes/resend.ts";
import { chorus } from "~/tests/support/cli.ts";
import {
  addMember,
  createPerson,
  createTeam,
  createTenant,
  createUser,
  sessionCookie,
  uniqueId,
} from "~/tests/support/factories.ts";

// "Download my data" (GDPR Art. 15/20): the page's action enqueues the job (in-process here), the
// job stores the export and mails the link, the download route serves it to the person only.
const CLI_TIMEOUT = 90_000;

let fake: FakeResend;
let db: DB;

beforeAll(async () => {
  fake = await startFakeResend();
  process.env.RESEND_API_KEY = "re_test";
  process.env.RESEND_BASE_URL = fake.url;
  process.env.QUEUE_PREFIX = `chorus-test-${randomUUID()}`;
  process.env.JOB_BACKOFF_MS = "10";
  delete process.env.REDIS_URL;
  ({ db } = await database());
});

afterAll(async () => {
  await drainInProcessJobs();
  await closeQueue();
  await fake.close();
});

beforeEach(async () => {
  await drainInProcessJobs();
  fake.clear();
});

interface Person {
  user: User;
  membership: Membership;
  cookie: string;
}

async function person(
  tenant: Tenant,
  name: string,
  opts: { roles?: Membership["roles"]; managerId?: string; teamId?: string; locale?: "de" | "en" } = {},
): Promise<Person> {
  const { user, membership } = await createPerson(db, tenant.id, {
    ...opts,
    name,
    email: `${name.split(" ")[0]!.toLowerCase()}-${uniqueId()}@example.test`,
  });
  return { user, membership, cookie: await sessionCookie(db, user.id) };
}

/** Everything a member can have in a tenant: shares with clicks, points, kudos, agreements, logs… */
async function seedActivity(tenant: Tenant, who: Person, other: Person, tag: string) {
  const m = who.membership.id;
  return withTenant(db, tenant.id, async (tx) => {
    await tx
      .insertInto("advocacy_consents")
      .values({
        tenant_id: tenant.id,
        membership_id: m,
        consent_version: "2026-11-v1",
        withdrawn_at: new Date(),
        data_choice: "keep",
      })
      .execute();
    await tx
      .insertInto("advocacy_consents")
      .values({ tenant_id: tenant.id, membership_id: m, consent_version: "2026-12-v2" })
      .execute();
    await tx
      .insertInto("guideline_acknowledgements")
      .values({ tenant_id: tenant.id, membership_id: m, version: 3 })
      .execute();
    await tx
      .insertInto("onboarding_completions")
      .values({ tenant_id: tenant.id, membership_id: m, path: "beginner" })
      .execute();
    await tx
      .insertInto("social_profiles")
      .values({
        tenant_id: tenant.id,
        membership_id: m,
        network: "linkedin",
        handle: `handle-${tag}`,
        follower_count: 321,
        updated_at: new Date(),
      })
      .execute();
    await tx
      .insertInto("linkedin_connections")
      .values({
        tenant_id: tenant.id,
        membership_id: m,
        linkedin_member_id: `li-${tag}`,
        access_token_encrypted: `v2.k1.TOKENSECRET${tag}`,
        expires_at: new Date(Date.now() + 86_400_000),
        scope: "w_member_social",
      })
      .execute();
    const post = await tx
      .insertInto("posts")
      .values({
        tenant_id: tenant.id,
        slug: `post-${tag}`,
        kind: "link",
        title: `Post ${tag}`,
        url: "https://www.example.com/",
        status: "published",
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const code = `c${tag}`.slice(0, 20).padEnd(8, "x");
    const share = await tx
      .insertInto("shares")
      .values({
        tenant_id: tenant.id,
        post_id: post.id,
        membership_id: m,
        network: "linkedin",
        text: `Shared text ${tag}`,
        channel: "intent",
        code,
        followers_at_share: 321,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("link_codes")
      .values({
        code,
        tenant_id: tenant.id,
        share_id: share.id,
        sharer_user_id: who.user.id,
        destination: "https://www.example.com/?utm_source=linkedin",
      })
      .execute();
    for (let i = 0; i < 3; i++) {
      await tx
        .insertInto("click_events")
        .values({
          tenant_id: tenant.id,
          share_id: share.id,
          event_key: `ev-${tag}-${i}`,
          clicked_at: new Date(),
          visitor_hash: `VISITORHASH${tag}${i}`,
          is_bot: i === 2,
          referrer_host: `referrer-${tag}.example`,
          ip_key: `IPKEY${tag}${i}`,
          net_key: `NETKEY${tag}${i}`,
        })
        .execute();
    }
    await tx
      .insertInto("reach_daily")
      .values({
        tenant_id: tenant.id,
        day: "2026-12-01",
        dimension: "share",
        key: share.id,
        shares: 1,
        clicks: 7,
        unique_visitors: 5,
      })
      .execute();
    await tx
      .insertInto("reach_daily")
      .values({
        tenant_id: tenant.id,
        day: "2026-12-01",
        dimension: "member",
        key: m,
        shares: 1,
        clicks: 7,
        unique_visitors: 5,
      })
      .execute();
    await tx
      .insertInto("click_holds")
      .values({
        tenant_id: tenant.id,
        share_id: share.id,
        membership_id: m,
        day: "2026-12-01",
        reason: "burst",
        clicks: 4,
        distinct_keys: 2,
      })
      .execute();
    await tx
      .insertInto("points_ledger")
      .values({
        tenant_id: tenant.id,
        membership_id: m,
        source_type: "share",
        source_id: share.id,
        points: 3,
        occurred_on: "2026-12-01",
        detail: "{}",
      })
      .execute();
    await tx
      .insertInto("badges")
      .values({ tenant_id: tenant.id, membership_id: m, badge: `badge-${tag}` })
      .execute();
    await tx
      .insertInto("recognition_preferences")
      .values({ tenant_id: tenant.id, membership_id: m, leaderboard_opt_in: true, updated_at: new Date() })
      .execute();
    await tx
      .insertInto("digest_preferences")
      .values({ tenant_id: tenant.id, membership_id: m, weekly_digest: false })
      .execute();
    await tx
      .insertInto("digest_sends")
      .values({ tenant_id: tenant.id, membership_id: m, week_start: "2026-11-30", kind: "advocate" })
      .execute();
    await tx
      .insertInto("suggestions")
      .values({
        tenant_id: tenant.id,
        suggester_id: m,
        url: `https://www.example.com/suggested-${tag}`,
        reason: `Suggestion ${tag}`,
      })
      .execute();
    // handled by the comms team, whose note is "visible to the comms team only"
    const escalation = await tx
      .insertInto("escalations")
      .values({
        tenant_id: tenant.id,
        reporter_id: m,
        url: `https://www.example.com/thread-${tag}`,
        note: `Escalation ${tag}`,
        status: "handled",
        handled_by: other.membership.id,
        handled_at: new Date(),
        handler_note: `COMMSONLYNOTE ${tag}`,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      tenantId: tenant.id,
      actorUserId: other.user.id,
      action: "escalation.handled",
      subject: escalation.id,
      data: { note: `COMMSONLYNOTE ${tag}` },
    });
    const agreement = await tx
      .insertInto("goal_agreements")
      .values({
        tenant_id: tenant.id,
        employee_id: m,
        manager_id: who.membership.manager_id,
        period_kind: "quarter",
        period_label: "2026-Q4",
        starts_on: "2026-10-01",
        ends_on: "2026-12-31",
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
        title: `Objective ${tag}`,
        target: 10,
        weight: 100,
      })
      .execute();
    const statement = await tx
      .insertInto("credit_statements")
      .values({
        tenant_id: tenant.id,
        agreement_id: agreement.id,
        employee_id: m,
        manager_id: who.membership.manager_id,
        period_label: "2026-Q4",
        starts_on: "2026-10-01",
        ends_on: "2026-12-31",
        content: JSON.stringify({ marker: `statement-${tag}` }),
        content_hash: "a".repeat(64),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (who.membership.manager_id) {
      await tx
        .insertInto("credit_access_log")
        .values({
          tenant_id: tenant.id,
          subject_membership_id: m,
          actor_membership_id: who.membership.manager_id,
          action: "statement.viewed",
          statement_id: statement.id,
        })
        .execute();
    }
    // kudos given to and received from the other side of the correspondence
    await tx
      .insertInto("kudos")
      .values({
        tenant_id: tenant.id,
        from_membership_id: other.membership.id,
        to_membership_id: m,
        reason: `Thanks ${tag} <script>alert(1)</script>`,
      })
      .execute();
    await tx
      .insertInto("kudos")
      .values({
        tenant_id: tenant.id,
        from_membership_id: m,
        to_membership_id: other.membership.id,
        reason: `Given ${tag}`,
      })
      .execute();
    return { shareId: share.id, agreementId: agreement.id, statementId: statement.id };
  });
}

interface World {
  tenant: Tenant;
  otherTenant: Tenant;
  manager: Person;
  mia: Person;
  otto: Person;
  ottoIds: string[];
  miaShareId: string;
}

async function seedWorld(): Promise<World> {
  const tenant = await createTenant(db);
  const otherTenant = await createTenant(db);
  const team = await createTeam(db, tenant.id, { name: `Vertrieb ${uniqueId()}` });
  const manager = await person(tenant, "Maximilian Vorgesetzter", { roles: ["employee", "manager"] });
  const mia = await person(tenant, "Mia Exportfrau", {
    managerId: manager.membership.id,
    teamId: team.id,
    locale: "de",
  });
  const otto = await person(tenant, "Otto Fremdmann", { managerId: manager.membership.id });
  // Mia also belongs to another tenant: her export there is another matter
  await addMember(db, otherTenant.id, mia.user.id, ["employee"]);
  await withTenant(db, tenant.id, (tx) =>
    tx
      .insertInto("guidelines")
      .values({ tenant_id: tenant.id, version: 3, body_de: "Richtlinien", body_en: "Guidelines" })
      .execute(),
  );
  const miaIds = await seedActivity(tenant, mia, manager, `mia${uniqueId()}`);
  const ottoIds = await seedActivity(tenant, otto, manager, `otto${uniqueId()}`);
  await withTenant(db, tenant.id, async (tx) => {
    // about Mia, by her manager (listed with the manager's name)
    await recordAudit(tx, {
      tenantId: tenant.id,
      actorUserId: manager.user.id,
      action: "member.updated",
      subject: mia.membership.id,
      data: { roles: ["employee"] },
    });
    // by Mia about Otto: only the action and time may be exported
    await recordAudit(tx, {
      tenantId: tenant.id,
      actorUserId: mia.user.id,
      action: "invitation.resent",
      subject: otto.membership.id,
      data: { email: otto.user.email, name: otto.user.name },
    });
    // about Mia's invitation (a CSV import named Otto as her manager-to-be: his address is not hers to see)
    const invitation = await tx
      .insertInto("invitations")
      .values({
        tenant_id: tenant.id,
        email: mia.user.email,
        name: mia.user.name,
        roles: ["employee"],
        token_hash: uniqueId(),
        invited_by: manager.user.id,
        expires_at: new Date(Date.now() + 86_400_000),
        accepted_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      tenantId: tenant.id,
      actorUserId: manager.user.id,
      action: "member.invited",
      subject: invitation.id,
      data: { email: mia.user.email, pendingManagerEmail: otto.user.email.toUpperCase() },
    });
    // about her suggestion: a URL with an "@" is no address and stays as it is
    const suggestion = await tx
      .selectFrom("suggestions")
      .select("id")
      .where("tenant_id", "=", tenant.id)
      .where("suggester_id", "=", mia.membership.id)
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      tenantId: tenant.id,
      actorUserId: mia.user.id,
      action: "suggestion.created",
      subject: suggestion.id,
      data: { url: "https://medium.com/@jane.doe/post-1" },
    });
    // about Mia's held-back clicks, decided by the manager
    const hold = await tx
      .selectFrom("click_holds")
      .select("id")
      .where("tenant_id", "=", tenant.id)
      .where("membership_id", "=", mia.membership.id)
      .executeTakeFirstOrThrow();
    await recordAudit(tx, {
      tenantId: tenant.id,
      actorUserId: manager.user.id,
      action: "click_hold.released",
      subject: hold.id,
      data: { sharerMembershipId: mia.membership.id, clicks: 4 },
    });
  });
  await db
    .insertInto("member_ip_keys")
    .values({ user_id: mia.user.id, day: "2026-12-01", ip_key: "MEMBERIPKEYSECRET" })
    .execute();
  return {
    tenant,
    otherTenant,
    manager,
    mia,
    otto,
    ottoIds: [otto.user.id, otto.membership.id, ottoIds.shareId, ottoIds.agreementId, ottoIds.statementId],
    miaShareId: miaIds.shareId,
  };
}

const url = (tenant: Tenant, path: string) => `http://localhost/t/${tenant.slug}/${path}`;
const get = (tenant: Tenant, path: string, cookie: string) =>
  new Request(url(tenant, path), { headers: { Cookie: cookie } });
const post = (tenant: Tenant, cookie: string) =>
  new Request(url(tenant, "my-data"), {
    method: "POST",
    headers: { Cookie: cookie },
    body: new URLSearchParams({}),
  });

function unwrap<T>(result: unknown): { body: T; status: number } {
  if (result && typeof result === "object" && "type" in result && result.type === "DataWithResponseInit") {
    const r = result as unknown as { data: T; init: ResponseInit | null };
    return { body: r.data, status: r.init?.status ?? 200 };
  }
  return { body: result as T, status: 200 };
}

async function download(tenant: Tenant, exportId: string, cookie: string, query = ""): Promise<Response> {
  try {
    return await downloadRoute.loader({
      request: get(tenant, `my-data/${exportId}${query}`, cookie),
      params: { tenant: tenant.slug, exportId },
      context: {},
    } as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** Mia asks on the page, the job runs, the mail arrives: the export's id from the mailed link. */
async function requestAndBuild(w: World): Promise<string> {
  const reply = unwrap<{ ok: boolean }>(
    await pageRoute.action({
      request: post(w.tenant, w.mia.cookie),
      params: { tenant: w.tenant.slug },
      context: {},
    } as never),
  );
  expect(reply).toMatchObject({ status: 200, body: { ok: true } });
  await drainInProcessJobs();
  await waitFor(() => fake.received.some((m) => m.to.includes(w.mia.user.email)));
  expect(listFailedInProcessJobs().filter((j) => j.name === "export-member-data")).toEqual([]);
  const mail = fake.received.find((m) => m.to.includes(w.mia.user.email))!;
  const match = new RegExp(`/t/${w.tenant.slug}/my-data/([0-9a-f-]{36})`).exec(mail.text ?? "");
  expect(match, mail.text).not.toBeNull();
  return match![1]!;
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

function assertNothingOf(json: string, w: World) {
  for (const foreign of [w.otto.user.name, "Fremdmann", w.otto.user.email, ...w.ottoIds])
    expect(json).not.toContain(foreign);
  // visitors' data and secrets never leave
  for (const secret of ["VISITORHASH", "IPKEY", "NETKEY", "referrer-", "TOKENSECRET", "MEMBERIPKEYSECRET"])
    expect(json).not.toContain(secret);
  // the comms team's note on an escalation is theirs ("visible to the comms team only")
  expect(json).not.toContain("COMMSONLYNOTE");
}

describe("download my data", () => {
  let w: World;
  let exportId: string;
  let doc: MemberExport;
  let raw: string;

  beforeAll(async () => {
    w = await seedWorld();
  });

  it("the job builds the export and mails an expiring link; the JSON holds every category and nothing of another person", async () => {
    exportId = await requestAndBuild(w);
    const mail = fake.received.find((m) => m.to.includes(w.mia.user.email))!;
    expect(mail.subject).toContain("Deine Daten"); // Mia reads German
    const res = await download(w.tenant, exportId, w.mia.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    expect(res.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="chorus-my-data-.+\.json"$/,
    );
    expect(res.headers.get("Cache-Control")).toContain("no-store");
    raw = await res.text();
    expect(raw.startsWith('{\n  "format": "chorus-member-export",\n  "version": 1,')).toBe(true);
    doc = JSON.parse(raw) as MemberExport;

    expect(doc).toMatchObject({
      format: "chorus-member-export",
      version: 1,
      tenant: { slug: w.tenant.slug },
    });
    expect(doc.person).toMatchObject({ name: "Mia Exportfrau", email: w.mia.user.email, locale: "de" });
    expect(doc.membership).toMatchObject({
      id: w.mia.membership.id,
      roles: ["employee"],
      manager: "Maximilian Vorgesetzter",
      status: "active",
    });
    expect(doc.membership.team).toMatch(/^Vertrieb/);
    // both columns of "new since your last visit" (home/visit.ts) are the person's data
    expect(doc.membership).toHaveProperty("hubVisitedAt");
    expect(doc.membership).toHaveProperty("hubNewSince");
    expect(doc.consents.history.map((c) => [c.version, c.dataChoiceOnLeaving])).toEqual([
      ["2026-11-v1", "keep"],
      ["2026-12-v2", null],
    ]);
    expect(doc.guidelineAcknowledgements).toEqual([expect.objectContaining({ version: 3 })]);
    expect(doc.onboarding).toEqual([expect.objectContaining({ path: "beginner" })]);
    expect(doc.socialProfiles).toEqual([
      expect.objectContaining({ network: "linkedin", followerCount: 321 }),
    ]);
    expect(doc.linkedinConnections).toHaveLength(1);
    expect(doc.linkedinConnections[0]).not.toHaveProperty("accessToken");
    expect(doc.shares).toHaveLength(1);
    expect(doc.shares[0]).toMatchObject({
      id: w.miaShareId,
      clicks: { total: 7, uniqueVisitorsSummedByDay: 5, rawEventsKept: 2, botEventsKept: 1 },
    });
    expect(doc.shares[0]!.trackedLink?.url).toMatch(/\/s\/c/);
    expect(doc.clickHolds).toEqual([expect.objectContaining({ reason: "burst", clicks: 4 })]);
    expect(doc.reachDaily).toEqual([expect.objectContaining({ day: "2026-12-01", clicks: 7 })]);
    expect(doc.points).toMatchObject({ total: 3 });
    expect(doc.points.ledger).toHaveLength(1);
    expect(doc.badges).toHaveLength(1);
    expect(doc.kudos.received).toEqual([expect.objectContaining({ from: "Maximilian Vorgesetzter" })]);
    expect(doc.kudos.given).toEqual([expect.objectContaining({ to: "Maximilian Vorgesetzter" })]);
    expect(doc.preferences.recognition).toMatchObject({ leaderboardOptIn: true });
    expect(doc.preferences.mail).toMatchObject({ weeklyDigest: false });
    expect(doc.digestsSent).toHaveLength(1);
    expect(doc.goalAgreements).toEqual([
      expect.objectContaining({
        periodLabel: "2026-Q4",
        manager: "Maximilian Vorgesetzter",
        objectives: [expect.objectContaining({ position: 1 })],
      }),
    ]);
    expect(doc.creditStatements).toHaveLength(1);
    expect(doc.creditAccessLog).toEqual([
      expect.objectContaining({
        action: "statement.viewed",
        actor: { kind: "member", name: "Maximilian Vorgesetzter" },
      }),
    ]);
    expect(doc.auditEvents.aboutYou.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        "member.updated",
        "privacy.export_requested",
        "member.invited",
        "click_hold.released",
      ]),
    );
    // her invitation's event keeps her own address and hides the manager-to-be's
    expect(doc.auditEvents.aboutYou.find((e) => e.action === "member.invited")).toMatchObject({
      actor: { kind: "member", name: "Maximilian Vorgesetzter" },
      data: { email: w.mia.user.email, pendingManagerEmail: "(address of another person)" },
    });
    expect(doc.auditEvents.aboutYou.find((e) => e.action === "click_hold.released")).toMatchObject({
      actor: { kind: "member", name: "Maximilian Vorgesetzter" },
    });
    expect(doc.auditEvents.aboutYou.find((e) => e.action === "suggestion.created")).toMatchObject({
      actor: { kind: "you" },
      data: { url: "https://medium.com/@jane.doe/post-1" },
    });
    expect(raw.toLowerCase()).not.toContain(w.otto.user.email.toLowerCase());
    expect(doc.auditEvents.byYouAboutOthers).toEqual([
      expect.objectContaining({ action: "invitation.resent" }),
    ]);
    expect(doc.auditEvents.byYouAboutOthers[0]).not.toHaveProperty("subject");
    expect(doc.suggestions).toHaveLength(1);
    expect(doc.escalations).toEqual([
      expect.objectContaining({ status: "handled", note: expect.stringMatching(/^Escalation /) }),
    ]);
    expect(doc.auditEvents.aboutYou.map((e) => e.action)).toContain("escalation.handled");
    expect(doc.ownIpKeyDays).toEqual(["2026-12-01"]);
    expect(doc.dataExports).toEqual([expect.objectContaining({ id: exportId, requestedBy: "you" })]);
    assertNothingOf(raw, w);
  });

  it("a manager's export says when they looked at a report's figures (action and time), not whose", async () => {
    const managerDoc = await withTenant(db, w.tenant.id, (tx) =>
      collectMemberExport(tx, { tenantId: w.tenant.id, membershipId: w.manager.membership.id }),
    );
    // Mia's and Otto's statements, each viewed once by the manager (seedActivity)
    expect(managerDoc.creditAccessLogByYou).toEqual([
      { at: expect.any(String), action: "statement.viewed" },
      { at: expect.any(String), action: "statement.viewed" },
    ]);
    expect(managerDoc.creditAccessLog).toEqual([]);
    // Mia's own export has no looks of hers
    expect(doc.creditAccessLogByYou).toEqual([]);
  });

  it("the summary is readable HTML in the person's language, escaped, from the same data", async () => {
    const res = await download(w.tenant, exportId, w.mia.cookie, "?format=html");
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("text/html");
    expect(res.headers.get("Content-Disposition")).toBeNull();
    const html = await res.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain("Deine Daten bei");
    expect(html).toContain("Mia Exportfrau");
    expect(html).toContain("Maximilian Vorgesetzter");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertNothingOf(html, w);
  });

  it("downloads are recorded: downloaded_at and a privacy.export_downloaded audit event", async () => {
    const events = await withTenant(db, w.tenant.id, (tx) =>
      tx
        .selectFrom("audit_events")
        .select(["action", "actor_user_id", "subject", "data"])
        .where("tenant_id", "=", w.tenant.id)
        .where("action", "like", "privacy.export_%")
        .orderBy("created_at")
        .execute(),
    );
    expect(events.map((e) => [e.action, e.actor_user_id, e.subject])).toEqual([
      ["privacy.export_requested", w.mia.user.id, w.mia.membership.id],
      ["privacy.export_downloaded", w.mia.user.id, w.mia.membership.id],
      ["privacy.export_downloaded", w.mia.user.id, w.mia.membership.id],
    ]);
    expect(events.map((e) => e.data.format)).toEqual([undefined, "json", "html"]);
    const row = await withTenant(db, w.tenant.id, (tx) =>
      tx
        .selectFrom("data_exports")
        .select(["status", "downloaded_at"])
        .where("id", "=", exportId)
        .executeTakeFirstOrThrow(),
    );
    expect(row.status).toBe("ready");
    expect(row.downloaded_at).not.toBeNull();
  });

  it("only the person themself may download it: another member, the manager and another tenant's URL get 404", async () => {
    expect((await download(w.tenant, exportId, w.otto.cookie)).status).toBe(404);
    expect((await download(w.tenant, exportId, w.manager.cookie)).status).toBe(404);
    // Mia herself, but through the other tenant she belongs to
    expect((await download(w.otherTenant, exportId, w.mia.cookie)).status).toBe(404);
    expect((await download(w.tenant, "not-a-uuid", w.mia.cookie)).status).toBe(404);
    expect((await download(w.tenant, randomUUID(), w.mia.cookie)).status).toBe(404);
  });

  it("running the job again changes nothing and sends no second mail", async () => {
    const before = await withTenant(db, w.tenant.id, (tx) =>
      tx
        .selectFrom("data_exports")
        .select(["ready_at", "content"])
        .where("id", "=", exportId)
        .executeTakeFirstOrThrow(),
    );
    expect(
      await withTenant(db, w.tenant.id, (tx) => buildMemberExport(tx, { tenantId: w.tenant.id, exportId })),
    ).toBe("skipped");
    await drainInProcessJobs();
    const after = await withTenant(db, w.tenant.id, (tx) =>
      tx
        .selectFrom("data_exports")
        .select(["ready_at", "content"])
        .where("id", "=", exportId)
        .executeTakeFirstOrThrow(),
    );
    expect(after).toEqual(before);
    expect(fake.received.filter((m) => m.to.includes(w.mia.user.email))).toHaveLength(0); // cleared before this test
  });

  it("the page lists the export with its status; at most one pending and 3 a day", async () => {
    const page = (await pageRoute.loader({
      request: get(w.tenant, "my-data", w.mia.cookie),
      params: { tenant: w.tenant.slug },
      context: {},
    } as never)) as Awaited<ReturnType<typeof pageRoute.loader>>;
    expect(page.exports).toEqual([
      expect.objectContaining({ id: exportId, status: "ready", downloadable: true, byOperator: false }),
    ]);
    // Otto sees none of Mia's exports
    const ottoPage = (await pageRoute.loader({
      request: get(w.tenant, "my-data", w.otto.cookie),
      params: { tenant: w.tenant.slug },
      context: {},
    } as never)) as Awaited<ReturnType<typeof pageRoute.loader>>;
    expect(ottoPage.exports).toEqual([]);

    // a pending export blocks another
    await withTenant(db, w.tenant.id, (tx) =>
      tx
        .insertInto("data_exports")
        .values({
          tenant_id: w.tenant.id,
          membership_id: w.otto.membership.id,
          requested_by: w.otto.membership.id,
          expires_at: new Date(Date.now() + 86_400_000),
        })
        .execute(),
    );
    const blocked = unwrap<{ ok: boolean; error: string }>(
      await pageRoute.action({
        request: post(w.tenant, w.otto.cookie),
        params: { tenant: w.tenant.slug },
        context: {},
      } as never),
    );
    expect(blocked).toMatchObject({ status: 409, body: { ok: false, error: "export_pending" } });

    // Mia has asked once; two more are fine (each built before the next), the fourth in a day is refused
    await requestAndBuild(w);
    fake.clear();
    await requestAndBuild(w);
    const refused = unwrap<{ ok: boolean; error: string }>(
      await pageRoute.action({
        request: post(w.tenant, w.mia.cookie),
        params: { tenant: w.tenant.slug },
        context: {},
      } as never),
    );
    expect(refused).toMatchObject({ status: 429, body: { ok: false, error: "rate_limited" } });
    const count = await withTenant(db, w.tenant.id, (tx) =>
      tx
        .selectFrom("data_exports")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("membership_id", "=", w.mia.membership.id)
        .executeTakeFirstOrThrow(),
    );
    expect(Number(count.n)).toBe(3);
  });

  it("an expired export answers 410 and purgeExpiredExports drops its content (only that)", async () => {
    await withTenant(db, w.tenant.id, (tx) =>
      tx
        .updateTable("data_exports")
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where("id", "=", exportId)
        .execute(),
    );
    const gone = await download(w.tenant, exportId, w.mia.cookie);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain("abgelaufen");
    // another member still gets 404 for it, not 410
    expect((await download(w.tenant, exportId, w.otto.cookie)).status).toBe(404);

    const { purged } = await purgeExpiredExports(db, new Date(), { tenantId: w.tenant.id });
    expect(purged).toBe(1);
    const rows = await withTenant(db, w.tenant.id, (tx) =>
      tx
        .selectFrom("data_exports")
        .select(["id", "status", "content"])
        .where("membership_id", "=", w.mia.membership.id)
        .execute(),
    );
    expect(rows.find((r) => r.id === exportId)).toMatchObject({ status: "ready", content: null });
    expect(rows.filter((r) => r.id !== exportId).every((r) => r.content !== null)).toBe(true);
    expect((await download(w.tenant, exportId, w.mia.cookie)).status).toBe(410);
  });
});

describe("two clicks at once", () => {
  it("one export, one job, one mail; the other click is told one is being prepared", async () => {
    const tenant = await createTenant(db);
    const zoe = await person(tenant, "Zoe Doppelklick");
    const ask = async () =>
      unwrap<{ ok: boolean; error: string | null }>(
        await pageRoute.action({
          request: post(tenant, zoe.cookie),
          params: { tenant: tenant.slug },
          context: {},
        } as never),
      );
    // The first request's job must not build (and so un-pend) its export before the second request
    // made its check: with the jobs held, the second sees a pending export or meets the one-pending
    // index, whichever way the two requests interleave.
    const release = holdInProcessJobsForTests();
    let replies: Awaited<ReturnType<typeof ask>>[];
    try {
      replies = await Promise.all([ask(), ask()]);
    } finally {
      release();
    }
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    await drainInProcessJobs();
    await waitFor(() => fake.received.some((m) => m.to.includes(zoe.user.email)));
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.received.filter((m) => m.to.includes(zoe.user.email))).toHaveLength(1);
    const rows = await withTenant(db, tenant.id, (tx) =>
      tx.selectFrom("data_exports").select("status").where("membership_id", "=", zoe.membership.id).execute(),
    );
    expect(rows).toEqual([{ status: "ready" }]);
  });
});

describe("a lost export job", () => {
  it("a pending export whose job never ran (queued while Redis was down) shows as failed after an hour and does not block a new one", async () => {
    const tenant = await createTenant(db);
    const lena = await person(tenant, "Lena Verloren");
    const pendingSince = async (msAgo: number) =>
      withTenant(db, tenant.id, async (tx) => {
        const row = await tx
          .insertInto("data_exports")
          .values({
            tenant_id: tenant.id,
            membership_id: lena.membership.id,
            requested_by: lena.membership.id,
            created_at: new Date(Date.now() - msAgo),
            expires_at: new Date(Date.now() + 86_400_000),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        return row.id;
      });
    const ask = async () =>
      unwrap<{ ok: boolean; error: string | null }>(
        await pageRoute.action({
          request: post(tenant, lena.cookie),
          params: { tenant: tenant.slug },
          context: {},
        } as never),
      );
    const list = async () =>
      (
        (await pageRoute.loader({
          request: get(tenant, "my-data", lena.cookie),
          params: { tenant: tenant.slug },
          context: {},
        } as never)) as Awaited<ReturnType<typeof pageRoute.loader>>
      ).exports;

    // ten minutes: its job may still be on its way
    const recent = await pendingSince(10 * 60_000);
    expect(await list()).toEqual([expect.objectContaining({ id: recent, status: "pending" })]);
    expect(await ask()).toMatchObject({ status: 409, body: { error: "export_pending" } });

    // two hours: the job was lost
    await withTenant(db, tenant.id, (tx) =>
      sql`update data_exports set created_at = now() - interval '2 hours' where id = ${recent}`.execute(tx),
    );
    expect(await list()).toEqual([
      expect.objectContaining({ id: recent, status: "failed", downloadable: false }),
    ]);
    expect(await ask()).toMatchObject({ status: 200, body: { ok: true } });
    await drainInProcessJobs();
    await waitFor(() => fake.received.some((m) => m.to.includes(lena.user.email)));
    const rows = await withTenant(db, tenant.id, (tx) =>
      tx
        .selectFrom("data_exports")
        .select(["id", "status", "error"])
        .where("membership_id", "=", lena.membership.id)
        .orderBy("created_at")
        .execute(),
    );
    expect(rows).toEqual([
      { id: recent, status: "failed", error: "not prepared in time" },
      expect.objectContaining({ status: "ready", error: null }),
    ]);
    // should the lost job turn up after all, it finds nothing to do
    expect(
      await withTenant(db, tenant.id, (tx) =>
        buildMemberExport(tx, { tenantId: tenant.id, exportId: recent }),
      ),
    ).toBe("skipped");
  });
});

describe("someone with a great many shares", () => {
  it("exports 70,000 shares (more than PostgreSQL's 65,535 bind parameters) with their click counts and audit events", async () => {
    const tenant = await createTenant(db);
    const sam = await person(tenant, "Sam Vielteiler");
    const { firstShare, doc } = await withTenant(db, tenant.id, async (tx) => {
      const post = await tx
        .insertInto("posts")
        .values({
          tenant_id: tenant.id,
          slug: `post-${uniqueId()}`,
          kind: "link",
          title: "Viel geteilt",
          url: "https://www.example.com/",
          status: "published",
          updated_at: new Date(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await sql`insert into shares (tenant_id, post_id, membership_id, network, text, channel)
        select ${tenant.id}::uuid, ${post.id}::uuid, ${sam.membership.id}::uuid, 'linkedin', 'Share ' || n, 'copy' from generate_series(1, 70000) n`.execute(
        tx,
      );
      const first = await tx
        .selectFrom("shares")
        .select("id")
        .where("tenant_id", "=", tenant.id)
        .where("membership_id", "=", sam.membership.id)
        .limit(1)
        .executeTakeFirstOrThrow();
      await tx
        .insertInto("reach_daily")
        .values({
          tenant_id: tenant.id,
          day: "2026-12-01",
          dimension: "share",
          key: first.id,
          shares: 1,
          clicks: 9,
          unique_visitors: 6,
        })
        .execute();
      await recordAudit(tx, {
        tenantId: tenant.id,
        actorUserId: sam.user.id,
        action: "share.created",
        subject: first.id,
        data: { network: "linkedin" },
      });
      return {
        firstShare: first.id,
        doc: await collectMemberExport(tx, { tenantId: tenant.id, membershipId: sam.membership.id }),
      };
    });
    expect(doc.shares).toHaveLength(70_000);
    expect(doc.shares.find((x) => x.id === firstShare)?.clicks).toMatchObject({
      total: 9,
      uniqueVisitorsSummedByDay: 6,
    });
    expect(doc.auditEvents.aboutYou.map((e) => e.action)).toContain("share.created");
    expect(doc.auditEvents.byYouAboutOthers).toEqual([]);
  }, 120_000);
});

describe("erasure of someone an export names", () => {
  it("dropExportsMentioning drops the content of exports that name the person (only those)", async () => {
    const w = await seedWorld();
    const miaExport = await requestAndBuild(w);
    // the manager's own export names Mia (kudos both ways); Otto's names her as the actor of an
    // audit event about him; Paula's has nothing to do with her
    const paula = await person(w.tenant, "Paula Unbeteiligt");
    const built = async (who: Person) => {
      const id = await withTenant(db, w.tenant.id, async (tx) => {
        const row = await tx
          .insertInto("data_exports")
          .values({
            tenant_id: w.tenant.id,
            membership_id: who.membership.id,
            requested_by: who.membership.id,
            expires_at: new Date(Date.now() + 86_400_000),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        return row.id;
      });
      expect(
        await withTenant(db, w.tenant.id, (tx) =>
          buildMemberExport(tx, { tenantId: w.tenant.id, exportId: id }),
        ),
      ).toBe("built");
      return id;
    };
    const managerExport = await built(w.manager);
    const ottoExport = await built(w.otto);
    const paulaExport = await built(paula);

    const dropped = await withTenant(db, w.tenant.id, (tx) =>
      dropExportsMentioning(tx, w.tenant.id, ["MIA EXPORTFRAU", w.mia.user.email]),
    );
    expect(dropped).toBe(3);
    const rows = await withTenant(db, w.tenant.id, (tx) =>
      tx
        .selectFrom("data_exports")
        .select(["id", sql<boolean>`content is null`.as("gone")])
        .where("tenant_id", "=", w.tenant.id)
        .execute(),
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.gone]))).toEqual({
      [miaExport]: true,
      [managerExport]: true,
      [ottoExport]: true,
      [paulaExport]: false,
    });
    expect((await download(w.tenant, managerExport, w.manager.cookie)).status).toBe(410);
  });
});

describe("erasure of someone whose name has quotes", () => {
  it("dropExportsMentioning finds the name as the stored JSON writes it (escaped)", async () => {
    const tenant = await createTenant(db);
    const boss = await person(tenant, 'Karl "Kalle" Back\\slash');
    const anna = await person(tenant, "Anna Beispiel", { managerId: boss.membership.id });
    const id = await withTenant(db, tenant.id, async (tx) => {
      const row = await tx
        .insertInto("data_exports")
        .values({
          tenant_id: tenant.id,
          membership_id: anna.membership.id,
          requested_by: anna.membership.id,
          expires_at: new Date(Date.now() + 86_400_000),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      return row.id;
    });
    expect(
      await withTenant(db, tenant.id, (tx) => buildMemberExport(tx, { tenantId: tenant.id, exportId: id })),
    ).toBe("built");
    expect(
      await withTenant(db, tenant.id, (tx) => dropExportsMentioning(tx, tenant.id, [boss.user.name])),
    ).toBe(1);
    expect((await download(tenant, id, anna.cookie)).status).toBe(410);
  });
});

describe("chorus member export", () => {
  it(
    "prints the same document for an operator, audited with no actor, and writes --out once",
    async () => {
      const w = await seedWorld();
      const run = await chorus([
        "member",
        "export",
        "--tenant",
        w.tenant.slug,
        "--email",
        w.mia.user.email.toUpperCase(),
      ]);
      expect(run.code, run.stderr).toBe(0);
      const doc = JSON.parse(run.stdout) as MemberExport;
      expect(doc).toMatchObject({
        format: "chorus-member-export",
        version: 1,
        person: { email: w.mia.user.email },
      });
      expect(doc.shares).toHaveLength(1);
      expect(doc.dataExports).toEqual([
        expect.objectContaining({ requestedBy: "operator", status: "ready" }),
      ]);
      assertNothingOf(run.stdout, w);

      const audit = await withTenant(db, w.tenant.id, (tx) =>
        tx
          .selectFrom("audit_events")
          .select(["actor_user_id", "subject", "data"])
          .where("tenant_id", "=", w.tenant.id)
          .where("action", "=", "privacy.export_requested")
          .execute(),
      );
      expect(audit).toEqual([
        expect.objectContaining({
          actor_user_id: null,
          subject: w.mia.membership.id,
          data: expect.objectContaining({ via: "cli" }),
        }),
      ]);

      const dir = await mkdtemp(join(tmpdir(), "chorus-export-"));
      try {
        const out = join(dir, "mia.json");
        const written = await chorus([
          "member",
          "export",
          "--tenant",
          w.tenant.slug,
          "--email",
          w.mia.user.email,
          "--out",
          out,
        ]);
        expect(written.code, written.stderr).toBe(0);
        expect(written.stdout).toContain(out);
        expect(JSON.parse(await readFile(out, "utf8"))).toMatchObject({
          format: "chorus-member-export",
          person: { name: "Mia Exportfrau" },
        });
        const again = await chorus([
          "member",
          "export",
          "--tenant",
          w.tenant.slug,
          "--email",
          w.mia.user.email,
          "--out",
          out,
        ]);
        expect(again.code).toBe(1);
        expect(again.stderr).toContain("exists");
      } finally {
        await rm(dir, { recursive: true, force: true });
      }

      const unknown = await chorus([
        "member",
        "export",
        "--tenant",
        w.tenant.slug,
        "--email",
        "nobody@example.test",
      ]);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain("no member");
      // Mia is a member of the other tenant too, but the export of that tenant holds none of this one's data
      const elsewhere = await chorus([
        "member",
        "export",
        "--tenant",
        w.otherTenant.slug,
        "--email",
        w.mia.user.email,
      ]);
      expect(elsewhere.code, elsewhere.stderr).toBe(0);
      const other = JSON.parse(elsewhere.stdout) as MemberExport;
      expect(other.tenant.slug).toBe(w.otherTenant.slug);
      expect(other.shares).toEqual([]);
      expect(other.points.ledger).toEqual([]);
      expect(other.kudos.received).toEqual([]);
    },
    CLI_TIMEOUT * 2,
  );
});

describe("chorus member export: the --out file and the readable summary", () => {
  const exportsOf = (tenant: Tenant, membershipId: string) =>
    withTenant(db, tenant.id, async (tx) => ({
      rows: await tx
        .selectFrom("data_exports")
        .select("id")
        .where("membership_id", "=", membershipId)
        .execute(),
      events: await tx
        .selectFrom("audit_events")
        .select("id")
        .where("tenant_id", "=", tenant.id)
        .where("action", "=", "privacy.export_requested")
        .where("subject", "=", membershipId)
        .execute(),
    }));

  it(
    "an --out file that exists is refused before anything is recorded (no export in the person's list, no audit event)",
    async () => {
      const tenant = await createTenant(db);
      const nina = await person(tenant, "Nina Vorhanden");
      const dir = await mkdtemp(join(tmpdir(), "chorus-export-"));
      try {
        const out = join(dir, "taken.json");
        await writeFile(out, "someone else's file\n");
        const run = await chorus([
          "member",
          "export",
          "--tenant",
          tenant.slug,
          "--email",
          nina.user.email,
          "--out",
          out,
        ]);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("exists");
        expect(await readFile(out, "utf8")).toBe("someone else's file\n");
        expect(await exportsOf(tenant, nina.membership.id)).toEqual({ rows: [], events: [] });

        // an unknown address leaves neither an export nor an empty file behind
        const missing = join(dir, "nobody.json");
        const unknown = await chorus([
          "member",
          "export",
          "--tenant",
          tenant.slug,
          "--email",
          "nobody@example.test",
          "--out",
          missing,
        ]);
        expect(unknown.code).toBe(1);
        await expect(stat(missing)).rejects.toMatchObject({ code: "ENOENT" });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    CLI_TIMEOUT,
  );

  it(
    "--format html gives the same readable summary as the download, printed or written to a new file (mode 600)",
    async () => {
      const tenant = await createTenant(db);
      const hugo = await person(tenant, "Hugo <Summary> & Co", { locale: "en" });
      const printed = await chorus([
        "member",
        "export",
        "--tenant",
        tenant.slug,
        "--email",
        hugo.user.email,
        "--format",
        "html",
      ]);
      expect(printed.code, printed.stderr).toBe(0);
      expect(printed.stdout).toMatch(/^<!doctype html>/i);
      expect(printed.stdout).toContain("Hugo &lt;Summary&gt; &amp; Co");
      expect(printed.stdout).not.toContain("Hugo <Summary>");
      expect(printed.stdout).not.toContain('"format": "chorus-member-export"');
      // the same page the download renders, from the export the CLI stored
      const stored = await withTenant(db, tenant.id, (tx) =>
        tx
          .selectFrom("data_exports")
          .select("content")
          .where("membership_id", "=", hugo.membership.id)
          .executeTakeFirstOrThrow(),
      );
      expect(printed.stdout.trimEnd()).toBe(renderExportSummary(stored.content as MemberExport).trimEnd());

      const dir = await mkdtemp(join(tmpdir(), "chorus-export-"));
      try {
        const out = join(dir, "hugo.html");
        const written = await chorus([
          "member",
          "export",
          "--tenant",
          tenant.slug,
          "--email",
          hugo.user.email,
          "--format",
          "html",
          "--out",
          out,
        ]);
        expect(written.code, written.stderr).toBe(0);
        expect(await readFile(out, "utf8")).toContain("Hugo &lt;Summary&gt; &amp; Co");
        expect((await stat(out)).mode & 0o777).toBe(0o600);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      const bad = await chorus([
        "member",
        "export",
        "--tenant",
        tenant.slug,
        "--email",
        hugo.user.email,
        "--format",
        "pdf",
      ]);
      expect(bad.code).not.toBe(0);
      expect((await exportsOf(tenant, hugo.membership.id)).rows).toHaveLength(2);
    },
    CLI_TIMEOUT,
  );
});

describe("addresses in another case", () => {
  it(
    "an invitation to Zora.Example@Firma.de is the invitation of the user zora.example@firma.de, in the export and through the CLI",
    async () => {
      const tenant = await createTenant(db);
      const inviter = await person(tenant, "Ines Einladend", { roles: ["admin"] });
      const user = await createUser(db, { name: "Zora Example", email: "zora.example@firma.de" });
      const membership = await addMember(db, tenant.id, user.id, ["employee"]);
      await withTenant(db, tenant.id, (tx) =>
        tx
          .insertInto("invitations")
          .values({
            tenant_id: tenant.id,
            email: "Zora.Example@Firma.de",
            name: "Zora Example",
            roles: ["employee"],
            token_hash: uniqueId(),
            invited_by: inviter.user.id,
            expires_at: new Date(Date.now() + 86_400_000),
            accepted_at: new Date(),
          })
          .execute(),
      );
      const doc = await withTenant(db, tenant.id, (tx) =>
        collectMemberExport(tx, { tenantId: tenant.id, membershipId: membership.id }),
      );
      expect(doc.invitations).toEqual([
        expect.objectContaining({ email: "Zora.Example@Firma.de", name: "Zora Example" }),
      ]);

      const run = await chorus([
        "member",
        "export",
        "--tenant",
        tenant.slug,
        "--email",
        "Zora.Example@Firma.de",
      ]);
      expect(run.code, run.stderr).toBe(0);
      const viaCli = JSON.parse(run.stdout) as MemberExport;
      expect(viaCli.person.email).toBe("zora.example@firma.de");
      expect(viaCli.invitations).toEqual([expect.objectContaining({ email: "Zora.Example@Firma.de" })]);
    },
    CLI_TIMEOUT,
  );
});

describe("single sign-on and directory ids (issue 16)", () => {
  it("the export holds their SSO identities of this tenant (provider, subject, first and last sign-in) and their SCIM externalId, never another tenant's or the provider's secret", async () => {
    const tenant = await createTenant(db);
    const other = await createTenant(db);
    const me = await person(tenant, "Svenja Einmalanmeldung");
    await addMember(db, other.id, me.user.id, ["employee"]);
    const sealedSecret = `v2.k1.sealed-${uniqueId()}`;
    const bind = (tenantId: string, displayName: string, subject: string, lastSignInAt: Date | null) =>
      withTenant(db, tenantId, async (tx) => {
        const provider = await tx
          .insertInto("identity_providers")
          .values({
            tenant_id: tenantId,
            kind: "microsoft",
            display_name: displayName,
            issuer: "https://login.microsoftonline.com/00000000-0000-0000-0000-00000000000a/v2.0",
            entra_tenant_id: "00000000-0000-0000-0000-00000000000a",
            client_id: "chorus",
            client_secret_encrypted: sealedSecret,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await tx
          .insertInto("sso_identities")
          .values({
            tenant_id: tenantId,
            provider_id: provider.id,
            subject,
            user_id: me.user.id,
            created_at: new Date("2026-03-01T08:00:00Z"),
            last_sign_in_at: lastSignInAt,
          })
          .execute();
      });
    const subject = `oid-${randomUUID()}`;
    const otherSubject = `oid-${randomUUID()}`;
    await bind(tenant.id, "Microsoft <Firma>", subject, new Date("2026-11-30T07:15:00Z"));
    await bind(other.id, "Anderswo-Login", otherSubject, null);
    const externalId = `00u${uniqueId()}`;
    await withTenant(db, tenant.id, (tx) =>
      tx
        .updateTable("memberships")
        .set({ scim_external_id: externalId })
        .where("id", "=", me.membership.id)
        .execute(),
    );

    const doc = await withTenant(db, tenant.id, (tx) =>
      collectMemberExport(tx, { tenantId: tenant.id, membershipId: me.membership.id }),
    );
    expect(doc.ssoIdentities).toEqual([
      {
        provider: "Microsoft <Firma>",
        kind: "microsoft",
        subject,
        createdAt: "2026-03-01T08:00:00.000Z",
        lastSignInAt: "2026-11-30T07:15:00.000Z",
      },
    ]);
    expect(doc.membership.scimExternalId).toBe(externalId);
    const json = JSON.stringify(doc);
    expect(json).not.toContain(otherSubject);
    expect(json).not.toContain("Anderswo-Login");
    expect(json).not.toContain(sealedSecret);

    // the readable summary shows the same, escaped
    const html = renderExportSummary(doc, "de");
    expect(html).toContain("Single Sign-on");
    expect(html).toContain("Microsoft &lt;Firma&gt;");
    expect(html).toContain(subject);
    expect(html).toContain(externalId);
    expect(html).not.toContain(otherSubject);
  });
});
