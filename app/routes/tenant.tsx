import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Form, Link, NavLink, Outlet, useLocation, useRouteLoaderData } from "react-router";
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
import { dateTimeFormat } from "~/app/lib/intl.ts";

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

/** One link of the navigation; `end`: active only on exactly this path (not on pages below it). */
interface NavItem {
  to: string;
  label: string;
  end?: boolean;
}

/** A group of links named by what people do there; a group with no link the role may use is left out. */
interface NavGroup {
  id: string;
  label: string;
  items: (NavItem | false)[];
}

/**
 * The tenant shell: a navigation grouped by what people do (Share, Content, Goals & recognition,
 * Programme, Admin, and the person's own pages), showing each role only what it may do.
 * Desktop (45rem and wider): the groups in a sidebar. Phones: a compact top bar with the company's
 * name and a menu (<details>/<summary>: works before hydration and without JavaScript) that discloses
 * the same navigation (after hydration Escape closes it and returns focus to the summary; it closes
 * after a navigation), and a bottom bar with the four destinations employees
 * use most. The skip link (root.tsx) stays the first focusable element.
 */
function TenantShell({ data, children }: { data: Route.ComponentProps["loaderData"]; children: ReactNode }) {
  const { t } = useTranslation();
  const { tenant, member, permissions, otherTenants, billing, leaderboardOff } = data;
  const base = `/t/${tenant.slug}`;
  const has = (p: (typeof permissions)[number]) => permissions.includes(p);
  const location = useLocation();
  // The phone menu is a <details>: it opens and closes without JavaScript (before hydration, on a slow
  // phone), natively by keyboard and screen reader. After hydration: Escape closes it and puts focus
  // back on its summary, and a navigation (a link in the menu, a form's redirect) closes it.
  // (Not on hydration: a menu opened before the JavaScript arrived stays open.)
  const menu = useRef<HTMLDetailsElement>(null);
  const menuLocation = useRef(location.key);
  useEffect(() => {
    if (menuLocation.current === location.key) return;
    menuLocation.current = location.key;
    if (menu.current) menu.current.open = false;
  }, [location.key]);
  const onMenuKeyDown = (event: KeyboardEvent<HTMLDetailsElement>) => {
    const details = menu.current;
    if (event.key !== "Escape" || !details?.open) return;
    details.open = false;
    details.querySelector("summary")?.focus();
  };

  const groups: NavGroup[] = [
    {
      id: "share",
      label: t("nav.groups.share"),
      items: [
        { to: base, label: t("nav.dashboard"), end: true },
        { to: `${base}/hub`, label: t("nav.hub") },
        { to: `${base}/shares`, label: t("nav.shares") },
        { to: `${base}/impact`, label: t("nav.impact") },
        { to: `${base}/suggest`, label: t("nav.suggest") },
        { to: `${base}/profiles`, label: t("nav.profiles") },
        { to: `${base}/guidelines`, label: t("nav.guidelines") },
        { to: `${base}/advocacy`, label: t("nav.advocacy") },
        { to: `${base}/escalate`, label: t("nav.escalate") },
      ],
    },
    {
      id: "content",
      label: t("nav.groups.content"),
      items: [
        has("content.create") && { to: `${base}/content`, label: t("nav.content") },
        has("content.approve") && { to: `${base}/review`, label: t("nav.review") },
        has("suggestions.review") && { to: `${base}/suggestions`, label: t("nav.suggestions") },
        has("escalations.handle") && { to: `${base}/escalations`, label: t("nav.escalations") },
        has("content.approve") && { to: `${base}/credit/held-clicks`, label: t("nav.heldClicks") },
        has("topics.manage") && { to: `${base}/admin/topics`, label: t("nav.topics") },
      ],
    },
    {
      id: "goals",
      label: t("nav.groups.goals"),
      items: [
        { to: `${base}/goals`, label: t("nav.goals") },
        { to: `${base}/recognition`, label: t("nav.recognition") },
        !leaderboardOff && { to: `${base}/leaderboard`, label: t("nav.leaderboard") },
        has("kudos.give") && { to: `${base}/kudos`, label: t("nav.kudos") },
        has("credit.export") && { to: `${base}/credit`, label: t("nav.credit"), end: true },
        { to: `${base}/credit/access`, label: t("nav.creditAccess") },
      ],
    },
    {
      id: "programme",
      label: t("nav.groups.programme"),
      items: [has("analytics.view") && { to: `${base}/analytics`, label: t("nav.analytics") }],
    },
    {
      id: "admin",
      label: t("nav.groups.admin"),
      items: [
        ...(has("members.manage")
          ? [
              { to: `${base}/admin/members`, label: t("nav.members") },
              { to: `${base}/admin/teams`, label: t("nav.teams") },
              { to: `${base}/admin/settings`, label: t("nav.settings") },
              { to: `${base}/admin/guidelines`, label: t("nav.adminGuidelines") },
              { to: `${base}/admin/linkedin`, label: t("nav.linkedin") },
              { to: `${base}/admin/sso`, label: t("nav.sso") },
              { to: `${base}/admin/tokens`, label: t("nav.tokens") },
              { to: `${base}/admin/reach`, label: t("nav.reachSettings") },
              { to: `${base}/admin/jobs`, label: t("nav.jobs") },
              { to: `${base}/admin/recognition`, label: t("nav.recognitionRules") },
              { to: `${base}/admin/periods`, label: t("nav.periods") },
              { to: `${base}/admin/privacy`, label: t("nav.adminPrivacy") },
            ]
          : []),
        has("integrations.manage") && { to: `${base}/admin/chat`, label: t("nav.chat") },
        has("billing.manage") && { to: `${base}/admin/billing`, label: t("nav.billing") },
      ],
    },
    {
      id: "you",
      label: t("nav.groups.you"),
      items: [
        { to: `${base}/profile`, label: t("nav.profile") },
        { to: `${base}/my-data`, label: t("nav.myData") },
        { to: `${base}/privacy`, label: t("nav.privacy") },
        otherTenants && { to: "/tenants?pick", label: t("nav.switchTenant") },
      ],
    },
  ];

  const navGroups = (idPrefix: string) =>
    groups.map((group) => {
      const items = group.items.filter((item): item is NavItem => !!item);
      if (items.length === 0) return null;
      const headingId = `${idPrefix}-${group.id}`;
      return (
        <div className="nav-group" key={group.id}>
          <p className="nav-heading" id={headingId}>
            {group.label}
          </p>
          {group.id === "you" ? (
            <p className="hint">
              {member.name} · {member.roles.map((r) => t(`roles.${r}`)).join(", ")}
            </p>
          ) : null}
          <ul aria-labelledby={headingId}>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      );
    });
  const signOutAndLanguage = (
    <div className="sidebar-end">
      <LanguageSwitch />
      <Form method="post" action="/logout">
        <button type="submit" className="secondary">
          {t("nav.signOut")}
        </button>
      </Form>
    </div>
  );

  // The same navigation twice, one shown at a time (display: none hides the other from everyone):
  // on phones inside the top bar's <details> menu, on desktops in the sidebar.
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">{tenant.name}</span>
        <details className="menu" ref={menu} onKeyDown={onMenuKeyDown}>
          <summary className="menu-button">
            <MenuIcon />
            {t("nav.menu")}
          </summary>
          <div className="menu-panel" id="shell-menu">
            <nav aria-label={t("nav.main")}>{navGroups("menu")}</nav>
            {signOutAndLanguage}
          </div>
        </details>
      </header>
      <aside className="sidebar">
        <div className="sidebar-brand">{tenant.name}</div>
        <nav aria-label={t("nav.main")}>{navGroups("nav")}</nav>
        {signOutAndLanguage}
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
      <nav className="bottombar" aria-label={t("nav.bar.label")}>
        <ul>
          <li>
            <NavLink to={base} end>
              <BarIcon name="home" />
              {t("nav.bar.home")}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/hub`}>
              <BarIcon name="share" />
              {t("nav.bar.hub")}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/impact`}>
              <BarIcon name="impact" />
              {t("nav.bar.impact")}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/goals`}>
              <BarIcon name="goals" />
              {t("nav.bar.goals")}
            </NavLink>
          </li>
        </ul>
      </nav>
    </div>
  );
}

/** Three lines, or a cross while the menu is open (CSS: details[open]); decorative (the summary has its text). */
function MenuIcon() {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path className="icon-closed" d="M4 7h16M4 12h16M4 17h16" />
      <path className="icon-open" d="M6 6l12 12M18 6L6 18" />
    </svg>
  );
}

const BAR_ICONS = {
  // a house
  home: "M4 11l8-7 8 7M6 9.5V20h4.5v-5h3v5H18V9.5",
  // an arrow leaving a tray
  share: "M12 15V4M8 8l4-4 4 4M5 13v6h14v-6",
  // rising bars
  impact: "M5 20V14M10 20V9M15 20V12M20 20V5M3 20h18",
  // a target
  goals: "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18M12 7.5a4.5 4.5 0 1 0 0 9a4.5 4.5 0 1 0 0-9M12 11v2",
} as const;

/** The bottom bar's icons, drawn with the text colour; decorative (each link has its label). */
function BarIcon({ name }: { name: keyof typeof BAR_ICONS }) {
  return (
    <svg className="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
      <path d={BAR_ICONS[name]} />
    </svg>
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
    ? dateTimeFormat(i18n.language, { dateStyle: "medium" }).format(new Date(notice.graceEndsAt))
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
