import type { Tx } from "~/db/client.ts";
import type { Network } from "~/db/schema.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { getAdvocateStatus } from "~/app/modules/advocacy/advocate-status.server.ts";
import { listHubPosts } from "~/app/modules/content/list-hub-posts.server.ts";
import { listAgreements } from "~/app/modules/goals/list-agreements.server.ts";
import { loadAgreementPage } from "~/app/modules/goals/load-agreement-page.server.ts";
import { getLinkedInConnection } from "~/app/modules/profiles/get-linkedin-connection.server.ts";
import { listProfiles } from "~/app/modules/profiles/profiles.server.ts";
import { loadMyImpact } from "~/app/modules/reach/analytics.server.ts";
import { listMyShares } from "~/app/modules/sharing/list-my-shares.server.ts";
import { noteVisit } from "~/app/modules/home/note-visit.server.ts";
import { preferredNetwork } from "~/app/modules/home/preferred-network.ts";
import { weekStart } from "~/app/modules/home/week.ts";

/** How many new posts the home page shows as cards; the rest are a link to the hub. */
export const HOME_NEW_POSTS = 5;
/** The hub page read for new posts: new ones are the newest, so one page of the hub holds them. */
const NEW_POSTS_WINDOW = 20;
/** The person's latest shares read for "already shared" and their most used network. */
const RECENT_SHARES = 100;

export interface HomePost {
  id: string;
  title: string;
  publishedAt: Date | null;
  previewImageId: string | null;
  topics: string[];
}

export type OnboardingStep = "join" | "consent" | "guidelines" | "network";

export interface EmployeeHome {
  /** new since the last visit (home/visit.ts) and not shared by the person yet, newest first */
  newPosts: HomePost[];
  /** how many more new posts the hub has than shown; orMore: the window read was full of new ones */
  moreNew: { count: number; orMore: boolean };
  /** the network the share links preselect */
  network: Network;
  week: { from: string; to: string; hasShared: boolean; shares: number; clicks: number; impressions: number };
  /** the person's running agreement and how far its goals are; null: none running */
  goals: {
    agreementId: string;
    periodLabel: string;
    overallPercent: number;
    objectives: {
      id: string;
      title: string;
      metric: string;
      actual: number;
      target: number;
      percent: number;
    }[];
  } | null;
  /** a proposal waiting for the person's answer */
  proposal: { agreementId: string; periodLabel: string; managerName: string | null } | null;
  /** what is left before (and around) sharing, in order; done steps are left out */
  steps: OnboardingStep[];
}

/**
 * The employee's part of the home page: posts to share since the last visit (and the visit noted),
 * this week's own figures, the running agreement's goals, what is left to do before sharing. Only
 * the person's own figures: the same as on their impact and goals pages.
 */
export async function loadEmployeeHome(
  tx: Tx,
  member: Member,
  opts: { today: string; now: Date },
): Promise<EmployeeHome> {
  const { today, now } = opts;
  // listed before the visit is noted: within a visit the baseline does not move anyway (visit.ts)
  const page = await listHubPosts(tx, member, { limit: NEW_POSTS_WINDOW, now });
  await noteVisit(tx, member, now);
  const shares = await listMyShares(tx, member, { limit: RECENT_SHARES });
  const shared = new Set(shares.map((s) => s.postId));
  const fresh = page.posts.filter((p) => p.isNew && !shared.has(p.id));
  const windowFull = page.hasMore && page.posts.every((p) => p.isNew);

  const linkedIn = await getLinkedInConnection(tx, member, now);
  const profiles = await listProfiles(tx, member);
  const network = preferredNetwork({
    sharedTo: shares.map((s) => s.network),
    linkedInConnected: linkedIn.connected,
    profileNetworks: profiles.map((p) => p.network),
  });

  const from = weekStart(today);
  const impact = await loadMyImpact(tx, member.tenantId, member.id, { from, to: today }, 1);

  // unconfirmed: the person's own agreements only matter here; a report's figure is never read (or logged)
  const { mine } = await listAgreements(tx, member, today, { confirmed: false });
  const running = mine.find((a) => a.status === "accepted" && a.startsOn <= today && today <= a.endsOn);
  let goals: EmployeeHome["goals"] = null;
  if (running) {
    const agreementPage = await loadAgreementPage(tx, member, running.id);
    if (agreementPage.figures.shown !== "none") {
      const evaluation = agreementPage.figures.evaluation;
      goals = {
        agreementId: running.id,
        periodLabel: running.periodLabel,
        overallPercent: evaluation.overallPercent,
        objectives: evaluation.objectives.map((o) => ({
          id: o.id,
          title: o.title,
          metric: o.metric,
          actual: o.actual,
          target: o.target,
          percent: o.attainmentPercent,
        })),
      };
    }
  }
  const open = mine.find((a) => a.status === "proposed");
  const proposal = open
    ? { agreementId: open.id, periodLabel: open.periodLabel, managerName: open.managerName }
    : null;

  const status = await getAdvocateStatus(tx, member);
  const steps: OnboardingStep[] = [];
  if (!status.optedIn) steps.push("join");
  else if (status.consentOutdated) steps.push("consent");
  if (!status.guidelinesAcknowledged) steps.push("guidelines");
  if (!linkedIn.connected && profiles.length === 0) steps.push("network");

  return {
    newPosts: fresh.slice(0, HOME_NEW_POSTS).map((p) => ({
      id: p.id,
      title: p.title,
      publishedAt: p.publishedAt,
      previewImageId: p.previewImageId,
      topics: p.topics.map((t) => t.name),
    })),
    moreNew: { count: Math.max(fresh.length - HOME_NEW_POSTS, 0), orMore: windowFull },
    network,
    week: {
      from,
      to: today,
      hasShared: impact.hasShared,
      shares: impact.totals.shares,
      clicks: impact.totals.clicks,
      impressions: impact.totals.impressionsMeasured + impact.totals.impressionsEstimated,
    },
    goals,
    proposal,
    steps,
  };
}
