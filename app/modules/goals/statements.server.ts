import { sql } from "kysely";
import type { Tx } from "~/db/client.ts";
import { ConflictError, NotFoundError } from "~/app/lib/errors.ts";
import { can } from "~/app/lib/permissions.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { logCreditAccess } from "~/app/modules/goals/access-log.server.ts";
import type { Period } from "~/app/modules/goals/period.ts";
import { contentHash, type StatementContent } from "~/app/modules/goals/statement.ts";

export interface ReleasedStatement {
  id: string;
  employeeId: string;
  employeeName: string;
  content: StatementContent;
  contentHash: string;
  releasedAt: Date;
  /** a newer correction that the employee has not released yet (the manager keeps seeing this one meanwhile) */
  supersededBy: string | null;
  /** 0022: set (only) when an erasure replaced a name in it; copies exported before keep the names */
  pseudonymisedAt?: Date;
}

/**
 * Released statements within a period (starts and ends inside it: `2026` includes its quarters),
 * latest released correction only: a statement is left out once a released correction supersedes it.
 */
function releasedQuery(tx: Tx, tenantId: string, period: Period) {
  return tx
    .selectFrom("credit_statements as cs")
    .innerJoin("memberships as em", "em.id", "cs.employee_id")
    .innerJoin("users as eu", "eu.id", "em.user_id")
    .select([
      "cs.id",
      "cs.employee_id as employeeId",
      "eu.name as employeeName",
      "cs.content",
      "cs.content_hash as contentHash",
      "cs.released_at as releasedAt",
      "cs.pseudonymised_at as pseudonymisedAt",
      (eb) =>
        eb
          .selectFrom("credit_statements as n")
          .select("n.id")
          .whereRef("n.supersedes_id", "=", "cs.id")
          .where("n.tenant_id", "=", tenantId)
          .orderBy("n.generated_at", "desc")
          .limit(1)
          .as("supersededBy"),
    ])
    .where("cs.tenant_id", "=", tenantId)
    .where("em.tenant_id", "=", tenantId)
    .where("cs.released_at", "is not", null)
    .where("cs.starts_on", ">=", period.startsOn)
    .where("cs.ends_on", "<=", period.endsOn)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("credit_statements as r")
            .select("r.id")
            .whereRef("r.supersedes_id", "=", "cs.id")
            .where("r.tenant_id", "=", tenantId)
            .where("r.released_at", "is not", null),
        ),
      ),
    )
    .orderBy("eu.name")
    .orderBy("cs.starts_on")
    .orderBy("cs.id");
}

type ReleasedRow = Awaited<ReturnType<ReturnType<typeof releasedQuery>["execute"]>>[number];

const toReleased = (r: ReleasedRow): ReleasedStatement => ({
  id: r.id,
  employeeId: r.employeeId,
  employeeName: r.employeeName,
  content: r.content as StatementContent,
  contentHash: r.contentHash,
  releasedAt: r.releasedAt as Date,
  supersededBy: r.supersededBy ?? null,
  ...(r.pseudonymisedAt ? { pseudonymisedAt: r.pseudonymisedAt } : {}),
});

/**
 * The statements the employees released to this manager, of their own direct reports. Both must
 * hold: the statement was locked for this manager (credit_statements.manager_id — the one the
 * employee released it to) AND the employee reports to them now (memberships.manager_id). After a
 * change of manager, earlier statements stay with the manager they were released to, and only
 * while the employee still reports to them: the new manager never sees them, the old one no longer.
 */
export async function listReleasedStatements(
  tx: Tx,
  member: Member,
  opts: { period: Period; employeeId?: string | undefined },
): Promise<ReleasedStatement[]> {
  if (!can(member.roles, "goals.manage") && !can(member.roles, "credit.export")) return [];
  let query = releasedQuery(tx, member.tenantId, opts.period)
    .where("em.manager_id", "=", member.id)
    .where("cs.manager_id", "=", member.id);
  if (opts.employeeId) query = query.where("cs.employee_id", "=", opts.employeeId);
  return (await query.execute()).map(toReleased);
}

/** For the API (an HR system with a tenant API token): every released statement of the tenant in the period. */
export async function listReleasedStatementsForTenant(
  tx: Tx,
  tenantId: string,
  period: Period,
): Promise<ReleasedStatement[]> {
  return (await releasedQuery(tx, tenantId, period).execute()).map(toReleased);
}

