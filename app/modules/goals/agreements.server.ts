import type { Tx } from "../../../db/client.ts";
import { assertGoalAgreementsAllowed } from "../billing/gates.server.ts";
import { afterCommit } from "../../../db/tenant.ts";
import type { AgreementStatus, PeriodKind } from "../../../db/tables/recognition.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../../lib/errors.ts";
import { appUrl } from "../../lib/env.server.ts";
import { can } from "../../lib/permissions.ts";
import { queueEmail } from "../notifications/queue-email.server.ts";
import type { Member } from "../tenancy/member.ts";
import { parseInput } from "../tenancy/member-rules.server.ts";
import { logCreditAccess } from "./access-log.server.ts";
import { agreedCap, evaluateObjectives, loadObjectives, type Evaluation, type ObjectiveRow } from "./evaluate.server.ts";
import { CommentInput, ManualScoreInput, periodOf, ProposeAgreementInput, type ProposeAgreement } from "./schemas.ts";
import { getRecognitionSettings } from "./settings.server.ts";

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
      "em.manager_id as employeeManagerId",
    ])
    .where("a.tenant_id", "=", tenantId)
    .where("em.tenant_id", "=", tenantId);
}

const strip = <T extends { employeeManagerId: string | null }>({ employeeManagerId: _, ...row }: T): Omit<T, "employeeManagerId"> => row;

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
export async function findAgreement(tx: Tx, member: Member, agreementId: string, opts: { forUpdate?: boolean } = {}): Promise<{ agreement: AgreementRow; role: AgreementRole }> {
  if (!/^[0-9a-f-]{36}$/i.test(agreementId)) throw new NotFoundError("agreement");
  if (opts.forUpdate) {
    // lock the row: status moves (accept vs. withdraw vs. revise) are serialised
    await tx.selectFrom("goal_agreements").select("id").where("tenant_id", "=", member.tenantId).where("id", "=", agreementId).forUpdate().execute();
  }
  const row = await agreementQuery(tx, member.tenantId).where("a.id", "=", agreementId).executeTakeFirst();
  if (!row) throw new NotFoundError("agreement");
  if (row.employeeId === member.id) return { agreement: strip(row), role: "employee" };
  if (can(member.roles, "goals.manage") && row.employeeManagerId === member.id) return { agreement: strip(row), role: "manager" };
  throw new NotFoundError("agreement");
}

