import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import type { Locale, Role } from "~/db/schema.ts";
import { linksUrl } from "~/app/lib/env.server.ts";
import { consentText, CONSENT_VERSION } from "~/app/modules/advocacy/consent-text.ts";
import { listMyCreditAccess } from "~/app/modules/credit/my-access-log.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

/** The document's name and version: a reader can tell what it is; a change of shape bumps the version. */
export const EXPORT_FORMAT = "chorus-member-export";
export const EXPORT_FORMAT_VERSION = 1;
export type MemberExport = Awaited<ReturnType<typeof collectMemberExport>>;

/** Whose data: one membership of one tenant (the caller has set the tenant with withTenant). */
export interface ExportSubject {
  tenantId: string;
  membershipId: string;
}

const iso = (d: Date | string | null | undefined): string | null =>
  d == null ? null : new Date(d).toISOString();
const num = (v: string | number | bigint | null | undefined): number => (v == null ? 0 : Number(v));

/** What an audit event's data shows instead of another person's email address. */
export const OTHER_ADDRESS = "(address of another person)";
// an address as people write them (not "medium.com/@someone/…", whose "@" follows a slash)
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/**
 * Fields of audit events about the person that belong to someone else and were promised to stay
 * with them: the comms team's note on a handled escalation is "visible to the comms team only".
 */
const OTHERS_FIELDS: Readonly<Record<string, readonly string[]>> = { "escalation.handled": ["note"] };

function aboutYouData(action: string, data: Record<string, unknown>, own: string): Record<string, unknown> {
  const drop = OTHERS_FIELDS[action] ?? [];
  const kept = Object.fromEntries(Object.entries(data).filter(([key]) => !drop.includes(key)));
  return withoutOthersAddresses(kept, own) as Record<string, unknown>;
}

/**
 * An audit event about the person may carry another person's address (an invitation names the
 * manager who has not joined yet): every address but the person's own is replaced, at any depth.
 */
function withoutOthersAddresses(value: unknown, own: string): unknown {
  if (typeof value === "string")
    return value.replace(EMAIL, (found) =>
      found.toLowerCase() === own.toLowerCase() ? found : OTHER_ADDRESS,
    );
  if (Array.isArray(value)) return value.map((v) => withoutOthersAddresses(v, own));
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutOthersAddresses(v, own)]));
  return value;
}

/**
 * Everything Chorus holds about one person in one tenant (GDPR Art. 15 access, Art. 20 portability),
 * as one versioned JSON document. Rules:
 * - only the person's own records; another person appears at most by name where the record is
 *   correspondence with them (their manager on the membership and agreements, the other side of a
 *   kudos, who looked at their figures, who acted on an audit event about them) — never another
 *   person's email, figures or ids of their records;
 * - click counts per share only: never visitors' hashes, IP keys, network keys or referrers;
 * - social profiles and the LinkedIn connection without tokens or secrets; their single sign-on
 *   identities here (provider, subject, first and last sign-in) and the directory's externalId;
 * - not what others wrote for themselves about the person's records (the comms team's note on an
 *   escalation, also in its audit event);
 * - audit events they caused about someone else or about the tenant are listed by action and time
 *   only (their details concern others, who have their own right of access).
 * Runs inside withTenant(subject.tenantId); row level security confines every read to the tenant.
 */
