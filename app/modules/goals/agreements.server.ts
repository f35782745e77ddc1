import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import { assertGoalAgreementsAllowed } from "~/app/modules/billing/gates.server.ts";
import { afterCommit } from "~/db/tenant.ts";
import type { AgreementStatus, PeriodKind } from "~/db/tables/recognition.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "~/app/lib/errors.ts";
import { appUrl } from "~/app/lib/env.server.ts";
import { can } from "~/app/lib/permissions.ts";
import { queueEmail } from "~/app/modules/notifications/queue-email.server.ts";
import { todayIn } from "~/app/modules/reach/analytics.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { parseInput } from "~/app/modules/tenancy/member-rules.server.ts";
import { logCreditAccess } from "~/app/modules/goals/access-log.server.ts";
import {
  agreedCap,
  evaluateObjectives,
  loadObjectives,
  type Evaluation,
  type ObjectiveRow,
} from "~/app/modules/goals/evaluate.server.ts";
import {
  agreementWindow,
  measuredThrough,
  type AgreementWindow,
  type Period,
  type WindowRefusal,
} from "~/app/modules/goals/period.ts";
import {
  CommentInput,
  ManualScoreInput,
  periodOf,
  ProposeAgreementInput,
  type ProposeAgreement,
} from "~/app/modules/goals/schemas.ts";
import { getRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import { loadFigurePolicy } from "~/app/modules/privacy/strict-mode.server.ts";
import { managerFigures } from "~/app/modules/goals/visibility.ts";

export interface AgreementRow {
  id: string;
  employeeId: string;
  employeeName: string;
  managerId: string | null;
  managerName: string | null;
  periodKind: PeriodKind;
  periodLabel: string;
  startsOn: string;
  endsOn: string;
  status: AgreementStatus;
  employeeComment: string | null;
  proposedAt: Date;
  acceptedAt: Date | null;
  closedAt: Date | null;
  /** the attainment cap agreed at acceptance; null while proposed (the tenant's current setting applies) */
  agreedCapPercent: number | null;
  /** the day it was proposed, when its start lies before that day (a back-dated start); null otherwise */
  backdatedFrom: string | null;
  /** how often it was revised (every revision is a new proposal; the employee answers the one they saw) */
  revision: number;
  /** an admin closed it before its period ended and settled: its figures are measured through the closing day */
  closedEarly: boolean;
}

export interface Report {
  id: string;
  name: string;
}

function agreementQuery(tx: Tx, tenantId: string) {
  return tx
    .selectFrom("goal_agreements as a")
    .innerJoin("memberships as em", "em.id", "a.employee_id")
    .innerJoin("users as eu", "eu.id", "em.user_id")
    .leftJoin("memberships as mm", "mm.id", "a.manager_id")
    .leftJoin("users as mu", "mu.id", "mm.user_id")
    .select([
      "a.id",
      "a.employee_id as employeeId",
      "eu.name as employeeName",
      "a.manager_id as managerId",
      "mu.name as managerName",
      "a.period_kind as periodKind",
      "a.period_label as periodLabel",
      "a.starts_on as startsOn",
      "a.ends_on as endsOn",
      "a.status",
      "a.employee_comment as employeeComment",
      "a.proposed_at as proposedAt",
      "a.accepted_at as acceptedAt",
      "a.closed_at as closedAt",
      "a.attainment_cap_percent as agreedCapPercent",
      "a.backdated_from as backdatedFrom",
      "a.revision",
      sql<boolean>`a.closed_early_reason is not null`.as("closedEarly"),
      "em.manager_id as employeeManagerId",
    ])
    .where("a.tenant_id", "=", tenantId)
    .where("em.tenant_id", "=", tenantId);
}

const strip = <T extends { employeeManagerId: string | null }>({
  employeeManagerId: _,
  ...row
}: T): Omit<T, "employeeManagerId"> => row;

/** The active members whose manager is this member (the reporting line: memberships.manager_id). */
export async function listDirectReports(tx: Tx, manager: Member): Promise<Report[]> {
  if (!can(manager.roles, "goals.manage")) return [];
  return tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["memberships.id", "users.name"])
    .where("memberships.tenant_id", "=", manager.tenantId)
    .where("memberships.manager_id", "=", manager.id)
    .where("memberships.status", "=", "active")
    .orderBy("users.name")
    .execute();
}

