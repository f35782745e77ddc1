import type { Logger } from "pino";
import type { DB, Tx } from "~/db/client.ts";
import { withTenant } from "~/db/tenant.ts";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "~/app/lib/errors.ts";
import { logger as appLogger } from "~/runtime/logger.server.ts";
import { can } from "~/app/lib/permissions.ts";
import { awardPoints, SETTLE_DAYS } from "~/app/modules/recognition/award.server.ts";
import { clickCounts } from "~/app/modules/recognition/click-credit.server.ts";
import { rulesInForce } from "~/app/modules/recognition/ledger.server.ts";
import { shareCounts } from "~/app/modules/recognition/share-credit.server.ts";
import { addDays, todayIn } from "~/app/lib/days.ts";
import { zoneOffsetAt } from "~/app/lib/zoned-time.ts";
import { recordAudit } from "~/app/modules/tenancy/audit.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { logCreditAccess } from "~/app/modules/goals/access-log.server.ts";
import { agreedCap, evaluateObjectives, loadObjectives } from "~/app/modules/goals/evaluate.server.ts";
import { measuredThrough } from "~/app/modules/goals/period.ts";
import { getRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import { contentHash, StatementContent } from "~/app/modules/goals/statement.ts";

interface AgreementForStatement {
  id: string;
  tenant_id: string;
  employee_id: string;
  manager_id: string | null;
  period_kind: StatementContent["period"]["kind"];
  period_label: string;
  starts_on: string;
  ends_on: string;
  /** the cap agreed at acceptance; null (accepted before it was stored) → the tenant's current setting */
  attainment_cap_percent: number | null;
}

/**
 * How the agreement's period was fixed, read from the agreement row so that a correction of a
 * closed-early or back-dated statement says the same: the close-early action (who, when, why) and
 * a start before the day it was proposed.
 */
async function periodFacts(
  tx: Tx,
  tenantId: string,
  agreementId: string,
  timeZone: string,
): Promise<Pick<StatementContent, "closedEarly" | "backdatedFrom"> & { closedEarlyOn: string | null }> {
  const row = await tx
    .selectFrom("goal_agreements as a")
    .leftJoin("memberships as cm", (j) =>
      j.onRef("cm.id", "=", "a.closed_early_by").on("cm.tenant_id", "=", tenantId),
    )
    .leftJoin("users as cu", "cu.id", "cm.user_id")
    .select([
      "a.backdated_from",
      "a.closed_at",
      "a.closed_early_by",
      "a.closed_early_reason",
      "cu.name as closedEarlyByName",
    ])
    .where("a.tenant_id", "=", tenantId)
    .where("a.id", "=", agreementId)
    .executeTakeFirstOrThrow();
  return {
    closedEarly:
      row.closed_early_reason && row.closed_at
        ? {
            at: row.closed_at.toISOString(),
            byMembershipId: row.closed_early_by ?? "",
            byName: row.closedEarlyByName ?? "",
            reason: row.closed_early_reason,
          }
        : null,
    backdatedFrom: row.backdated_from,
    closedEarlyOn: row.closed_early_reason && row.closed_at ? todayIn(timeZone, row.closed_at) : null,
  };
}

/**
 * What the statement of an agreement says now: objectives, figures, attainment, the rules in force.
 * An agreement closed early measures through the (tenant-local) day it was closed, and its period
 * says so (period.endsOn is that day; closedEarly.at says when): points dated later — added after
 * the close, or counted by a correction — are not part of it.
 */
async function buildContent(
  tx: Tx,
  agreement: AgreementForStatement,
  generatedAt: Date,
  supersedes: string | null,
): Promise<StatementContent> {
  const tenantId = agreement.tenant_id;
  const tenant = await tx
    .selectFrom("tenants")
    .select(["id", "name", "time_zone"])
    .where("id", "=", tenantId)
    .executeTakeFirstOrThrow();
  const facts = await periodFacts(tx, tenantId, agreement.id, tenant.time_zone);
  const endsOn = measuredThrough(agreement.ends_on, facts.closedEarlyOn);
  const employee = await tx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .leftJoin("teams", "teams.id", "memberships.team_id")
    .select(["memberships.id", "users.name", "teams.name as team"])
    .where("memberships.tenant_id", "=", tenantId)
    .where("memberships.id", "=", agreement.employee_id)
    .executeTakeFirstOrThrow();
  const manager = agreement.manager_id
    ? await tx
        .selectFrom("memberships")
        .innerJoin("users", "users.id", "memberships.user_id")
        .select(["memberships.id", "users.name"])
        .where("memberships.tenant_id", "=", tenantId)
        .where("memberships.id", "=", agreement.manager_id)
        .executeTakeFirst()
    : undefined;
  const settings = await getRecognitionSettings(tx, tenantId);
  const scope = { tenantId, membershipId: agreement.employee_id, startsOn: agreement.starts_on, endsOn };
  const evaluation = await evaluateObjectives(
    tx,
    scope,
    await loadObjectives(tx, tenantId, agreement.id),
    agreedCap(agreement.attainment_cap_percent, settings.attainmentCapPercent),
  );
  const rules = await rulesInForce(tx, tenantId, agreement.starts_on, endsOn);
  return StatementContent.parse({
    version: 2,
    tenant: { id: tenant.id, name: tenant.name },
    employee: { membershipId: employee.id, name: employee.name, team: employee.team ?? null },
    manager: manager ? { membershipId: manager.id, name: manager.name } : null,
    period: {
      kind: agreement.period_kind,
      label: agreement.period_label,
      startsOn: agreement.starts_on,
      endsOn,
    },
    objectives: evaluation.objectives.map((o) => ({
      position: o.position,
      title: o.title,
      metric: o.metric,
      target: o.target,
      weight: o.weight,
      actual: o.actual,
      attainmentPercent: o.attainmentPercent,
      weightedPercent: o.weightedPercent,
      manualNote: o.manualNote,
      activities: o.activities,
      activityCount: o.activityCount,
      excludedCount: o.excludedCount ?? 0,
    })),
    overallPercent: evaluation.overallPercent,
    capPercent: evaluation.capPercent,
    // JSON round trip: the rules are stored as jsonb, so the hashed content is exactly what is read back
    rules: rules.map((r) => ({
      id: r.id,
      effectiveFrom: r.effectiveFrom,
      rules: JSON.parse(JSON.stringify(r.rules)) as unknown,
    })),
    generatedAt: generatedAt.toISOString(),
    supersedes,
    // How the period's shares are known (verified / self-reported) and how many count; unique
    // clicks counted for credit and held back as suspicious: computed like the live figures.
    shares: await shareCounts(tx, scope),
    uniqueClicks: await clickCounts(tx, scope),
    // Locked before the period ended and settled (closeAgreementEarly): said in the hashed content.
    closedEarly: facts.closedEarly,
    // The agreement measured from before the day it was agreed (the tenant allows back-dating).
    backdatedFrom: facts.backdatedFrom,
  });
}

async function insertStatement(
  tx: Tx,
  agreement: AgreementForStatement,
  content: StatementContent,
  generatedAt: Date,
  opts: { supersedesId: string | null; autoRelease: boolean },
): Promise<string> {
  const row = await tx
    .insertInto("credit_statements")
    .values({
      tenant_id: agreement.tenant_id,
      agreement_id: agreement.id,
      employee_id: agreement.employee_id,
      manager_id: agreement.manager_id,
      period_label: agreement.period_label,
      starts_on: agreement.starts_on,
      // the days it measures, as its content says (closed early: through the closing day)
      ends_on: content.period.endsOn,
      content: JSON.stringify(content),
      content_hash: contentHash(content),
      generated_at: generatedAt,
      supersedes_id: opts.supersedesId,
      released_at: opts.autoRelease ? generatedAt : null,
      release_mode: opts.autoRelease ? "automatic" : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Released at lock time only in 'automatic' mode and only for an employee who consented. */
async function releasesAutomatically(tx: Tx, tenantId: string, employeeId: string): Promise<boolean> {
  const settings = await getRecognitionSettings(tx, tenantId);
  if (settings.releaseMode !== "automatic") return false;
  const prefs = await tx
    .selectFrom("recognition_preferences")
    .select("auto_release_consent")
    .where("tenant_id", "=", tenantId)
    .where("membership_id", "=", employeeId)
    .executeTakeFirst();
  return prefs?.auto_release_consent === true;
}

/**
 * The last day whose agreements may close on `asOf`: click points are awarded only for days at
 * least SETTLE_DAYS old (award.server.ts), so a period closes once its last day is older than that.
 */
export function closableThrough(asOf: string): string {
  return addDays(asOf, -SETTLE_DAYS - 1);
}

/**
 * Closes one accepted agreement and locks its statement, in the caller's transaction. The
 * conditional UPDATE comes first: a concurrent run blocks on the row lock and then finds the
 * agreement closed, so two runs can never lock two statements. Returns null when there was nothing
 * to do (not accepted, or its period ended too recently: ends_on must be < asOf − SETTLE_DAYS).
 */
export async function closeAgreement(
  tx: Tx,
  tenantId: string,
  agreementId: string,
  asOf: string,
): Promise<string | null> {
  const agreement = await tx
    .updateTable("goal_agreements")
    .set({ status: "closed", closed_at: new Date(), updated_at: new Date() })
    .where("tenant_id", "=", tenantId)
    .where("id", "=", agreementId)
    .where("status", "=", "accepted")
    .where("ends_on", "<=", closableThrough(asOf))
    .returning([
      "id",
      "tenant_id",
      "employee_id",
      "manager_id",
      "period_kind",
      "period_label",
      "starts_on",
      "ends_on",
      "attainment_cap_percent",
    ])
    .executeTakeFirst();
  if (!agreement) return null;
  const generatedAt = new Date();
  const content = await buildContent(tx, agreement, generatedAt, null);
  return insertStatement(tx, agreement, content, generatedAt, {
    supersedesId: null,
    autoRelease: await releasesAutomatically(tx, tenantId, agreement.employee_id),
  });
}

/** Minutes east of UTC of `timeZone` at `instant`. */
function offsetMinutes(timeZone: string, instant: number): number {
  return Math.round(zoneOffsetAt(instant, timeZone) / 60_000);
}

/**
 * The `now` of the points award that precedes a close as of `asOf`: the last instant of the
 * tenant-local day `asOf`, but never later than the real now — awarding "from the future" would
 * write click days that have not settled yet, and ledger entries are never recomputed.
 */
export function awardNowFor(timeZone: string, asOf: string, realNow: Date = new Date()): Date {
  const nextMidnightUtc = Date.parse(`${addDays(asOf, 1)}T00:00:00Z`);
  let end = nextMidnightUtc - offsetMinutes(timeZone, nextMidnightUtc) * 60_000 - 1;
  // once more at the found instant, for a day on which the offset changes
  end = nextMidnightUtc - offsetMinutes(timeZone, end) * 60_000 - 1;
  return new Date(Math.min(end, realNow.getTime()));
}

/** One agreement (or a whole tenant, agreementId null) that a close run could not close, and why. */
export interface CloseFailure {
  tenantId: string;
  agreementId: string | null;
  reason: string;
}

/** A close run in which something failed: what did close, and what did not (the job retries on it). */
export class ClosePeriodsError extends AggregateError {
  override readonly name = "ClosePeriodsError";
  constructor(
    errors: unknown[],
    readonly result: { closed: number; statementIds: string[] },
    readonly failures: CloseFailure[],
  ) {
    super(errors, `closing goal periods failed for ${failures.length} agreement(s) or tenant(s)`);
  }
}

export interface CloseDeps {
  /** the points award run right before the close (awardPoints; replaceable in tests) */
  award?: (db: DB, opts: { tenantId: string; now: Date; log: Logger }) => Promise<unknown>;
  /** closes one agreement (closeAgreement; replaceable in tests) */
  close?: typeof closeAgreement;
  log?: Logger;
}

/**
 * The period close: for every accepted agreement whose period ended before `asOf` − SETTLE_DAYS
 * (`asOf` defaults to today in the tenant's time zone), one locked statement. Right before, the
 * points award runs for the tenant (as of the same day), so the statement includes every settled
 * point of the period. Each agreement in its own transaction, and a failing agreement (or tenant)
 * is logged and skipped: the others still close. When anything failed, the run ends with one
 * ClosePeriodsError (an AggregateError carrying what closed and what failed, and why) so the job
 * retries (closing is idempotent: the closed ones are not touched again).
 *
 * `asOf` later than a tenant's today is refused (ValidationError, nothing done): a period cannot be
 * closed "as of" a day that has not come, so a running quarter is never locked as if it had ended.
 * Closing before the end on purpose is closeAgreementEarly, an explicit and audited action.
 */
export async function closeGoalPeriods(
  db: DB,
  opts: { tenantId?: string | undefined; asOf?: string | undefined } = {},
  deps: CloseDeps = {},
): Promise<{ closed: number; statementIds: string[] }> {
  const log = deps.log ?? appLogger.child({ component: "close-goal-periods" });
  const award = deps.award ?? awardPoints;
  const close = deps.close ?? closeAgreement;
  let tenantsQuery = db.selectFrom("tenants").select(["id", "time_zone"]);
  if (opts.tenantId) tenantsQuery = tenantsQuery.where("id", "=", opts.tenantId);
  const statementIds: string[] = [];
  const failures: unknown[] = [];
  const reasons: CloseFailure[] = [];
  const tenants = await tenantsQuery.orderBy("id").execute();
  if (opts.asOf) {
    for (const tenant of tenants) {
      const today = todayIn(tenant.time_zone);
      if (opts.asOf > today) {
        throw new ValidationError(
          `asOf ${opts.asOf} is after today (${today} in ${tenant.time_zone}): a period closes only once it has ended and settled; to lock a running period, close it early on the admin page`,
          {
            asOf: ["as_of_future"],
          },
        );
      }
    }
  }
  for (const tenant of tenants) {
    const asOf = opts.asOf ?? todayIn(tenant.time_zone);
    let due: { id: string }[];
    try {
      due = await withTenant(db, tenant.id, (tx) =>
        tx
          .selectFrom("goal_agreements")
          .select("id")
          .where("tenant_id", "=", tenant.id)
          .where("status", "=", "accepted")
          .where("ends_on", "<=", closableThrough(asOf))
          .orderBy("ends_on")
          .orderBy("id")
          .execute(),
      );
      if (due.length === 0) continue;
      // every settled point of the periods first: a statement is never recomputed
      await award(db, { tenantId: tenant.id, now: awardNowFor(tenant.time_zone, asOf), log });
    } catch (err) {
      failures.push(err);
      reasons.push({
        tenantId: tenant.id,
        agreementId: null,
        reason: err instanceof Error ? err.message : String(err),
      });
      log.error({ err, tenantId: tenant.id }, "closing goal periods of a tenant failed");
      continue;
    }
    for (const { id } of due) {
      try {
        const statementId = await withTenant(db, tenant.id, (tx) => close(tx, tenant.id, id, asOf));
        if (statementId) statementIds.push(statementId);
      } catch (err) {
        // the agreement stays accepted (its transaction rolled back); the next run tries again
        failures.push(err);
        reasons.push({
          tenantId: tenant.id,
          agreementId: id,
          reason: err instanceof Error ? err.message : String(err),
        });
        log.error({ err, tenantId: tenant.id, agreementId: id }, "closing a goal agreement failed");
      }
    }
  }
  if (failures.length > 0)
    throw new ClosePeriodsError(failures, { closed: statementIds.length, statementIds }, reasons);
  return { closed: statementIds.length, statementIds };
}

/** The day an agreement ending on `endsOn` may close: once its last day's click points have settled. */
export function settlesOn(endsOn: string): string {
  return addDays(endsOn, SETTLE_DAYS + 1);
}

/**
 * "Close early": an admin ("recognition.manage") locks the statement of an accepted agreement
 * whose period has not ended and settled yet — for a leaver, say. Never implicit: a reason is
 * required, the audit log records it, and the statement says so in its hashed content
 * (closedEarly: when, by whom, why), so no one can take it for an end-of-period statement. An
 * agreement that is ready to close normally is refused: it closes through the normal run.
 */
export async function closeAgreementEarly(
  tx: Tx,
  admin: Member,
  agreementId: string,
  reason: string,
  clock: { today?: string } = {},
): Promise<string> {
  if (!can(admin.roles, "recognition.manage")) throw new ForbiddenError("recognition.manage needed");
  const why = reason.trim();
  if (!why) throw new ValidationError("a reason is required", { reason: ["reason_required"] });
  if (why.length > 2000) throw new ValidationError("the reason is too long", { reason: ["too_long"] });
  if (!/^[0-9a-f-]{36}$/i.test(agreementId)) throw new NotFoundError("agreement");
  const tenant = await tx
    .selectFrom("tenants")
    .select("time_zone")
    .where("id", "=", admin.tenantId)
    .executeTakeFirstOrThrow();
  const today = clock.today ?? todayIn(tenant.time_zone);
  const current = await tx
    .selectFrom("goal_agreements")
    .select(["status", "ends_on"])
    .where("tenant_id", "=", admin.tenantId)
    .where("id", "=", agreementId)
    .forUpdate()
    .executeTakeFirst();
  if (!current) throw new NotFoundError("agreement");
  if (current.status !== "accepted")
    throw new ConflictError("only an accepted agreement can be closed", "agreement_not_accepted");
  if (current.ends_on <= closableThrough(today))
    throw new ConflictError("this period has ended and settled: close it normally", "ready_to_close");
  const closedAt = new Date();
  const agreement = await tx
    .updateTable("goal_agreements")
    .set({
      status: "closed",
      closed_at: closedAt,
      closed_early_by: admin.id,
      closed_early_reason: why,
      updated_at: closedAt,
    })
    .where("tenant_id", "=", admin.tenantId)
    .where("id", "=", agreementId)
    .where("status", "=", "accepted")
    .returning([
      "id",
      "tenant_id",
      "employee_id",
      "manager_id",
      "period_kind",
      "period_label",
      "starts_on",
      "ends_on",
      "attainment_cap_percent",
    ])
    .executeTakeFirstOrThrow();
  const content = await buildContent(tx, agreement, closedAt, null);
  const statementId = await insertStatement(tx, agreement, content, closedAt, {
    supersedesId: null,
    autoRelease: await releasesAutomatically(tx, admin.tenantId, agreement.employee_id),
  });
  await recordAudit(tx, {
    tenantId: admin.tenantId,
    actorUserId: admin.userId,
    action: "goals.closed_early",
    subject: agreement.id,
    data: {
      statementId,
      employeeId: agreement.employee_id,
      periodLabel: agreement.period_label,
      endsOn: agreement.ends_on,
      closedOn: today,
      reason: why,
    },
  });
  return statementId;
}

export interface ClosePeriodRow {
  agreementId: string;
  employeeName: string;
  managerName: string | null;
  periodLabel: string;
  startsOn: string;
  endsOn: string;
  /** the day its last click points have settled: it may close from then on */
  settlesOn: string;
  closedAt: Date | null;
  closedEarly: boolean;
}

export interface ClosePeriodsOverview {
  today: string;
  /** ended and settled: the next run (or "Close all ready") closes them */
  ready: ClosePeriodRow[];
  /** ended, but the last days' click points settle only on settlesOn */
  settling: ClosePeriodRow[];
  /** still running: only "close early" locks them now */
  running: ClosePeriodRow[];
  /** closed in the last 30 days */
  recentlyClosed: ClosePeriodRow[];
}

/**
 * The admin's "close period" page: the tenant's accepted agreements by what a close would do with
 * them now, and the recently closed ones. Names and periods only — no figures.
 */
export async function closePeriodsOverview(
  tx: Tx,
  admin: Member,
  clock: { today?: string; now?: Date } = {},
): Promise<ClosePeriodsOverview> {
  if (!can(admin.roles, "recognition.manage")) throw new ForbiddenError("recognition.manage needed");
  const tenant = await tx
    .selectFrom("tenants")
    .select("time_zone")
    .where("id", "=", admin.tenantId)
    .executeTakeFirstOrThrow();
  const today = clock.today ?? todayIn(tenant.time_zone);
  const since = new Date((clock.now ?? new Date()).getTime() - 30 * 86_400_000);
  const rows = await tx
    .selectFrom("goal_agreements as a")
    .innerJoin("memberships as em", (j) =>
      j.onRef("em.id", "=", "a.employee_id").on("em.tenant_id", "=", admin.tenantId),
    )
    .innerJoin("users as eu", "eu.id", "em.user_id")
    .leftJoin("memberships as mm", (j) =>
      j.onRef("mm.id", "=", "a.manager_id").on("mm.tenant_id", "=", admin.tenantId),
    )
    .leftJoin("users as mu", "mu.id", "mm.user_id")
    .select([
      "a.id",
      "a.status",
      "a.period_label",
      "a.starts_on",
      "a.ends_on",
      "a.closed_at",
      "a.closed_early_reason",
      "eu.name as employeeName",
      "mu.name as managerName",
    ])
    .where("a.tenant_id", "=", admin.tenantId)
    .where((eb) =>
      eb.or([
        eb("a.status", "=", "accepted"),
        eb.and([eb("a.status", "=", "closed"), eb("a.closed_at", ">=", since)]),
      ]),
    )
    .orderBy("a.ends_on")
    .orderBy("eu.name")
    .execute();
  const overview: ClosePeriodsOverview = { today, ready: [], settling: [], running: [], recentlyClosed: [] };
  const through = closableThrough(today);
  for (const r of rows) {
    const row: ClosePeriodRow = {
      agreementId: r.id,
      employeeName: r.employeeName,
      managerName: r.managerName,
      periodLabel: r.period_label,
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      settlesOn: settlesOn(r.ends_on),
      closedAt: r.closed_at,
      closedEarly: r.closed_early_reason !== null,
    };
    if (r.status === "closed") overview.recentlyClosed.push(row);
    else if (r.ends_on <= through) overview.ready.push(row);
    else if (r.ends_on < today) overview.settling.push(row);
    else overview.running.push(row);
  }
  overview.recentlyClosed.sort((a, b) => (b.closedAt?.getTime() ?? 0) - (a.closedAt?.getTime() ?? 0));
  return overview;
}

/**
 * "Recompute as correction": a new statement from today's data that supersedes `statementId` (the
 * old one stays as it was) and needs the employee's release again. The employee's current manager
 * or an admin ("recognition.manage") may ask for it; only the latest statement can be corrected.
 * Recomputing reads the employee's figures of the whole period: it is recorded in their "who
 * looked at my figures" ('statement.corrected', with the new statement) and in the audit log.
 */
export async function recomputeAsCorrection(tx: Tx, member: Member, statementId: string): Promise<string> {
  if (!/^[0-9a-f-]{36}$/i.test(statementId)) throw new NotFoundError("statement");
  const old = await tx
    .selectFrom("credit_statements as cs")
    .innerJoin("memberships as em", "em.id", "cs.employee_id")
    .select(["cs.id", "cs.agreement_id", "em.manager_id as currentManagerId"])
    .where("cs.tenant_id", "=", member.tenantId)
    .where("cs.id", "=", statementId)
    .executeTakeFirst();
  const allowed =
    old &&
    (can(member.roles, "recognition.manage") ||
      (can(member.roles, "goals.manage") && old.currentManagerId === member.id));
  if (!old || !allowed) throw new NotFoundError("statement");
  // the agreement row serialises corrections of the same agreement
  const agreement = await tx
    .selectFrom("goal_agreements")
    .select([
      "id",
      "tenant_id",
      "employee_id",
      "manager_id",
      "period_kind",
      "period_label",
      "starts_on",
      "ends_on",
      "status",
      "attainment_cap_percent",
    ])
    .where("tenant_id", "=", member.tenantId)
    .where("id", "=", old.agreement_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const newer = await tx
    .selectFrom("credit_statements")
    .select("id")
    .where("tenant_id", "=", member.tenantId)
    .where("supersedes_id", "=", old.id)
    .executeTakeFirst();
  if (newer) throw new ConflictError("this statement was corrected already", "already_corrected");
  const generatedAt = new Date();
  const content = await buildContent(tx, agreement, generatedAt, old.id);
  const correctionId = await insertStatement(tx, agreement, content, generatedAt, {
    supersedesId: old.id,
    autoRelease: false,
  });
  await logCreditAccess(tx, {
    tenantId: member.tenantId,
    subjectMembershipId: agreement.employee_id,
    actor: { membershipId: member.id },
    action: "statement.corrected",
    statementId: correctionId,
  });
  await recordAudit(tx, {
    tenantId: member.tenantId,
    actorUserId: member.userId,
    action: "statement.corrected",
    subject: correctionId,
    data: { supersedes: old.id, agreementId: agreement.id, employeeId: agreement.employee_id },
  });
  return correctionId;
}

/** The latest statement of an agreement (the one a correction replaces), if the member may correct it. */
export async function correctAgreement(tx: Tx, member: Member, agreementId: string): Promise<string> {
  const latest = await tx
    .selectFrom("credit_statements as cs")
    .select("cs.id")
    .where("cs.tenant_id", "=", member.tenantId)
    .where("cs.agreement_id", "=", agreementId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom("credit_statements as n").select("n.id").whereRef("n.supersedes_id", "=", "cs.id"),
        ),
      ),
    )
    .executeTakeFirst();
  if (!latest) throw new NotFoundError("statement");
  return recomputeAsCorrection(tx, member, latest.id);
}
