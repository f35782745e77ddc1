import type { Tx } from "~/db/client.ts";
import { DomainError, ForbiddenError, ValidationError } from "~/app/lib/errors.ts";
import { countSeats, getBillingAccess, markSeatsDirty } from "~/app/modules/billing/account.server.ts";
import { billingEnabled } from "~/app/modules/billing/config.server.ts";

/** The Free plan's advocate limit is reached; the message names it, the code is for the UI. */
export class PlanLimitError extends DomainError {
  constructor(readonly limit: number) {
    super(`the Free plan allows at most ${limit} opted-in advocates; upgrade to add more`, "advocate_limit");
  }
}

/**
 * Sharing (and with it new tracked links) pauses when payment is overdue beyond the grace period or
 * a cancelled subscription has ended. A ValidationError on the form, so the share page keeps the
 * text and says why.
 */
export async function assertSharingAllowed(tx: Tx, tenantId: string, now: Date = new Date()): Promise<void> {
  if (!billingEnabled()) return;
  const access = await getBillingAccess(tx, tenantId, now);
  if (access.sharingPaused)
    throw new ValidationError("sharing is paused until the subscription is paid", {
      form: ["sharing_paused"],
    });
}

/**
 * Before a member joins the programme: marks the seats dirty (and so locks the billing row: two
 * joins at once cannot both take the last free seat), then refuses the join past the plan's limit.
 */
export async function reserveAdvocateSeat(tx: Tx, tenantId: string, membershipId: string): Promise<void> {
  if (!billingEnabled()) return;
  await markSeatsDirty(tx, tenantId);
  const access = await getBillingAccess(tx, tenantId);
  const max = access.features.maxAdvocates;
  if (max !== null && (await countSeats(tx, tenantId, { excludeMembershipId: membershipId })) >= max)
    throw new PlanLimitError(max);
}

/** Goal agreements are part of the Team and Business plans (only when billing is on). */
export async function assertGoalAgreementsAllowed(tx: Tx, tenantId: string): Promise<void> {
  if (!billingEnabled()) return;
  const access = await getBillingAccess(tx, tenantId);
  if (!access.features.goalAgreements)
    throw new ValidationError("goal agreements are not part of the Free plan", {
      form: ["plan_goal_agreements"],
    });
}

/** The public API is part of the Business plan (only when billing is on). */
export async function assertApiAllowed(tx: Tx, tenantId: string): Promise<void> {
  if (!billingEnabled()) return;
  const access = await getBillingAccess(tx, tenantId);
  if (!access.features.api)
    throw new ForbiddenError("The API is part of the Business plan. An admin can upgrade under Billing.");
}
