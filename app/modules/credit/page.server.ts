import type { Tx } from "~/db/client.ts";
import type { Period } from "~/app/modules/goals/period.ts";
import { listReleasedStatements } from "~/app/modules/goals/statements.server.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";

export interface CreditPageRow {
  id: string;
  employeeId: string;
  employeeName: string;
  team: string | null;
  periodLabel: string;
  objectiveCount: number;
  releasedAt: Date;
}

/**
 * The manager's credit page: a summary line per released statement of their own reports. The list
 * shows who released what, not the figures: those are seen by opening or exporting a statement,
 * and both are logged for the employee. So listing needs no access log entry.
 */
export async function loadCreditPage(tx: Tx, member: Member, period: Period): Promise<CreditPageRow[]> {
  const rows = await listReleasedStatements(tx, member, { period });
  return rows.map((r) => ({
    id: r.id,
    employeeId: r.employeeId,
    employeeName: r.employeeName,
    team: r.content.employee.team,
    periodLabel: r.content.period.label,
    objectiveCount: r.content.objectives.length,
    releasedAt: r.releasedAt,
  }));
}
