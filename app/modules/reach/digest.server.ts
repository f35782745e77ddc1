import { sql } from "kysely";
import type { Logger } from "pino";
import type { DB, Tx } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";
import { afterCommit, withTenant } from "~/db/tenant.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { logger as appLogger } from "~/runtime/logger.server.ts";
import { visibleTo } from "~/app/modules/content/list-hub-posts.server.ts";
import { zonedLocalToDate } from "~/app/lib/zoned-time.ts";
import { queueEmail } from "~/app/modules/notifications/queue-email.server.ts";
import { kudosForDigest } from "~/app/modules/recognition/kudos.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import {
  groupSizes,
  listTeams,
  postFigures,
  rangePrivacy,
  sharersInRange,
} from "~/app/modules/reach/analytics.server.ts";
import { cellKey, decideSharers } from "~/app/modules/reach/group-privacy.ts";
import { getReachSettings } from "~/app/modules/reach/settings.server.ts";
import { loadFigurePolicy } from "~/app/modules/privacy/strict-mode.server.ts";
import { dateTimeFormat } from "~/app/lib/intl.ts";

/*
 * The weekly digest. Members ask for it on the advocacy page (no row in digest_preferences = no
 * digest: privacy by default). Once it is Monday 08:00 in the tenant's time zone, the hourly job
 * sends the week that just ended (Monday–Sunday, tenant-local), and keeps trying until Sunday
 * night if a run was missed; digest_sends makes every (member, week, kind) go out once.
 *
 * - Advocates (active, opted in to the programme, digest on): new posts for them in the hub that
 *   week (the hub's own targeting rule) and what their shares achieved (reach_daily member rows).
 *   A week with no new posts and no activity sends nothing: an empty mail every week teaches
 *   people to ignore the digest. Such a member is looked at again on later runs of the same week,
 *   so a late click still gets them their digest.
 * - Comms leads (active, digest on): the programme's week — tenant totals, participation, the top
 *   3 posts, open escalations — always, an empty week is news for them too. A comms lead who also
 *   takes part in the programme gets both mails (two kinds in digest_sends).
 */

export const DIGEST_HOUR = 8;
const DAY_MS = 24 * 3600_000;
const MAX_POSTS = 20;

// ── preference ──────────────────────────────────────────────────────────────

export async function getDigestPreference(tx: Tx, member: Member): Promise<boolean> {
  const row = await tx
    .selectFrom("digest_preferences")
    .select("weekly_digest")
    .where("tenant_id", "=", member.tenantId)
    .where("membership_id", "=", member.id)
    .executeTakeFirst();
  return row?.weekly_digest ?? false;
}

export async function setDigestPreference(
  tx: Tx,
  member: Member,
  weeklyDigest: boolean,
  now: Date = new Date(),
): Promise<void> {
  await tx
    .insertInto("digest_preferences")
    .values({
      membership_id: member.id,
      tenant_id: member.tenantId,
      weekly_digest: weeklyDigest,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(["tenant_id", "membership_id"])
        .doUpdateSet({ weekly_digest: weeklyDigest, updated_at: now })
        .where("digest_preferences.tenant_id", "=", member.tenantId),
    )
    .execute();
}

// ── which week ──────────────────────────────────────────────────────────────

export interface DigestWeek {
  /** the Monday, tenant-local, "YYYY-MM-DD" */
  weekStart: string;
  /** the Sunday */
  weekEnd: string;
  /** the instants the week spans: [from, to) */
  from: Date;
  to: Date;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The week whose digest is due at `now` in `timeZone`: from Monday 08:00 to Sunday 23:59 local,
 * the week that ended the Sunday before. Monday before 08:00: none (last week's window has closed
 * and this one has not opened).
 */
export function digestWeek(now: Date, timeZone: string): DigestWeek | null {
  const fmt = dateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
  });
  const p = Object.fromEntries(fmt.formatToParts(now).map((x) => [x.type, x.value]));
  const today = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day));
  const sinceMonday = (new Date(today).getUTCDay() + 6) % 7;
  if (sinceMonday === 0 && Number(p.hour) < DIGEST_HOUR) return null;
  const monday = today - sinceMonday * DAY_MS;
  const weekStart = isoDay(monday - 7 * DAY_MS);
  const from = zonedLocalToDate(`${weekStart}T00:00`, timeZone);
  const to = zonedLocalToDate(`${isoDay(monday)}T00:00`, timeZone);
  if (!from || !to) return null;
  return { weekStart, weekEnd: isoDay(monday - DAY_MS), from, to };
}

