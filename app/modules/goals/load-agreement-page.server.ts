import type { Tx } from "~/db/client.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { loadFigurePolicy } from "~/app/modules/privacy/strict-mode.server.ts";
import { logCreditAccess } from "~/app/modules/goals/access-log.server.ts";
import {
  agreedCap,
  loadObjectives,
  type Evaluation,
  type ObjectiveRow,
} from "~/app/modules/goals/evaluate.server.ts";
import { getRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import { managerFigures } from "~/app/modules/goals/visibility.ts";
import {
  evaluate,
  findAgreement,
  measuredEndsOn,
  type ViewRequest,
} from "~/app/modules/goals/agreement-records.server.ts";

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