async function insertObjectives(tx: Tx, tenantId: string, agreementId: string, input: ProposeAgreement): Promise<void> {
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

async function assertNoLiveAgreement(tx: Tx, tenantId: string, employeeId: string, startsOn: string, endsOn: string, exceptId?: string): Promise<void> {
  let query = tx
    .selectFrom("goal_agreements")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("employee_id", "=", employeeId)
    .where("starts_on", "=", startsOn)
    .where("ends_on", "=", endsOn)
    .where("status", "<>", "withdrawn");
  if (exceptId) query = query.where("id", "<>", exceptId);
  if (await query.executeTakeFirst()) throw new ValidationError("an agreement for this period exists", { period: ["agreement_exists"] });
}

const isUniqueViolation = (error: unknown) => error instanceof Error && "code" in error && error.code === "23505";

/**
 * Tells the other side that the agreement moved, once the change has committed. A recipient who
 * left (deactivated) gets nothing.
 */
async function mailOtherSide(tx: Tx, tenantId: string, agreementId: string, recipientId: string | null, mail: { event: "proposed" | "commented" | "accepted"; actorName: string; periodLabel: string; comment?: string }): Promise<void> {
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

/**
 * A manager proposes objectives for one of their direct reports and a period. One live (not
 * withdrawn) agreement per employee and period; the unique index backs the check against races.
 */
export async function proposeAgreement(tx: Tx, manager: Member, raw: ProposeAgreementInput): Promise<{ id: string }> {
  const input = parseInput(ProposeAgreementInput, raw);
  await assertGoalAgreementsAllowed(tx, manager.tenantId);
  await assertDirectReport(tx, manager, input.employeeId);
  const period = periodOf(input);
  if (!period) throw new ValidationError("invalid period", { period: ["period"] });
  await assertNoLiveAgreement(tx, manager.tenantId, input.employeeId, period.startsOn, period.endsOn);
  try {
    const agreement = await tx
      .insertInto("goal_agreements")
      .values({
        tenant_id: manager.tenantId,
        employee_id: input.employeeId,
        manager_id: manager.id,
        period_kind: period.kind,
        period_label: period.label,
        starts_on: period.startsOn,
        ends_on: period.endsOn,
        status: "proposed",
        updated_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await insertObjectives(tx, manager.tenantId, agreement.id, input);
    await mailOtherSide(tx, manager.tenantId, agreement.id, input.employeeId, { event: "proposed", actorName: manager.name, periodLabel: period.label });
    return agreement;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError("an agreement for this period exists", { period: ["agreement_exists"] });
    throw error;
  }
}

/** The manager revises a proposed or commented agreement: the objectives are replaced and it is proposed again. */
export async function reviseAgreement(tx: Tx, manager: Member, agreementId: string, raw: ProposeAgreementInput): Promise<void> {
  const input = parseInput(ProposeAgreementInput, raw);
  const { agreement, role } = await findAgreement(tx, manager, agreementId, { forUpdate: true });
  if (role !== "manager") throw new NotFoundError("agreement");
  if (input.employeeId !== agreement.employeeId) throw new ValidationError("the employee cannot change", { employeeId: ["employee"] });
  if (agreement.status !== "proposed" && agreement.status !== "commented") throw new ConflictError("only an open proposal can be revised", "agreement_not_open");
  const period = periodOf(input);
  if (!period) throw new ValidationError("invalid period", { period: ["period"] });
  await assertNoLiveAgreement(tx, manager.tenantId, agreement.employeeId, period.startsOn, period.endsOn, agreement.id);
  try {
    await tx
      .updateTable("goal_agreements")
      .set({
        status: "proposed",
        manager_id: manager.id,
        period_kind: period.kind,
        period_label: period.label,
        starts_on: period.startsOn,
        ends_on: period.endsOn,
        proposed_at: new Date(),
        updated_at: new Date(),
      })
      .where("tenant_id", "=", manager.tenantId)
      .where("id", "=", agreement.id)
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError("an agreement for this period exists", { period: ["agreement_exists"] });
    throw error;
  }
  await tx.deleteFrom("goal_objectives").where("tenant_id", "=", manager.tenantId).where("agreement_id", "=", agreement.id).execute();
  await insertObjectives(tx, manager.tenantId, agreement.id, input);
  await mailOtherSide(tx, manager.tenantId, agreement.id, agreement.employeeId, { event: "proposed", actorName: manager.name, periodLabel: period.label });
}

/** Moves an agreement from one status to another, or fails with a conflict if it is no longer in `from`. */
async function transition(
  tx: Tx,
  tenantId: string,
  agreementId: string,
  from: readonly AgreementStatus[],
  set: { status: AgreementStatus; accepted_at?: Date; employee_comment?: string; attainment_cap_percent?: number },
): Promise<void> {
  const result = await tx
    .updateTable("goal_agreements")
    .set({ ...set, updated_at: new Date() })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", agreementId)
    .where("status", "in", [...from])
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new ConflictError("the agreement changed meanwhile", "agreement_not_open");
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
 */
export async function acceptAgreement(tx: Tx, employee: Member, agreementId: string): Promise<void> {
  const { agreement, role } = await findAgreement(tx, employee, agreementId, { forUpdate: true });
  if (role !== "employee") throw new NotFoundError("agreement");
  const settings = await getRecognitionSettings(tx, employee.tenantId);
  await transition(tx, employee.tenantId, agreement.id, ["proposed"], { status: "accepted", accepted_at: new Date(), attainment_cap_percent: settings.attainmentCapPercent });
  await mailOtherSide(tx, employee.tenantId, agreement.id, agreement.managerId, { event: "accepted", actorName: employee.name, periodLabel: agreement.periodLabel });
}

/** The employee asks for changes; the manager sees the comment and may revise. */
export async function commentAgreement(tx: Tx, employee: Member, agreementId: string, raw: CommentInput): Promise<void> {
  const input = parseInput(CommentInput, raw);
  const { agreement, role } = await findAgreement(tx, employee, agreementId, { forUpdate: true });
  if (role !== "employee") throw new NotFoundError("agreement");
  await transition(tx, employee.tenantId, agreement.id, ["proposed"], { status: "commented", employee_comment: input.comment });
  await mailOtherSide(tx, employee.tenantId, agreement.id, agreement.managerId, { event: "commented", actorName: employee.name, periodLabel: agreement.periodLabel, comment: input.comment });
}

/**
 * The manager's judgement of a manual objective, in percent. Allowed while the agreement runs and
 * after it closed (a changed judgement then reaches a statement only as a correction).
 */
export async function setManualScore(tx: Tx, manager: Member, agreementId: string, raw: ManualScoreInput): Promise<void> {
  const input = parseInput(ManualScoreInput, raw);
  const { agreement, role } = await findAgreement(tx, manager, agreementId);
  if (role !== "manager") throw new NotFoundError("agreement");
  if (agreement.status !== "accepted" && agreement.status !== "closed") throw new ConflictError("only an accepted agreement is scored", "agreement_not_accepted");
  const result = await tx
    .updateTable("goal_objectives")
    .set({ manual_score: input.score, manual_note: input.note || null })
    .where("tenant_id", "=", manager.tenantId)
    .where("agreement_id", "=", agreement.id)
    .where("id", "=", input.objectiveId)
    .where("metric", "=", "manual")
    .executeTakeFirst();
  if (result.numUpdatedRows !== 1n) throw new ValidationError("not a manual objective of this agreement", { objectiveId: ["manual_only"] });
}

export interface AgreementSummary extends AgreementRow {
  /**
   * Running: the live overall attainment. Closed: the locked figure of the latest statement — for
   * the manager only once the employee released it. null while the agreement does not count.
   */
  overallPercent: number | null;
}

/** The overall attainment of an agreement's latest statement (released ones only, if asked). */
async function lockedOverall(tx: Tx, tenantId: string, agreementId: string, releasedOnly: boolean): Promise<number | null> {
  let query = tx
    .selectFrom("credit_statements as cs")
    .select("cs.content")
    .where("cs.tenant_id", "=", tenantId)
    .where("cs.agreement_id", "=", agreementId)
    .orderBy("cs.generated_at", "desc")
    .limit(1);
  if (releasedOnly) query = query.where("cs.released_at", "is not", null);
  const row = await query.executeTakeFirst();
  const overall = (row?.content as { overallPercent?: unknown } | undefined)?.overallPercent;
  return typeof overall === "number" ? overall : null;
}

const STATUS_ORDER: Record<AgreementStatus, number> = { accepted: 0, proposed: 1, commented: 1, closed: 2, withdrawn: 3 };

/**
 * The member's own agreements and, for a manager, their direct reports' (current reporting line):
 * current ones first (running, then open proposals), then the past. Not in the credit access log:
 * the list shows one overall percentage per agreement, not the figures or activities behind it;
 * opening an agreement page with figures is logged (loadAgreementPage).
 */
export async function listAgreements(tx: Tx, member: Member, today: string): Promise<{ mine: AgreementSummary[]; reports: AgreementSummary[] }> {
  const settings = await getRecognitionSettings(tx, member.tenantId);
  const summarise = async (rows: AgreementRow[], asManager: boolean): Promise<AgreementSummary[]> => {
    const out: AgreementSummary[] = [];
    for (const row of rows) {
      let overallPercent: number | null = null;
      if (row.status === "accepted") overallPercent = (await evaluate(tx, member.tenantId, row, agreedCap(row.agreedCapPercent, settings.attainmentCapPercent))).overallPercent;
      if (row.status === "closed") overallPercent = await lockedOverall(tx, member.tenantId, row.id, asManager);
      out.push({ ...row, overallPercent });
    }
    const current = (r: AgreementRow) => (r.startsOn <= today && today <= r.endsOn ? 0 : 1);
    return out.sort((a, b) => current(a) - current(b) || STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (a.startsOn < b.startsOn ? 1 : a.startsOn > b.startsOn ? -1 : 0));
  };
  const mine = (await agreementQuery(tx, member.tenantId).where("a.employee_id", "=", member.id).execute()).map(strip);
  const reports = can(member.roles, "goals.manage")
    ? (await agreementQuery(tx, member.tenantId).where("em.manager_id", "=", member.id).where("a.status", "<>", "withdrawn").execute()).map(strip)
    : [];
  return { mine: await summarise(mine, false), reports: await summarise(reports, true) };
}

async function evaluate(tx: Tx, tenantId: string, agreement: AgreementRow, capPercent: number, objectives?: ObjectiveRow[]): Promise<Evaluation> {
  return evaluateObjectives(
    tx,
    { tenantId, membershipId: agreement.employeeId, startsOn: agreement.startsOn, endsOn: agreement.endsOn },
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

/**
 * The agreement page: objectives with live figures and attainment, and its statements (the
 * employee sees every one, the manager only released ones). A manager's view of the figures is
 * recorded in the credit access log ('agreement.viewed', once per page load), like a statement view.
 */
export async function loadAgreementPage(tx: Tx, member: Member, agreementId: string) {
  const { agreement, role } = await findAgreement(tx, member, agreementId);
  const settings = await getRecognitionSettings(tx, member.tenantId);
  const objectives = await loadObjectives(tx, member.tenantId, agreement.id);
  const counts = agreement.status === "accepted" || agreement.status === "closed";
  // Once the period is closed its figures belong in the statement, which the manager sees only
  // after the employee released it: no live figures of a closed period for the manager.
  const figuresHidden = role === "manager" && agreement.status === "closed";
  const measured = await evaluate(tx, member.tenantId, agreement, agreedCap(agreement.agreedCapPercent, settings.attainmentCapPercent), objectives);
  const evaluation: Evaluation = figuresHidden
    ? { ...measured, overallPercent: 0, objectives: measured.objectives.map((o) => ({ ...o, actual: 0, attainmentPercent: 0, weightedPercent: 0, activities: [], activityCount: 0 })) }
    : measured;
  let statements = tx
    .selectFrom("credit_statements")
    .select(["id", "generated_at as generatedAt", "released_at as releasedAt", "supersedes_id as supersedesId", "content_hash as contentHash"])
    .where("tenant_id", "=", member.tenantId)
    .where("agreement_id", "=", agreement.id)
    .where("employee_id", "=", agreement.employeeId);
  if (role !== "employee") statements = statements.where("released_at", "is not", null);
  if (role === "manager" && !figuresHidden) {
    await logCreditAccess(tx, { tenantId: member.tenantId, subjectMembershipId: agreement.employeeId, actor: { membershipId: member.id }, action: "agreement.viewed" });
  }
  return {
    agreement,
    role,
    counts,
    figuresHidden,
    evaluation,
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
    objectives: objectives.map((o) => ({ metric: o.metric, title: o.title, target: o.metric === "manual" ? "" : String(o.target), weight: String(o.weight) })),
  };
}