// ── sending ─────────────────────────────────────────────────────────────────

export interface DigestRunResult {
  advocate: number;
  comms: number;
  /** advocates with nothing to report this week */
  empty: number;
}

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  default_locale: Locale;
  time_zone: string;
}

interface Recipient {
  id: string;
  email: string;
  locale: Locale;
  teamId: string | null;
  roles: string[];
}

export async function sendWeeklyDigests(
  db: DB,
  opts: { now?: Date | undefined; tenantId?: string | undefined; log?: Logger } = {},
): Promise<DigestRunResult> {
  const now = opts.now ?? new Date();
  const log = opts.log ?? appLogger.child({ component: "digest" });
  const result: DigestRunResult = { advocate: 0, comms: 0, empty: 0 };
  let q = db
    .selectFrom("tenants")
    .select(["id", "slug", "name", "default_locale", "time_zone"])
    .orderBy("id");
  if (opts.tenantId) q = q.where("id", "=", opts.tenantId);
  const tenants = await q.execute();
  const failures: unknown[] = [];
  for (const tenant of tenants) {
    const week = digestWeek(now, tenant.time_zone);
    if (!week) continue;
    try {
      const r = await sendTenantDigests(db, tenant, week, now);
      result.advocate += r.advocate;
      result.comms += r.comms;
      result.empty += r.empty;
    } catch (err) {
      // one tenant's problem must not hold back the others' digests; the job retries (sends are idempotent)
      failures.push(err);
      log.error({ err, tenantId: tenant.id }, "weekly digests of a tenant failed");
    }
  }
  if (failures.length > 0) {
    const first = failures[0] instanceof Error ? failures[0].message : String(failures[0]);
    throw new AggregateError(
      failures,
      `weekly digests failed for ${failures.length} tenant(s); first: ${first}`,
    );
  }
  return result;
}

