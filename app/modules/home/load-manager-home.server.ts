import type { Tx } from "~/db/client.ts";
import { can } from "~/app/lib/permissions.ts";
import type { Member } from "~/app/modules/tenancy/member.ts";
import { loadCreditPage } from "~/app/modules/credit/page.server.ts";
import { listAgreements } from "~/app/modules/goals/list-agreements.server.ts";

/** How many released statements the home page lists. */
export const HOME_STATEMENTS = 5;

export interface ManagerHome {
  /** reports' agreements the employee commented on: the manager revises or withdraws (null: no goals.manage) */
  waiting: { id: string; employeeName: string; periodLabel: string }[] | null;
  /** the latest statements released to this manager this year and last, newest first (null: no credit.export) */
  statements: {
    count: number;
    latest: { id: string; employeeName: string; periodLabel: string; releasedAt: Date }[];
  } | null;
}

/**
 * The manager's part of the home page: agreements waiting for their answer, and statements their
 * reports released to them (the credit page's rule, loadCreditPage: who released what, no figures).
 * No figure of a report is read here, so nothing is written to anyone's access log.
 */
export async function loadManagerHome(tx: Tx, member: Member, opts: { today: string }): Promise<ManagerHome> {
  const { today } = opts;
  let waiting: ManagerHome["waiting"] = null;
  if (can(member.roles, "goals.manage")) {
    // unconfirmed: statuses only, no report's figure is read or logged
    const { reports } = await listAgreements(tx, member, today, { confirmed: false });
    waiting = reports
      .filter((a) => a.status === "commented")
      .map((a) => ({ id: a.id, employeeName: a.employeeName, periodLabel: a.periodLabel }));
  }
  let statements: ManagerHome["statements"] = null;
  if (can(member.roles, "credit.export")) {
    const year = Number(today.slice(0, 4));
    const rows = await loadCreditPage(tx, member, {
      kind: "custom",
      label: `${year - 1}-01-01..${year}-12-31`,
      startsOn: `${year - 1}-01-01`,
      endsOn: `${year}-12-31`,
    });
    rows.sort((a, b) => b.releasedAt.getTime() - a.releasedAt.getTime());
    statements = {
      count: rows.length,
      latest: rows.slice(0, HOME_STATEMENTS).map((r) => ({
        id: r.id,
        employeeName: r.employeeName,
        periodLabel: r.periodLabel,
        releasedAt: r.releasedAt,
      })),
    };
  }
  return { waiting, statements };
}
