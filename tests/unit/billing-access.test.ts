import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "~/app/lib/env.server.ts";
import { canCheckout, computeAccess, type BillingAccountState } from "~/app/modules/billing/plans.ts";
import { parseStripeForm } from "~/tests/fakes/stripe.ts";

const DAY = 86_400_000;
const now = new Date("2026-11-25T12:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);

function state(patch: Partial<BillingAccountState> = {}): BillingAccountState {
  return {
    plan: "team",
    trialEndsAt: null,
    subscriptionStatus: null,
    currentPeriodEnd: null,
    pastDueSince: null,
    ...patch,
  };
}

describe("computeAccess", () => {
  it("billing off: every feature, nothing paused, whatever the row says", () => {
    const access = computeAccess(
      state({ subscriptionStatus: "past_due", pastDueSince: ago(30) }),
      false,
      now,
    );
    expect(access).toMatchObject({ phase: "off", sharingPaused: false, paymentProblem: false });
    expect(access.features).toMatchObject({ maxAdvocates: null, api: true });
  });

  it("trial of Team until trialEndsAt, then Free with its limits", () => {
    expect(computeAccess(state({ trialEndsAt: ago(-1) }), true, now)).toMatchObject({
      phase: "trial",
      plan: "team",
      features: { maxAdvocates: null, api: false },
    });
    expect(computeAccess(state({ trialEndsAt: ago(0) }), true, now)).toMatchObject({
      phase: "free",
      plan: "free",
      features: { maxAdvocates: 10, goalAgreements: false, api: false },
    });
  });

  it("active and Stripe-trialing subscriptions use their plan", () => {
    expect(computeAccess(state({ subscriptionStatus: "active", plan: "business" }), true, now)).toMatchObject(
      { phase: "active", plan: "business", features: { api: true, auditExport: true } },
    );
    expect(computeAccess(state({ subscriptionStatus: "trialing" }), true, now).phase).toBe("active");
  });

  it("past due: full service for 7 days from the first failure, then sharing pauses", () => {
    const grace = computeAccess(state({ subscriptionStatus: "past_due", pastDueSince: ago(6.9) }), true, now);
    expect(grace).toMatchObject({ phase: "grace", sharingPaused: false, paymentProblem: true });
    expect(grace.graceEndsAt).toEqual(new Date(ago(6.9).getTime() + 7 * DAY));
    expect(
      computeAccess(state({ subscriptionStatus: "unpaid", pastDueSince: ago(7) }), true, now),
    ).toMatchObject({ phase: "paused", sharingPaused: true, paymentProblem: true });
  });

  it("cancelled: service until the period ends, then paused", () => {
    expect(
      computeAccess(state({ subscriptionStatus: "canceled", currentPeriodEnd: ago(-3) }), true, now).phase,
    ).toBe("active");
    expect(
      computeAccess(state({ subscriptionStatus: "canceled", currentPeriodEnd: ago(1) }), true, now),
    ).toMatchObject({ phase: "paused", sharingPaused: true });
  });

  it("an incomplete checkout falls back to the trial or Free", () => {
    expect(
      computeAccess(state({ subscriptionStatus: "incomplete", trialEndsAt: ago(-2) }), true, now).phase,
    ).toBe("trial");
    expect(computeAccess(state({ subscriptionStatus: "incomplete_expired" }), true, now).phase).toBe("free");
  });

  it("checkout only without a live subscription", () => {
    expect(canCheckout(null)).toBe(true);
    expect(canCheckout("canceled")).toBe(true);
    expect(canCheckout("incomplete_expired")).toBe(true);
    expect(canCheckout("active")).toBe(false);
    expect(canCheckout("past_due")).toBe(false);
  });
});

describe("billing environment", () => {
  function issuesOf(source: NodeJS.ProcessEnv): string[] {
    try {
      parseEnv(source);
    } catch (error) {
      if (error instanceof EnvError) return error.issues;
      throw error;
    }
    return [];
  }

  it("is optional: no Stripe variables is a valid boot (billing off)", () => {
    expect(issuesOf({})).toEqual([]);
  });

  it("with a secret key, the webhook secret and both prices are boot errors when missing", () => {
    expect(issuesOf({ STRIPE_SECRET_KEY: "sk_test_1" })).toEqual([
      "STRIPE_WEBHOOK_SECRET: is required when STRIPE_SECRET_KEY is set (billing is on)",
      "STRIPE_PRICE_TEAM: is required when STRIPE_SECRET_KEY is set (billing is on)",
      "STRIPE_PRICE_BUSINESS: is required when STRIPE_SECRET_KEY is set (billing is on)",
    ]);
    expect(
      issuesOf({
        STRIPE_SECRET_KEY: "sk_test_1",
        STRIPE_WEBHOOK_SECRET: "whsec_1",
        STRIPE_PRICE_TEAM: "price_t",
        STRIPE_PRICE_BUSINESS: "price_b",
      }),
    ).toEqual([]);
  });

  it("names malformed values", () => {
    expect(
      issuesOf({
        STRIPE_SECRET_KEY: "pk_live_1",
        STRIPE_WEBHOOK_SECRET: "secret",
        STRIPE_PRICE_TEAM: "price_t",
        STRIPE_PRICE_BUSINESS: "price_b",
      }),
    ).toEqual([
      "STRIPE_SECRET_KEY: must start with sk_ or rk_",
      "STRIPE_WEBHOOK_SECRET: must start with whsec_",
    ]);
  });
});

describe("the fake's form parser (Stripe's bracket encoding)", () => {
  it("nests objects and turns indexed keys into arrays", () => {
    expect(
      parseStripeForm(
        "line_items[0][price]=price_1&line_items[0][quantity]=3&metadata[tenant_id]=t&mode=subscription",
      ),
    ).toEqual({
      line_items: [{ price: "price_1", quantity: "3" }],
      metadata: { tenant_id: "t" },
      mode: "subscription",
    });
  });
});