async function sendTenantDigests(
  db: DB,
  tenant: TenantRow,
  week: DigestWeek,
  now: Date,
): Promise<DigestRunResult> {
  const result: DigestRunResult = { advocate: 0, comms: 0, empty: 0 };
  const base = `${appUrl()}/t/${encodeURIComponent(tenant.slug)}`;
  const settingsUrl = `${base}/advocacy`;

  const { advocates, leads } = await withTenant(db, tenant.id, async (tx) => {
    const rows = await tx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .innerJoin("digest_preferences", "digest_preferences.membership_id", "memberships.id")
      .select([
        "memberships.id",
        "memberships.team_id",
        "memberships.roles",
        "users.email",
        "users.locale",
        (eb) =>
          eb
            .exists(
              eb
                .selectFrom("advocacy_consents")
                .select(sql.lit(1).as("one"))
                .whereRef("advocacy_consents.membership_id", "=", "memberships.id")
                .where("advocacy_consents.tenant_id", "=", tenant.id)
                .where("advocacy_consents.withdrawn_at", "is", null),
            )
            .as("opted_in"),
      ])
      .where("memberships.tenant_id", "=", tenant.id)
      .where("memberships.status", "=", "active")
      .where("digest_preferences.tenant_id", "=", tenant.id)
      .where("digest_preferences.weekly_digest", "=", true)
      .orderBy("memberships.id")
      .execute();
    const toRecipient = (r: (typeof rows)[number]): Recipient => ({
      id: r.id,
      email: r.email,
      locale: r.locale ?? tenant.default_locale,
      teamId: r.team_id,
      roles: r.roles,
    });
    return {
      advocates: rows.filter((r) => r.opted_in).map(toRecipient),
      leads: rows.filter((r) => r.roles.includes("comms_lead")).map(toRecipient),
    };
  });

  if (advocates.length > 0) {
    const figures = await withTenant(db, tenant.id, (tx) =>
      memberFigures(
        tx,
        tenant.id,
        week,
        advocates.map((a) => a.id),
      ),
    );
    // the week's kudos, for those who asked for them in the digest (recognition page)
    const kudos = await withTenant(db, tenant.id, (tx) =>
      kudosForDigest(
        tx,
        tenant.id,
        advocates.map((a) => a.id),
        week.from,
        week.to,
      ),
    );
    for (const person of advocates) {
      const member: Member = {
        id: person.id,
        tenantId: tenant.id,
        userId: "",
        name: "",
        email: person.email,
        roles: [],
        teamId: person.teamId,
        managerId: null,
      };
      const sent = await withTenant(db, tenant.id, async (tx) => {
        const posts = await tx
          .selectFrom("posts")
          .select(["posts.id", "posts.title"])
          .where((eb) => visibleTo(eb, member, now))
          .where("posts.published_at", ">=", week.from)
          .where("posts.published_at", "<", week.to)
          .orderBy("posts.published_at", "desc")
          .orderBy("posts.id")
          .execute();
        const f = figures.get(person.id) ?? {
          shares: 0,
          clicks: 0,
          impressionsEstimated: 0,
          impressionsMeasured: 0,
        };
        const thanks = kudos.get(person.id) ?? [];
        if (
          posts.length === 0 &&
          f.shares === 0 &&
          f.clicks === 0 &&
          f.impressionsEstimated === 0 &&
          f.impressionsMeasured === 0 &&
          thanks.length === 0
        )
          return "empty" as const;
        if (!(await claim(tx, tenant.id, person.id, week.weekStart, "advocate"))) return "done" as const;
        const shown = posts.slice(0, MAX_POSTS);
        afterCommit(tx, () =>
          queueOrRelease(db, tenant.id, person.id, week.weekStart, "advocate", {
            to: person.email,
            locale: person.locale,
            template: "weekly-digest",
            idempotencyKey: `weekly-digest:${tenant.id}:${person.id}:${week.weekStart}`,
            props: {
              tenantName: tenant.name,
              weekStart: week.weekStart,
              weekEnd: week.weekEnd,
              hubUrl: `${base}/hub`,
              impactUrl: `${base}/impact`,
              settingsUrl,
              posts: shown.map((p) => ({ title: p.title, url: `${base}/hub/${p.id}/share` })),
              morePosts: posts.length - shown.length,
              figures: f,
              ...(thanks.length > 0 ? { kudos: thanks } : {}),
            },
          }),
        );
        return "sent" as const;
      });
      if (sent === "sent") result.advocate++;
      if (sent === "empty") result.empty++;
    }
  }

  if (leads.length > 0) {
    const programme = await withTenant(db, tenant.id, (tx) =>
      programmeWeek(tx, tenant.id, tenant.time_zone, week),
    );
    for (const lead of leads) {
      const sent = await withTenant(db, tenant.id, async (tx) => {
        if (!(await claim(tx, tenant.id, lead.id, week.weekStart, "comms"))) return false;
        afterCommit(tx, () =>
          queueOrRelease(db, tenant.id, lead.id, week.weekStart, "comms", {
            to: lead.email,
            locale: lead.locale,
            template: "programme-digest",
            idempotencyKey: `programme-digest:${tenant.id}:${lead.id}:${week.weekStart}`,
            props: {
              tenantName: tenant.name,
              weekStart: week.weekStart,
              weekEnd: week.weekEnd,
              analyticsUrl: `${base}/analytics`,
              escalationsUrl: `${base}/escalations`,
              settingsUrl,
              ...programme,
            },
          }),
        );
        return true;
      });
      if (sent) result.comms++;
    }
  }
  return result;
}