export interface StatementView {
  id: string;
  agreementId: string;
  employeeId: string;
  content: StatementContent;
  contentHash: string;
  /** contentHash(content) recomputed now equals the stored hash */
  hashVerifies: boolean;
  generatedAt: Date;
  releasedAt: Date | null;
  releaseMode: "employee" | "automatic" | null;
  supersedesId: string | null;
  /** the newer correction this viewer may open, if any */
  supersededBy: string | null;
  viewer: "employee" | "manager";
  /** 0022: an erasure replaced a name in it (copies exported before keep the names) */
  pseudonymisedAt: Date | null;
}

/**
 * A statement for its employee (own, in any state) or for the manager it was released to while
 * they are still the employee's manager (released only; see listReleasedStatements).
 * Anyone else — including a manager asking for an unreleased one — gets NotFoundError, never a
 * hint that it exists. A view by someone other than the employee is logged in the same transaction.
 */
export async function getStatementForViewer(
  tx: Tx,
  member: Member,
  statementId: string,
): Promise<StatementView> {
  if (!/^[0-9a-f-]{36}$/i.test(statementId)) throw new NotFoundError("statement");
  const row = await tx
    .selectFrom("credit_statements as cs")
    .innerJoin("memberships as em", "em.id", "cs.employee_id")
    .select([
      "cs.id",
      "cs.agreement_id",
      "cs.employee_id",
      "cs.content",
      "cs.content_hash",
      "cs.generated_at",
      "cs.released_at",
      "cs.release_mode",
      "cs.supersedes_id",
      "cs.pseudonymised_at",
      "cs.manager_id as statementManagerId",
      "em.manager_id as currentManagerId",
    ])
    .where("cs.tenant_id", "=", member.tenantId)
    .where("em.tenant_id", "=", member.tenantId)
    .where("cs.id", "=", statementId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError("statement");
  let viewer: StatementView["viewer"];
  if (row.employee_id === member.id) viewer = "employee";
  else if (
    row.released_at !== null &&
    can(member.roles, "goals.manage") &&
    row.currentManagerId === member.id &&
    row.statementManagerId === member.id
  )
    viewer = "manager";
  else throw new NotFoundError("statement");

  let newer = tx
    .selectFrom("credit_statements")
    .select("id")
    .where("tenant_id", "=", member.tenantId)
    .where("supersedes_id", "=", row.id)
    .orderBy("generated_at", "desc");
  if (viewer === "manager") newer = newer.where("released_at", "is not", null);
  const supersededBy = (await newer.executeTakeFirst())?.id ?? null;

  if (viewer === "manager") {
    await logCreditAccess(tx, {
      tenantId: member.tenantId,
      subjectMembershipId: row.employee_id,
      actor: { membershipId: member.id },
      action: "statement.viewed",
      statementId: row.id,
    });
  }
  const content = row.content as StatementContent;
  return {
    id: row.id,
    agreementId: row.agreement_id,
    employeeId: row.employee_id,
    content,
    contentHash: row.content_hash,
    hashVerifies: contentHash(content) === row.content_hash,
    generatedAt: row.generated_at,
    releasedAt: row.released_at,
    releaseMode: row.release_mode,
    supersedesId: row.supersedes_id,
    supersededBy,
    viewer,
    pseudonymisedAt: row.pseudonymised_at,
  };
}

/**
 * The employee releases their statement to their manager. Irreversible: there is no "unrelease"
 * (the manager may already have read or exported it). Releasing twice is a conflict, not a change.
 */
export async function releaseStatement(tx: Tx, employee: Member, statementId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(statementId)) throw new NotFoundError("statement");
  const result = await tx
    .updateTable("credit_statements")
    .set({ released_at: sql<Date>`now()`, release_mode: "employee" })
    .where("tenant_id", "=", employee.tenantId)
    .where("id", "=", statementId)
    .where("employee_id", "=", employee.id)
    .where("released_at", "is", null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 1n) return;
  const exists = await tx
    .selectFrom("credit_statements")
    .select("id")
    .where("tenant_id", "=", employee.tenantId)
    .where("id", "=", statementId)
    .where("employee_id", "=", employee.id)
    .executeTakeFirst();
  if (!exists) throw new NotFoundError("statement");
  throw new ConflictError("already released", "already_released");
}

/** The member's own statements, newest first (the goals page lists them). */
export async function listMyStatements(tx: Tx, member: Member) {
  return tx
    .selectFrom("credit_statements")
    .select([
      "id",
      "agreement_id as agreementId",
      "period_label as periodLabel",
      "generated_at as generatedAt",
      "released_at as releasedAt",
      "supersedes_id as supersedesId",
    ])
    .where("tenant_id", "=", member.tenantId)
    .where("employee_id", "=", member.id)
    .orderBy("generated_at", "desc")
    .execute();
}
