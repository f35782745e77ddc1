import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Form, Link, NavLink, Outlet, useRouteLoaderData } from "react-router";
import type { Route } from "./+types/tenant";
import { can, permissionsOf } from "~/app/lib/permissions.ts";
import { requireMember } from "~/app/modules/auth/require.server.ts";
import { withTenant } from "~/db/tenant.ts";
import { billingNotice } from "~/app/modules/billing/notice.server.ts";
import { listUserTenants } from "~/app/modules/tenancy/find-membership.server.ts";
import { noteMemberIp } from "~/app/modules/tracking/member-ip.server.ts";
import { hasCurrentConsent } from "~/app/modules/advocacy/advocate-status.server.ts";
import { loadFigurePolicy } from "~/app/modules/privacy/strict-mode.server.ts";
import { LanguageSwitch } from "~/app/ui/language-switch.tsx";
import { ErrorPage } from "~/app/ui/error-notice.tsx";
import { errorBoundaryHeaders } from "~/app/lib/errors.ts";

/** A page's error renders in this layout's boundary: keep a 429's Retry-After (errorBoundaryHeaders). */
export const headers: Route.HeadersFunction = errorBoundaryHeaders;

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const { db, tenant, member, session } = await requireMember(request, params);
  // the sharer's own addresses never earn click credit (issue 11); not awaited, and only for people
  // in the programme under the consent text that says so
  noteMemberIp(session.user.id, context.ip, {
    tenantId: tenant.id,
    check: () => withTenant(db, tenant.id, (tx) => hasCurrentConsent(tx, member)),
  });
  const tenants = await listUserTenants(db, session.user.id);
  const notice = await withTenant(db, tenant.id, (tx) => billingNotice(tx, tenant.id));
  // members other than billing admins learn only that sharing is paused, not the payment state
  const billing =
    notice && !can(member.roles, "billing.manage")
      ? notice.paused
        ? { pastDue: false, paused: true, graceEndsAt: null }
        : null
      : notice;
  // strict works-council mode (privacy/strict-mode.ts): the leaderboard is off, so the navigation does not offer it
  const leaderboardOff = !(await withTenant(db, tenant.id, (tx) => loadFigurePolicy(tx, tenant.id)))
    .leaderboard;
  return {
    tenant,
    member: { id: member.id, name: member.name, roles: member.roles },
    permissions: permissionsOf(member.roles),
    otherTenants: tenants.length > 1,
    billing,
    leaderboardOff,
  };
}

export function useTenantData() {
  const data = useRouteLoaderData<typeof loader>("routes/tenant");
  if (!data) throw new Error("useTenantData outside /t/:tenant");
  return data;
}

export default function TenantLayout({ loaderData }: Route.ComponentProps) {
  return (
    <TenantShell data={loaderData}>
      <Outlet />
    </TenantShell>
  );
}

/**
 * An error in a tenant page (a post that does not exist, a refused action, a crash) shows inside the
 * layout, so the navigation stays. An error of the layout's own loader (not a member) has no layout.
 */
export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/tenant");
  if (!data)
    return (
      <main id="main" className="page narrow">
        <ErrorPage />
      </main>
    );
  return (
    <TenantShell data={data}>
      <ErrorPage home={`/t/${data.tenant.slug}`} />
    </TenantShell>
  );
}

