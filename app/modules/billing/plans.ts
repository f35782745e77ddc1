import { PLANS, type Plan } from "~/db/tables/billing.ts";

export { PLANS, type Plan };

/** What each plan includes. Prices live in Stripe; Chorus only knows the price ids (config). */
export interface PlanFeatures {
  /** opted-in advocates at most; null: no limit (paid per advocate) */
  maxAdvocates: number | null;
  goalAgreements: boolean;
  api: boolean;
  auditExport: boolean;
  ssoSettings: boolean;
}

export const PLAN_FEATURES: Record<Plan, PlanFeatures> = {
  free: { maxAdvocates: 10, goalAgreements: false, api: false, auditExport: false, ssoSettings: false },
  team: { maxAdvocates: null, goalAgreements: true, api: false, auditExport: false, ssoSettings: false },
  business: { maxAdvocates: null, goalAgreements: true, api: true, auditExport: true, ssoSettings: true },
};

export const PAID_PLANS = ["team", "business"] as const satisfies readonly Plan[];
export type PaidPlan = (typeof PAID_PLANS)[number];

export const TRIAL_DAYS = 14;
export const GRACE_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Where a tenant stands:
 * - off: billing is not configured (self-hosted); nothing is gated
 * - trial: Chorus's own trial of Team, no subscription yet
 * - free: the trial ended without a subscription; the Free plan's limits apply
 * - active: a paying (or Stripe-trialing) subscription
 * - grace: payment failed less than GRACE_DAYS ago; full service, admins see a banner
 * - paused: past due beyond the grace period, or cancelled and the period over: sharing and new
 *   tracked links pause; redirects, clicks and everything readable keep working
 */
export type BillingPhase = "off" | "trial" | "free" | "active" | "grace" | "paused";

export interface BillingAccountState {
  plan: Plan;
  trialEndsAt: Date | null;
  subscriptionStatus: string | null;
  currentPeriodEnd: Date | null;
  pastDueSince: Date | null;
}

export interface BillingAccess {
  phase: BillingPhase;
  /** the plan whose features apply now */
  plan: Plan;
  features: PlanFeatures;
  sharingPaused: boolean;
  /** a payment failed and is not settled yet (grace or paused): admins see a banner */
  paymentProblem: boolean;
  /** grace: when sharing will pause */
  graceEndsAt: Date | null;
  trialEndsAt: Date | null;
}

const PAST_DUE = new Set(["past_due", "unpaid"]);
const LIVE = new Set(["active", "trialing"]);

/** Pure: the tenant's access at `now`, from its billing row. `enabled` false: billing is off. */
export function computeAccess(
  account: BillingAccountState,
  enabled: boolean,
  now: Date = new Date(),
): BillingAccess {
  const base = {
    trialEndsAt: account.trialEndsAt,
    graceEndsAt: null,
    paymentProblem: false,
    sharingPaused: false,
  };
  if (!enabled) return { ...base, phase: "off", plan: "business", features: PLAN_FEATURES.business };
  const status = account.subscriptionStatus;
  const paid = (phase: BillingPhase, extra: Partial<BillingAccess> = {}): BillingAccess => ({
    ...base,
    phase,
    plan: account.plan,
    features: PLAN_FEATURES[account.plan],
    ...extra,
  });

  if (status && LIVE.has(status)) return paid("active");
  if (status && PAST_DUE.has(status)) {
    const since = account.pastDueSince ?? now;
    const graceEndsAt = new Date(since.getTime() + GRACE_DAYS * DAY_MS);
    return now < graceEndsAt
      ? paid("grace", { paymentProblem: true, graceEndsAt })
      : paid("paused", { paymentProblem: true, sharingPaused: true });
  }
  if (status === "canceled") {
    if (account.currentPeriodEnd && now < account.currentPeriodEnd) return paid("active");
    return paid("paused", { sharingPaused: true });
  }
  if (status === "paused") return paid("paused", { sharingPaused: true });
  // no subscription (or an incomplete checkout): Chorus's trial, then Free
  if (account.trialEndsAt && now < account.trialEndsAt)
    return { ...base, phase: "trial", plan: "team", features: PLAN_FEATURES.team };
  return { ...base, phase: "free", plan: "free", features: PLAN_FEATURES.free };
}

/** Checkout is for tenants without a live subscription; the others change plans in the portal. */
export function canCheckout(subscriptionStatus: string | null): boolean {
  return !subscriptionStatus || !(LIVE.has(subscriptionStatus) || PAST_DUE.has(subscriptionStatus));
}
