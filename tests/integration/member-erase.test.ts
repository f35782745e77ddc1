import { execFile } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asOwner, database, openDatabase, type DatabaseHandle, type DB } from "~/db/client.ts";
import type { Database } from "~/db/schema.ts";
import { withTenant } from "~/db/tenant.ts";
import { closeQueue, enqueue, QUEUE_NAME } from "~/jobs/queue.ts";
import { sendRenderedEmail } from "~/emails/send.ts";
import { contentHash, type StatementContent } from "~/app/modules/goals/statement.ts";
import {
  appContext,
  linkedInServerConfig,
  tokenContext,
} from "~/app/modules/profiles/linkedin-config.server.ts";
import { seal } from "~/app/modules/profiles/secret-box.server.ts";
import { eraseMember, payloadOfTenant } from "~/app/modules/privacy/erase-member.server.ts";
import { clearLinkCache, resolveLink } from "~/app/modules/tracking/resolve-link.server.ts";
import {
  getStatementForViewer,
  listReleasedStatementsForTenant,
} from "~/app/modules/goals/statements.server.ts";
import { parsePeriod } from "~/app/modules/goals/period.ts";
import { creditJson } from "~/app/modules/credit/json.ts";
import { generateToken, hashToken } from "~/app/modules/auth/tokens.server.ts";
import { acceptInvitation } from "~/app/modules/tenancy/accept-invitation.server.ts";
import { inviteMember } from "~/app/modules/tenancy/invite-member.server.ts";
import { updateMember } from "~/app/modules/tenancy/update-member.server.ts";
import { deactivateMember, reactivateMember } from "~/app/modules/tenancy/deactivate-member.server.ts";
import { ForbiddenError, NotFoundError } from "~/app/lib/errors.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import { identityProviderSecretContext } from "~/app/modules/sso/identity-provider-secret.server.ts";
import { signInWithSso } from "~/app/modules/sso/sign-in-with-sso.server.ts";
import { startFakeLinkedIn, type FakeLinkedIn } from "~/tests/fakes/linkedin.ts";
import { chorus } from "~/tests/support/cli.ts";
import { addMember, asMember, createTenant, createUser, uniqueId } from "~/tests/support/factories.ts";

/**
 * GDPR Art. 17 (issue 13): after erasing a person from a tenant, a full dump of the database names
 * them nowhere, while the tenant's totals (ledger, shares, clicks, reach) are what they were.
 */

const run = promisify(execFile);
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let linkedin: FakeLinkedIn;
let mailDir: string;

beforeAll(async () => {
  linkedin = await startFakeLinkedIn();
  process.env.LINKEDIN_AUTH_BASE_URL = linkedin.url;
  process.env.LINKEDIN_API_BASE_URL = linkedin.url;
  process.env.SECRETS_KEY = randomBytes(32).toString("base64");
  process.env.REDIS_URL = redisUrl;
  process.env.QUEUE_PREFIX = `chorus-test-${randomUUID()}`;
  mailDir = await mkdtemp(join(tmpdir(), "chorus-erase-mail-"));
  process.env.MAIL_DIR = mailDir;
  delete process.env.RESEND_API_KEY;
});

afterAll(async () => {
  await closeQueue();
  await linkedin.close();
  await rm(mailDir, { recursive: true, force: true });
});

interface Seeded {
  tenantId: string;
  slug: string;
  adminMember: ReturnType<typeof asMember>;
  personMembershipId: string;
  personUserId: string;
  statementId: string;
  linkedinToken: string;
}