/**
 * Queues the digest mail after the claim committed; if queueing fails (Redis down), the claim is
 * released again so a later run of the job sends the week's digest instead of skipping it for good.
 */
async function queueOrRelease(
  db: DB,
  tenantId: string,
  membershipId: string,
  weekStart: string,
  kind: "advocate" | "comms",
  mail: Parameters<typeof queueEmail>[0],
): Promise<void> {
  try {
    await queueEmail(mail);
  } catch (error) {
    await withTenant(db, tenantId, (tx) =>
      tx
        .deleteFrom("digest_sends")
        .where("tenant_id", "=", tenantId)
        .where("membership_id", "=", membershipId)
        .where("week_start", "=", weekStart)
        .where("kind", "=", kind)
        .execute(),
    );
    throw error;
  }
}

/** Inserts the send marker first; only the transaction whose insert happened mails. */
async function claim(
  tx: Tx,
  tenantId: string,
  membershipId: string,
  weekStart: string,
  kind: "advocate" | "comms",
): Promise<boolean> {
  const row = await tx
    .insertInto("digest_sends")
    .values({ tenant_id: tenantId, membership_id: membershipId, week_start: weekStart, kind })
    .onConflict((oc) => oc.columns(["tenant_id", "membership_id", "week_start", "kind"]).doNothing())
    .returning("membership_id")
    .executeTakeFirst();
  return row !== undefined;
}

interface Figures {
  shares: number;
  clicks: number;
  impressionsEstimated: number;
  impressionsMeasured: number;
}

/** The week's figures of these members, from the rollup's member rows. */
async function memberFigures(
  tx: Tx,
  tenantId: string,
  week: DigestWeek,
  memberIds: string[],
): Promise<Map<string, Figures>> {
  const rows = await tx
    .selectFrom("reach_daily")
    .select([
      "key",
      (eb) => eb.fn.sum<string>("shares").as("shares"),
      (eb) => eb.fn.sum<string>("clicks").as("clicks"),
      (eb) => eb.fn.sum<string>("impressions_estimated").as("impressions_estimated"),
      (eb) => eb.fn.sum<string>("impressions_measured").as("impressions_measured"),
    ])
    .where("tenant_id", "=", tenantId)
    .where("dimension", "=", "member")
    .where("team_scope", "=", "")
    .where("key", "in", memberIds)
    .where("day", ">=", week.weekStart)
    .where("day", "<=", week.weekEnd)
    .groupBy("key")
    .execute();
  return new Map(
    rows.map((r) => [
      r.key,
      {
        shares: Number(r.shares),
        clicks: Number(r.clicks),
        impressionsEstimated: Number(r.impressions_estimated),
        impressionsMeasured: Number(r.impressions_measured),
      },
    ]),
  );
}

interface ProgrammeWeek {
  /** null (and no participation or top posts) when the programme is smaller than the minimum group size */
  totals: (Figures & { earnedMedia: number; currency: string }) | null;
  participation: { sharers: number; optedIn: number } | null;
  minGroupSize: number;
  newPosts: number;
  topPosts: { title: string; shares: number; clicks: number }[];
  openEscalations: number;
}

/**
 * The programme's week: group figures only, never one person's, under the analytics page's rule
 * (group-privacy.ts): the totals only with at least the minimum group size of people in the
 * programme and behind the week's figures; participation only when that many shared; top posts
 * only among the posts with that many people behind each (and not held back so that "total minus
 * shown" cannot reveal a smaller group). Otherwise only the counts of new posts and open
 * escalations go out.
 */
