import type { Tx } from "~/db/client.ts";
import { afterCommit } from "~/db/tenant.ts";
import type { AgreementStatus } from "~/db/tables/recognition.ts";
import { ConflictError, ForbiddenError, ValidationError } from "~/app/lib/errors.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { can } from "~/app/lib/permissions.ts";
import { queueEmail } from "~/app/modules/notifications/queue-email.server.ts";
import { todayIn } from "~/app/lib/days.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import {
  agreementWindow,
  type AgreementWindow,
  type Period,
  type WindowRefusal,
} from "~/app/modules/goals/period.ts";
import { periodOf, type ProposeAgreement } from "~/app/modules/goals/schemas.ts";
import { getRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import type { AgreementRow } from "~/app/modules/goals/agreement-records.server.ts";

/* The steps the goal agreement use cases that change an agreement share (propose, revise, accept, comment, withdraw). */

/** Throws unless `manager` may manage goals and `employeeId` is one of their direct reports. */
export async function assertDirectReport(tx: Tx, manager: Member, employeeId: string): Promise<void> {
  if (!can(manager.roles, "goals.manage")) throw new ForbiddenError("goals.manage needed");
  const row = await tx
    .selectFrom("memberships")
    .select("id")
    .where("tenant_id", "=", manager.tenantId)
    .where("id", "=", employeeId)
    .where("manager_id", "=", manager.id)
    .where("status", "=", "active")
    .executeTakeFirst();
  if (!row) throw new ForbiddenError("not a direct report");
}

export async function insertObjectives(
  tx: Tx,
  tenantId: string,
  agreementId: string,
  input: ProposeAgreement,
): Promise<void> {
  await tx
    .insertInto("goal_objectives")
    .values(
      input.objectives.map((o, i) => ({
        tenant_id: tenantId,
        agreement_id: agreementId,
        position: i + 1,
        metric: o.metric,
        title: o.title,
        target: o.metric === "manual" ? 100 : (o.target ?? 0),
        weight: o.weight,
      })),
    )
    .execute();
}

/** One live agreement per employee and period label (a running period's start is the proposal day, so the label is what identifies it). */
export async function assertNoLiveAgreement(
  tx: Tx,
  tenantId: string,
  employeeId: string,
  periodLabel: string,
  exceptId?: string,
): Promise<void> {
  let query = tx
    .selectFrom("goal_agreements")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("employee_id", "=", employeeId)
    .where("period_label", "=", periodLabel)
    .where("status", "<>", "withdrawn");
  if (exceptId) query = query.where("id", "<>", exceptId);
  if (await query.executeTakeFirst())
    throw new ValidationError("an agreement for this period exists", { period: ["agreement_exists"] });
}

export const isUniqueViolation = (error: unknown) =>
  error instanceof Error && "code" in error && error.code === "23505";

/**
 * Tells the other side that the agreement moved, once the change has committed. A recipient who
 * left (deactivated) gets nothing.
 */
export async function mailOtherSide(
  tx: Tx,
  tenantId: string,
  agreementId: string,
  recipientId: string | null,
  mail: {
    event: "proposed" | "commented" | "accepted";
    actorName: string;
    periodLabel: string;
    comment?: string;
  },
): Promise<void> {
  if (!recipientId) return;
  const recipient = await tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .innerJoin("tenants", "tenants.id", "memberships.tenant_id")
    .select(["users.email", "users.locale", "tenants.slug", "tenants.default_locale"])
    .where("memberships.tenant_id", "=", tenantId)
    .where("memberships.id", "=", recipientId)
    .where("memberships.status", "=", "active")
    .executeTakeFirst();
  if (!recipient) return;
  const sentAt = Date.now();
  afterCommit(tx, () =>
    queueEmail({
      to: recipient.email,
      locale: recipient.locale ?? recipient.default_locale,
      template: "goal-agreement",
      idempotencyKey: `goal-agreement:${agreementId}:${mail.event}:${sentAt}`,
      props: { url: `${appUrl()}/t/${recipient.slug}/goals/${agreementId}`, ...mail },
    }),
  );
}

export interface ProposalClock {
  /**
   * The tenant-local day the proposal (revision, acceptance) is made; defaults to today in the
   * tenant's time zone. Only tests and the demo seed set it, to write history; requests never do.
   */
  today?: string;
}

export async function tenantToday(tx: Tx, tenantId: string, clock: ProposalClock): Promise<string> {
  if (clock.today) return clock.today;
  const tenant = await tx
    .selectFrom("tenants")
    .select("time_zone")
    .where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
  return todayIn(tenant.time_zone);
}

/** The form field a refused start is shown next to. */
const WINDOW_FIELD: Record<WindowRefusal, string> = {
  period_ended: "period",
  custom_start_past: "from",
  backdate_not_allowed: "backdate",
  backdate_too_early: "from",
};

/** The period of a proposal and the days it measures, agreed on `today` (agreementWindow in period.ts). */
export async function proposedWindow(
  tx: Tx,
  tenantId: string,
  input: ProposeAgreement,
  today: string,
): Promise<{ period: Period; window: AgreementWindow }> {
  const period = periodOf(input);
  if (!period) throw new ValidationError("invalid period", { period: ["period"] });
  const settings = await getRecognitionSettings(tx, tenantId);
  const result = agreementWindow(period, today, {
    allowBackdated: settings.allowBackdatedStart,
    backdate: input.backdate === true,
  });
  if (!result.ok)
    throw new ValidationError(`this period cannot be agreed on ${today}: ${result.reason}`, {
      [WINDOW_FIELD[result.reason]]: [result.reason],
    });
  return { period, window: result.window };
}

/**
 * The version of a proposal the employee answers: the `revision` their page showed. Accepting or
 * commenting on a proposal the manager revised meanwhile would agree to targets the employee never
 * saw, so it is refused ("proposal_changed") and nothing changes.
 */
export interface ShownRevision {
  revision: number;
}

const proposalChanged = () =>
  new ConflictError("the proposal changed meanwhile: read it again before answering", "proposal_changed");

/**
 * Moves an agreement from one status to another, or fails with a conflict if it is no longer in
 * `from` (or, when the answer is to a proposal, no longer the revision the answer was given to).
 */
export async function transition(
  tx: Tx,
  tenantId: string,
  agreementId: string,
  from: readonly AgreementStatus[],
  set: {
    status: AgreementStatus;
    accepted_at?: Date;
    employee_comment?: string;
    attainment_cap_percent?: number;
  },
  shown?: ShownRevision,
): Promise<void> {
  let query = tx
    .updateTable("goal_agreements")
    .set({ ...set, updated_at: new Date() })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", agreementId)
    .where("status", "in", [...from]);
  if (shown) query = query.where("revision", "=", shown.revision);
  const result = await query.executeTakeFirst();
  if (result.numUpdatedRows !== 1n)
    throw new ConflictError("the agreement changed meanwhile", "agreement_not_open");
}

/** Refuses an answer to a revision other than the current one (the row is locked by findAgreement). */
export function assertShownRevision(agreement: AgreementRow, shown: ShownRevision): void {
  if (!Number.isInteger(shown.revision) || shown.revision !== agreement.revision) throw proposalChanged();
}