/** The tenant shell: a navigation that shows each role what it may do. */
function TenantShell({ data, children }: { data: Route.ComponentProps["loaderData"]; children: ReactNode }) {
  const { t } = useTranslation();
  const { tenant, member, permissions, otherTenants, billing, leaderboardOff } = data;
  const base = `/t/${tenant.slug}`;
  const has = (p: (typeof permissions)[number]) => permissions.includes(p);
  return (
    <div className="shell">
      <aside className="sidebar">
        <div>
          <div className="brand">{tenant.name}</div>
          <div className="hint">
            {member.name} · {member.roles.map((r) => t(`roles.${r}`)).join(", ")}
          </div>
        </div>
        <nav aria-label={t("nav.main")}>
          <ul>
            <li>
              <NavLink to={base} end>
                {t("nav.dashboard")}
              </NavLink>
            </li>
            <li>
              <NavLink to={`${base}/hub`}>{t("nav.hub")}</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/suggest`}>{t("nav.suggest")}</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/shares`}>{t("nav.shares")}</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/impact`}>{t("nav.impact")}</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/advocacy`}>{t("nav.advocacy")}</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/guidelines`}>{t("nav.guidelines")}</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/profiles`}>{t("nav.profiles")}</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/escalate`}>{t("nav.escalate")}</NavLink>
            </li>
            {has("escalations.handle") ? (
              <li>
                <NavLink to={`${base}/escalations`}>{t("nav.escalations")}</NavLink>
              </li>
            ) : null}
            {has("content.create") ? (
              <li>
                <NavLink to={`${base}/content`}>{t("nav.content")}</NavLink>
              </li>
            ) : null}
            {has("analytics.view") ? (
              <li>
                <NavLink to={`${base}/analytics`}>{t("nav.analytics")}</NavLink>
              </li>
            ) : null}
            {has("content.approve") ? (
              <li>
                <NavLink to={`${base}/review`}>{t("nav.review")}</NavLink>
              </li>
            ) : null}
            {has("content.approve") ? (
              <li>
                <NavLink to={`${base}/credit/held-clicks`}>{t("nav.heldClicks")}</NavLink>
              </li>
            ) : null}
            {has("suggestions.review") ? (
              <li>
                <NavLink to={`${base}/suggestions`}>{t("nav.suggestions")}</NavLink>
              </li>
            ) : null}
            {has("topics.manage") ? (
              <li>
                <NavLink to={`${base}/admin/topics`}>{t("nav.topics")}</NavLink>
              </li>
            ) : null}
            {has("members.manage") ? (
              <>
                <li>
                  <NavLink to={`${base}/admin/members`}>{t("nav.members")}</NavLink>
                </li>
                <li>
                  <NavLink to={`${base}/admin/teams`}>{t("nav.teams")}</NavLink>
                </li>
                <li>
                  <NavLink to={`${base}/admin/settings`}>{t("nav.settings")}</NavLink>
                </li>
                <li>
                  <NavLink to={`${base}/admin/guidelines`}>{t("nav.adminGuidelines")}</NavLink>
                </li>
                <li>
                  <NavLink to={`${base}/admin/linkedin`}>{t("nav.linkedin")}</NavLink>
                </li>
                <li>
                  <NavLink to={`${base}/admin/tokens`}>{t("nav.tokens")}</NavLink>
                </li>
                <li>
                  <NavLink to={`${base}/admin/reach`}>{t("nav.reachSettings")}</NavLink>
                </li>
                <li>
                  <NavLink to={`${base}/admin/jobs`}>{t("nav.jobs")}</NavLink>
                </li>
                <li>
                  <NavLink to={`${base}/admin/recognition`}>{t("nav.recognitionRules")}</NavLink>
                </li>
                <li>
                  <NavLink to={`${base}/admin/periods`}>{t("nav.periods")}</NavLink>
                </li>
                <li>
                  <NavLink to={`${base}/admin/privacy`}>{t("nav.adminPrivacy")}</NavLink>
                </li>
              </>
            ) : null}
            {has("billing.manage") ? (
              <li>
                <NavLink to={`${base}/admin/billing`}>{t("nav.billing")}</NavLink>
              </li>
            ) : null}
            <li>
              <NavLink to={`${base}/goals`}>{t("nav.goals")}</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/recognition`}>{t("nav.recognition")}</NavLink>
            </li>
            {leaderboardOff ? null : (
              <li>
                <NavLink to={`${base}/leaderboard`}>{t("nav.leaderboard")}</NavLink>
              </li>
            )}
            <li>
              <NavLink to={`${base}/credit/access`}>{t("nav.creditAccess")}</NavLink>
            </li>
            {has("credit.export") ? (
              <li>
                <NavLink to={`${base}/credit`} end>
                  {t("nav.credit")}
                </NavLink>
              </li>
            ) : null}
            <li>
              <NavLink to={`${base}/my-data`}>{t("nav.myData")}</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/privacy`}>{t("nav.privacy")}</NavLink>
            </li>
            <li>
              <NavLink to={`${base}/profile`}>{t("nav.profile")}</NavLink>
            </li>
            {otherTenants ? (
              <li>
                <NavLink to="/tenants?pick">{t("nav.switchTenant")}</NavLink>
              </li>
            ) : null}
          </ul>
        </nav>
        <LanguageSwitch />
        <Form method="post" action="/logout">
          <button type="submit" className="secondary">
            {t("nav.signOut")}
          </button>
        </Form>
      </aside>
      <main id="main" className="page">
        {billing ? (
          <BillingBanner
            notice={billing}
            admin={has("billing.manage")}
            billingUrl={`${base}/admin/billing`}
          />
        ) : null}
        {children}
      </main>
    </div>
  );
}

/** Past due (admins: with the date sharing pauses) or paused (everyone: why sharing is refused). */
function BillingBanner({
  notice,
  admin,
  billingUrl,
}: {
  notice: { pastDue: boolean; paused: boolean; graceEndsAt: Date | string | null };
  admin: boolean;
  billingUrl: string;
}) {
  const { t, i18n } = useTranslation();
  if (!admin && !notice.paused) return null;
  const graceEnds = notice.graceEndsAt
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" }).format(new Date(notice.graceEndsAt))
    : "";
  return (
    <p className="alert" role="alert">
      {!admin
        ? t("nav.billingBanner.pausedForMembers")
        : notice.paused
          ? t("nav.billingBanner.paused")
          : t("nav.billingBanner.pastDue", { graceEnds })}{" "}
      {admin ? <Link to={billingUrl}>{t("nav.billingBanner.fix")}</Link> : null}
    </p>
  );
}