async function programmeWeek(
  tx: Tx,
  tenantId: string,
  timeZone: string,
  week: DigestWeek,
): Promise<ProgrammeWeek> {
  const settings = await getReachSettings(tx, tenantId);
  // the strict works-council mode raises a small configured minimum (privacy/strict-mode.ts)
  const min = (await loadFigurePolicy(tx, tenantId)).minGroupSize(settings.minGroupSize);
  const sizes = await groupSizes(tx, tenantId);
  const people = [...sizes.values()].reduce((a, b) => a + b, 0);
  const escalations = await tx
    .selectFrom("escalations")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("tenant_id", "=", tenantId)
    .where("status", "=", "open")
    .executeTakeFirstOrThrow();
  const newPosts = await tx
    .selectFrom("posts")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("tenant_id", "=", tenantId)
    .where("published_at", ">=", week.from)
    .where("published_at", "<", week.to)
    .executeTakeFirstOrThrow();
  const closed = {
    totals: null,
    participation: null,
    minGroupSize: min,
    newPosts: Number(newPosts.n),
    topPosts: [],
    openEscalations: Number(escalations.n),
  };
  if (people < min) return closed;
  const { cells, openTeams } = await rangePrivacy(
    tx,
    tenantId,
    await listTeams(tx, tenantId),
    sizes,
    min,
    week.weekStart,
    week.weekEnd,
  );
  if (cells.people(cellKey.total) > 0 && !cells.shown(cellKey.total)) return closed;
  // nobody behind the week's figures: zeros are the programme's news (no figure is without a person)
  const nobody = cells.people(cellKey.total) === 0;
  const totals = nobody
    ? { shares: 0, clicks: 0, impressions_estimated: 0, impressions_measured: 0, earned_media: 0 }
    : await tx
        .selectFrom("reach_daily")
        .select([
          (eb) => eb.fn.coalesce(eb.fn.sum<string>("shares"), sql.lit(0)).as("shares"),
          (eb) => eb.fn.coalesce(eb.fn.sum<string>("clicks"), sql.lit(0)).as("clicks"),
          (eb) =>
            eb.fn
              .coalesce(eb.fn.sum<string>("impressions_estimated"), sql.lit(0))
              .as("impressions_estimated"),
          (eb) =>
            eb.fn.coalesce(eb.fn.sum<string>("impressions_measured"), sql.lit(0)).as("impressions_measured"),
          (eb) => eb.fn.coalesce(eb.fn.sum<string>("earned_media"), sql.lit(0)).as("earned_media"),
        ])
        .where("tenant_id", "=", tenantId)
        .where("dimension", "=", "tenant")
        .where("team_scope", "=", "")
        .where("key", "=", "")
        .where("day", ">=", week.weekStart)
        .where("day", "<=", week.weekEnd)
        .executeTakeFirstOrThrow();
  const sharers = await sharersInRange(tx, tenantId, timeZone, week.weekStart, week.weekEnd);
  const top = (nobody ? [] : await postFigures(tx, tenantId, "", week.weekStart, week.weekEnd, null))
    .filter(
      (p) => p.title !== "" && (p.shares > 0 || p.clicks > 0) && cells.shown(cellKey.of("post", p.postId)),
    )
    .sort((a, b) => b.clicks - a.clicks || b.shares - a.shares || a.title.localeCompare(b.title))
    .slice(0, 3);
  return {
    minGroupSize: min,
    totals: {
      shares: Number(totals.shares),
      clicks: Number(totals.clicks),
      impressionsEstimated: Number(totals.impressions_estimated),
      impressionsMeasured: Number(totals.impressions_measured),
      earnedMedia: Number(totals.earned_media),
      currency: settings.currency,
    },
    participation: decideSharers(sharers, min, openTeams).has("*")
      ? { sharers: sharers.size, optedIn: people }
      : null,
    newPosts: Number(newPosts.n),
    topPosts: top.map((t) => ({ title: t.title, shares: t.shares, clicks: t.clicks })),
    openEscalations: Number(escalations.n),
  };
}
