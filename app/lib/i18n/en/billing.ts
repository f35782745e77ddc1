/** Texts of the billing page (English). */
export default {
  title: "Billing",
  notConfigured: "Billing is not configured on this installation: every feature is available without limits.",
  checkoutSuccess:
    "Thank you! Your payment went through. The plan below updates as soon as Stripe confirms it (usually within seconds).",
  checkoutCancelled: "Checkout was cancelled. Nothing was charged.",
  currentPlan: "Current plan: {{plan}}",
  plans: { free: "Free", team: "Team", business: "Business" },
  phase: {
    off: "Billing is off.",
    trial:
      "You are trying Team for free until {{trialEnds}}. Afterwards the Free plan applies unless you subscribe.",
    free: "You are on the Free plan: up to 10 advocates, no goal agreements, no API.",
    active: "Your subscription is active.",
    grace:
      "A payment failed. Everything keeps working until {{graceEnds}}; please update your payment method before then, or sharing pauses.",
    paused:
      "Sharing and new tracked links are paused because the subscription is unpaid or has ended. Existing links keep working and no data is lost. Paying restores everything at once.",
  },
  seatsUsed: "Advocates (seats in use)",
  seatsPaid: "Seats paid",
  nextInvoice: "Next invoice",
  endsAtPeriodEnd: "None: the subscription ends with the current period",
  none: "—",
  freeLimit: "The Free plan allows at most {{max}} opted-in advocates.",
  upgradeTitle: "Subscribe",
  manageTitle: "Manage your subscription",
  upgradeLead:
    "You pay per opted-in advocate per month; you start with {{seats}} seat(s), and the count follows as people join or leave.",
  upgradeTo: "Upgrade to {{plan}}",
  planSummary:
    "Team: unlimited advocates and goal agreements. Business: adds the API, audit export and SSO-ready settings.",
  openPortal: "Manage payment method, plan or cancellation",
  invoices: "Invoices",
  noInvoices: "No invoices yet.",
  invoicesUnavailable: "Invoices cannot be loaded from Stripe right now. Please try again later.",
  invoiceDate: "Date",
  invoiceNumber: "Number",
  invoiceTotal: "Total",
  invoiceStatus: "Status",
  invoiceStatuses: {
    paid: "Paid",
    open: "Open",
    draft: "Draft",
    void: "Void",
    uncollectible: "Uncollectible",
  },
  errors: {
    invalid: "That request was not understood. Please try again.",
    already_subscribed:
      "You already have a subscription. Change it through “Manage payment method, plan or cancellation”.",
    no_customer: "There is no subscription to manage yet.",
    billing_off: "Billing is not configured on this installation.",
    stripe_unavailable: "Stripe could not be reached. Nothing was changed; please try again in a moment.",
  },
  advocateLimit:
    "The Free plan allows at most {{max}} advocates, and all places are taken. An admin can change the plan under Admin → Billing.",
};