/** Throws unless `manager` may manage goals and `employeeId` is one of their direct reports. */
async function assertDirectReport(tx: Tx, manager: Member, employeeId: string): Promise<void> {
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

export type AgreementRole = "employee" | "manager";

/**
 * The agreement as this member may see it: the employee's own, or one of a direct report's for
 * their current manager. Anyone else gets NotFoundError (nothing tells them it exists).
 */
export async function findAgreement(
  tx: Tx,
  member: Member,
  agreementId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<{ agreement: AgreementRow; role: AgreementRole }> {
  if (!/^[0-9a-f-]{36}$/i.test(agreementId)) throw new NotFoundError("agreement");
  if (opts.forUpdate) {
    // lock the row: status moves (accept vs. withdraw vs. revise) are serialised
    await tx
      .selectFrom("goal_agreements")
      .select("id")
      .where("tenant_id", "=", member.tenantId)
      .where("id", "=", agreementId)
      .forUpdate()
      .execute();
  }
  const row = await agreementQuery(tx, member.tenantId).where("a.id", "=", agreementId).executeTakeFirst();
  if (!row) throw new NotFoundError("agreement");
  if (row.employeeId === member.id) return { agreement: strip(row), role: "employee" };
  if (can(member.roles, "goals.manage") && row.employeeManagerId === member.id)
    return { agreement: strip(row), role: "manager" };
  throw new NotFoundError("agreement");
}

async function insertObjectives(
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
async function assertNoLiveAgreement(
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

const isUniqueViolation = (error: unknown) =>
  error instanceof Error && "code" in error && error.code === "23505";

/**
 * Tells the other side that the agreement moved, once the change has committed. A recipient who
 * left (deactivated) gets nothing.
 */
async function mailOtherSide(
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

async function tenantToday(tx: Tx, tenantId: string, clock: ProposalClock): Promise<string> {
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
async function proposedWindow(
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
 * A manager proposes objectives for one of their direct reports and a period. One live (not
 * withdrawn) agreement per employee and period; the unique index backs the check against races.
 * The agreement measures from the day it is proposed at the earliest (a back-dated start only as
 * the tenant allows, recorded in backdated_from); a period that has ended is refused.
 */
export async function proposeAgreement(
  tx: Tx,
  manager: Member,
  raw: ProposeAgreementInput,
  clock: ProposalClock = {},
): Promise<{ id: string }> {
  const input = parseInput(ProposeAgreementInput, raw);
  await assertGoalAgreementsAllowed(tx, manager.tenantId);
  await assertDirectReport(tx, manager, input.employeeId);
  const { period, window } = await proposedWindow(
    tx,
    manager.tenantId,
    input,
    await tenantToday(tx, manager.tenantId, clock),
  );
  await assertNoLiveAgreement(tx, manager.tenantId, input.employeeId, period.label);
  try {
    const agreement = await tx
      .insertInto("goal_agreements")
      .values({
        tenant_id: manager.tenantId,
        employee_id: input.employeeId,
        manager_id: manager.id,
        period_kind: period.kind,
        period_label: period.label,
        starts_on: window.startsOn,
        ends_on: window.endsOn,
        backdated_from: window.backdatedFrom,
        status: "proposed",
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await insertObjectives(tx, manager.tenantId, agreement.id, input);
    await mailOtherSide(tx, manager.tenantId, agreement.id, input.employeeId, {
      event: "proposed",
      actorName: manager.name,
      periodLabel: period.label,
    });
    return agreement;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ValidationError("an agreement for this period exists", { period: ["agreement_exists"] });
    throw error;
  }
}

/**
 * The manager revises an agreement that has not closed: the objectives are replaced and it is a
 * proposal again, measured from the revision day at the earliest (the same rule as a proposal).
 * Revising an accepted agreement is how targets or weights change after acceptance: it stops
 * counting (and the manager sees no figures) until the employee accepts again; what was accepted
 * before stays in the audit log ('goals.agreement_revised').
 */
export async function reviseAgreement(
  tx: Tx,
  manager: Member,
  agreementId: string,
  raw: ProposeAgreementInput,
  clock: ProposalClock = {},
): Promise<void> {
  const input = parseInput(ProposeAgreementInput, raw);
  const { agreement, role } = await findAgreement(tx, manager, agreementId, { forUpdate: true });
  if (role !== "manager") throw new NotFoundError("agreement");
  if (input.employeeId !== agreement.employeeId)
    throw new ValidationError("the employee cannot change", { employeeId: ["employee"] });
  if (
    agreement.status !== "proposed" &&
    agreement.status !== "commented" &&
    agreement.status !== "accepted"
  ) {
    throw new ConflictError(
      "only an open proposal or a running agreement can be revised",
      "agreement_not_open",
    );
  }
  const { period, window } = await proposedWindow(
    tx,
    manager.tenantId,
    input,
    await tenantToday(tx, manager.tenantId, clock),
  );
  await assertNoLiveAgreement(tx, manager.tenantId, agreement.employeeId, period.label, agreement.id);
  const wasAccepted = agreement.status === "accepted";
  if (wasAccepted) {
    const before = await loadObjectives(tx, manager.tenantId, agreement.id);
    await recordAudit(tx, {
      tenantId: manager.tenantId,
      actorUserId: manager.userId,
      action: "goals.agreement_revised",
      subject: agreement.id,
      data: {
        employeeId: agreement.employeeId,
        previous: {
          periodLabel: agreement.periodLabel,
          startsOn: agreement.startsOn,
          endsOn: agreement.endsOn,
          acceptedAt: agreement.acceptedAt?.toISOString() ?? null,
          capPercent: agreement.agreedCapPercent,
          objectives: before.map((o) => ({
            position: o.position,
            metric: o.metric,
            title: o.title,
            target: o.target,
            weight: o.weight,
          })),
        },
      },
    });
  }
  try {
    // status first: the objectives of an accepted agreement are frozen (trigger goal_objectives_frozen)
    await tx
      .updateTable("goal_agreements")
      .set((eb) => ({
        status: "proposed",
        manager_id: manager.id,
        period_kind: period.kind,
        period_label: period.label,
        starts_on: window.startsOn,
        ends_on: window.endsOn,
        backdated_from: window.backdatedFrom,
        proposed_at: new Date(),
        updated_at: new Date(),
        // every revision is a new version: an accept or comment sent for the one before is refused
        revision: eb("revision", "+", 1),
        ...(wasAccepted ? { accepted_at: null, attainment_cap_percent: null, employee_comment: null } : {}),
      }))
      .where("tenant_id", "=", manager.tenantId)
      .where("id", "=", agreement.id)
      .where("status", "=", agreement.status)
      .execute();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ValidationError("an agreement for this period exists", { period: ["agreement_exists"] });
    throw error;
  }
  await tx
    .deleteFrom("goal_objectives")
    .where("tenant_id", "=", manager.tenantId)
    .where("agreement_id", "=", agreement.id)
    .execute();
  await insertObjectives(tx, manager.tenantId, agreement.id, input);
  await mailOtherSide(tx, manager.tenantId, agreement.id, agreement.employeeId, {
    event: "proposed",
    actorName: manager.name,
    periodLabel: period.label,
  });
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
async function transition(
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
function assertShownRevision(agreement: AgreementRow, shown: ShownRevision): void {
  if (!Number.isInteger(shown.revision) || shown.revision !== agreement.revision) throw proposalChanged();
}

/** The manager withdraws a proposal before it is accepted. */
export async function withdrawAgreement(tx: Tx, manager: Member, agreementId: string): Promise<void> {
  const { agreement, role } = await findAgreement(tx, manager, agreementId, { forUpdate: true });
  if (role !== "manager") throw new NotFoundError("agreement");
  await transition(tx, manager.tenantId, agreement.id, ["proposed", "commented"], { status: "withdrawn" });
}

/**
 * The employee accepts the proposal: from now on it counts, with the tenant's attainment cap of
 * this moment — part of what was agreed, so a later change of the setting does not rewrite it.
 * A proposal whose period has ended can no longer be accepted. `shown.revision` is the version the
 * employee read (the page sends it): a proposal revised since is refused ("proposal_changed").
 * Callers that answer on someone's behalf without a page (tests, the demo seed) may omit it.
 */
export async function acceptAgreement(
  tx: Tx,
  employee: Member,
  agreementId: string,
  clock: ProposalClock & Partial<ShownRevision> = {},
): Promise<void> {
  const { agreement, role } = await findAgreement(tx, employee, agreementId, { forUpdate: true });
  if (role !== "employee") throw new NotFoundError("agreement");
  const shown = clock.revision === undefined ? undefined : { revision: clock.revision };
  if (shown && agreement.status === "proposed") assertShownRevision(agreement, shown);
  // accepting once the period is over would agree targets with every figure known: the manager
  // withdraws it instead
  if (agreement.endsOn < (await tenantToday(tx, employee.tenantId, clock)))
    throw new ConflictError("the period of this agreement has ended", "period_ended");
  const settings = await getRecognitionSettings(tx, employee.tenantId);
  await transition(
    tx,
    employee.tenantId,
    agreement.id,
    ["proposed"],
    { status: "accepted", accepted_at: new Date(), attainment_cap_percent: settings.attainmentCapPercent },
    shown,
  );
  await mailOtherSide(tx, employee.tenantId, agreement.id, agreement.managerId, {
    event: "accepted",
    actorName: employee.name,
    periodLabel: agreement.periodLabel,
  });
}

/**
 * The employee asks for changes; the manager sees the comment and may revise. Like accepting, the
 * comment answers the revision the employee read (`shown`, sent by the page).
 */
export async function commentAgreement(
  tx: Tx,
  employee: Member,
  agreementId: string,
  raw: CommentInput,
  shown?: ShownRevision,
): Promise<void> {
  const input = parseInput(CommentInput, raw);
  const { agreement, role } = await findAgreement(tx, employee, agreementId, { forUpdate: true });
  if (role !== "employee") throw new NotFoundError("agreement");
  if (shown && agreement.status === "proposed") assertShownRevision(agreement, shown);
  await transition(
    tx,
    employee.tenantId,
    agreement.id,
    ["proposed"],
    { status: "commented", employee_comment: input.comment },
    shown,
  );
  await mailOtherSide(tx, employee.tenantId, agreement.id, agreement.managerId, {
    event: "commented",
    actorName: employee.name,
    periodLabel: agreement.periodLabel,
    comment: input.comment,
  });
}

/**
 * The manager's judgement of a manual objective, in percent. Allowed while the agreement runs and
 * after it closed (a changed judgement then reaches a statement only as a correction).
 */
export async function setManualScore(
  tx: Tx,
  manager: Member,
  agreementId: string,
  raw: ManualScoreInput,
): Promise<void> {
  const input = parseInput(ManualScoreInput, raw);
  const { agreement, role } = await findAgreement(tx, manager, agreementId);
  if (role !== "manager") throw new NotFoundError("agreement");
  if (agreement.status !== "accepted" && agreement.status !== "closed")
    throw new ConflictError("only an accepted agreement is scored", "agreement_not_accepted");
  const result = await tx
    .updateTable("goal_objectives")
    .set({ manual_score: input.score, manual_note: input.note || null })
    .where("tenant_id", "=", manager.tenantId)
    .where("agreement_id", "=", agreement.id)
    .where("id", "=", input.objectiveId)
    .where("metric", "=", "manual")
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n)
    throw new ValidationError("not a manual objective of this agreement", { objectiveId: ["manual_only"] });
}

export interface AgreementSummary extends AgreementRow {
  /**
   * Running: the live overall attainment. Closed: the locked figure of the latest statement — for
   * the manager only once the employee released it. null while the agreement does not count, and
   * for a manager whenever the figure is withheld (see listAgreements).
   */
  overallPercent: number | null;
  /**
   * Why a report's accepted or closed agreement shows no figure to this manager: it was agreed
   * with another manager (managerName), and figures are visible only to the one the employee
   * agreed with (and released statements only to the one they were released to).
   */
  figureNote: "other_manager" | "strict_mode" | null;
}

/**
 * The latest statement of an agreement and its locked overall attainment: for the employee any,
 * for a manager (`releasedTo`) only one released to that manager (credit_statements.manager_id, the
 * rule of statements.server.ts) — a statement released to a previous manager is not the new one's.
 */
async function lockedOverall(
  tx: Tx,
  tenantId: string,
  agreementId: string,
  releasedTo: string | null,
): Promise<{ statementId: string; overallPercent: number } | null> {
  let query = tx
    .selectFrom("credit_statements as cs")
    .select(["cs.id", "cs.content"])
    .where("cs.tenant_id", "=", tenantId)
    .where("cs.agreement_id", "=", agreementId)
    .orderBy("cs.generated_at", "desc")
    .limit(1);
  if (releasedTo)
    query = query.where("cs.released_at", "is not", null).where("cs.manager_id", "=", releasedTo);
  const row = await query.executeTakeFirst();
  const overall = (row?.content as { overallPercent?: unknown } | undefined)?.overallPercent;
  return row && typeof overall === "number" ? { statementId: row.id, overallPercent: overall } : null;
}

const STATUS_ORDER: Record<AgreementStatus, number> = {
  accepted: 0,
  proposed: 1,
  commented: 1,
  closed: 2,
  withdrawn: 3,
};

/**
 * How a view that writes the credit access log was asked for. `confirmed: false` — a GET that
 * another site may have steered here (app/lib/same-site-view.server.ts) — shows no figure of
 * anyone else and writes nothing. Direct callers (jobs, tests) are confirmed.
 */
export interface ViewRequest {
  confirmed?: boolean;
}

export interface AgreementLists {
  mine: AgreementSummary[];
  reports: AgreementSummary[];
  /** the reports' figures were left out because the view was not confirmed (the page offers "show figures") */
  reportFiguresWithheld: boolean;
}

/**
 * The member's own agreements and, for a manager, their direct reports' (current reporting line):
 * current ones first (running, then open proposals), then the past. Each report row that shows a
 * figure — the live overall attainment of an accepted agreement, or the locked one of a released
 * statement — is a look at that person's figures: one 'list.viewed' entry in their access log per
 * row and load. A proposal shows no figure and writes nothing.
 */
export async function listAgreements(
  tx: Tx,
  member: Member,
  today: string,
  view: ViewRequest = {},
): Promise<AgreementLists> {
  const confirmed = view.confirmed ?? true;
  const settings = await getRecognitionSettings(tx, member.tenantId);
  const current = (r: AgreementRow) => (r.startsOn <= today && today <= r.endsOn ? 0 : 1);
  const ordered = (rows: AgreementSummary[]) =>
    rows.sort(
      (a, b) =>
        current(a) - current(b) ||
        STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
        (a.startsOn < b.startsOn ? 1 : a.startsOn > b.startsOn ? -1 : 0),
    );
  const liveOverall = async (row: AgreementRow) =>
    (await evaluate(tx, member.tenantId, row, agreedCap(row.agreedCapPercent, settings.attainmentCapPercent)))
      .overallPercent;

  const mine: AgreementSummary[] = [];
  for (const row of (
    await agreementQuery(tx, member.tenantId).where("a.employee_id", "=", member.id).execute()
  ).map(strip)) {
    const overallPercent =
      row.status === "accepted"
        ? await liveOverall(row)
        : row.status === "closed"
          ? ((await lockedOverall(tx, member.tenantId, row.id, null))?.overallPercent ?? null)
          : null;
    mine.push({ ...row, overallPercent, figureNote: null });
  }

  const reports: AgreementSummary[] = [];
  let reportFiguresWithheld = false;
  if (can(member.roles, "goals.manage")) {
    // strict works-council mode: no live attainment of a report, only a released statement's figure
    const live = (await loadFigurePolicy(tx, member.tenantId)).managerLiveFigures;
    const rows = (
      await agreementQuery(tx, member.tenantId)
        .where("em.manager_id", "=", member.id)
        .where("a.status", "<>", "withdrawn")
        .execute()
    ).map(strip);
    for (const row of rows) {
      let figure: { overallPercent: number; statementId: string | null } | null = null;
      let figureNote: AgreementSummary["figureNote"] = null;
      if (row.status === "accepted" || row.status === "closed") {
        // the employee agreed (and releases) with the agreement's manager, not with whoever
        // manages them now: a new manager sees status and targets only
        if (row.managerId !== member.id) figureNote = "other_manager";
        else if (!confirmed) reportFiguresWithheld = true;
        else if (row.status === "accepted" && !live) figureNote = "strict_mode";
        else if (row.status === "accepted")
          figure = { overallPercent: await liveOverall(row), statementId: null };
        else figure = await lockedOverall(tx, member.tenantId, row.id, member.id);
      }
      // only a row that showed a figure is a look at it
      if (figure) {
        await logCreditAccess(tx, {
          tenantId: member.tenantId,
          subjectMembershipId: row.employeeId,
          actor: { membershipId: member.id },
          action: "list.viewed",
          statementId: figure.statementId,
        });
      }
      reports.push({ ...row, overallPercent: figure?.overallPercent ?? null, figureNote });
    }
  }
  return { mine: ordered(mine), reports: ordered(reports), reportFiguresWithheld };
}

/**
 * The last day an agreement's figures measure: its end, or for one closed early the tenant-local
 * day it was closed — the same days its statement measures (close.server.ts).
 */
async function measuredEndsOn(tx: Tx, tenantId: string, agreement: AgreementRow): Promise<string> {
  if (!agreement.closedEarly || !agreement.closedAt) return agreement.endsOn;
  const tenant = await tx
    .selectFrom("tenants")
    .select("time_zone")
    .where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
  return measuredThrough(agreement.endsOn, todayIn(tenant.time_zone, agreement.closedAt));
}

async function evaluate(
  tx: Tx,
  tenantId: string,
  agreement: AgreementRow,
  capPercent: number,
  objectives?: ObjectiveRow[],
): Promise<Evaluation> {
  return evaluateObjectives(
    tx,
    {
      tenantId,
      membershipId: agreement.employeeId,
      startsOn: agreement.startsOn,
      endsOn: await measuredEndsOn(tx, tenantId, agreement),
    },
    objectives ?? (await loadObjectives(tx, tenantId, agreement.id)),
    capPercent,
  );
}

export interface StatementLink {
  id: string;
  generatedAt: Date;
  releasedAt: Date | null;
  supersedesId: string | null;
  contentHash: string;
}

/** An objective with its figure and attainment, without the activities behind it. */
export interface AttainmentObjective extends ObjectiveRow {
  actual: number;
  attainmentPercent: number;
  weightedPercent: number;
}

export interface AttainmentEvaluation {
  objectives: AttainmentObjective[];
  overallPercent: number;
  capPercent: number;
}

/**
 * The employee's figures on the agreement page, as far as this viewer may see them. Withheld
 * figures are absent from the page data — not zeroed — so neither the page nor its `.data`
 * payload carries them.
 */
export type AgreementFigures =
  | { shown: "all"; evaluation: Evaluation }
  | { shown: "attainment"; evaluation: AttainmentEvaluation }
  | { shown: "none"; reason: "not_accepted" | "closed" | "unconfirmed" | "other_manager" | "strict_mode" };

async function consentsToAutoRelease(tx: Tx, tenantId: string, employeeId: string): Promise<boolean> {
  const prefs = await tx
    .selectFrom("recognition_preferences")
    .select("auto_release_consent")
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", employeeId)
    .executeTakeFirst();
  return prefs?.auto_release_consent === true;
}

const withoutActivities = (evaluation: Evaluation): AttainmentEvaluation => ({
  overallPercent: evaluation.overallPercent,
  capPercent: evaluation.capPercent,
  objectives: evaluation.objectives.map(({ activities: _a, activityCount: _c, ...o }) => o),
});

/**
 * The agreement page: the objectives, the employee's figures as far as the viewer may see them,
 * and the statements (the employee sees every one, the manager only released ones). The employee
 * sees all of their own figures; the manager what managerFigures (visibility.ts) allows — nothing
 * before acceptance, nothing live once closed. A manager's view of figures is recorded in the
 * credit access log ('agreement.viewed', once per page load), like a statement view; an
 * unconfirmed view (ViewRequest) shows none and records nothing.
 */
export async function loadAgreementPage(tx: Tx, member: Member, agreementId: string, view: ViewRequest = {}) {
  const { agreement, role } = await findAgreement(tx, member, agreementId);
  const settings = await getRecognitionSettings(tx, member.tenantId);
  const objectives = await loadObjectives(tx, member.tenantId, agreement.id);
  const counts = agreement.status === "accepted" || agreement.status === "closed";
  const capPercent = agreedCap(agreement.agreedCapPercent, settings.attainmentCapPercent);
  // measured only when shown: a withheld figure is never computed, so it cannot leak
  const measure = () => evaluate(tx, member.tenantId, agreement, capPercent, objectives);

  let figures: AgreementFigures;
  if (role === "employee") {
    figures = { shown: "all", evaluation: await measure() };
  } else {
    const strict = !(await loadFigurePolicy(tx, member.tenantId)).managerLiveFigures;
    const allowed = managerFigures(
      agreement.status,
      settings.releaseMode,
      settings.releaseMode === "automatic" &&
        (await consentsToAutoRelease(tx, member.tenantId, agreement.employeeId)),
      strict,
    );
    // agreed with a previous manager: figures (live or released) only for the manager the employee agreed with
    if (counts && agreement.managerId !== member.id) figures = { shown: "none", reason: "other_manager" };
    else if (allowed.shown === "none") figures = allowed;
    else if (view.confirmed === false) figures = { shown: "none", reason: "unconfirmed" };
    else {
      const evaluation = await measure();
      figures =
        allowed.shown === "all"
          ? { shown: "all", evaluation }
          : { shown: "attainment", evaluation: withoutActivities(evaluation) };
      await logCreditAccess(tx, {
        tenantId: member.tenantId,
        subjectMembershipId: agreement.employeeId,
        actor: { membershipId: member.id },
        action: "agreement.viewed",
      });
    }
  }

  let statements = tx
    .selectFrom("credit_statements")
    .select([
      "id",
      "generated_at as generatedAt",
      "released_at as releasedAt",
      "supersedes_id as supersedesId",
      "content_hash as contentHash",
    ])
    .where("tenant_id", "=", member.tenantId)
    .where("agreement_id", "=", agreement.id)
    .where("employee_id", "=", agreement.employeeId);
  // a manager: released to them (not to a previous manager), as on the statement page
  if (role !== "employee")
    statements = statements.where("released_at", "is not", null).where("manager_id", "=", member.id);
  return {
    agreement,
    role,
    counts,
    capPercent,
    /** the last day the figures measure: endsOn, or the closing day of an agreement closed early */
    measuredEndsOn: await measuredEndsOn(tx, member.tenantId, agreement),
    /** the objectives as agreed or proposed: titles, targets, weights — and the manager's own judgement of manual ones */
    objectives,
    figures,
    statements: (await statements.orderBy("generated_at", "desc").execute()) satisfies StatementLink[],
  };
}

/** A draft of the proposal form filled from an existing agreement (for a revision). */
export function proposalFromAgreement(agreement: AgreementRow, objectives: readonly ObjectiveRow[]) {
  return {
    employeeId: agreement.employeeId,
    period: agreement.periodKind === "custom" ? "custom" : agreement.periodLabel,
    from: agreement.periodKind === "custom" ? agreement.startsOn : "",
    to: agreement.periodKind === "custom" ? agreement.endsOn : "",
    objectives: objectives.map((o) => ({
      metric: o.metric,
      title: o.title,
      target: o.metric === "manual" ? "" : String(o.target),
      weight: String(o.weight),
    })),
  };
}
