import type { Tx } from "~/db/client.ts";
import { mailTransport } from "~/emails/send.ts";
import { getDisclosureLabels, sharesIncentivised } from "~/app/modules/advocacy/share-disclosure.server.ts";
import { billingEnabled } from "~/app/modules/billing/config.server.ts";
import { linkedInServerConfig } from "~/app/modules/profiles/linkedin-config.server.ts";
import { PERMISSIONS } from "~/app/lib/permissions.ts";
import { SIGN_IN_LINK_TTL_MINUTES } from "~/app/modules/auth/request-sign-in-link.server.ts";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "~/app/modules/auth/session.server.ts";
import { getRecognitionSettings } from "~/app/modules/goals/settings.server.ts";
import { getReachSettings } from "~/app/modules/reach/settings.server.ts";
import { INVITATION_TTL_MS } from "~/app/modules/tenancy/invitation-records.server.ts";
import { MEMBER_IP_KEY_RETENTION_DAYS } from "~/app/modules/tracking/member-ip.server.ts";
import { EXPORT_TTL_DAYS } from "~/app/modules/privacy/export-requests.server.ts";
import { RETENTION_RULES } from "~/app/modules/privacy/retention.server.ts";
import {
  buildDataMap,
  type DataMap,
  type DataMapDisclosure,
  type DataMapLifetimes,
  type DataMapProcessors,
  type DataMapSettings,
  type PermissionTable,
} from "~/app/modules/privacy/data-map.ts";
import { getPrivacySettings } from "~/app/modules/privacy/settings.server.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The lifetimes fixed in code, read from the modules that enforce them (auth, tenancy, tracking, the retention job, exports). */
export const DATA_MAP_LIFETIMES: DataMapLifetimes = {
  sessionIdleDays: Math.round(SESSION_IDLE_MS / DAY_MS),
  sessionAbsoluteDays: Math.round(SESSION_ABSOLUTE_MS / DAY_MS),
  signInLinkMinutes: SIGN_IN_LINK_TTL_MINUTES,
  signInGraceDays: RETENTION_RULES.signInTokenGraceDays,
  invitationDays: Math.round(INVITATION_TTL_MS / DAY_MS),
  invitationGraceDays: RETENTION_RULES.invitationGraceDays,
  memberIpKeyDays: MEMBER_IP_KEY_RETENTION_DAYS,
  failedJobDays: RETENTION_RULES.jobFailureDays,
  dataExportDays: EXPORT_TTL_DAYS,
};

/** The tenant's settings the data map depends on (each module's own getter, defaults filled in). */
export async function loadDataMapSettings(tx: Tx, tenantId: string): Promise<DataMapSettings> {
  const [recognition, reach, privacy] = await Promise.all([
    getRecognitionSettings(tx, tenantId),
    getReachSettings(tx, tenantId),
    getPrivacySettings(tx, tenantId),
  ]);
  return {
    releaseMode: recognition.releaseMode,
    selfReportedSharesEarnPoints: recognition.selfReportedSharesEarnPoints,
    selfReportedWeeklyCap: recognition.selfReportedWeeklyCap,
    minGroupSize: reach.minGroupSize,
    clickRetentionDays: reach.clickRetentionDays,
    auditRetentionMonths: privacy.auditRetentionMonths,
    strictMode: privacy.strictMode,
  };
}

/**
 * The processors this installation hands personal data to: mail through Resend when RESEND_API_KEY
 * is set (emails/send.ts), Stripe when billing is on, LinkedIn when the server holds a secrets key
 * and the tenant's LinkedIn app is enabled (the same conditions profiles/linkedin-app.server.ts uses),
 * Microsoft Teams when the tenant has a Teams channel, Slack when its workspace is added (a live token).
 */
export async function loadDataMapProcessors(tx: Tx, tenantId: string): Promise<DataMapProcessors> {
  const app = await tx
    .selectFrom("linkedin_apps")
    .select(["enabled", "post_analytics_enabled"])
    .where("tenant_id", "=", tenantId)
    .executeTakeFirst();
  const linkedin = Boolean(linkedInServerConfig().key) && (app?.enabled ?? false);
  const teams = await tx
    .selectFrom("chat_channels")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("provider", "=", "teams")
    .limit(1)
    .executeTakeFirst();
  const slack = await tx
    .selectFrom("slack_installations")
    .select("id")
    .where("tenant_id", "=", tenantId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return {
    mail: mailTransport(),
    stripe: billingEnabled(),
    linkedin,
    linkedinPostAnalytics: linkedin && (app?.post_analytics_enabled ?? false),
    teams: teams !== undefined,
    slack: slack !== undefined,
  };
}

/** How the tenant's shares are labelled, and whether they are rewarded (the reason a label says "ad"). */
export async function loadDataMapDisclosure(tx: Tx, tenantId: string): Promise<DataMapDisclosure> {
  const [labels, incentivised] = await Promise.all([
    getDisclosureLabels(tx, tenantId),
    sharesIncentivised(tx, tenantId),
  ]);
  return { labels: labels.labels, fallback: labels.fallback, incentivised };
}

/** The tenant's data map: its settings applied to the app's permission table, with the processors and disclosure configured. */
export async function loadDataMap(
  tx: Tx,
  tenantId: string,
  permissions: PermissionTable = PERMISSIONS,
): Promise<DataMap> {
  const [settings, processors, disclosure] = await Promise.all([
    loadDataMapSettings(tx, tenantId),
    loadDataMapProcessors(tx, tenantId),
    loadDataMapDisclosure(tx, tenantId),
  ]);
  return buildDataMap(settings, DATA_MAP_LIFETIMES, permissions, processors, disclosure);
}
