import { z } from "zod";
import type { Tx } from "~/db/client.ts";
import { getPostAnalyticsEnabled } from "~/app/modules/profiles/linkedin-app.server.ts";
import {
  LINKEDIN_ANALYTICS_SCOPE,
  LinkedInError,
  linkedInServerConfig,
} from "~/app/modules/profiles/linkedin-config.server.ts";
import { linkedInMemberAccess } from "~/app/modules/profiles/linkedin-member-access.server.ts";
import {
  ProviderAuthError,
  type MetricsProvider,
  type MetricsShare,
  type ProviderFigures,
} from "~/app/modules/reach/metrics-provider.ts";

/*
 * LinkedIn member post analytics (Community Management API, "Member Post Statistics"):
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/members/post-statistics
 *
 *   GET /rest/memberCreatorPostAnalytics?q=entity&entity=(share:urn%3Ali%3Ashare%3A123)
 *       &queryType=IMPRESSION&aggregation=TOTAL
 *   (a ugcPost: entity=(ugc:urn%3Ali%3AugcPost%3A123); queryType one of IMPRESSION, MEMBERS_REACHED,
 *   RESHARE, REACTION, COMMENT — one metric per request)
 *   Authorization: Bearer <the member's token, scope r_member_postAnalytics>
 *   LinkedIn-Version: YYYYMM, X-Restli-Protocol-Version: 2.0.0
 *   → { "paging": {…}, "elements": [ { "count": 2, "metricType": {
 *         "com.linkedin.adsexternalapi.memberanalytics.v1.CreatorPostAnalyticsMetricTypeV1": "IMPRESSION" } } ] }
 *
 * The scope is granted to an app only after LinkedIn reviews it, so the tenant's admin turns this
 * on explicitly (linkedin_apps.post_analytics_enabled). tests/fakes/linkedin.ts speaks this format.
 */

const QUERY_TYPES = ["IMPRESSION", "REACTION", "COMMENT", "RESHARE"] as const;
type QueryType = (typeof QUERY_TYPES)[number];

const AnalyticsResponse = z.object({
  elements: z.array(
    z.object({
      count: z.number().int().nonnegative(),
      // a Rest.li union: { "<type name>": "IMPRESSION" }; a plain string is accepted too
      metricType: z.union([z.string(), z.record(z.string(), z.string())]),
    }),
  ),
});

const TIMEOUT_MS = 10_000;

/** The Rest.li entity parameter for a post URN, or undefined for anything else. */
export function entityParam(urn: string): string | undefined {
  if (/^urn:li:share:\d+$/.test(urn)) return `(share:${encodeURIComponent(urn)})`;
  if (/^urn:li:ugcPost:\d+$/.test(urn)) return `(ugc:${encodeURIComponent(urn)})`;
  return undefined;
}

export const linkedInMetricsProvider: MetricsProvider = {
  network: "linkedin",
  name: "linkedin",

  async enabled(tx, tenantId) {
    if (!linkedInServerConfig().key) return false;
    const app = await tx
      .selectFrom("linkedin_apps")
      .select("enabled")
      .where("tenant_id", "=", tenantId)
      .executeTakeFirst();
    return (app?.enabled ?? false) && (await getPostAnalyticsEnabled(tx, tenantId));
  },

  async fetch(tx: Tx, share: MetricsShare, now: Date): Promise<ProviderFigures | null> {
    const entity = entityParam(share.externalId);
    if (!entity) throw new Error(`share ${share.id}: "${share.externalId}" is not a LinkedIn post URN`);
    let access: Awaited<ReturnType<typeof linkedInMemberAccess>>;
    try {
      access = await linkedInMemberAccess(tx, share.tenantId, share.membershipId, now);
    } catch (err) {
      if (err instanceof LinkedInError) throw new ProviderAuthError(err.code);
      throw err;
    }
    // connected before the admin turned analytics on: the grant lacks the scope until they reconnect
    if (!access.scopes.includes(LINKEDIN_ANALYTICS_SCOPE))
      throw new ProviderAuthError("linkedin_scope_missing");

    const counts = {} as Record<QueryType, number | null>;
    for (const queryType of QUERY_TYPES) counts[queryType] = await fetchCount(access, entity, queryType);
    // no impression count yet (LinkedIn reports with a delay): keep the estimate
    if (counts.IMPRESSION === null) return null;
    return {
      impressions: counts.IMPRESSION,
      reactions: counts.REACTION ?? 0,
      comments: counts.COMMENT ?? undefined,
      reshares: counts.RESHARE ?? undefined,
    };
  },
};

async function fetchCount(
  access: { accessToken: string; apiBase: string; version: string },
  entity: string,
  queryType: QueryType,
): Promise<number | null> {
  const url = `${access.apiBase}/rest/memberCreatorPostAnalytics?q=entity&entity=${entity}&queryType=${queryType}&aggregation=TOTAL`;
  const res = await fetch(url, {
    headers: {
      Authorization: `Bearer ${access.accessToken}`,
      "LinkedIn-Version": access.version,
      "X-Restli-Protocol-Version": "2.0.0",
    },
    redirect: "manual",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (res.status === 401) throw new ProviderAuthError("linkedin_expired");
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const message =
      body && typeof body === "object" && "message" in body
        ? String((body as { message: unknown }).message).slice(0, 300)
        : "";
    throw new Error(`LinkedIn ${queryType} failed (${res.status}): ${message}`);
  }
  const parsed = AnalyticsResponse.safeParse(body);
  if (!parsed.success) throw new Error(`LinkedIn ${queryType}: unexpected answer`);
  const element = parsed.data.elements.find(
    (e) => (typeof e.metricType === "string" ? e.metricType : Object.values(e.metricType)[0]) === queryType,
  );
  return element ? element.count : null;
}
