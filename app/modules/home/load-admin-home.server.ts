import type { Tx } from "~/db/client.ts";
import { can } from "~/app/lib/permissions.ts";
import type { Member, TenantInfo } from "~/app/modules/tenancy/member.ts";
import { getCurrentGuidelines } from "~/app/modules/advocacy/guidelines.server.ts";
import { getBillingAccount } from "~/app/modules/billing/account.server.ts";
import { billingEnabled } from "~/app/modules/billing/config.server.ts";
import { listTopics } from "~/app/modules/content/topics.server.ts";
import { listTenantJobFailures } from "~/app/modules/jobs-admin/job-failures.server.ts";
import { getLinkedInAppSettings } from "~/app/modules/profiles/get-linkedin-app-settings.server.ts";
import { listMembers } from "~/app/modules/tenancy/list-members.server.ts";

export type SetupStep = "guidelines" | "topics" | "invite" | "linkedin" | "billing";

export interface AdminHome {
  /** the setup steps this admin may do that are not done yet, in order (null: none of them is theirs) */
  steps: SetupStep[] | null;
  /** failed background jobs of the company (null: not this person's page) */
  failedJobs: number | null;
}

/**
 * The admin's part of the home page: what setting up the company still needs, each step only for
 * the permission its page asks, and the failed background jobs. A step that cannot be done in
 * Chorus is left out: the LinkedIn app while the server has no secrets key, billing while billing
 * is off.
 */
export async function loadAdminHome(
  tx: Tx,
  member: Member,
  opts: { tenant: TenantInfo },
): Promise<AdminHome> {
  const { tenant } = opts;
  const steps: SetupStep[] = [];
  let any = false;
  if (can(member.roles, "guidelines.manage")) {
    any = true;
    if (!(await getCurrentGuidelines(tx, tenant.id))) steps.push("guidelines");
  }
  if (can(member.roles, "topics.manage") && can(member.roles, "tenant.settings")) {
    any = true;
    if ((await listTopics(tx, tenant.id)).length === 0) steps.push("topics");
  }
  if (can(member.roles, "members.invite")) {
    any = true;
    const { members, invitations } = await listMembers(tx, member);
    if (members.length <= 1 && invitations.length === 0) steps.push("invite");
  }
  if (can(member.roles, "linkedin.configure")) {
    any = true;
    const app = await getLinkedInAppSettings(tx, member, tenant.slug);
    if (app.serverConfigured && !(app.configured && app.enabled)) steps.push("linkedin");
  }
  if (can(member.roles, "billing.manage") && billingEnabled()) {
    any = true;
    const account = await getBillingAccount(tx, tenant.id);
    const live = account.subscription_status !== null && account.subscription_status !== "canceled";
    if (!live) steps.push("billing");
  }
  const failedJobs = can(member.roles, "tenant.settings")
    ? (await listTenantJobFailures(tx, tenant.id)).length
    : null;
  return { steps: any ? steps : null, failedJobs };
}