export async function collectMemberExport(tx: Tx, subject: ExportSubject, now: Date = new Date()) {
  const { tenantId, membershipId } = subject;
  const base = await tx
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .innerJoin("tenants as t", "t.id", "m.tenant_id")
    .leftJoin("teams as team", (j) =>
      j.onRef("team.id", "=", "m.team_id").on("team.tenant_id", "=", tenantId),
    )
    .leftJoin("memberships as mgr", (j) =>
      j.onRef("mgr.id", "=", "m.manager_id").on("mgr.tenant_id", "=", tenantId),
    )
    .leftJoin("users as mgr_user", "mgr_user.id", "mgr.user_id")
    .select([
      "m.id",
      "m.user_id",
      "m.roles",
      "m.status",
      "m.created_at",
      "m.hub_visited_at",
      "m.hub_new_since",
      "m.scim_external_id",
      "u.name",
      "u.email",
      "u.locale",
      "u.created_at as user_created_at",
      "t.slug",
      "t.name as tenant_name",
      "t.default_locale",
      "team.name as team_name",
      "mgr_user.name as manager_name",
    ])
    .where("m.tenant_id", "=", tenantId)
    .where("m.id", "=", membershipId)
    .executeTakeFirstOrThrow();
  const userId = base.user_id;
  const locale: Locale = base.locale ?? base.default_locale;

  const invitations = await tx
    .selectFrom("invitations")
    .select(["id", "email", "name", "roles", "created_at", "expires_at", "accepted_at"])
    .where("tenant_id", "=", tenantId)
    // addresses compare case-insensitively (as the erasure does): "Zora.Example@Firma.de" is her invitation too
    .where(sql<string>`lower(email)`, "=", sql<string>`lower(${base.email})`)
    .orderBy("created_at")
    .execute();

  const consents = await tx
    .selectFrom("advocacy_consents")
    .select(["consent_version", "granted_at", "withdrawn_at", "data_choice"])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .orderBy("granted_at")
    .execute();

  const acknowledgements = await tx
    .selectFrom("guideline_acknowledgements")
    .select(["version", "acknowledged_at"])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .orderBy("acknowledged_at")
    .execute();

  const onboarding = await tx
    .selectFrom("onboarding_completions")
    .select(["path", "completed_at"])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .orderBy("completed_at")
    .execute();

  const socialProfiles = await tx
    .selectFrom("social_profiles")
    .select([
      "network",
      "handle",
      "follower_count",
      "followers_recorded_at",
      "mastodon_instance",
      "created_at",
      "updated_at",
    ])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .orderBy("network")
    .execute();

  // never access_token_encrypted
  const linkedin = await tx
    .selectFrom("linkedin_connections")
    .select(["linkedin_member_id", "scope", "connected_at", "expires_at"])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .execute();

  // single sign-on: which subject of this tenant's identity provider is them (never the provider's secret)
  const ssoIdentities = await tx
    .selectFrom("sso_identities as i")
    .innerJoin("identity_providers as p", (j) =>
      j.onRef("p.id", "=", "i.provider_id").on("p.tenant_id", "=", tenantId),
    )
    .select(["p.display_name", "p.kind", "i.subject", "i.created_at", "i.last_sign_in_at"])
    .where("i.tenant_id", "=", tenantId)
    .where("i.user_id", "=", userId)
    .orderBy("i.created_at")
    .execute();

  const shareRows = await tx
    .selectFrom("shares as s")
    .innerJoin("posts as p", (j) => j.onRef("p.id", "=", "s.post_id").on("p.tenant_id", "=", tenantId))
    .leftJoin("link_codes as l", "l.code", "s.code")
    .select([
      "s.id",
      "s.network",
      "s.text",
      "s.channel",
      "s.code",
      "s.followers_at_share",
      "s.external_id",
      "s.created_at",
      "p.id as post_id",
      "p.title as post_title",
      "p.slug as post_slug",
      "l.destination",
      "l.tracking_stopped_at",
    ])
    .where("s.tenant_id", "=", tenantId)
    .where("s.membership_id", "=", membershipId)
    .orderBy("s.created_at")
    .execute();
  // The person's shares as a subquery, never as a list of ids: someone with tens of thousands of
  // shares would pass PostgreSQL's 65,535 bind parameters (and every query stays one round trip).
  const ownShares = () =>
    tx
      .selectFrom("shares")
      .select("id")
      .where("tenant_id", "=", tenantId)
      .where("membership_id", "=", membershipId);
  const ownShareKeys = () =>
    tx
      .selectFrom("shares")
      .select(sql<string>`id::text`.as("key"))
      .where("tenant_id", "=", tenantId)
      .where("membership_id", "=", membershipId);

  // Counts only: the rollups per share, and how many raw click events (kept 90 days) exist.
  const rollups = await tx
    .selectFrom("reach_daily")
    .select([
      "key",
      sql<string>`sum(clicks)`.as("clicks"),
      sql<string>`sum(unique_visitors)`.as("unique_visitors"),
      sql<string>`sum(impressions_estimated)`.as("impressions_estimated"),
    ])
    .where("tenant_id", "=", tenantId)
    .where("dimension", "=", "share")
    .where("key", "in", ownShareKeys())
    .groupBy("key")
    .execute();
  const rawCounts = await tx
    .selectFrom("click_events")
    .select([
      "share_id",
      sql<string>`count(*) filter (where not is_bot)`.as("human"),
      sql<string>`count(*) filter (where is_bot)`.as("bots"),
    ])
    .where("tenant_id", "=", tenantId)
    .where("share_id", "in", ownShares())
    .groupBy("share_id")
    .execute();
  const metrics = await tx
    .selectFrom("share_metrics")
    .select(["share_id", "provider", "impressions", "reactions", "comments", "reshares", "fetched_at"])
    .where("tenant_id", "=", tenantId)
    .where("share_id", "in", ownShares())
    .execute();
  const holds = await tx
    .selectFrom("click_holds")
    .select(["id", "share_id", "day", "reason", "clicks", "status", "decided_at", "created_at"])
    .where("tenant_id", "=", tenantId)
    .where((eb) => eb.or([eb("membership_id", "=", membershipId), eb("share_id", "in", ownShares())]))
    .orderBy("day")
    .execute();

  const reachDaily = await tx
    .selectFrom("reach_daily")
    .select([
      "day",
      "shares",
      "clicks",
      "unique_visitors",
      "impressions_estimated",
      "impressions_measured",
      "reactions",
      "earned_media",
    ])
    .where("tenant_id", "=", tenantId)
    .where("dimension", "=", "member")
    .where("key", "=", membershipId)
    .orderBy("day")
    .execute();

  const ledger = await tx
    .selectFrom("points_ledger")
    .select(["source_type", "source_id", "points", "occurred_on", "detail", "created_at"])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .orderBy("occurred_on")
    .orderBy("created_at")
    .execute();

  const badges = await tx
    .selectFrom("badges")
    .select(["badge", "awarded_at"])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .orderBy("awarded_at")
    .execute();

  const kudosReceived = await tx
    .selectFrom("kudos as k")
    .leftJoin("memberships as fm", (j) =>
      j.onRef("fm.id", "=", "k.from_membership_id").on("fm.tenant_id", "=", tenantId),
    )
    .leftJoin("users as fu", "fu.id", "fm.user_id")
    .select(["k.reason", "k.created_at", "fu.name as from_name"])
    .where("k.tenant_id", "=", tenantId)
    .where("k.to_membership_id", "=", membershipId)
    .orderBy("k.created_at")
    .execute();
  const kudosGiven = await tx
    .selectFrom("kudos as k")
    .leftJoin("memberships as tm", (j) =>
      j.onRef("tm.id", "=", "k.to_membership_id").on("tm.tenant_id", "=", tenantId),
    )
    .leftJoin("users as tu", "tu.id", "tm.user_id")
    .select(["k.reason", "k.created_at", "tu.name as to_name"])
    .where("k.tenant_id", "=", tenantId)
    .where("k.from_membership_id", "=", membershipId)
    .orderBy("k.created_at")
    .execute();

  const recognitionPrefs = await tx
    .selectFrom("recognition_preferences")
    .select(["leaderboard_opt_in", "kudos_in_digest", "auto_release_consent", "updated_at"])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .executeTakeFirst();
  const digestPrefs = await tx
    .selectFrom("digest_preferences")
    .select(["weekly_digest", "updated_at"])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .executeTakeFirst();
  // the weekly digest as a personal Slack message (chat/subscribe-chat-digest.server.ts)
  const chatDigests = await tx
    .selectFrom("chat_digest_subscriptions")
    .select(["provider", "created_at", "last_sent_week"])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .orderBy("provider")
    .execute();
  const digestSends = await tx
    .selectFrom("digest_sends")
    .select(["week_start", "kind", "sent_at"])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .orderBy("week_start")
    .execute();

  // Agreements about the person (as employee); agreements they manage are their reports' data.
  const agreements = await tx
    .selectFrom("goal_agreements as a")
    .leftJoin("memberships as mm", (j) =>
      j.onRef("mm.id", "=", "a.manager_id").on("mm.tenant_id", "=", tenantId),
    )
    .leftJoin("users as mu", "mu.id", "mm.user_id")
    .select([
      "a.id",
      "a.period_kind",
      "a.period_label",
      "a.starts_on",
      "a.ends_on",
      "a.status",
      "a.employee_comment",
      "a.proposed_at",
      "a.accepted_at",
      "a.closed_at",
      "a.attainment_cap_percent",
      "a.backdated_from",
      "a.revision",
      "a.closed_early_reason",
      "a.created_at",
      "mu.name as manager_name",
    ])
    .where("a.tenant_id", "=", tenantId)
    .where("a.employee_id", "=", membershipId)
    .orderBy("a.starts_on")
    .execute();
  const agreementIds = agreements.map((a) => a.id);
  const objectives = agreementIds.length
    ? await tx
        .selectFrom("goal_objectives")
        .select([
          "agreement_id",
          "position",
          "metric",
          "title",
          "target",
          "weight",
          "manual_score",
          "manual_note",
        ])
        .where("tenant_id", "=", tenantId)
        .where("agreement_id", "in", agreementIds)
        .orderBy("position")
        .execute()
    : [];

  const statements = await tx
    .selectFrom("credit_statements")
    .select([
      "id",
      "agreement_id",
      "period_label",
      "starts_on",
      "ends_on",
      "content",
      "content_hash",
      "generated_at",
      "supersedes_id",
      "released_at",
      "release_mode",
    ])
    .where("tenant_id", "=", tenantId)
    .where("employee_id", "=", membershipId)
    .orderBy("generated_at")
    .execute();

  const member: Member = {
    id: membershipId,
    tenantId,
    userId,
    name: base.name,
    email: base.email,
    roles: base.roles,
    teamId: null,
    managerId: null,
  };
  const accessLog = (await listMyCreditAccess(tx, member, 100_000)).reverse();
  // The log also records the person's own looks at others' figures (a manager's at a report's):
  // action and time only, whose figures is the other person's matter.
  const accessByThem = await tx
    .selectFrom("credit_access_log")
    .select(["action", "created_at"])
    .where("tenant_id", "=", tenantId)
    .where("actor_membership_id", "=", membershipId)
    .where("subject_membership_id", "!=", membershipId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();

  const suggestions = await tx
    .selectFrom("suggestions")
    .select(["id", "url", "reason", "status", "decline_reason", "post_id", "decided_at", "created_at"])
    .where("tenant_id", "=", tenantId)
    .where("suggester_id", "=", membershipId)
    .orderBy("created_at")
    .execute();
  const escalations = await tx
    .selectFrom("escalations")
    .select(["id", "url", "note", "status", "handled_at", "created_at"])
    .where("tenant_id", "=", tenantId)
    .where("reporter_id", "=", membershipId)
    .orderBy("created_at")
    .execute();

  const postsAuthored = await tx
    .selectFrom("posts")
    .select(["id", "title", "slug", "status", "created_at"])
    .where("tenant_id", "=", tenantId)
    .where("author_id", "=", membershipId)
    .orderBy("created_at")
    .execute();
  const approvals = await tx
    .selectFrom("post_approvals as a")
    .innerJoin("posts as p", (j) => j.onRef("p.id", "=", "a.post_id").on("p.tenant_id", "=", tenantId))
    .select(["p.id as post_id", "p.title", "a.version", "a.created_at"])
    .where("a.tenant_id", "=", tenantId)
    .where("a.approver_id", "=", membershipId)
    .orderBy("a.created_at")
    .execute();
  const apiTokens = await tx
    .selectFrom("api_tokens")
    .select(["name", "scopes", "created_at", "last_used_at", "revoked_at", "expires_at"])
    .where("tenant_id", "=", tenantId)
    .where("created_by", "=", userId)
    .orderBy("created_at")
    .execute();

  // member_ip_keys is global (per person, not per tenant): the days only, never the keys.
  const ipKeyDays = await tx
    .selectFrom("member_ip_keys")
    .select("day")
    .distinct()
    .where("user_id", "=", userId)
    .orderBy("day")
    .execute();

  const exports = await tx
    .selectFrom("data_exports")
    .select(["id", "status", "requested_by", "created_at", "ready_at", "expires_at", "downloaded_at"])
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", membershipId)
    .orderBy("created_at")
    .execute();

  // Audit events about the person: the subject is them (membership or user) or one of their records
  // (their invitation, shares, held-back clicks, agreements, statements, suggestions, escalations, exports).
  const ownSubjects = [
    membershipId,
    userId,
    ...invitations.map((i) => i.id),
    ...holds.map((h) => h.id),
    ...agreementIds,
    ...statements.map((s) => s.id),
    ...suggestions.map((s) => s.id),
    ...escalations.map((e) => e.id),
    ...exports.map((e) => e.id),
  ];
  const aboutThem = await tx
    .selectFrom("audit_events as e")
    .leftJoin("users as au", "au.id", "e.actor_user_id")
    .select(["e.action", "e.subject", "e.data", "e.created_at", "e.actor_user_id", "au.name as actor_name"])
    .where("e.tenant_id", "=", tenantId)
    .where((eb) => eb.or([eb("e.subject", "in", ownSubjects), eb("e.subject", "in", ownShareKeys())]))
    .orderBy("e.created_at")
    .orderBy("e.id")
    .execute();
  const byThem = await tx
    .selectFrom("audit_events")
    .select(["action", "created_at"])
    .where("tenant_id", "=", tenantId)
    .where("actor_user_id", "=", userId)
    .where((eb) =>
      eb.or([
        eb("subject", "is", null),
        eb.and([eb("subject", "not in", ownSubjects), eb("subject", "not in", ownShareKeys())]),
      ]),
    )
    .orderBy("created_at")
    .orderBy("id")
    .execute();

  const rollupOf = new Map(rollups.map((r) => [r.key, r]));
  const rawOf = new Map(rawCounts.map((r) => [r.share_id, r]));
  const metricsOf = new Map(metrics.map((m) => [m.share_id, m]));
  // tracked links as they were shared: under LINKS_URL when the links process has a hostname of its own
  const linkOrigin = linksUrl();

  return {
    format: EXPORT_FORMAT as typeof EXPORT_FORMAT,
    version: EXPORT_FORMAT_VERSION as typeof EXPORT_FORMAT_VERSION,
    generatedAt: now.toISOString(),
    locale,
    tenant: { slug: base.slug, name: base.tenant_name },
    person: {
      name: base.name,
      email: base.email,
      locale: base.locale,
      accountCreatedAt: iso(base.user_created_at)!,
    },
    membership: {
      id: base.id,
      roles: base.roles as Role[],
      status: base.status,
      team: base.team_name,
      manager: base.manager_name,
      createdAt: iso(base.created_at)!,
      hubVisitedAt: iso(base.hub_visited_at),
      // where "new since your last visit" starts during the current visit (home/visit.ts)
      hubNewSince: iso(base.hub_new_since),
      // the company's directory's id of them (SCIM externalId), when the directory provisioned them
      scimExternalId: base.scim_external_id,
    },
    invitations: invitations.map((i) => ({
      email: i.email,
      name: i.name,
      roles: i.roles,
      createdAt: iso(i.created_at)!,
      expiresAt: iso(i.expires_at)!,
      acceptedAt: iso(i.accepted_at),
    })),
    consents: {
      currentVersion: CONSENT_VERSION,
      history: consents.map((c) => ({
        version: c.consent_version,
        title: consentText(locale, c.consent_version).title,
        grantedAt: iso(c.granted_at)!,
        withdrawnAt: iso(c.withdrawn_at),
        dataChoiceOnLeaving: c.data_choice,
      })),
    },
    guidelineAcknowledgements: acknowledgements.map((a) => ({
      version: a.version,
      acknowledgedAt: iso(a.acknowledged_at)!,
    })),
    onboarding: onboarding.map((o) => ({ path: o.path, completedAt: iso(o.completed_at)! })),
    socialProfiles: socialProfiles.map((p) => ({
      network: p.network,
      handle: p.handle,
      followerCount: p.follower_count,
      followersRecordedAt: iso(p.followers_recorded_at),
      mastodonInstance: p.mastodon_instance,
      createdAt: iso(p.created_at)!,
      updatedAt: iso(p.updated_at)!,
    })),
    ssoIdentities: ssoIdentities.map((i) => ({
      provider: i.display_name,
      kind: i.kind,
      subject: i.subject,
      createdAt: iso(i.created_at)!,
      lastSignInAt: iso(i.last_sign_in_at),
    })),
    linkedinConnections: linkedin.map((l) => ({
      linkedinMemberId: l.linkedin_member_id,
      scope: l.scope,
      connectedAt: iso(l.connected_at)!,
      expiresAt: iso(l.expires_at)!,
    })),
    shares: shareRows.map((s) => {
      const r = rollupOf.get(s.id);
      const raw = rawOf.get(s.id);
      const m = metricsOf.get(s.id);
      return {
        id: s.id,
        post: { id: s.post_id, title: s.post_title, slug: s.post_slug },
        network: s.network,
        text: s.text,
        channel: s.channel,
        trackedLink: s.code
          ? {
              url: `${linkOrigin}/s/${s.code}`,
              destination: s.destination,
              trackingStoppedAt: iso(s.tracking_stopped_at),
            }
          : null,
        followersAtShare: s.followers_at_share,
        externalId: s.external_id,
        createdAt: iso(s.created_at)!,
        clicks: {
          total: num(r?.clicks),
          uniqueVisitorsSummedByDay: num(r?.unique_visitors),
          impressionsEstimated: num(r?.impressions_estimated),
          rawEventsKept: num(raw?.human),
          botEventsKept: num(raw?.bots),
        },
        providerMetrics: m
          ? {
              provider: m.provider,
              impressions: num(m.impressions),
              reactions: num(m.reactions),
              comments: m.comments == null ? null : num(m.comments),
              reshares: m.reshares == null ? null : num(m.reshares),
              fetchedAt: iso(m.fetched_at)!,
            }
          : null,
      };
    }),
    clickHolds: holds.map((h) => ({
      shareId: h.share_id,
      day: h.day,
      reason: h.reason,
      clicks: h.clicks,
      status: h.status,
      decidedAt: iso(h.decided_at),
      createdAt: iso(h.created_at)!,
    })),
    reachDaily: reachDaily.map((d) => ({
      day: d.day,
      shares: d.shares,
      clicks: d.clicks,
      uniqueVisitors: d.unique_visitors,
      impressionsEstimated: num(d.impressions_estimated),
      impressionsMeasured: num(d.impressions_measured),
      reactions: num(d.reactions),
      earnedMedia: Number(d.earned_media),
    })),
    points: {
      total: Math.round(ledger.reduce((sum, e) => sum + Number(e.points), 0) * 100) / 100,
      ledger: ledger.map((e) => ({
        sourceType: e.source_type,
        sourceId: e.source_id,
        points: Number(e.points),
        occurredOn: e.occurred_on,
        detail: e.detail,
        createdAt: iso(e.created_at)!,
      })),
    },
    badges: badges.map((b) => ({ badge: b.badge, awardedAt: iso(b.awarded_at)! })),
    kudos: {
      received: kudosReceived.map((k) => ({ from: k.from_name, reason: k.reason, at: iso(k.created_at)! })),
      given: kudosGiven.map((k) => ({ to: k.to_name, reason: k.reason, at: iso(k.created_at)! })),
    },
    preferences: {
      recognition: recognitionPrefs
        ? {
            leaderboardOptIn: recognitionPrefs.leaderboard_opt_in,
            kudosInDigest: recognitionPrefs.kudos_in_digest,
            autoReleaseConsent: recognitionPrefs.auto_release_consent,
            updatedAt: iso(recognitionPrefs.updated_at)!,
          }
        : null,
      mail: digestPrefs
        ? { weeklyDigest: digestPrefs.weekly_digest, updatedAt: iso(digestPrefs.updated_at)! }
        : null,
      // personal digests in a chat app the person asked for (Slack: found by their address in the company's workspace)
      chatDigests: chatDigests.map((d) => ({
        provider: d.provider,
        subscribedAt: iso(d.created_at)!,
        lastSentWeek: d.last_sent_week,
      })),
    },
    digestsSent: digestSends.map((d) => ({ weekStart: d.week_start, kind: d.kind, sentAt: iso(d.sent_at)! })),
    goalAgreements: agreements.map((a) => ({
      id: a.id,
      periodKind: a.period_kind,
      periodLabel: a.period_label,
      startsOn: a.starts_on,
      endsOn: a.ends_on,
      status: a.status,
      manager: a.manager_name,
      yourComment: a.employee_comment,
      proposedAt: iso(a.proposed_at)!,
      acceptedAt: iso(a.accepted_at),
      closedAt: iso(a.closed_at),
      attainmentCapPercent: a.attainment_cap_percent,
      backdatedFrom: a.backdated_from,
      revision: a.revision,
      closedEarlyReason: a.closed_early_reason,
      objectives: objectives
        .filter((o) => o.agreement_id === a.id)
        .map((o) => ({
          position: o.position,
          metric: o.metric,
          title: o.title,
          target: Number(o.target),
          weight: o.weight,
          manualScore: o.manual_score == null ? null : Number(o.manual_score),
          manualNote: o.manual_note,
        })),
    })),
    creditStatements: statements.map((s) => ({
      id: s.id,
      agreementId: s.agreement_id,
      periodLabel: s.period_label,
      startsOn: s.starts_on,
      endsOn: s.ends_on,
      generatedAt: iso(s.generated_at)!,
      releasedAt: iso(s.released_at),
      releaseMode: s.release_mode,
      supersedesId: s.supersedes_id,
      contentHash: s.content_hash,
      content: s.content,
    })),
    creditAccessLog: accessLog.map((e) => ({
      at: iso(e.at)!,
      action: e.action,
      actor: e.actor,
      statementPeriod: e.statement?.periodLabel ?? null,
    })),
    creditAccessLogByYou: accessByThem.map((e) => ({ at: iso(e.created_at)!, action: e.action })),
    auditEvents: {
      aboutYou: aboutThem.map((e) => ({
        action: e.action,
        at: iso(e.created_at)!,
        actor:
          e.actor_user_id === null
            ? { kind: "system" as const, name: null }
            : e.actor_user_id === userId
              ? { kind: "you" as const, name: base.name }
              : { kind: "member" as const, name: e.actor_name },
        subject: e.subject,
        data: aboutYouData(e.action, e.data, base.email),
      })),
      byYouAboutOthers: byThem.map((e) => ({ action: e.action, at: iso(e.created_at)! })),
    },
    suggestions: suggestions.map((s) => ({
      url: s.url,
      reason: s.reason,
      status: s.status,
      declineReason: s.decline_reason,
      postId: s.post_id,
      decidedAt: iso(s.decided_at),
      createdAt: iso(s.created_at)!,
    })),
    // not the handler's note: the comms team writes it for themselves ("visible to the comms team only")
    escalations: escalations.map((e) => ({
      url: e.url,
      note: e.note,
      status: e.status,
      handledAt: iso(e.handled_at),
      createdAt: iso(e.created_at)!,
    })),
    contentWork: {
      postsAuthored: postsAuthored.map((p) => ({
        id: p.id,
        title: p.title,
        slug: p.slug,
        status: p.status,
        createdAt: iso(p.created_at)!,
      })),
      approvals: approvals.map((a) => ({
        postId: a.post_id,
        title: a.title,
        version: a.version,
        at: iso(a.created_at)!,
      })),
      apiTokensCreated: apiTokens.map((k) => ({
        name: k.name,
        scopes: k.scopes,
        createdAt: iso(k.created_at)!,
        lastUsedAt: iso(k.last_used_at),
        revokedAt: iso(k.revoked_at),
        expiresAt: iso(k.expires_at),
      })),
    },
    ownIpKeyDays: ipKeyDays.map((d) => d.day),
    dataExports: exports.map((e) => ({
      id: e.id,
      status: e.status,
      requestedBy: e.requested_by === null ? ("operator" as const) : ("you" as const),
      createdAt: iso(e.created_at)!,
      readyAt: iso(e.ready_at),
      expiresAt: iso(e.expires_at)!,
      downloadedAt: iso(e.downloaded_at),
    })),
  };
}
