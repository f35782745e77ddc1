import type { Tx } from "~/db/client.ts";
import { can } from "~/app/lib/permissions.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";
import { listReviewQueue } from "~/app/modules/content/list-review-queue.server.ts";
import { listSuggestions } from "~/app/modules/content/list-suggestions.server.ts";
import { listEscalations } from "~/app/modules/escalations/list-escalations.server.ts";
import { loadAnalytics } from "~/app/modules/reach/analytics.server.ts";
import { weekStart } from "~/app/modules/home/week.ts";

/** How many waiting reviews the home page names; the rest are counted. */
export const HOME_REVIEWS = 5;

export interface CommsHome {
  /** posts in review this person may approve: not their own (four eyes), not approved by them already */
  reviews: {
    count: number;
    first: { id: string; title: string; authorName: string | null; submittedAt: Date }[];
  } | null;
  /** open suggestions (null: not this person's task) */
  suggestions: number | null;
  /** open flagged discussions (null: not this person's task) */
  escalations: number | null;
  /** this week's programme figures, as the analytics page shows them (null: no analytics for this person) */
  programme:
    | {
        state: "shown";
        from: string;
        to: string;
        shares: number;
        clicks: number;
        impressions: number;
        sharers: number | null;
      }
    | { state: "too_few"; minGroupSize: number }
    | { state: "whole_months" }
    | null;
}

/**
 * The comms part of the home page, each piece only for the permission its own page asks: the review
 * queue (content.approve), suggestions (suggestions.review), flagged discussions (escalations.handle),
 * the programme's figures this week (analytics.view) through loadAnalytics, so minimum group sizes and
 * the strict mode hold as on the analytics page.
 */
export async function loadCommsHome(
  tx: Tx,
  member: Member,
  opts: { tenant: TenantInfo; today: string },
): Promise<CommsHome> {
  const { tenant, today } = opts;
  let reviews: CommsHome["reviews"] = null;
  if (can(member.roles, "content.approve")) {
    const waiting = (await listReviewQueue(tx, tenant.id, member.id)).filter(
      (r) => !r.isOwn && !r.approvedByViewer,
    );
    reviews = {
      count: waiting.length,
      first: waiting.slice(0, HOME_REVIEWS).map((r) => ({
        id: r.id,
        title: r.title,
        authorName: r.authorName,
        submittedAt: r.submittedAt,
      })),
    };
  }
  const suggestions = can(member.roles, "suggestions.review")
    ? (await listSuggestions(tx, tenant.id, { status: "open", limit: 1000 })).length
    : null;
  const escalations = can(member.roles, "escalations.handle")
    ? (await listEscalations(tx, tenant.id, { status: "open", limit: 1000 })).length
    : null;

  let programme: CommsHome["programme"] = null;
  if (can(member.roles, "analytics.view")) {
    const report = await loadAnalytics(
      tx,
      { tenantId: tenant.id, timeZone: tenant.timeZone, today },
      { from: weekStart(today), to: today, team: undefined },
    );
    if (report.range.wholeMonths) programme = { state: "whole_months" };
    else if (!report.figures) programme = { state: "too_few", minGroupSize: report.minGroupSize };
    else {
      const t = report.figures.totals;
      programme = {
        state: "shown",
        from: report.range.from,
        to: report.range.to,
        shares: t.shares,
        clicks: t.clicks,
        impressions: t.impressionsMeasured + t.impressionsEstimated,
        sharers: report.figures.participation.sharers,
      };
    }
  }
  return { reviews, suggestions, escalations, programme };
}
