import type { Tx } from "~/db/client.ts";
import type { Locale } from "~/db/schema.ts";
import { can } from "~/app/lib/permissions.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";
import { loadFreshness } from "~/app/modules/freshness/freshness.server.ts";
import type { FreshnessView } from "~/app/modules/freshness/format.ts";
import { loadAdminHome, type AdminHome } from "~/app/modules/home/load-admin-home.server.ts";
import { loadCommsHome, type CommsHome } from "~/app/modules/home/load-comms-home.server.ts";
import { loadEmployeeHome, type EmployeeHome } from "~/app/modules/home/load-employee-home.server.ts";
import { loadManagerHome, type ManagerHome } from "~/app/modules/home/load-manager-home.server.ts";

export interface Home {
  /** the person shares (role employee): posts, own figures, goals, onboarding */
  employee: EmployeeHome | null;
  comms: CommsHome | null;
  manager: ManagerHome | null;
  admin: AdminHome | null;
  /** how fresh the reach figures on the page are (null: the page shows none) */
  freshness: FreshnessView | null;
}

/**
 * "What should I do now?": the home page of a member, one part per role, each piece only where the
 * member's permissions open the page it comes from, read with that page's own functions (so group
 * minimums, strict mode and four eyes hold as there). Opening it notes a visit (home/visit.ts).
 */
export async function loadHome(
  tx: Tx,
  member: Member,
  opts: { tenant: TenantInfo; today: string; now: Date; locale: Locale },
): Promise<Home> {
  const { tenant, today, now, locale } = opts;
  const employee = member.roles.includes("employee")
    ? await loadEmployeeHome(tx, member, { today, now })
    : null;
  const comms =
    can(member.roles, "content.approve") ||
    can(member.roles, "suggestions.review") ||
    can(member.roles, "escalations.handle") ||
    can(member.roles, "analytics.view")
      ? await loadCommsHome(tx, member, { tenant, today })
      : null;
  const manager =
    can(member.roles, "goals.manage") || can(member.roles, "credit.export")
      ? await loadManagerHome(tx, member, { today })
      : null;
  const admin = can(member.roles, "tenant.settings") ? await loadAdminHome(tx, member, { tenant }) : null;
  const showsReach = employee !== null || comms?.programme?.state === "shown";
  const freshness = showsReach ? await loadFreshness(tx, tenant, locale, { reach: true }, now) : null;
  return { employee, comms, manager, admin, freshness };
}
