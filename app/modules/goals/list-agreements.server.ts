import type { Tx } from "~/db/client.ts";
import type { AgreementStatus } from "~/db/tables/recognition.ts";
import { can } from "~/app/lib/permissions.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { loadFigurePolicy } from "~/app/modules/privacy/strict-mode.server.ts";
import { logCreditAccess } from "~/app/modules/goals/access-log.server.ts";
import { agreedCap } from "~/app/modules/goals/evaluate.server.ts";
import { getRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import {
  agreementQuery,
  evaluate,
  strip,
  type AgreementRow,
  type ViewRequest,
} from "~/app/modules/goals/agreement-records.server.ts";

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