/** A tenant with an admin, a manager, a colleague and the person, who has data in every category. */
async function seedPerson(
  db: DB,
  person: { email: string; name: string },
  opts: { tenantId?: string; userId?: string } = {},
): Promise<Seeded> {
  const tenant = opts.tenantId ? { id: opts.tenantId } : await createTenant(db);
  const slug = (
    await db.selectFrom("tenants").select("slug").where("id", "=", tenant.id).executeTakeFirstOrThrow()
  ).slug;
  const adminUser = await createUser(db);
  const admin = await addMember(db, tenant.id, adminUser.id, ["admin", "employee"]);
  const managerUser = await createUser(db, { name: `Manfred Vorgesetzter ${uniqueId()}` });
  const manager = await addMember(db, tenant.id, managerUser.id, ["manager", "employee"]);
  const colleagueUser = await createUser(db);
  const colleague = await addMember(db, tenant.id, colleagueUser.id, ["employee"]);
  const user = opts.userId ? { id: opts.userId } : await createUser(db, person);
  const me = await addMember(db, tenant.id, user.id, ["employee", "comms_lead"], { managerId: manager.id });
  const key = linkedInServerConfig().key!;
  const linkedinToken = `AQ-erase-${uniqueId()}`;
  const now = new Date();

  const statementId = await withTenant(db, tenant.id, async (tx) => {
    const t = tenant.id;
    // invitations: one to the person's address (a resend), one the person sent
    await tx
      .insertInto("invitations")
      .values({
        tenant_id: t,
        email: person.email,
        name: person.name,
        roles: ["employee"],
        token_hash: uniqueId(),
        invited_by: adminUser.id,
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute();
    await tx
      .insertInto("invitations")
      .values({
        tenant_id: t,
        email: `friend-${uniqueId()}@example.test`,
        name: "Freund",
        roles: ["employee"],
        token_hash: uniqueId(),
        invited_by: user.id,
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute();
    // and one to another address under their name (a private address, say): the name goes too
    await tx
      .insertInto("invitations")
      .values({
        tenant_id: t,
        email: `private-${uniqueId()}@example.test`,
        name: person.name,
        roles: ["employee"],
        token_hash: uniqueId(),
        invited_by: adminUser.id,
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute();
    // content: a post by the admin, the person's suggestion and escalation
    const post = await tx
      .insertInto("posts")
      .values({
        tenant_id: t,
        slug: `p-${uniqueId()}`,
        kind: "link",
        title: "Neues Werk",
        url: "https://firma.example/werk",
        status: "published",
        published_at: now,
        author_id: admin.id,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("suggestions")
      .values({
        tenant_id: t,
        suggester_id: me.id,
        url: "https://firma.example/idee",
        reason: `Vorschlag von ${person.name}`,
      })
      .execute();
    // the name as text rarely spells it whole: surname alone, in capitals, a slug, URL-encoded, the address's local part
    const [first, ...rest] = person.name.split(" ");
    const last = rest.at(-1) ?? first!;
    const local = person.email.split("@")[0]!;
    await tx
      .insertInto("suggestions")
      .values({
        tenant_id: t,
        suggester_id: colleague.id,
        url: `https://firma.example/team/${person.name.toLowerCase().replaceAll(" ", "-")}?q=${encodeURIComponent(person.name)}`,
        reason: `Frau ${last} hat recht; frag ${local}`,
      })
      .execute();
    await tx
      .insertInto("post_versions")
      .values({
        tenant_id: t,
        post_id: post.id,
        version: 1,
        snapshot: JSON.stringify({
          title: "Neues Werk",
          body: `Mit ${person.name.toUpperCase()}`,
          author: { name: person.name },
        }),
        created_by: me.id,
      })
      .execute();
    await tx
      .insertInto("post_transitions")
      .values({
        tenant_id: t,
        post_id: post.id,
        version: 1,
        actor_id: me.id,
        action: "approve",
        reason: `Freigegeben von ${person.name}; ${first} und Frau ${last.toUpperCase()} fanden es gut`,
        from_status: "in_review",
        to_status: "approved",
      })
      .execute();
    await tx
      .insertInto("api_tokens")
      .values({ tenant_id: t, name: `Token von ${first}`, token_hash: uniqueId(), created_by: user.id })
      .execute();
    await tx
      .insertInto("escalations")
      .values({
        tenant_id: t,
        reporter_id: me.id,
        url: "https://social.example/thread",
        note: `Gemeldet von ${person.name} (${person.email})`,
      })
      .execute();
    // shares, link codes, clicks, reach
    for (const network of ["linkedin", "x"] as const) {
      const code = `c${uniqueId()}`;
      const share = await tx
        .insertInto("shares")
        .values({
          tenant_id: t,
          post_id: post.id,
          membership_id: me.id,
          network,
          text: `Stolz! — ${person.name}`,
          channel: "intent",
          code,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx
        .insertInto("link_codes")
        .values({
          code,
          tenant_id: t,
          share_id: share.id,
          sharer_user_id: user.id,
          destination: "https://firma.example/werk",
        })
        .execute();
      for (let i = 0; i < 3; i++) {
        await tx
          .insertInto("click_events")
          .values({
            tenant_id: t,
            share_id: share.id,
            event_key: `e-${uniqueId()}`,
            clicked_at: now,
            visitor_hash: uniqueId(),
            is_bot: false,
          })
          .execute();
      }
      await tx
        .insertInto("points_ledger")
        .values({
          tenant_id: t,
          membership_id: me.id,
          source_type: "share",
          source_id: share.id,
          points: 10,
          occurred_on: "2026-07-01",
          detail: JSON.stringify({ network }),
        })
        .execute();
    }
    for (const [dimension, key] of [
      ["member", me.id],
      ["tenant", ""],
      ["post", post.id],
    ] as const) {
      await tx
        .insertInto("reach_daily")
        .values({ tenant_id: t, day: "2026-07-01", dimension, key, shares: 2, clicks: 6, unique_visitors: 6 })
        .execute();
    }
    // recognition: kudos both ways, preferences, consent, digest
    await tx
      .insertInto("kudos")
      .values({
        tenant_id: t,
        from_membership_id: me.id,
        to_membership_id: colleague.id,
        reason: "Danke für die Hilfe!",
      })
      .execute();
    await tx
      .insertInto("kudos")
      .values({
        tenant_id: t,
        from_membership_id: colleague.id,
        to_membership_id: me.id,
        reason: `Super Beitrag, ${person.name.toUpperCase()}!`,
      })
      .execute();
    // a reason at the 280-character limit naming them: the pseudonym is longer than a short name
    const tail = ` Danke, ${person.name}!`;
    await tx
      .insertInto("kudos")
      .values({
        tenant_id: t,
        from_membership_id: colleague.id,
        to_membership_id: me.id,
        reason: "Ein langer Dank. ".repeat(20).slice(0, 280 - tail.length) + tail,
      })
      .execute();
    await tx
      .insertInto("recognition_preferences")
      .values({ tenant_id: t, membership_id: me.id, leaderboard_opt_in: true, updated_at: now })
      .execute();
    await tx
      .insertInto("advocacy_consents")
      .values({ tenant_id: t, membership_id: me.id, consent_version: "2" })
      .execute();
    await tx
      .insertInto("digest_preferences")
      .values({ tenant_id: t, membership_id: me.id, weekly_digest: true })
      .execute();
    // goals: an agreement, a locked and exported statement naming employee and manager, the access log
    const agreement = await tx
      .insertInto("goal_agreements")
      .values({
        tenant_id: t,
        employee_id: me.id,
        manager_id: manager.id,
        period_kind: "quarter",
        period_label: "2026-Q3",
        starts_on: "2026-07-01",
        ends_on: "2026-09-30",
        status: "closed",
        accepted_at: now,
        closed_at: now,
        updated_at: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const content = {
      version: 2,
      tenant: { id: t, name: "Firma" },
      employee: { membershipId: me.id, name: person.name, team: null },
      manager: { membershipId: manager.id, name: managerUser.name },
      note: `contact: ${person.email}`,
    } as unknown as StatementContent;
    const statement = await tx
      .insertInto("credit_statements")
      .values({
        tenant_id: t,
        agreement_id: agreement.id,
        employee_id: me.id,
        manager_id: manager.id,
        period_label: "2026-Q3",
        starts_on: "2026-07-01",
        ends_on: "2026-09-30",
        content: JSON.stringify(content),
        content_hash: contentHash(content),
        released_at: now,
        release_mode: "employee",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await tx
      .insertInto("credit_access_log")
      .values({
        tenant_id: t,
        subject_membership_id: me.id,
        actor_membership_id: manager.id,
        action: "export.pdf",
        statement_id: statement.id,
      })
      .execute();
    await tx
      .insertInto("credit_access_log")
      .values({
        tenant_id: t,
        subject_membership_id: colleague.id,
        actor_membership_id: me.id,
        action: "statement.viewed",
      })
      .execute();
    // audit: as actor, as subject, in data
    await tx
      .insertInto("audit_events")
      .values({
        tenant_id: t,
        actor_user_id: user.id,
        action: "share.created",
        subject: me.id,
        data: JSON.stringify({ by: person.name, email: person.email, userId: user.id }),
      })
      .execute();
    await tx
      .insertInto("audit_events")
      .values({
        tenant_id: t,
        actor_user_id: adminUser.id,
        action: "invitation.sent",
        subject: person.email,
        data: JSON.stringify({ name: person.name }),
      })
      .execute();
    // social profile and a LinkedIn grant (the tenant's app, the token sealed as the app stores it)
    await tx
      .insertInto("social_profiles")
      .values({
        tenant_id: t,
        membership_id: me.id,
        network: "linkedin",
        handle: "zq-profile",
        updated_at: now,
      })
      .execute();
    if (!opts.tenantId) {
      await tx
        .insertInto("linkedin_apps")
        .values({
          tenant_id: t,
          client_id: linkedin.clientId,
          client_secret_encrypted: seal(key, linkedin.clientSecret, appContext(t)),
          enabled: true,
          updated_at: now,
        })
        .execute();
    }
    await tx
      .insertInto("linkedin_connections")
      .values({
        tenant_id: t,
        membership_id: me.id,
        linkedin_member_id: "li-zq",
        access_token_encrypted: seal(key, linkedinToken, tokenContext(t, me.id)),
        expires_at: new Date(Date.now() + 86_400_000),
        scope: "openid profile w_member_social",
      })
      .execute();
    // a job that failed with their address, an export of their data
    await tx
      .insertInto("job_failures")
      .values({
        tenant_id: t,
        job_name: "send-email",
        job_id: `j-${uniqueId()}`,
        payload: JSON.stringify({ to: person.email, tenantId: t }),
        error: "refused",
        attempts: 5,
      })
      .execute();
    await tx
      .insertInto("data_exports")
      .values({
        tenant_id: t,
        membership_id: colleague.id,
        requested_by: colleague.id,
        status: "ready",
        content: JSON.stringify({ kudos: [{ from: person.name }] }),
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute();
    // another colleague's export naming them by surname only
    await tx
      .insertInto("data_exports")
      .values({
        tenant_id: t,
        membership_id: admin.id,
        requested_by: admin.id,
        status: "ready",
        content: JSON.stringify({ kudos: [{ reason: `Danke, Frau ${last}!` }] }),
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute();
    await tx
      .insertInto("data_exports")
      .values({
        tenant_id: t,
        membership_id: me.id,
        requested_by: me.id,
        status: "ready",
        content: JSON.stringify({ profile: { name: person.name, email: person.email } }),
        expires_at: new Date(Date.now() + 86_400_000),
      })
      .execute();
    return statement.id;
  });
  // global rows: a session and a sign-in link
  await db
    .insertInto("sessions")
    .values({
      id: createHash("sha256").update(uniqueId()).digest("hex"),
      user_id: user.id,
      expires_at: new Date(Date.now() + 86_400_000),
      absolute_expires_at: new Date(Date.now() + 86_400_000),
    })
    .execute();
  await db
    .insertInto("sign_in_tokens")
    .values({
      token_hash: uniqueId(),
      email: person.email,
      tenant_slug: slug,
      expires_at: new Date(Date.now() + 600_000),
    })
    .execute();
  // a Stripe webhook naming them as the billing contact (checkout creates the customer with an admin's address)
  await db
    .insertInto("stripe_events")
    .values({
      id: `evt_${uniqueId()}`,
      type: "customer.updated",
      tenant_id: tenant.id,
      stripe_created_at: now,
      processed_at: now,
      payload: JSON.stringify({
        data: {
          object: {
            object: "customer",
            email: person.email,
            name: person.name,
            metadata: { tenant_id: tenant.id },
          },
        },
      }),
    })
    .execute();
  return {
    tenantId: tenant.id,
    slug,
    adminMember: asMember(tenant.id, admin, adminUser),
    personMembershipId: me.id,
    personUserId: user.id,
    statementId,
    linkedinToken,
  };
}

/** What must add up the same before and after an erasure. */
async function totals(db: DB, tenantId: string) {
  return withTenant(db, tenantId, async (tx) => {
    const one = async (q: Promise<{ n: unknown } | undefined>) => String((await q)?.n ?? "0");
    return {
      ledger: await one(
        tx
          .selectFrom("points_ledger")
          .select(sql<string>`coalesce(sum(points), 0)::text`.as("n"))
          .where("tenant_id", "=", tenantId)
          .executeTakeFirst(),
      ),
      shares: await one(
        tx
          .selectFrom("shares")
          .select(sql<string>`count(*)::text`.as("n"))
          .where("tenant_id", "=", tenantId)
          .executeTakeFirst(),
      ),
      clicks: await one(
        tx
          .selectFrom("click_events")
          .select(sql<string>`count(*)::text`.as("n"))
          .where("tenant_id", "=", tenantId)
          .executeTakeFirst(),
      ),
      reach: await one(
        tx
          .selectFrom("reach_daily")
          .select(sql<string>`(sum(shares) || '/' || sum(clicks) || '/' || sum(unique_visitors))`.as("n"))
          .where("tenant_id", "=", tenantId)
          .executeTakeFirst(),
      ),
      kudos: await one(
        tx
          .selectFrom("kudos")
          .select(sql<string>`count(*)::text`.as("n"))
          .where("tenant_id", "=", tenantId)
          .executeTakeFirst(),
      ),
    };
  });
}

/** Every spelling a dump could carry the person in: as written, lower case, JSON-escaped, URL-encoded, a slug, each word of three letters or more, the address's local part. */
function traces(person: { email: string; name: string }): string[] {
  const words = person.name.split(" ").filter((w) => w.length >= 3);
  const slug = person.name.toLowerCase().replaceAll(" ", "-");
  return [
    person.email,
    person.name,
    person.email.split("@")[0]!,
    JSON.stringify(person.name).slice(1, -1),
    encodeURIComponent(person.name),
    slug,
    ...words,
  ];
}

function expectNoTrace(dump: string, person: { email: string; name: string }) {
  const lines = dump.split("\n");
  for (const trace of traces(person)) {
    const line = lines.find((l) => l.toLowerCase().includes(trace.toLowerCase()));
    expect(line?.slice(0, 600), `the dump still contains "${trace}"`).toBeUndefined();
  }
}

async function seedOutsideTheDatabase(person: { email: string; name: string }) {
  // a mail waiting in Redis (delayed: no worker runs here) and one in the development outbox
  await enqueue(
    "send-email",
    {
      to: person.email,
      locale: "de",
      template: "review-requested",
      idempotencyKey: randomUUID(),
      props: {
        url: "https://chorus.example/x",
        postTitle: "Werk",
        authorName: person.name,
        tenantName: "Firma",
      },
    },
    { delayMs: 3_600_000 },
  );
  await sendRenderedEmail(
    {
      to: person.email,
      subject: `Hallo ${person.name}`,
      html: `<p>Hallo ${person.name}</p>`,
      text: `Hallo ${person.name}`,
    },
    { idempotencyKey: randomUUID() },
  );
  // the queue's event log: what BullMQ writes when a mail to them failed (the job itself long removed)
  const client = new Redis(redisUrl);
  try {
    await client.xadd(
      eventsKey(),
      "*",
      "event",
      "failed",
      "jobId",
      "send-email-1",
      "failedReason",
      `Resend refused the email to ${person.email} (422 validation_error): invalid`,
      "prev",
      "active",
    );
    await client.xadd(
      eventsKey(),
      "*",
      "event",
      "completed",
      "jobId",
      "rollup-1",
      "returnvalue",
      "null",
      "prev",
      "active",
    );
  } finally {
    await client.quit();
  }
}

async function queueEventsMentioning(text: string): Promise<{ mentioning: number; others: boolean }> {
  const client = new Redis(redisUrl);
  try {
    const entries = await client.xrange(eventsKey(), "-", "+");
    return {
      mentioning: entries.filter(([, f]) => f.join(" ").toLowerCase().includes(text.toLowerCase())).length,
      others: entries.some(([, f]) => f.includes("rollup-1")),
    };
  } finally {
    await client.quit();
  }
}

/** BullMQ's event log of the test's queue. */
function eventsKey(): string {
  return `${process.env.QUEUE_PREFIX}:${QUEUE_NAME}:events`;
}

async function redisJobsMentioning(text: string): Promise<number> {
  const queue = new Queue(QUEUE_NAME, { connection: { url: redisUrl }, prefix: process.env.QUEUE_PREFIX });
  try {
    const jobs = await queue.getJobs(["waiting", "delayed", "prioritized", "failed", "completed"]);
    return jobs.filter((j) => JSON.stringify(j.data).toLowerCase().includes(text.toLowerCase())).length;
  } finally {
    await queue.close();
  }
}

async function outboxMentioning(text: string): Promise<number> {
  const { readFile } = await import("node:fs/promises");
  let found = 0;
  for (const file of await readdir(mailDir))
    if ((await readFile(join(mailDir, file), "utf8")).toLowerCase().includes(text.toLowerCase())) found++;
  return found;
}

describe("erasing a person on PostgreSQL", () => {
  const person = { email: `zerline.quastenhuber.${uniqueId()}@erase.example`, name: "Zerline Quastenhuber" };

  it(
    "leaves no trace of the email and name in a full dump, keeps the tenant's totals, revokes LinkedIn",
    { timeout: 60_000 },
    async () => {
      const { db } = await database();
      const seeded = await seedPerson(db, person);
      await seedOutsideTheDatabase(person);
      expect(await redisJobsMentioning(person.email)).toBe(1);
      expect(await outboxMentioning(person.email)).toBe(1);
      expect(await queueEventsMentioning(person.email)).toEqual({ mentioning: 1, others: true });
      const url = process.env.DATABASE_URL!;
      // the test can fail: before the erasure the dump names the person
      const before = (await run("/usr/bin/pg_dump", ["--data-only", url], { maxBuffer: 256 * 1024 * 1024 }))
        .stdout;
      expect(before).toContain(person.name);
      expect(before).toContain(person.email);
      const totalsBefore = await totals(db, seeded.tenantId);

      const result = await eraseMember(db, seeded.tenantId, seeded.adminMember, {
        email: person.email.toUpperCase(),
        memberId: seeded.personMembershipId,
      });

      expect(result.pseudonym).toMatch(/^(Erased member|Gelöschtes Mitglied) [0-9a-f]{6}$/);
      expect(result.userDeleted).toBe(true);
      expect(result.exportedStatements).toBe(1);
      expect(result.counts).toMatchObject({
        linkedin_revoked: 1,
        queued_jobs: 1,
        outbox_mails: 1,
        invitations: 1,
        social_profiles: 1,
        linkedin_connections: 1,
        statements: 1,
        job_failures: 1,
        data_exports: 1,
        other_exports: 2,
      });
      expect(linkedin.revokedTokens).toEqual([seeded.linkedinToken]);
      expect(await redisJobsMentioning(person.email)).toBe(0);
      expect(await outboxMentioning(person.email)).toBe(0);
      // their entry in the queue's event log is gone, the others stay
      expect(await queueEventsMentioning(person.email)).toEqual({ mentioning: 0, others: true });

      const dump = (await run("/usr/bin/pg_dump", ["--data-only", url], { maxBuffer: 256 * 1024 * 1024 }))
        .stdout;
      expectNoTrace(dump, person);
      expect(dump).not.toContain(seeded.personUserId);
      expect(await totals(db, seeded.tenantId)).toEqual(totalsBefore);

      await withTenant(db, seeded.tenantId, async (tx) => {
        // the membership stays under the pseudonym, deactivated; its figures with it
        const membership = await tx
          .selectFrom("memberships")
          .innerJoin("users", "users.id", "memberships.user_id")
          .select(["users.name", "memberships.status"])
          .where("memberships.id", "=", seeded.personMembershipId)
          .executeTakeFirstOrThrow();
        expect(membership).toEqual({ name: result.pseudonym, status: "deactivated" });
        // the statement: pseudonymised, its hash recomputed over what it now says
        const statement = await sql<{
          content: StatementContent;
          content_hash: string;
          pseudonymised_at: Date | null;
        }>`select content, content_hash, pseudonymised_at from credit_statements where id = ${seeded.statementId}`.execute(
          tx,
        );
        const row = statement.rows[0]!;
        expect(row.content.employee.name).toBe(result.pseudonym);
        expect(row.content_hash).toBe(contentHash(row.content));
        expect(row.pseudonymised_at).toBeInstanceOf(Date);
        // the erasure's own records carry the pseudonym only
        const erasure = await tx
          .selectFrom("erasures")
          .selectAll()
          .where("tenant_id", "=", seeded.tenantId)
          .executeTakeFirstOrThrow();
        expect(erasure).toMatchObject({
          pseudonym: result.pseudonym,
          membership_id: seeded.personMembershipId,
          erased_by: seeded.adminMember.id,
        });
        const audit = await tx
          .selectFrom("audit_events")
          .select(["subject", "actor_user_id"])
          .where("tenant_id", "=", seeded.tenantId)
          .where("action", "=", "member.erased")
          .executeTakeFirstOrThrow();
        expect(audit).toEqual({ subject: result.pseudonym, actor_user_id: seeded.adminMember.userId });
        // URLs stay URLs: the one that named them (/team/zerline-quastenhuber?q=…) carries the URL-safe token, not the spaced pseudonym
        const urls = [
          ...(await tx
            .selectFrom("suggestions")
            .select("url")
            .where("tenant_id", "=", seeded.tenantId)
            .execute()),
          ...(await tx.selectFrom("posts").select("url").where("tenant_id", "=", seeded.tenantId).execute()),
          ...(await tx
            .selectFrom("link_codes")
            .select("destination as url")
            .where("tenant_id", "=", seeded.tenantId)
            .execute()),
        ].map((r) => r.url ?? "");
        for (const url of urls) {
          expect(url).not.toMatch(/\s/);
          expect(() => new URL(url), url).not.toThrow();
        }
        expect(urls).toContainEqual(
          expect.stringMatching(/\/team\/erased-[0-9a-f]{6}\?q=erased-[0-9a-f]{6}$/),
        );
      });
      expect(
        await db.selectFrom("sessions").select("id").where("user_id", "=", seeded.personUserId).execute(),
      ).toEqual([]);
    },
  );

  it("refuses a confirmation address that is not the member's, and the admin's own membership", async () => {
    const { db } = await database();
    const other = { email: `erna.falsch.${uniqueId()}@erase.example`, name: "Erna Falschadresse" };
    const seeded = await seedPerson(db, other);
    await expect(
      eraseMember(db, seeded.tenantId, seeded.adminMember, {
        email: "someone@else.example",
        memberId: seeded.personMembershipId,
      }),
    ).rejects.toThrow(/does not match/);
    await expect(
      eraseMember(db, seeded.tenantId, seeded.adminMember, {
        email: seeded.adminMember.email,
        memberId: seeded.adminMember.id,
      }),
    ).rejects.toMatchObject({ code: "self_erasure" });
    const still = await db
      .selectFrom("users")
      .select("name")
      .where("id", "=", seeded.personUserId)
      .executeTakeFirst();
    expect(still?.name).toBe(other.name);
  });

  it(
    "rewrites the texts an accepted or closed agreement freezes (0024), and the freeze still holds for everything else",
    { timeout: 30_000 },
    async () => {
      const { db } = await database();
      const frozen = { email: `friedhelm.starr.${uniqueId()}@erase.example`, name: "Friedhelm Starrkopf" };
      const seeded = await seedPerson(db, frozen);
      const t = seeded.tenantId;
      const { accepted, closed } = await withTenant(db, t, async (tx) => {
        const agreement = (label: string) =>
          tx
            .insertInto("goal_agreements")
            .values({
              tenant_id: t,
              employee_id: seeded.personMembershipId,
              period_kind: "quarter",
              period_label: label,
              starts_on: "2026-10-01",
              ends_on: "2026-12-31",
              status: "proposed",
              employee_comment: `Einverstanden, ${frozen.name}`,
              updated_at: new Date(),
            })
            .returning("id")
            .executeTakeFirstOrThrow();
        const a = await agreement("2026-Q4");
        const c = await agreement("2026-Q2");
        for (const id of [a.id, c.id]) {
          await tx
            .insertInto("goal_objectives")
            .values({
              tenant_id: t,
              agreement_id: id,
              position: 0,
              metric: "manual",
              title: `Friedhelm unterstützen`,
              target: 1,
              weight: 100,
              manual_note: `gut, ${frozen.name}`,
            })
            .execute();
        }
        await tx
          .updateTable("goal_agreements")
          .set({ status: "accepted", accepted_at: new Date() })
          .where("id", "in", [a.id, c.id])
          .execute();
        await tx
          .updateTable("goal_agreements")
          .set({
            status: "closed",
            closed_at: new Date(),
            closed_early_by: seeded.adminMember.id,
            closed_early_reason: `${frozen.name} ging früher`,
          })
          .where("id", "=", c.id)
          .execute();
        return { accepted: a.id, closed: c.id };
      });

      const result = await eraseMember(db, t, seeded.adminMember, { email: frozen.email });

      expect(result.counts.texts_frozen).toBe(0);
      expect(result.userDeleted).toBe(true);
      const dump = (
        await run("/usr/bin/pg_dump", ["--data-only", process.env.DATABASE_URL!], {
          maxBuffer: 256 * 1024 * 1024,
        })
      ).stdout;
      expectNoTrace(dump, frozen);
      await withTenant(db, t, async (tx) => {
        const agreements = await tx
          .selectFrom("goal_agreements")
          .select(["id", "status", "employee_comment", "closed_early_reason", "pseudonymised_at"])
          .where("id", "in", [accepted, closed])
          .orderBy("period_label")
          .execute();
        expect(agreements.map((a) => [a.status, a.employee_comment, a.closed_early_reason])).toEqual([
          ["closed", `Einverstanden, ${result.pseudonym}`, `${result.pseudonym} ging früher`],
          ["accepted", `Einverstanden, ${result.pseudonym}`, null],
        ]);
        expect(agreements.every((a) => a.pseudonymised_at instanceof Date)).toBe(true);
        const titles = await tx
          .selectFrom("goal_objectives")
          .select(["title", "pseudonymised_at"])
          .where("agreement_id", "in", [accepted, closed])
          .execute();
        expect(titles.map((o) => o.title)).toEqual([
          `${result.pseudonym} unterstützen`,
          `${result.pseudonym} unterstützen`,
        ]);
        // the kudos reason at 280 characters: cut to its length, the name gone
        const reasons = await tx
          .selectFrom("kudos")
          .select("reason")
          .where("to_membership_id", "=", seeded.personMembershipId)
          .execute();
        expect(reasons.every((r) => r.reason.length <= 280)).toBe(true);
        expect(reasons.some((r) => r.reason.endsWith("…"))).toBe(true);
      });
      // the freeze holds: a comment does not change without pseudonymising, nor the period with it
      // (inside an erasure's transaction, app.erasure = 'on', as eraseMember sets it)
      const refused = (change: Record<string, unknown>, erasure = true) =>
        withTenant(db, t, async (tx) => {
          if (erasure) await sql`select set_config('app.erasure', 'on', true)`.execute(tx);
          await tx
            .updateTable("goal_agreements")
            .set(change as never)
            .where("id", "=", accepted)
            .execute();
        });
      await expect(refused({ employee_comment: "forged" })).rejects.toMatchObject({ code: "23514" });
      await expect(
        refused({
          employee_comment: "forged",
          period_label: "2027-Q1",
          pseudonymised_at: new Date(Date.now() + 1000),
        }),
      ).rejects.toMatchObject({ code: "23514" });
      await expect(
        refused({ employee_comment: null, pseudonymised_at: new Date(Date.now() + 2000) }),
      ).rejects.toMatchObject({ code: "23514" });
      await expect(
        withTenant(db, t, async (tx) => {
          await sql`select set_config('app.erasure', 'on', true)`.execute(tx);
          await tx
            .updateTable("goal_objectives")
            .set({ target: 5, pseudonymised_at: new Date(Date.now() + 3000) })
            .where("agreement_id", "=", accepted)
            .execute();
        }),
      ).rejects.toMatchObject({ code: "23514" });
      // outside an erasure, setting pseudonymised_at does not unfreeze the texts: not the comment, the closing reason or a title
      await expect(
        refused({ employee_comment: "forged", pseudonymised_at: new Date(Date.now() + 4000) }, false),
      ).rejects.toMatchObject({ code: "42501" });
      await expect(
        withTenant(db, t, (tx) =>
          tx
            .updateTable("goal_agreements")
            .set({ closed_early_reason: "forged", pseudonymised_at: new Date(Date.now() + 5000) })
            .where("id", "=", closed)
            .execute(),
        ),
      ).rejects.toMatchObject({ code: "42501" });
      await expect(
        withTenant(db, t, (tx) =>
          tx
            .updateTable("goal_objectives")
            .set({ title: "forged", pseudonymised_at: new Date(Date.now() + 6000) })
            .where("agreement_id", "=", accepted)
            .execute(),
        ),
      ).rejects.toMatchObject({ code: "23514" });
      // the same without the setting succeeds with it (the test can tell the setting apart)
      await refused({ employee_comment: "rewritten", pseudonymised_at: new Date(Date.now() + 7000) });
    },
  );

  it(
    "finds a short name (two letters each), a single-word name and their address in any spelling, and keeps a first name another member shares",
    { timeout: 60_000 },
    async () => {
      const { db } = await database();
      const short = { email: `li.wu.${uniqueId()}@erase.example`, name: "Li Wu" };
      const seeded = await seedPerson(db, short);
      const t = seeded.tenantId;
      // a single-word display name in the same tenant, erased too; and a colleague called Anna, like her
      const mononym = { email: `kirra.${uniqueId()}@erase.example`, name: "Kirra" };
      const kirraUser = await createUser(db, mononym);
      const kirra = await addMember(db, t, kirraUser.id, ["employee"]);
      const annaUser = await createUser(db, { name: "Anna Berger" });
      const anna = await addMember(db, t, annaUser.id, ["employee"]);
      const annaToo = { email: `anna.sommer.${uniqueId()}@erase.example`, name: "Anna Sommer" };
      const annaTooUser = await createUser(db, annaToo);
      const annaTooMember = await addMember(db, t, annaTooUser.id, ["employee"]);
      await withTenant(db, t, async (tx) => {
        await tx
          .insertInto("kudos")
          .values({
            tenant_id: t,
            from_membership_id: kirra.id,
            to_membership_id: seeded.personMembershipId,
            reason: `Danke Li Wu und li-wu, Grüße aus Wuppertal; KIRRA war's, Kirra hilft`,
          })
          .execute();
        await tx
          .insertInto("kudos")
          .values({
            tenant_id: t,
            from_membership_id: seeded.personMembershipId,
            to_membership_id: annaTooMember.id,
            reason: `Danke Anna und Frau Sommer (${annaToo.email.split("@")[0]})`,
          })
          .execute();
      });
      // a surname that is a German noun: replaced where people are spoken of, not in the company's posts
      // an address whose local part is just the surname: it must not turn every "koch" into the pseudonym
      const recipeCode = `c${uniqueId()}`;
      const koch = { email: `koch@k${uniqueId()}.erase.example`, name: "Jonas Koch" };
      const kochUser = await createUser(db, koch);
      const kochMember = await addMember(db, t, kochUser.id, ["employee"]);
      await withTenant(db, t, async (tx) => {
        await tx
          .insertInto("posts")
          .values({
            tenant_id: t,
            slug: `kantine-${uniqueId()}`,
            kind: "text",
            title: "Kantine",
            body: "Unser Koch empfiehlt heute Spätzle.",
            status: "draft",
            author_id: seeded.adminMember.id,
            updated_at: new Date(),
          })
          .execute();
        await tx
          .insertInto("kudos")
          .values({
            tenant_id: t,
            from_membership_id: kirra.id,
            to_membership_id: kochMember.id,
            reason: "Danke, Herr Koch!",
          })
          .execute();
        // a colleague's tracked link to a company page whose address has the word in it
        const recipes = await tx
          .insertInto("posts")
          .values({
            tenant_id: t,
            slug: `koch-${uniqueId()}`,
            kind: "link",
            title: "Rezepte",
            url: "https://firma.example/Koch/rezepte",
            status: "published",
            published_at: new Date(),
            author_id: seeded.adminMember.id,
            updated_at: new Date(),
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const share = await tx
          .insertInto("shares")
          .values({
            tenant_id: t,
            post_id: recipes.id,
            membership_id: anna.id,
            network: "linkedin",
            text: "Lecker",
            channel: "intent",
            code: recipeCode,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await tx
          .insertInto("link_codes")
          .values({
            code: recipeCode,
            tenant_id: t,
            share_id: share.id,
            sharer_user_id: annaUser.id,
            destination: "https://firma.example/Koch/rezepte?utm_source=linkedin",
          })
          .execute();
      });
      const totalsBefore = await totals(db, t);

      await eraseMember(db, t, seeded.adminMember, { email: koch.email });
      await eraseMember(db, t, seeded.adminMember, { email: short.email });
      // Kirra had left already (deactivated): erasure is for them too
      await withTenant(db, t, (tx) =>
        tx.updateTable("memberships").set({ status: "deactivated" }).where("id", "=", kirra.id).execute(),
      );
      await eraseMember(db, t, seeded.adminMember, { email: mononym.email });
      await eraseMember(db, t, seeded.adminMember, { email: annaToo.email });

      const dump = (
        await run("/usr/bin/pg_dump", ["--data-only", process.env.DATABASE_URL!], {
          maxBuffer: 256 * 1024 * 1024,
        })
      ).stdout;
      expectNoTrace(dump, short);
      expectNoTrace(dump, mononym);
      expect(dump.toLowerCase()).not.toContain("sommer");
      expect(dump.toLowerCase()).not.toContain(annaToo.email.split("@")[0]);
      // words are replaced whole: Wuppertal stays; Anna Berger's first name stays in "Danke Anna"
      expect(dump).toContain("Grüße aus Wuppertal");
      expect(dump).toContain("Unser Koch empfiehlt heute Spätzle.");
      expect(dump).not.toContain(koch.email.split("@")[1]);
      clearLinkCache();
      expect((await resolveLink(recipeCode))?.destination).toBe(
        "https://firma.example/Koch/rezepte?utm_source=linkedin",
      );
      expect(dump).not.toContain("Herr Koch");
      expect(dump.toLowerCase()).not.toContain("jonas");
      expect(dump).toMatch(/Danke Anna und Frau (Gelöschtes Mitglied|Erased member) [0-9a-f]{6}/);
      expect(await totals(db, t)).toEqual(totalsBefore);
    },
  );

  it(
    "erases a manager with reports: the reports keep their manager (now the pseudonym), agreements and statements name nobody",
    { timeout: 30_000 },
    async () => {
      const { db } = await database();
      const report = { email: `rupert.untergeben.${uniqueId()}@erase.example`, name: "Rupert Untergeben" };
      const seeded = await seedPerson(db, report);
      const t = seeded.tenantId;
      const manager = await withTenant(db, t, (tx) =>
        tx
          .selectFrom("memberships")
          .innerJoin("users", "users.id", "memberships.user_id")
          .select(["memberships.id", "users.email", "users.name"])
          .where(
            "memberships.id",
            "=",
            sql<string>`(select manager_id from memberships where id = ${seeded.personMembershipId})`,
          )
          .executeTakeFirstOrThrow(),
      );
      // a name of their own: every seeded tenant's manager is a "Manfred Vorgesetzter …", and other tenants' people stay
      const renamed = { email: manager.email, name: `Quirin Zabelsberg-Obermaier` };
      await db.updateTable("users").set({ name: renamed.name }).where("email", "=", manager.email).execute();
      const totalsBefore = await totals(db, t);
      const reportMember = {
        id: seeded.personMembershipId,
        tenantId: t,
        userId: seeded.personUserId,
        name: report.name,
        email: report.email,
        roles: ["employee" as const],
        teamId: null,
        managerId: manager.id,
      };
      const before = await withTenant(db, t, (tx) =>
        getStatementForViewer(tx, reportMember, seeded.statementId),
      );
      expect(before.pseudonymisedAt).toBeNull();

      const result = await eraseMember(db, t, seeded.adminMember, {
        email: manager.email,
        memberId: manager.id,
      });

      const dump = (
        await run("/usr/bin/pg_dump", ["--data-only", process.env.DATABASE_URL!], {
          maxBuffer: 256 * 1024 * 1024,
        })
      ).stdout;
      expectNoTrace(dump, renamed);
      // the statement embedded the name they had then: replaced by id
      expect(dump).not.toContain(manager.name);
      expect(dump).toContain(report.name);
      expect(await totals(db, t)).toEqual(totalsBefore);
      await withTenant(db, t, async (tx) => {
        const mine = await tx
          .selectFrom("memberships")
          .select(["manager_id", "status"])
          .where("id", "=", seeded.personMembershipId)
          .executeTakeFirstOrThrow();
        expect(mine).toEqual({ manager_id: manager.id, status: "active" });
        const statement = await sql<{
          content: StatementContent;
        }>`select content from credit_statements where id = ${seeded.statementId}`.execute(tx);
        expect(statement.rows[0]!.content.manager).toMatchObject({
          membershipId: manager.id,
          name: result.pseudonym,
        });
        expect(statement.rows[0]!.content.employee.name).toBe(report.name);
      });
      // the report's statement page: the pseudonym, a check sum that verifies, and when it was pseudonymised
      const after = await withTenant(db, t, (tx) =>
        getStatementForViewer(tx, reportMember, seeded.statementId),
      );
      expect(after.content.manager?.name).toBe(result.pseudonym);
      expect(after.hashVerifies).toBe(true);
      expect(after.pseudonymisedAt).toBeInstanceOf(Date);
      // the JSON export (an HR system through the API) says so for that statement
      const period = parsePeriod({ period: "2026-Q3" })!;
      const exported = creditJson(
        await withTenant(db, t, (tx) => listReleasedStatementsForTenant(tx, t, period)),
        period,
      );
      const mine = exported.statements.find((x) => x.id === seeded.statementId)!;
      expect(mine.pseudonymisedAt).toBe(after.pseudonymisedAt!.toISOString());
      expect(mine.content.manager?.name).toBe(result.pseudonym);
    },
  );

  it(
    "refuses an admin of another tenant and the tenant's last active admin; erasing twice or at once erases once",
    { timeout: 30_000 },
    async () => {
      const { db } = await database();
      const person = { email: `bettina.doppelt.${uniqueId()}@erase.example`, name: "Bettina Doppelt" };
      const seeded = await seedPerson(db, person);
      const elsewhere = await seedPerson(db, {
        email: `other.${uniqueId()}@erase.example`,
        name: "Olga Anderswo",
      });
      // an admin of another tenant, naming this tenant and this member
      await expect(
        eraseMember(db, seeded.tenantId, elsewhere.adminMember, {
          email: person.email,
          memberId: seeded.personMembershipId,
        }),
      ).rejects.toBeInstanceOf(ForbiddenError);
      // the last active admin (the operator through the CLI has no membership)
      await expect(
        eraseMember(db, seeded.tenantId, null, { email: seeded.adminMember.email }),
      ).rejects.toMatchObject({ code: "last_admin" });

      const both = await Promise.allSettled([
        eraseMember(db, seeded.tenantId, seeded.adminMember, { email: person.email }),
        eraseMember(db, seeded.tenantId, seeded.adminMember, { email: person.email }),
      ]);
      expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
      expect((both.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toBeInstanceOf(
        NotFoundError,
      );
      await expect(
        eraseMember(db, seeded.tenantId, seeded.adminMember, { email: person.email }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await withTenant(db, seeded.tenantId, async (tx) => {
        expect(await tx.selectFrom("erasures").select("id").execute()).toHaveLength(1);
      });
    },
  );

  it(
    "a person invited again after the erasure starts afresh: a new membership with none of the old data",
    { timeout: 30_000 },
    async () => {
      const { db } = await database();
      const person = { email: `ruth.wieder.${uniqueId()}@erase.example`, name: "Ruth Wiederkehr" };
      const seeded = await seedPerson(db, person);
      const t = seeded.tenantId;
      const erased = await eraseMember(db, t, seeded.adminMember, { email: person.email });
      expect(erased.userDeleted).toBe(true);

      const tenant = await db
        .selectFrom("tenants")
        .select(["id", "slug", "name", "default_locale", "time_zone"])
        .where("id", "=", t)
        .executeTakeFirstOrThrow();
      const info = {
        id: tenant.id,
        slug: tenant.slug,
        name: tenant.name,
        defaultLocale: tenant.default_locale as "de" | "en",
        timeZone: tenant.time_zone,
      };
      const { invitationId } = await withTenant(db, seeded.adminMember.tenantId, (tx) =>
        inviteMember(tx, seeded.adminMember, info, {
          email: person.email,
          name: person.name,
          roles: ["employee"],
        }),
      );
      const token = generateToken();
      await withTenant(db, t, (tx) =>
        tx
          .updateTable("invitations")
          .set({ token_hash: hashToken(token) })
          .where("id", "=", invitationId)
          .execute(),
      );
      const joined = await acceptInvitation(db, tenant.slug, token);
      expect(joined.ok).toBe(true);

      await withTenant(db, t, async (tx) => {
        const memberships = await tx
          .selectFrom("memberships")
          .innerJoin("users", "users.id", "memberships.user_id")
          .select(["memberships.id", "users.name", "memberships.status"])
          .where("users.email", "=", person.email)
          .execute();
        expect(memberships).toHaveLength(1);
        const fresh = memberships[0]!;
        expect(fresh.id).not.toBe(seeded.personMembershipId);
        expect(fresh.status).toBe("active");
        for (const table of [
          "points_ledger",
          "shares",
          "social_profiles",
          "advocacy_consents",
          "goal_agreements",
        ] as const) {
          const column = table === "goal_agreements" ? "employee_id" : "membership_id";
          const { rows } = await sql<{
            n: string;
          }>`select count(*)::text as n from ${sql.table(table)} where ${sql.ref(column)} = ${fresh.id}`.execute(
            tx,
          );
          expect(rows[0]!.n, table).toBe("0");
        }
        expect(
          await tx.selectFrom("kudos").select("id").where("to_membership_id", "=", fresh.id).execute(),
        ).toEqual([]);
        // the old membership keeps its figures under the pseudonym
        const old = await tx
          .selectFrom("memberships")
          .innerJoin("users", "users.id", "memberships.user_id")
          .select("users.name")
          .where("memberships.id", "=", seeded.personMembershipId)
          .executeTakeFirstOrThrow();
        expect(old.name).toBe(erased.pseudonym);
      });
    },
  );

  it(
    "keeps the user row and the other tenant's membership of a person in two tenants",
    { timeout: 30_000 },
    async () => {
      const { db } = await database();
      const twice = { email: `ottokar.wibbelsiek.${uniqueId()}@erase.example`, name: "Ottokar Wibbelsiek" };
      const first = await seedPerson(db, twice);
      const secondTenant = await createTenant(db);
      const second = await seedPerson(db, twice, { tenantId: secondTenant.id, userId: first.personUserId });
      const secondTotals = await totals(db, second.tenantId);

      const result = await eraseMember(db, first.tenantId, first.adminMember, { email: twice.email });

      expect(result.userDeleted).toBe(false);
      const user = await db
        .selectFrom("users")
        .select(["name", "email"])
        .where("id", "=", first.personUserId)
        .executeTakeFirstOrThrow();
      expect(user).toEqual({ name: twice.name, email: twice.email });
      const kept = await withTenant(db, second.tenantId, (tx) =>
        tx
          .selectFrom("memberships")
          .select(["user_id", "status"])
          .where("id", "=", second.personMembershipId)
          .executeTakeFirstOrThrow(),
      );
      expect(kept).toEqual({ user_id: first.personUserId, status: "active" });
      // the other tenant's data about them is untouched, its Stripe events too (erase_stripe_event_mentions keeps to the current tenant)
      expect(await totals(db, second.tenantId)).toEqual(secondTotals);
      const dump = (
        await run("/usr/bin/pg_dump", ["--data-only", "--table=stripe_events", process.env.DATABASE_URL!], {
          maxBuffer: 64 * 1024 * 1024,
        })
      ).stdout;
      const events = dump.split("\n").filter((l) => l.includes(twice.email));
      expect(events).toHaveLength(1);
      expect(events[0]).toContain(second.tenantId);
      const otherProfile = await withTenant(db, second.tenantId, (tx) =>
        tx
          .selectFrom("social_profiles")
          .select("id")
          .where("membership_id", "=", second.personMembershipId)
          .execute(),
      );
      expect(otherProfile).toHaveLength(1);
      // their sessions serve the other tenant: they stay; sign-in links into the erased tenant go
      expect(
        await db.selectFrom("sessions").select("id").where("user_id", "=", first.personUserId).execute(),
      ).toHaveLength(2);
      const links = await db
        .selectFrom("sign_in_tokens")
        .select("tenant_slug")
        .where("email", "=", twice.email)
        .execute();
      expect(links.map((l) => l.tenant_slug)).toEqual([second.slug]);
      // the erased tenant no longer names them
      const namedInFirst = await withTenant(db, first.tenantId, (tx) =>
        tx
          .selectFrom("memberships")
          .innerJoin("users", "users.id", "memberships.user_id")
          .select("users.name")
          .where("memberships.tenant_id", "=", first.tenantId)
          .where("users.id", "=", first.personUserId)
          .execute(),
      );
      expect(namedInFirst).toEqual([]);
    },
  );

  it(
    "drops only the erased tenant's queued jobs: another tenant's mail to the same address or about a Koch stays, a sign-in mail too while another tenant keeps them",
    { timeout: 60_000 },
    async () => {
      const { db } = await database();
      const twice = { email: `jonas.koch.${uniqueId()}@erase.example`, name: "Jonas Koch" };
      const first = await seedPerson(db, twice);
      const second = await seedPerson(db, twice, {
        tenantId: (await createTenant(db)).id,
        userId: first.personUserId,
      });
      const mail = (to: string, url: string, authorName: string) =>
        enqueue(
          "send-email",
          {
            to,
            locale: "de",
            template: "review-requested",
            idempotencyKey: randomUUID(),
            props: { url, postTitle: "Werk", authorName, tenantName: "Firma" },
          },
          { delayMs: 3_600_000 },
        );
      await mail(twice.email, `https://chorus.example/t/${first.slug}/content/1`, "Admin");
      await mail(twice.email, `https://chorus.example/t/${second.slug}/content/1`, "Admin");
      const otherColleague = `colleague-${uniqueId()}@erase.example`;
      await mail(otherColleague, `https://chorus.example/t/${second.slug}/content/2`, "Herr Koch");
      await enqueue(
        "send-email",
        {
          to: twice.email,
          locale: "de",
          template: "magic-link",
          link: { kind: "sign-in", id: randomUUID() },
          props: { expiresInMinutes: 15 },
          idempotencyKey: randomUUID(),
        },
        { delayMs: 3_600_000 },
      );
      const client = new Redis(redisUrl);
      try {
        await client.xadd(
          eventsKey(),
          "*",
          "event",
          "failed",
          "jobId",
          `send-email-${uniqueId()}`,
          "failedReason",
          `Resend refused the email to ${twice.email} (422)`,
          "prev",
          "active",
        );
      } finally {
        await client.quit();
      }
      expect(await redisJobsMentioning(twice.email)).toBe(3);

      const result = await eraseMember(db, first.tenantId, first.adminMember, { email: twice.email });

      expect(result.userDeleted).toBe(false);
      expect(result.counts.queued_jobs).toBe(1);
      // the other tenant's mail to them and the sign-in mail (no tenant) stay, as does the other tenant's mail about a "Herr Koch"
      expect(await redisJobsMentioning(twice.email)).toBe(2);
      expect(await redisJobsMentioning(`/t/${second.slug}/content/1`)).toBe(1);
      expect(await redisJobsMentioning(otherColleague)).toBe(1);
      expect((await queueEventsMentioning(twice.email)).mentioning).toBe(1);
      // a payload names its tenant by tenantId or by a link into it
      const scope = { tenantId: first.tenantId, slug: first.slug };
      expect(payloadOfTenant({ tenantId: second.tenantId, note: "Koch" }, scope)).toBe("other");
      expect(payloadOfTenant({ link: { tenantId: first.tenantId } }, scope)).toBe("this");
      expect(payloadOfTenant({ props: { url: `https://x.example/t/${first.slug}` } }, scope)).toBe("this");
      expect(payloadOfTenant({ props: { url: `https://x.example/t/${first.slug}x/y` } }, scope)).toBe(
        "other",
      );
      expect(payloadOfTenant({ to: twice.email }, scope)).toBe("none");
    },
  );

  it(
    "finds a name with a quote in JSON columns, where it is stored escaped",
    { timeout: 30_000 },
    async () => {
      const { db } = await database();
      const tenant = await createTenant(db);
      const quoted = { email: `eva.q.${uniqueId()}@erase.example`, name: 'Eva O"Neilsonova' };
      const user = await createUser(db, quoted);
      const me = await addMember(db, tenant.id, user.id, ["employee"]);
      const other = await addMember(db, tenant.id, (await createUser(db)).id, ["employee"]);
      await withTenant(db, tenant.id, async (tx) => {
        await tx
          .insertInto("audit_events")
          .values({
            tenant_id: tenant.id,
            actor_user_id: null,
            action: "invitation.sent",
            subject: "x",
            data: JSON.stringify({ name: quoted.name, note: `von ${quoted.name}` }),
          })
          .execute();
        await tx
          .insertInto("kudos")
          .values({
            tenant_id: tenant.id,
            from_membership_id: other.id,
            to_membership_id: me.id,
            reason: `Danke, ${quoted.name}!`,
          })
          .execute();
        await tx
          .insertInto("data_exports")
          .values({
            tenant_id: tenant.id,
            membership_id: other.id,
            requested_by: other.id,
            status: "ready",
            content: JSON.stringify({ kudos: [{ to: quoted.name }] }),
            expires_at: new Date(Date.now() + 86_400_000),
          })
          .execute();
      });
      const url = process.env.DATABASE_URL!;
      expect(
        (
          await run("/usr/bin/pg_dump", ["--data-only", "--table=audit_events", url], {
            maxBuffer: 64 * 1024 * 1024,
          })
        ).stdout,
      ).toContain("Neilsonova");

      const result = await eraseMember(db, tenant.id, null, { email: quoted.email });

      expect(result.counts.other_exports).toBe(1);
      const dump = (await run("/usr/bin/pg_dump", ["--data-only", url], { maxBuffer: 256 * 1024 * 1024 }))
        .stdout;
      expect(dump.split("\n").find((l) => l.toLowerCase().includes("neilsonova"))).toBeUndefined();
    },
  );
});

describe("chorus member erase", () => {
  it(
    "refuses without --yes (exit 2), then erases and prints the pseudonym and counts",
    { timeout: 120_000 },
    async () => {
      const { db } = await database();
      const person = {
        email: `hedwig.pfannenstiel.${uniqueId()}@erase.example`,
        name: "Hedwig Pfannenstiel",
      };
      const seeded = await seedPerson(db, person);

      const refused = await chorus(["member", "erase", "--tenant", seeded.slug, "--email", person.email]);
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain("--yes");
      expect(
        await db.selectFrom("users").select("id").where("id", "=", seeded.personUserId).executeTakeFirst(),
      ).toBeDefined();

      const done = await chorus([
        "member",
        "erase",
        "--tenant",
        seeded.slug,
        "--email",
        person.email,
        "--yes",
        "--json",
      ]);
      expect(done.code, done.stderr).toBe(0);
      const out = JSON.parse(done.stdout) as {
        pseudonym: string;
        user_deleted: boolean;
        exported_statements: number;
        counts: Record<string, number>;
      };
      expect(out).toMatchObject({
        user_deleted: true,
        exported_statements: 1,
        counts: expect.objectContaining({ social_profiles: 1, statements: 1 }),
      });
      expect(out.pseudonym).toMatch(/[0-9a-f]{6}$/);
      expect(
        await db.selectFrom("users").select("id").where("id", "=", seeded.personUserId).executeTakeFirst(),
      ).toBeUndefined();
      const erasure = await withTenant(db, seeded.tenantId, (tx) =>
        tx.selectFrom("erasures").select(["pseudonym", "erased_by"]).executeTakeFirstOrThrow(),
      );
      expect(erasure).toEqual({ pseudonym: out.pseudonym, erased_by: null });

      const again = await chorus([
        "member",
        "erase",
        "--tenant",
        seeded.slug,
        "--email",
        person.email,
        "--yes",
      ]);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain("no member");
    },
  );
});

describe("erasing a person on the embedded database (PGlite)", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openDatabase({ pgliteDir: "memory://" });
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
  });

  /** Every row of every table, as text, read by the owner (past row level security). */
  async function dumpEmbedded(): Promise<string> {
    return asOwner(handle, async (owner: Kysely<Database>) => {
      const { rows: tables } = await sql<{
        name: string;
      }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(
        owner,
      );
      const out: string[] = [];
      for (const { name } of tables) {
        const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(name)} t`.execute(
          owner,
        );
        out.push(`-- ${name}`, ...rows.map((r) => r.row));
      }
      return out.join("\n");
    });
  }

  it("leaves no trace in any row of any table, and the totals stay", { timeout: 120_000 }, async () => {
    const person = {
      email: `zerline.quastenhuber.${uniqueId()}@embedded.example`,
      name: "Zerline Quastenhuber",
    };
    const seeded = await seedPerson(handle.db, person);
    const before = await dumpEmbedded();
    expect(before).toContain(person.name);
    expect(before).toContain(person.email);
    const totalsBefore = await totals(handle.db, seeded.tenantId);

    const result = await eraseMember(handle.db, seeded.tenantId, null, { email: person.email });

    expect(result.userDeleted).toBe(true);
    const after = await dumpEmbedded();
    expectNoTrace(after, person);
    expect(after).toContain(result.pseudonym);
    expect(await totals(handle.db, seeded.tenantId)).toEqual(totalsBefore);
  });
});

describe("what an erasure's powers allow outside an erasure (second reading)", () => {
  const stripePayloads = async (tenantId: string) => {
    const handle = await database();
    return asOwner(handle, async (owner) =>
      (
        await owner
          .selectFrom("stripe_events")
          .select(["id", "payload"])
          .where("tenant_id", "=", tenantId)
          .orderBy("id")
          .execute()
      ).map((r) => JSON.stringify(r.payload)),
    );
  };

  it(
    "erase_stripe_event_mentions takes a member and a pseudonym only, returns nothing, and rewrites nothing but that member's address and name",
    { timeout: 30_000 },
    async () => {
      const handle = await database();
      const { db } = handle;
      // a quote in the name: the payload's text carries it escaped
      const person = {
        email: `sieglinde.zahler.${uniqueId()}@erase.example`,
        name: 'Sieglinde "Sigi" Zahlemann',
      };
      const inJson = JSON.stringify(person.name).slice(1, -1);
      const seeded = await seedPerson(db, person);
      const outsider = await seedPerson(db, {
        email: `otto.fremd.${uniqueId()}@erase.example`,
        name: "Otto Fremdling",
      });
      const t = seeded.tenantId;
      const before = await stripePayloads(t);
      const outsiderBefore = await stripePayloads(outsider.tenantId);
      expect(before.join("\n")).toContain(person.email);
      type RawArgs = { user: string; pseudonym: string };
      const call = (args: RawArgs, erasure = true) =>
        withTenant(db, t, async (tx) => {
          if (erasure) await sql`select set_config('app.erasure', 'on', true)`.execute(tx);
          return (
            await sql<{
              r: unknown;
            }>`select erase_stripe_event_mentions(${args.user}::uuid, ${args.pseudonym}) as r`.execute(tx)
          ).rows[0]?.r;
        });
      // the old signature (caller's regex, replacement, count) is gone
      await expect(
        withTenant(db, t, (tx) => sql`select erase_stripe_event_mentions('"', null, 'x')`.execute(tx)),
      ).rejects.toMatchObject({ code: "42883" });
      // outside an erasure: refused
      await expect(
        call({ user: seeded.personUserId, pseudonym: "Erased member abcdef" }, false),
      ).rejects.toMatchObject({ code: "42501" });
      // a replacement that is not a pseudonym: refused (no free edits of payloads)
      for (const pseudonym of ['x", "livemode": true, "y": "', "\\1\\1", "Erased member abcdef ", ".*"]) {
        await expect(call({ user: seeded.personUserId, pseudonym })).rejects.toMatchObject({ code: "22023" });
      }
      // another tenant's member, an unknown id: nothing changes, nothing comes back
      expect(await call({ user: outsider.personUserId, pseudonym: "Erased member abcdef" })).toBe("");
      expect(await call({ user: randomUUID(), pseudonym: "Erased member abcdef" })).toBe("");
      expect(await stripePayloads(t)).toEqual(before);
      expect(await stripePayloads(outsider.tenantId)).toEqual(outsiderBefore);
      // this tenant's member: their address and name become the pseudonym, the rest of the payload stays
      expect(await call({ user: seeded.personUserId, pseudonym: "Gelöschtes Mitglied 0a1b2c" })).toBe("");
      const after = await stripePayloads(t);
      expect(after.join("\n")).not.toContain(person.email);
      expect(before.join("\n")).toContain(inJson);
      expect(after.join("\n")).not.toContain(inJson);
      expect(after).toEqual(
        before.map((p) =>
          p
            .replaceAll(person.email, "Gelöschtes Mitglied 0a1b2c")
            .replaceAll(inJson, "Gelöschtes Mitglied 0a1b2c"),
        ),
      );
    },
  );

  it(
    "a statement's content does not change with a new pseudonymised_at outside an erasure",
    { timeout: 30_000 },
    async () => {
      const { db } = await database();
      const seeded = await seedPerson(db, {
        email: `gunda.nachweis.${uniqueId()}@erase.example`,
        name: "Gunda Nachweiser",
      });
      const forge = (erasure: boolean) =>
        withTenant(db, seeded.tenantId, async (tx) => {
          if (erasure) await sql`select set_config('app.erasure', 'on', true)`.execute(tx);
          await sql`update credit_statements set content = jsonb_set(content, '{forged}', 'true'), pseudonymised_at = clock_timestamp() where id = ${seeded.statementId}`.execute(
            tx,
          );
        });
      await expect(forge(false)).rejects.toMatchObject({ code: "42501" });
      await expect(
        withTenant(db, seeded.tenantId, (tx) =>
          sql`update credit_statements set pseudonymised_at = clock_timestamp() where id = ${seeded.statementId}`.execute(
            tx,
          ),
        ),
      ).rejects.toMatchObject({ code: "42501" });
      await forge(true);
    },
  );

  it(
    "refuses the last admin before revoking their LinkedIn grant or dropping their queued jobs",
    { timeout: 30_000 },
    async () => {
      const { db } = await database();
      const person = { email: `adelheid.letzte.${uniqueId()}@erase.example`, name: "Adelheid Letztadmin" };
      const seeded = await seedPerson(db, person);
      await withTenant(db, seeded.tenantId, async (tx) => {
        await tx
          .updateTable("memberships")
          .set({ roles: ["admin"] })
          .where("id", "=", seeded.personMembershipId)
          .execute();
        await tx
          .updateTable("memberships")
          .set({ status: "deactivated" })
          .where("id", "=", seeded.adminMember.id)
          .execute();
      });
      await enqueue(
        "send-email",
        {
          to: person.email,
          locale: "de",
          template: "review-requested",
          idempotencyKey: randomUUID(),
          props: {
            url: `https://chorus.example/t/${seeded.slug}/posts/1`,
            postTitle: "Werk",
            authorName: person.name,
            tenantName: "Firma",
          },
        },
        { delayMs: 3_600_000 },
      );
      expect(await redisJobsMentioning(person.email)).toBe(1);

      await expect(eraseMember(db, seeded.tenantId, null, { email: person.email })).rejects.toMatchObject({
        code: "last_admin",
      });
      expect(linkedin.revokedTokens).not.toContain(seeded.linkedinToken);
      expect(await redisJobsMentioning(person.email)).toBe(1);
    },
  );

  it(
    "an erased person's membership is neither updated, reactivated nor deactivated",
    { timeout: 30_000 },
    async () => {
      const { db } = await database();
      const seeded = await seedPerson(db, {
        email: `kunigunde.weg.${uniqueId()}@erase.example`,
        name: "Kunigunde Wegmann",
      });
      await eraseMember(db, seeded.tenantId, seeded.adminMember, {
        email: (
          await db
            .selectFrom("users")
            .select("email")
            .where("id", "=", seeded.personUserId)
            .executeTakeFirstOrThrow()
        ).email,
      });
      const M = seeded.personMembershipId;
      await expect(
        withTenant(db, seeded.adminMember.tenantId, (tx) =>
          updateMember(tx, seeded.adminMember, { memberId: M, roles: ["admin"] }),
        ),
      ).rejects.toMatchObject({ code: "erased_member" });
      await expect(
        withTenant(db, seeded.adminMember.tenantId, (tx) => reactivateMember(tx, seeded.adminMember, M)),
      ).rejects.toMatchObject({
        code: "erased_member",
      });
      await expect(
        withTenant(db, seeded.adminMember.tenantId, (tx) => deactivateMember(tx, seeded.adminMember, M)),
      ).rejects.toMatchObject({
        code: "erased_member",
      });
      const row = await withTenant(db, seeded.tenantId, (tx) =>
        tx
          .selectFrom("memberships")
          .select(["roles", "status"])
          .where("id", "=", M)
          .executeTakeFirstOrThrow(),
      );
      expect(row.status).toBe("deactivated");
      expect(row.roles).not.toContain("admin");
    },
  );

  it(
    "the CLI says when a LinkedIn grant could not be revoked at LinkedIn",
    { timeout: 120_000 },
    async () => {
      const { db } = await database();
      const person = { email: `liesel.nichtwiderrufen.${uniqueId()}@erase.example`, name: "Liesel Widerruf" };
      const seeded = await seedPerson(db, person);
      // the company's LinkedIn app is gone: the grant cannot be revoked from here
      await withTenant(db, seeded.tenantId, (tx) =>
        tx.deleteFrom("linkedin_apps").where("tenant_id", "=", seeded.tenantId).execute(),
      );
      const done = await chorus([
        "member",
        "erase",
        "--tenant",
        seeded.slug,
        "--email",
        person.email,
        "--yes",
      ]);
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toContain("could not be revoked at LinkedIn");
      expect(done.stdout).toContain("linkedin_not_revoked: 1");
    },
  );
});

describe("erasing a person who signs in through single sign-on and was provisioned by SCIM (issue 16)", () => {
  /** The tenant's identity provider and a verified domain: signInWithSso binds the subject as a real sign-in does. */
  async function ssoTenant(db: DB, tenantId: string, domain: string) {
    return withTenant(db, tenantId, async (tx) => {
      const provider = await tx
        .insertInto("identity_providers")
        .values({
          tenant_id: tenantId,
          kind: "oidc",
          display_name: "Firmen-Login",
          issuer: "https://idp.example.test",
          discovery_url: "https://idp.example.test/.well-known/openid-configuration",
          client_id: "chorus",
          client_secret_encrypted: seal(
            linkedInServerConfig().key!,
            "sso-secret",
            identityProviderSecretContext(tenantId),
          ),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await tx
        .insertInto("sso_domains")
        .values({
          tenant_id: tenantId,
          domain,
          verification_token: uniqueId(),
          verified_at: new Date(),
          verified_by: "dns",
        })
        .execute();
      return { id: provider.id, kind: "oidc" as const, jitEnabled: false };
    });
  }

  it(
    "deletes their SSO bindings in this tenant (not another's), counts them, and keeps no subject or externalId in the audit data",
    { timeout: 30_000 },
    async () => {
      const { db } = await database();
      const domain = `sso-${uniqueId()
        .toLowerCase()
        .replace(/[^a-z0-9]/g, "")}.example`;
      const person = { email: `wiebke.ostendorp@${domain}`, name: "Wiebke Ostendorp" };
      const first = await seedPerson(db, person);
      // a second company keeps the user row (its sso_identities would otherwise go by cascade)
      const other = await createTenant(db);
      await addMember(db, other.id, first.personUserId, ["employee"]);
      const subject = `oid-${randomUUID()}`;
      const externalId = `00u${uniqueId()}`;
      const identity = { subject, email: person.email, name: person.name };
      for (const tenantId of [first.tenantId, other.id]) {
        const provider = await ssoTenant(db, tenantId, domain);
        await withTenant(db, tenantId, (tx) => signInWithSso(tx, { tenantId, provider, identity }));
      }
      await withTenant(db, first.tenantId, async (tx) => {
        await tx
          .updateTable("memberships")
          .set({ scim_external_id: externalId })
          .where("id", "=", first.personMembershipId)
          .execute();
        // what a later audit event might carry: the subject and the directory's id as values of any key
        await recordAudit(tx, {
          tenantId: first.tenantId,
          actorUserId: first.personUserId,
          action: "auth.sso_sign_in",
          subject: first.personMembershipId,
          data: { providerSubject: subject, directoryUser: externalId, kind: "oidc" },
        });
      });
      const identitiesIn = (tenantId: string) =>
        withTenant(db, tenantId, (tx) =>
          tx
            .selectFrom("sso_identities")
            .select(["subject", "user_id"])
            .where("tenant_id", "=", tenantId)
            .where("user_id", "=", first.personUserId)
            .execute(),
        );
      expect(await identitiesIn(first.tenantId)).toEqual([{ subject, user_id: first.personUserId }]);
      const auditText = () =>
        withTenant(db, first.tenantId, async (tx) =>
          JSON.stringify(
            await tx.selectFrom("audit_events").selectAll().where("tenant_id", "=", first.tenantId).execute(),
          ),
        );
      // the test can fail: before the erasure the audit data carries both
      expect(await auditText()).toContain(subject);
      expect(await auditText()).toContain(externalId);

      const result = await eraseMember(db, first.tenantId, first.adminMember, { email: person.email });

      expect(result.userDeleted).toBe(false);
      expect(result.counts.sso_identities).toBe(1);
      expect(await identitiesIn(first.tenantId)).toEqual([]);
      // the other company's binding is theirs to keep
      expect(await identitiesIn(other.id)).toEqual([{ subject, user_id: first.personUserId }]);
      const audit = await auditText();
      expect(audit).not.toContain(subject);
      expect(audit).not.toContain(externalId);
      expect(audit).not.toContain(person.email);
      expect(audit).not.toContain(first.personUserId);
      await withTenant(db, first.tenantId, async (tx) => {
        // the sign-ins stay in the log, by the placeholder, with the provider and nothing of the person
        const signIns = await tx
          .selectFrom("audit_events")
          .select(["actor_user_id", "data"])
          .where("tenant_id", "=", first.tenantId)
          .where("action", "=", "auth.sso_sign_in")
          .execute();
        expect(signIns).toHaveLength(2);
        for (const e of signIns) expect(e.actor_user_id).not.toBe(first.personUserId);
        expect(signIns.map((e) => e.data)).toContainEqual({ kind: "oidc" });
        const membership = await tx
          .selectFrom("memberships")
          .select("scim_external_id")
          .where("id", "=", first.personMembershipId)
          .executeTakeFirstOrThrow();
        expect(membership.scim_external_id).toBeNull();
        const erasure = await tx
          .selectFrom("erasures")
          .select("counts")
          .where("tenant_id", "=", first.tenantId)
          .executeTakeFirstOrThrow();
        expect(erasure.counts).toMatchObject({ sso_identities: 1 });
      });
    },
  );
});
